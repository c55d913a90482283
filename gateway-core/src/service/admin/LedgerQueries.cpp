#include "LedgerQueries.h"

#include "ledger/Ledger.h"
#include "service/GatewayRuntime.h"
#include "store/CustomerStore.h"
#include "store/RequestLog.h"
#include "store/StoreWriter.h"

#include <QSet>

#include <algorithm>

namespace bytespike {

LedgerQueries::LedgerQueries(GatewayRuntime &runtime)
    : m_runtime(runtime)
{ }

void LedgerQueries::holds(const HoldQuery &query, QObject *context, AdminDone<QList<Hold>> done)
{
    m_runtime.store().submit<QList<Hold>>(
        context,
        [query](Database &db) {
            QString why;
            return Ledger::listHolds(
                db, query.states.join(QLatin1Char(',')), query.limit, &why, query.customer, query.request);
        },
        [this, query, done](QList<Hold> stored) {
            // Open holds live in the book (most have no row yet); a long one's pending row is
            // replaced by the book's entry.
            const bool pendingAsked = query.states.isEmpty() || query.states.contains(u"pending");
            const QList<Hold> open
                = pendingAsked ? m_runtime.holds().openHolds(query.customer, query.request) : QList<Hold>();
            if (open.isEmpty())
                return done(std::move(stored));
            QSet<qint64> openIds;
            for (const Hold &h : open)
                openIds.insert(h.id);
            QList<Hold> merged = open;
            for (const Hold &h : std::as_const(stored)) {
                if (!openIds.contains(h.id))
                    merged.append(h);
            }
            std::sort(merged.begin(), merged.end(), [](const Hold &a, const Hold &b) { return a.id > b.id; });
            if (merged.size() > query.limit)
                merged.resize(query.limit);
            done(std::move(merged));
        });
}

void LedgerQueries::statement(
    const QString &customerId, const StatementQuery &query, QObject *context, AdminDone<AccountStatement> done)
{
    m_runtime.store().submit<AdminResult<AccountStatement>>(
        context,
        [customerId, query](Database &db) -> AdminResult<AccountStatement> {
            QString why;
            Customer c;
            if (!CustomerStore::findCustomer(db, customerId, &c, &why))
                return AdminFailure {AdminError::NotFound, QStringLiteral("no customer %1").arg(customerId)};
            AccountStatement statement
                = Ledger::accountStatement(db, customerId, query.fromMs.value_or(0), query.toMs.value_or(0), &why);
            if (!why.isEmpty())
                return storeFailure(why);
            return statement;
        },
        done);
}

void LedgerQueries::requests(const RequestQuery &query, QObject *context, AdminDone<QList<RequestLogItem>> done)
{
    RequestFilter filter;
    filter.customer = query.customer;
    filter.model = query.model;
    filter.endpoint = query.channel;
    filter.requestId = query.request;
    filter.status = query.status.value_or(0);
    filter.billed = query.billed ? int(*query.billed) : -1;
    filter.limit = query.limit;
    filter.offset = query.offset;
    m_runtime.store().submit<QList<RequestLogItem>>(
        context, [filter](Database &db) { return RequestLog::query(db, filter); },
        [done](QList<RequestLogItem> items) { done(std::move(items)); });
}

void LedgerQueries::audit(const AuditQuery &query, QObject *context, AdminDone<QList<AuditEntry>> done)
{
    m_runtime.store().submit<QList<AuditEntry>>(
        context,
        [query](Database &db) {
            QString why;
            return AuditLog::list(db, query.limit, query.target, &why);
        },
        [done](QList<AuditEntry> entries) { done(std::move(entries)); });
}

void LedgerQueries::usage(const UsageQuery &query, QObject *context, AdminDone<UsageSummary> done)
{
    m_runtime.store().submit<AdminResult<UsageSummary>>(
        context,
        [query](Database &db) -> AdminResult<UsageSummary> {
            QString why;
            UsageSummary summary = RequestLog::usage(db, query, &why);
            if (!why.isEmpty())
                return storeFailure(why);
            return summary;
        },
        done);
}

} // namespace bytespike
