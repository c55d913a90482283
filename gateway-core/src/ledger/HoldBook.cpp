#include "HoldBook.h"

#include "base/Money.h"

#include <QDateTime>

#include <ctime>

namespace bytespike {

void HoldBook::reset(QHash<QString, qint64> postedMicros, qint64 nextHoldId)
{
    m_accounts.clear();
    m_open.clear();
    for (auto it = postedMicros.cbegin(); it != postedMicros.cend(); ++it)
        m_accounts.insert(it.key(), Account {it.value(), 0});
    m_nextId = std::max<qint64>(1, nextHoldId);
    m_failing = false;
}

HoldBook::Reservation HoldBook::reserve(const QString &customerId, const QString &requestId, const QString &endpoint,
    qint64 priceVersion, qint64 amountMicros, const QString &epoch, qint64 nowMs)
{
    Reservation result;
    if (m_failing) {
        result.outcome = Reservation::Outcome::LedgerFailing;
        return result;
    }
    const auto account = m_accounts.find(customerId);
    if (account == m_accounts.end()) {
        result.outcome = Reservation::Outcome::NoCustomer;
        return result;
    }
    qint64 leaseId = 0;
    if (m_leased) {
        result = reserveOnLease(*account, amountMicros, &leaseId);
        if (result.outcome != Reservation::Outcome::Ok)
            return result;
    }
    const qint64 available = m_leased ? amountMicros : account->posted - account->pending;
    if (amountMicros < 0 || available < amountMicros) {
        result.outcome = Reservation::Outcome::Insufficient;
        result.availableMicros = std::max<qint64>(0, available);
        return result;
    }
    account->pending += amountMicros;
    ++account->openHolds;
    result.holdId = m_nextId++;
    Hold hold {result.holdId, customerId, requestId, endpoint, priceVersion, amountMicros, epoch, nowMs, false};
    hold.leaseId = leaseId;
    m_open.emplace(result.holdId, std::move(hold));
    return result;
}

qint64 HoldBook::leaseClockMs()
{
    timespec now {};
    clock_gettime(CLOCK_BOOTTIME, &now);
    return qint64(now.tv_sec) * 1000 + now.tv_nsec / 1000000;
}

HoldBook::Reservation HoldBook::reserveOnLease(Account &account, qint64 amountMicros, qint64 *leaseId)
{
    Reservation result;
    Lease &lease = account.lease;
    const qint64 now = leaseClockMs();
    if (amountMicros < 0 || lease.id == 0 || now >= lease.deadlineMs
        || lease.granted - lease.spent - lease.pending < amountMicros) {
        result.outcome = Reservation::Outcome::NeedsLease;
        return result;
    }
    lease.pending += amountMicros;
    lease.lastUsedMs = now;
    *leaseId = lease.id;
    return result;
}

qint64 HoldBook::leaseUnused(const QString &customerId) const
{
    const auto account = m_accounts.constFind(customerId);
    if (account == m_accounts.cend() || account->lease.id == 0 || leaseClockMs() >= account->lease.deadlineMs)
        return 0;
    const Lease &lease = account->lease;
    return std::max<qint64>(0, lease.granted - lease.spent - lease.pending);
}

void HoldBook::noteDemand(const QString &customerId, qint64 amountMicros)
{
    const auto account = m_accounts.find(customerId);
    if (account != m_accounts.end())
        account->demand += std::max<qint64>(0, amountMicros);
}

qint64 HoldBook::recentDemand(const QString &customerId, qint64 periodMs)
{
    const auto account = m_accounts.find(customerId);
    if (account == m_accounts.end())
        return 0;
    const qint64 now = leaseClockMs();
    const qint64 elapsed = now - account->demandSinceMs;
    if (elapsed >= periodMs) {
        // The window is closed when the next lease is asked for, which may be several periods
        // later: what it saw is spread over them.
        // In integers, without overflow: elapsed >= periodMs, so neither part exceeds the demand.
        const qint64 demand = account->demand;
        account->lastDemand = demand / elapsed * periodMs + demand % elapsed * periodMs / elapsed;
        account->demand = 0;
        account->demandSinceMs = now;
    }
    return std::max(account->lastDemand, account->demand);
}

void HoldBook::leaseGranted(const QString &customerId, qint64 leaseId, qint64 grantedMicros, qint64 deadlineMs)
{
    Lease &lease = m_accounts[customerId].lease;
    if (lease.id != leaseId) // a new lease: the holds of an earlier one no longer count against it
        lease = Lease {leaseId, 0, 0, 0, 0, leaseClockMs()};
    lease.granted = grantedMicros;
    lease.deadlineMs = deadlineMs;
}

void HoldBook::addDirect(const Hold &hold)
{
    Hold direct = hold;
    direct.written = true;
    direct.direct = true;
    direct.leaseId = 0;
    ++m_accounts[hold.customerId].openHolds;
    m_open.emplace(direct.id, std::move(direct));
}

QList<HoldBook::LeaseCare> HoldBook::leaseCare(qint64 idleSinceMs)
{
    QList<LeaseCare> out;
    for (auto it = m_accounts.begin(); it != m_accounts.end(); ++it) {
        Lease &lease = it->lease;
        if (lease.id == 0)
            continue;
        const bool idle = lease.pending == 0 && lease.lastUsedMs < idleSinceMs;
        out.append(LeaseCare {lease.id, it.key(), idle, 0});
        if (idle)
            lease = Lease {};
    }
    return out;
}

std::optional<HoldBook::LeaseCare> HoldBook::recall(const QString &customerId)
{
    const auto account = m_accounts.find(customerId);
    if (account == m_accounts.end() || account->lease.id == 0)
        return std::nullopt;
    Lease &lease = account->lease;
    const qint64 unused = lease.granted - lease.spent - lease.pending;
    if (unused <= 0)
        return std::nullopt;
    if (lease.pending == 0) {
        const LeaseCare all {lease.id, customerId, true, 0};
        lease = Lease {};
        return all;
    }
    lease.granted -= unused;
    return LeaseCare {lease.id, customerId, false, unused};
}

HoldBook::Account *HoldBook::accountOfLease(qint64 leaseId)
{
    for (Account &account : m_accounts) {
        if (account.lease.id == leaseId)
            return &account;
    }
    return nullptr;
}

void HoldBook::leaseRenewed(qint64 leaseId, qint64 deadlineMs)
{
    if (Account *account = accountOfLease(leaseId))
        account->lease.deadlineMs = deadlineMs;
}

void HoldBook::leaseLost(qint64 leaseId)
{
    if (Account *account = accountOfLease(leaseId))
        account->lease = Lease {};
}

void HoldBook::setKey(qint64 holdId, const QString &keyId, bool budgetReserved)
{
    const auto it = m_open.find(holdId);
    if (it == m_open.end())
        return;
    it->second.keyId = keyId;
    it->second.budgetReserved = budgetReserved;
}

void HoldBook::retarget(qint64 holdId, const QString &endpoint, qint64 priceVersion)
{
    const auto it = m_open.find(holdId);
    if (it == m_open.end())
        return;
    it->second.endpoint = endpoint;
    it->second.priceVersion = priceVersion;
}

const HoldBook::Hold *HoldBook::find(qint64 holdId) const
{
    const auto it = m_open.find(holdId);
    return it == m_open.end() ? nullptr : &it->second;
}

void HoldBook::resolved(qint64 holdId, qint64 debitMicros, bool leaseCharged)
{
    const auto it = m_open.find(holdId);
    if (it == m_open.end())
        return;
    const Hold &hold = it->second;
    const auto account = m_accounts.find(hold.customerId);
    if (account != m_accounts.end()) {
        if (!hold.direct)
            account->pending -= hold.amountMicros;
        if (!m_leased) {
            account->posted -= debitMicros;
        } else if (hold.leaseId && hold.leaseId == account->lease.id) {
            account->lease.pending -= hold.amountMicros;
            if (leaseCharged)
                account->lease.spent += debitMicros;
        }
        --account->openHolds;
    }
    m_open.erase(it);
}

bool HoldBook::credited(const QString &customerId, qint64 amountMicros)
{
    Account &account = m_accounts[customerId];
    if (amountMicros <= 0 || account.posted > kMaxMoneyMicros - amountMicros)
        return false;
    account.posted += amountMicros;
    return true;
}

void HoldBook::addCustomer(const QString &customerId)
{
    if (!m_accounts.contains(customerId))
        m_accounts.insert(customerId, Account {});
}

QList<HoldBook::Hold> HoldBook::takeUnwrittenBefore(qint64 cutoffMs)
{
    QList<Hold> out;
    for (auto &[id, hold] : m_open) {
        if (hold.createdAtMs >= cutoffMs)
            break; // ids grow with time
        if (!hold.written) {
            hold.written = true;
            out.append(hold);
        }
    }
    return out;
}

QHash<QString, qint64> HoldBook::openCountByCustomer() const
{
    QHash<QString, qint64> out;
    for (auto it = m_accounts.cbegin(); it != m_accounts.cend(); ++it) {
        if (it->openHolds > 0)
            out.insert(it.key(), it->openHolds);
    }
    return out;
}

bool HoldBook::hasUnwritten() const
{
    for (const auto &[id, hold] : m_open) {
        if (!hold.written)
            return true;
    }
    return false;
}

QList<::bytespike::Hold> HoldBook::openHolds(const QString &customerId, const QString &requestId) const
{
    QList<::bytespike::Hold> out;
    for (auto it = m_open.crbegin(); it != m_open.crend(); ++it) {
        const Hold &h = it->second;
        if ((!customerId.isEmpty() && h.customerId != customerId) || (!requestId.isEmpty() && h.requestId != requestId))
            continue;
        out.append(::bytespike::Hold {h.id, h.customerId, h.requestId, h.endpoint, h.priceVersion, h.amountMicros,
            QStringLiteral("pending"), QString(), 0, 0, h.createdAtMs, std::nullopt, QString()});
    }
    return out;
}

} // namespace bytespike
