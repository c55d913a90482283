#pragma once

#include "ledger/HoldBook.h"
#include "protocol/anthropic/ApiError.h"
#include "routing/RoutingSnapshot.h"

#include <QList>

namespace bytespike {

// The hold stage of a Messages request. The hold covers the worst case on every candidate, so a
// failover never needs a second reservation (docs/RELIABILITY.md, "Hold size"); it is reserved in
// the in-memory HoldBook before any upstream call, and a request it cannot be reserved for is
// answered here (402, 401 or 503) without reaching a channel.
namespace RequestHold {

// The amount to hold, or the answer when it cannot be priced.
struct Quote
{
    ApiError error;
    qint64 micros = 0;
};

// The largest over candidates of cost(promptTokens at the dearest input category price,
// maxTokens at the output price). promptTokens is the prompt's upper bound
// (MessagesRequest::worstCaseInputTokens).
Quote quote(qint64 promptTokens, qint64 maxTokens, const QList<Endpoint> &candidates);

// The answer when the book did not grant the reservation of holdMicros; no error (status 0) when
// it did.
ApiError refusal(const HoldBook::Reservation &reserved, qint64 holdMicros);

} // namespace RequestHold
} // namespace bytespike
