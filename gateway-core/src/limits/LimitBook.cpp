#include "LimitBook.h"

#include "base/CivilTime.h"
#include "base/Money.h"

#include <limits>

namespace bytespike {

namespace {

constexpr qint64 kMsPerSecond = 1000;

qint64 secondOf(qint64 ms)
{
    return ms / kMsPerSecond;
}

} // namespace

const char *LimitBook::refusalName(Refusal refusal)
{
    switch (refusal) {
    case Refusal::None: return "none";
    case Refusal::Expired: return "expired";
    case Refusal::IpNotAllowed: return "ip";
    case Refusal::ModelNotAllowed: return "model";
    case Refusal::Rpm: return "rpm";
    case Refusal::Tpm: return "tpm";
    case Refusal::Concurrent: return "concurrent";
    case Refusal::Budget: return "budget";
    }
    return "none";
}

int LimitBook::refusalStatus(Refusal refusal)
{
    switch (refusal) {
    case Refusal::None: return 200;
    case Refusal::Expired: return 401;
    case Refusal::IpNotAllowed:
    case Refusal::ModelNotAllowed: return 403;
    case Refusal::Rpm:
    case Refusal::Tpm:
    case Refusal::Concurrent: return 429;
    case Refusal::Budget: return 402;
    }
    return 200;
}

QHostAddress LimitBook::unmapped(const QHostAddress &address)
{
    bool v4 = false;
    const quint32 ip = address.toIPv4Address(&v4);
    return v4 ? QHostAddress(ip) : address;
}

qint64 LimitBook::periodStartMs(KeyLimits::Period period, qint64 nowMs)
{
    switch (period) {
    case KeyLimits::Period::Total: return 0;
    case KeyLimits::Period::Day: return CivilTime::startOfDay(nowMs);
    case KeyLimits::Period::Week: return CivilTime::startOfWeek(nowMs);
    case KeyLimits::Period::Month: return CivilTime::startOfMonth(nowMs);
    }
    return 0;
}

qint64 LimitBook::periodEndMs(KeyLimits::Period period, qint64 startMs)
{
    switch (period) {
    case KeyLimits::Period::Total: return std::numeric_limits<qint64>::max();
    case KeyLimits::Period::Day: return startMs + CivilTime::kMsPerDay;
    case KeyLimits::Period::Week: return startMs + 7 * CivilTime::kMsPerDay;
    case KeyLimits::Period::Month: return CivilTime::startOfNextMonth(startMs);
    }
    return std::numeric_limits<qint64>::max();
}

void LimitBook::setKey(const QString &keyId, const QString &customerId, const KeyLimits &limits)
{
    if (!limits.any()) {
        m_keys.remove(keyId);
        return;
    }
    KeyState &state = m_keys[keyId];
    const bool periodChanged = !state.limits.budgetMicros || state.limits.budgetPeriod != limits.budgetPeriod;
    state.customerId = customerId;
    state.limits = limits;
    state.subnets.clear();
    for (const QString &cidr : limits.ipAllow) {
        const QPair<QHostAddress, int> subnet = cidr.contains(QLatin1Char('/'))
            ? QHostAddress::parseSubnet(cidr)
            : QPair<QHostAddress, int>(
                QHostAddress(cidr), QHostAddress(cidr).protocol() == QHostAddress::IPv6Protocol ? 128 : 32);
        if (!subnet.first.isNull())
            state.subnets.append(subnet);
    }
    state.models = QSet<QString>(limits.models.cbegin(), limits.models.cend());
    if (periodChanged)
        state.budget = Budget {-1, 0, 0, state.budget.reserved}; // until setBudgetSpent() or a rollover
}

void LimitBook::removeKey(const QString &keyId)
{
    m_keys.remove(keyId);
}

void LimitBook::setCustomer(const QString &customerId, const CustomerLimits &limits)
{
    if (!limits.any()) {
        m_customers.remove(customerId);
        return;
    }
    m_customers[customerId].limits = limits;
}

void LimitBook::setBudgetSpent(const QString &keyId, qint64 periodStartMs, qint64 spentMicros)
{
    const auto it = m_keys.find(keyId);
    if (it == m_keys.end())
        return;
    it->budget.periodStartMs = periodStartMs;
    it->budget.periodEndMs = periodEndMs(it->limits.budgetPeriod, periodStartMs);
    it->budget.spent = spentMicros;
}

const KeyLimits *LimitBook::keyLimits(const QString &keyId) const
{
    const auto it = m_keys.constFind(keyId);
    return it == m_keys.cend() ? nullptr : &it->limits;
}

LimitBook::Refusal LimitBook::checkKey(
    const QString &keyId, const std::function<QHostAddress()> &client, qint64 nowMs, QString *message) const
{
    const auto it = m_keys.constFind(keyId);
    if (it == m_keys.cend())
        return Refusal::None;
    if (it->limits.expiresAtMs && nowMs >= *it->limits.expiresAtMs) {
        *message = QStringLiteral("key expired");
        return Refusal::Expired;
    }
    if (!it->subnets.isEmpty()) {
        const QHostAddress address = unmapped(client());
        const bool allowed = std::any_of(it->subnets.cbegin(), it->subnets.cend(),
            [&](const QPair<QHostAddress, int> &subnet) { return address.isInSubnet(subnet); });
        if (!allowed) {
            *message = QStringLiteral("this key may not be used from this address");
            return Refusal::IpNotAllowed;
        }
    }
    return Refusal::None;
}

bool LimitBook::modelAllowed(const QString &keyId, const QString &model) const
{
    const auto it = m_keys.constFind(keyId);
    return it == m_keys.cend() || it->models.isEmpty() || it->models.contains(model);
}

LimitBook::Admission LimitBook::check(
    Usage &usage, const Limits &limits, qint64 tokens, qint64 nowSecond, const char *whose)
{
    Admission out;
    const QLatin1String who(whose); // only a refusal's message uses it
    if (limits.maxConcurrent > 0 && usage.inFlight >= limits.maxConcurrent) {
        out.refusal = Refusal::Concurrent;
        out.retryAfterSeconds = 1;
        out.message = QStringLiteral("rate limit: this %1 already has %2 requests in flight, its limit")
                          .arg(who)
                          .arg(limits.maxConcurrent);
        return out;
    }
    if (limits.rpm > 0) {
        const qint64 used = usage.requests.sum(nowSecond);
        if (used + 1 > limits.rpm) {
            out.refusal = Refusal::Rpm;
            out.retryAfterSeconds = usage.requests.secondsUntilFreed(nowSecond, used + 1 - limits.rpm);
            out.message
                = QStringLiteral("rate limit: this %1 may make %2 requests per minute").arg(who).arg(limits.rpm);
            return out;
        }
    }
    if (limits.tpm > 0) {
        const qint64 used = usage.tokens.sum(nowSecond);
        if (tokens > limits.tpm) {
            out.refusal = Refusal::Tpm;
            out.retryAfterSeconds = RateWindow::kSlots;
            out.message = QStringLiteral("rate limit: this request may use up to %1 tokens, more than this %2's limit "
                                         "of %3 tokens per minute; lower max_tokens or shorten the prompt")
                              .arg(tokens)
                              .arg(who)
                              .arg(limits.tpm);
            return out;
        }
        if (used + tokens > limits.tpm) {
            out.refusal = Refusal::Tpm;
            out.retryAfterSeconds = usage.tokens.secondsUntilFreed(nowSecond, used + tokens - limits.tpm);
            out.message = QStringLiteral("rate limit: this %1 may use %2 tokens per minute").arg(who).arg(limits.tpm);
            return out;
        }
    }
    return out;
}

void LimitBook::report(Usage &usage, const Limits &limits, qint64 nowSecond, Admission *out)
{
    // The tighter of key and customer: the one with fewer requests (tokens) remaining.
    const auto tighter = [nowSecond](RateWindow &window, qint64 limit, RateState *state) {
        if (limit <= 0)
            return false;
        const qint64 remaining = std::max<qint64>(0, limit - window.sum(nowSecond));
        if (state->limit == 0 || remaining < state->remaining)
            *state = RateState {limit, remaining, window.emptyAt(nowSecond) * kMsPerSecond};
        return true;
    };
    const bool requests = tighter(usage.requests, limits.rpm, &out->view.requests);
    const bool tokens = tighter(usage.tokens, limits.tpm, &out->view.tokens);
    out->reported = out->reported || requests || tokens;
}

LimitBook::Admission LimitBook::admit(
    const QString &keyId, const QString &customerId, qint64 tokens, qint64 nowMs, Ticket *ticket)
{
    const qint64 now = secondOf(nowMs);
    const auto key = m_keys.find(keyId);
    const auto customer = m_customers.find(customerId);
    Usage *keyUsage = key == m_keys.end() ? nullptr : &key->usage;
    Usage *customerUsage = customer == m_customers.end() ? nullptr : &customer->usage;
    const Limits keyLimits
        = keyUsage ? Limits {key->limits.rpm, key->limits.tpm, key->limits.maxConcurrent} : Limits {};
    const Limits customerLimits = customerUsage
        ? Limits {customer->limits.rpm, customer->limits.tpm, customer->limits.maxConcurrent}
        : Limits {};
    Admission out;
    if (keyUsage)
        out = check(*keyUsage, keyLimits, tokens, now, "key");
    if (out.refusal == Refusal::None && customerUsage)
        out = check(*customerUsage, customerLimits, tokens, now, "customer");
    if (out.refusal == Refusal::None) {
        *ticket = Ticket {keyId, customerId, now, tokens, true};
        for (Usage *usage : {keyUsage, customerUsage}) {
            if (!usage)
                continue;
            usage->requests.add(now, 1);
            usage->tokens.add(now, tokens);
            ++usage->inFlight;
        }
    }
    if (keyUsage)
        report(*keyUsage, keyLimits, now, &out);
    if (customerUsage)
        report(*customerUsage, customerLimits, now, &out);
    return out;
}

void LimitBook::finish(Ticket &ticket, qint64 usedTokens, qint64 nowMs)
{
    if (!ticket.counted)
        return;
    ticket.counted = false;
    const qint64 now = secondOf(nowMs);
    const auto correct = [&](Usage &usage) {
        usage.inFlight = std::max<qint64>(0, usage.inFlight - 1);
        usage.tokens.correct(ticket.second, now, usedTokens - ticket.tokens);
    };
    if (const auto key = m_keys.find(ticket.keyId); key != m_keys.end())
        correct(key->usage);
    if (const auto customer = m_customers.find(ticket.customerId); customer != m_customers.end())
        correct(customer->usage);
}

void LimitBook::rollOver(Budget &budget, KeyLimits::Period period, qint64 nowMs) const
{
    if (budget.periodStartMs >= 0 && nowMs < budget.periodEndMs)
        return; // the period it was last seen in (a clock that steps back stays in it)
    const qint64 start = periodStartMs(period, nowMs);
    if (budget.periodStartMs < start) {
        budget.periodStartMs = start;
        budget.spent = 0;
    }
    budget.periodEndMs = periodEndMs(period, budget.periodStartMs);
}

bool LimitBook::reserveBudget(const QString &keyId, qint64 micros, qint64 nowMs, bool *reserved, QString *message)
{
    *reserved = false;
    const auto key = m_keys.find(keyId);
    if (key == m_keys.end() || !key->limits.budgetMicros)
        return true;
    Budget &budget = key->budget;
    rollOver(budget, key->limits.budgetPeriod, nowMs);
    const qint64 left = *key->limits.budgetMicros - budget.spent - budget.reserved;
    if (micros > left) {
        *message = QStringLiteral("key budget exhausted: this request needs a hold of %1 and the key's %2 budget has "
                                  "%3 left")
                       .arg(formatDollars(micros), periodName(key->limits.budgetPeriod),
                           formatDollars(std::max<qint64>(0, left)));
        return false;
    }
    budget.reserved += micros;
    *reserved = true;
    return true;
}

void LimitBook::budgetResolved(const QString &keyId, qint64 reservedMicros, qint64 debitMicros, qint64 nowMs)
{
    const auto key = m_keys.find(keyId);
    if (key == m_keys.end())
        return;
    Budget &budget = key->budget;
    budget.reserved = std::max<qint64>(0, budget.reserved - reservedMicros);
    if (!key->limits.budgetMicros)
        return;
    rollOver(budget, key->limits.budgetPeriod, nowMs);
    budget.spent += debitMicros;
}

std::optional<KeyUsage> LimitBook::usage(const QString &keyId, qint64 nowMs)
{
    const auto key = m_keys.find(keyId);
    if (key == m_keys.end())
        return std::nullopt;
    const qint64 now = secondOf(nowMs);
    KeyUsage out {key->usage.requests.sum(now), key->usage.tokens.sum(now), key->usage.inFlight, 0, 0, 0};
    if (key->limits.budgetMicros) {
        rollOver(key->budget, key->limits.budgetPeriod, nowMs);
        out.budgetSpentMicros = key->budget.spent;
        out.budgetReservedMicros = key->budget.reserved;
        out.budgetPeriodStartMs = key->budget.periodStartMs;
    }
    return out;
}

} // namespace bytespike
