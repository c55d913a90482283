#include "RequestHold.h"

#include "base/Money.h"

namespace bytespike::RequestHold {

Quote quote(qint64 promptTokens, qint64 maxTokens, const QList<Endpoint> &candidates)
{
    // The prompt priced at the dearest input category, plus max_tokens of output.
    Quote out;
    for (const Endpoint &e : candidates) {
        const Prices p = e.prices();
        const Prices worst {std::max({p.inputMicrosPerMtok, p.cacheWriteMicrosPerMtok, p.cacheReadMicrosPerMtok}),
            p.outputMicrosPerMtok, 0, 0};
        const std::optional<qint64> cost = costMicros(TokenCounts {promptTokens, maxTokens, 0, 0}, worst);
        if (!cost)
            return {ApiError::invalidRequest(QStringLiteral("max_tokens is too large to price")), 0};
        out.micros = std::max(out.micros, *cost);
    }
    return out;
}

ApiError refusal(const HoldBook::Reservation &reserved, qint64 holdMicros)
{
    switch (reserved.outcome) {
    case HoldBook::Reservation::Outcome::Ok: return {};
    case HoldBook::Reservation::Outcome::Insufficient:
        return ApiError {402, "billing_error",
            QStringLiteral("insufficient balance: this request needs a hold of %1 and %2 is available")
                .arg(formatDollars(holdMicros), formatDollars(reserved.availableMicros))};
    case HoldBook::Reservation::Outcome::KeyBudget: return ApiError {402, "billing_error", reserved.message};
    case HoldBook::Reservation::Outcome::NoCustomer:
        return ApiError::authentication(QStringLiteral("the customer of this key no longer exists"));
    case HoldBook::Reservation::Outcome::LedgerBehind:
        return ApiError {529, "overloaded_error",
            QStringLiteral("the ledger is behind on recording finished requests; nothing was charged, try again"
                           " shortly")};
    case HoldBook::Reservation::Outcome::LedgerFailing:
    case HoldBook::Reservation::Outcome::NeedsLease: // the lease keeper answers it; never a request's end
        return ApiError {503, "api_error",
            QStringLiteral("the ledger is unavailable right now (database busy or disk full);"
                           " nothing was charged, try again shortly")};
    }
    return {};
}

} // namespace bytespike::RequestHold
