#include "CustomersController.h"

#include "Accounts.h"
#include "AdminResponses.h"
#include "LedgerQueries.h"
#include "export/Document.h"
#include "export/StatementDocument.h"
#include "http/HttpExchange.h"

#include <QJsonDocument>

namespace bytespike {

CustomersController::CustomersController(Accounts &accounts, LedgerQueries &ledger)
    : m_accounts(accounts)
    , m_ledger(ledger)
{ }

void CustomersController::addRoutes(RouteTable &table)
{
    using P = RouteTable::Params;
    constexpr auto read = OperatorRole::Viewer; // every GET of the admin API
    constexpr auto change = OperatorRole::Billing; // customers, keys and credits
    const QString id = QStringLiteral("customer_id");
    const QString key = QStringLiteral("key_id");
    table.add(Routes::ListCustomers, read, [this](HttpExchange *e, const P &) { list(e); });
    table.add(Routes::CreateCustomer, change, [this](HttpExchange *e, const P &) { create(e); });
    table.add(Routes::GetCustomer, read, [this, id](HttpExchange *e, const P &p) { get(e, p.value(id)); });
    table.add(Routes::UpdateCustomer, change, [this, id](HttpExchange *e, const P &p) { update(e, p.value(id)); });
    table.add(Routes::CreateKey, change, [this, id](HttpExchange *e, const P &p) { createKey(e, p.value(id)); });
    table.add(Routes::UpdateKey, change,
        [this, id, key](HttpExchange *e, const P &p) { updateKey(e, p.value(id), p.value(key)); });
    table.add(Routes::RevokeKey, change,
        [this, id, key](HttpExchange *e, const P &p) { revokeKey(e, p.value(id), p.value(key)); });
    table.add(Routes::AddCredit, change, [this, id](HttpExchange *e, const P &p) { addCredit(e, p.value(id)); });
    table.add(Routes::Statement, read, [this, id](HttpExchange *e, const P &p) { statement(e, p.value(id)); });
}

void CustomersController::list(HttpExchange *exchange)
{
    m_accounts.list(exchange, [exchange](AdminResult<QList<Customer>> customers) {
        respondJson(exchange, 200, toJsonList(customers.value()));
    });
}

void CustomersController::get(HttpExchange *exchange, const QString &id)
{
    m_accounts.get(
        id, exchange, [exchange](AdminResult<Customer> customer) { respondResult(exchange, 200, customer); });
}

void CustomersController::create(HttpExchange *exchange)
{
    const std::optional<NewCustomer> read = readBody<NewCustomer>(exchange);
    if (!read)
        return;
    m_accounts.create(*read, operatorName(exchange), exchange,
        [exchange](AdminResult<Customer> created) { respondResult(exchange, 201, created); });
}

void CustomersController::update(HttpExchange *exchange, const QString &customerId)
{
    const std::optional<CustomerSettings> read = readBody<CustomerSettings>(exchange);
    if (!read)
        return;
    m_accounts.update(customerId, *read, operatorName(exchange), exchange,
        [exchange](AdminResult<Customer> updated) { respondResult(exchange, 200, updated); });
}

void CustomersController::updateKey(HttpExchange *exchange, const QString &customerId, const QString &keyId)
{
    const std::optional<KeySettings> read = readBody<KeySettings>(exchange);
    if (!read)
        return;
    m_accounts.updateKey(customerId, keyId, *read, operatorName(exchange), exchange,
        [exchange](AdminResult<ApiKey> updated) { respondResult(exchange, 200, updated); });
}

void CustomersController::createKey(HttpExchange *exchange, const QString &customerId)
{
    const std::optional<NewKey> read = readBody<NewKey>(exchange);
    if (!read)
        return;
    m_accounts.createKey(customerId, *read, operatorName(exchange), exchange,
        [exchange](AdminResult<CreatedKey> created) { respondResult(exchange, 201, created); });
}

void CustomersController::revokeKey(HttpExchange *exchange, const QString &customerId, const QString &keyId)
{
    m_accounts.revokeKey(customerId, keyId, operatorName(exchange), exchange,
        [exchange](AdminResult<KeyRevoked> revoked) { respondResult(exchange, 200, revoked); });
}

void CustomersController::addCredit(HttpExchange *exchange, const QString &customerId)
{
    const std::optional<NewCredit> read = readBody<NewCredit>(exchange);
    if (!read)
        return;
    m_accounts.addCredit(customerId, *read, operatorName(exchange), exchange,
        [exchange](AdminResult<LedgerEntry> entry) { respondResult(exchange, 201, entry); });
}

void CustomersController::statement(HttpExchange *exchange, const QString &customerId)
{
    const AdminResult<StatementQuery> query = StatementQuery::fromQuery(exchange->query());
    if (!query.ok())
        return respondFailure(exchange, query.failure());
    const QString format = exchange->query().queryItemValue(QStringLiteral("format"));
    if (!format.isEmpty() && format != QLatin1String("json") && format != QLatin1String("csv")
        && format != QLatin1String("html"))
        return respondAdminError(exchange, 400, QStringLiteral("format must be json, csv or html"));
    const QString locale = exchange->query().queryItemValue(QStringLiteral("locale"));
    if (!checkLocale(exchange, locale))
        return;
    m_ledger.statement(
        customerId, query.value(), exchange, [exchange, format, locale](AdminResult<AccountStatement> s) {
            if (!s.ok())
                return respondFailure(exchange, s.failure());
            const QJsonObject json = s.value().toJson();
            if (format == QLatin1String("csv"))
                exchange->respond(
                    200, "text/csv; charset=utf-8", statementCsv(json), Document::exportHeaders(Document::Format::Csv));
            else if (format == QLatin1String("html"))
                exchange->respond(200, "text/html; charset=utf-8", statementHtml(json, locale),
                    Document::exportHeaders(Document::Format::Html));
            else
                exchange->respond(200, "application/json", QJsonDocument(json).toJson(QJsonDocument::Compact),
                    Document::exportHeaders(Document::Format::Json));
            exchange->deleteLater();
        });
}

} // namespace bytespike
