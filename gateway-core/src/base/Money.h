#pragma once

#include <QtGlobal>

#include <optional>

namespace bytespike {

// Customer prices in integer micro-dollars per million tokens, per category.
struct Prices
{
    qint64 inputMicrosPerMtok = 0;
    qint64 outputMicrosPerMtok = 0;
    qint64 cacheWriteMicrosPerMtok = 0;
    qint64 cacheReadMicrosPerMtok = 0;
    bool operator==(const Prices &) const = default;
};

// Token counts per price category (Anthropic semantics: input excludes cached tokens).
struct TokenCounts
{
    qint64 input = 0;
    qint64 output = 0;
    qint64 cacheWrite = 0;
    qint64 cacheRead = 0;
};

// The largest amount of money the ledger keeps in any one figure: 2^53 - 1 micro-dollars (about
// $9 billion). A customer's posted and pending balances and its lifetime credited total stay
// within it (a credit that would pass it is refused), so every sum of a statement fits in 64 bits
// and every figure is exact as a JSON number (a double), where the admin API shows it.
constexpr qint64 kMaxMoneyMicros = (qint64(1) << 53) - 1;

// The one cost function (docs/architecture.md, "Ledger"):
//   cost = ceil(sum over categories of tokens x price / 1,000,000) micro-dollars,
// computed in 128-bit integers. Returns nullopt for negative inputs or when the result does not
// fit in a signed 64-bit count of micro-dollars (the request is then refused, never wrapped).
std::optional<qint64> costMicros(const TokenCounts &tokens, const Prices &prices);

// Renders micro-dollars as dollars for logs and messages ("$1.234567"), without floating point.
QString formatDollars(qint64 micros);

} // namespace bytespike
