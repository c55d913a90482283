#include "HoldBook.h"

#include "base/Money.h"

#include <QDateTime>

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
    const qint64 available = account->posted - account->pending;
    if (amountMicros < 0 || available < amountMicros) {
        result.outcome = Reservation::Outcome::Insufficient;
        result.availableMicros = std::max<qint64>(0, available);
        return result;
    }
    account->pending += amountMicros;
    ++account->openHolds;
    result.holdId = m_nextId++;
    m_open.emplace(result.holdId,
        Hold {result.holdId, customerId, requestId, endpoint, priceVersion, amountMicros, epoch, nowMs, false});
    return result;
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

void HoldBook::resolved(qint64 holdId, qint64 debitMicros)
{
    const auto it = m_open.find(holdId);
    if (it == m_open.end())
        return;
    const auto account = m_accounts.find(it->second.customerId);
    if (account != m_accounts.end()) {
        account->pending -= it->second.amountMicros;
        account->posted -= debitMicros;
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
            QStringLiteral("pending"), QString(), 0, 0, h.createdAtMs, std::nullopt});
    }
    return out;
}

} // namespace bytespike
