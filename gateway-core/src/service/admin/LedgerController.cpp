#include "LedgerController.h"

#include "AdminResponses.h"
#include "LedgerQueries.h"
#include "export/Document.h"
#include "http/HttpExchange.h"
#include "store/RequestLog.h"

namespace bytespike {

LedgerController::LedgerController(LedgerQueries &ledger)
    : m_ledger(ledger)
{ }

void LedgerController::addRoutes(RouteTable &table)
{
    using P = RouteTable::Params;
    constexpr auto read = OperatorRole::Viewer; // every GET of the admin API
    table.add(Routes::ListHolds, read, [this](HttpExchange *e, const P &) { holds(e); });
    table.add(Routes::ListRequests, read, [this](HttpExchange *e, const P &) { requests(e); });
    table.add(Routes::Audit, read, [this](HttpExchange *e, const P &) { audit(e); });
    table.add(Routes::Usage, read, [this](HttpExchange *e, const P &) { usage(e); });
}

void LedgerController::holds(HttpExchange *exchange)
{
    const AdminResult<HoldQuery> query = HoldQuery::fromQuery(exchange->query());
    if (!query.ok())
        return respondFailure(exchange, query.failure());
    m_ledger.holds(query.value(), exchange,
        [exchange](AdminResult<QList<Hold>> holds) { respondJson(exchange, 200, toJsonList(holds.value())); });
}

void LedgerController::requests(HttpExchange *exchange)
{
    const AdminResult<RequestQuery> query = RequestQuery::fromQuery(exchange->query());
    if (!query.ok())
        return respondFailure(exchange, query.failure());
    const QString format = exchange->query().queryItemValue(QStringLiteral("format"));
    if (!format.isEmpty() && format != QLatin1String("json") && format != QLatin1String("csv"))
        return respondAdminError(exchange, 400, QStringLiteral("format must be json or csv"));
    m_ledger.requests(query.value(), exchange,
        [exchange, csv = format == QLatin1String("csv")](AdminResult<QList<RequestLogItem>> r) {
            const QJsonObject body = toJsonList(r.value());
            if (!csv)
                return respondJson(exchange, 200, body);
            exchange->respond(
                200, "text/csv; charset=utf-8", RequestLog::csv(body), Document::exportHeaders(Document::Format::Csv));
            exchange->deleteLater();
        });
}

void LedgerController::audit(HttpExchange *exchange)
{
    const AdminResult<AuditQuery> query = AuditQuery::fromQuery(exchange->query());
    if (!query.ok())
        return respondFailure(exchange, query.failure());
    m_ledger.audit(query.value(), exchange, [exchange](AdminResult<QList<AuditEntry>> entries) {
        respondJson(exchange, 200, toJsonList(entries.value()));
    });
}

void LedgerController::usage(HttpExchange *exchange)
{
    const AdminResult<UsageQuery> query = UsageQuery::fromQuery(exchange->query());
    if (!query.ok())
        return respondFailure(exchange, query.failure());
    m_ledger.usage(query.value(), exchange, [exchange](AdminResult<UsageSummary> summary) {
        if (!summary.ok())
            return respondFailure(exchange, summary.failure());
        respondJson(exchange, 200, summary.value().toJson());
    });
}

} // namespace bytespike
