#pragma once

#include <QString>

namespace bytespike::ReasonCodes {

// The admin API carries a stable code beside each free-text reason it writes (docs/api.md,
// "Reason codes"), so a client can show the reason in its own language and keep the text, which
// may quote an upstream's words, as the detail. Each function maps the gateway's own wording to
// its code; a text it does not know maps to "other", never to nothing.

// Why a request was not billed, from its HTTP status and not_billed_reason ("" when billed).
// A hold's reason has no status of its own: pass 0.
QString notBilled(int status, const QString &reason);

// Why an attempt on a channel failed (a breaker's last_failure); "" when there is no failure.
QString attemptFailure(const QString &failure);

// Why a channel is unavailable (its state's reason); "" when it is not.
QString unavailable(const QString &reason);

} // namespace bytespike::ReasonCodes
