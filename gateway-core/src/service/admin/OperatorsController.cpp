#include "OperatorsController.h"

#include "AdminResponses.h"
#include "Operators.h"
#include "http/HttpExchange.h"

namespace bytespike {

OperatorsController::OperatorsController(Operators &operators)
    : m_operators(operators)
{ }

void OperatorsController::addRoutes(RouteTable &table)
{
    using P = RouteTable::Params;
    constexpr auto admin = OperatorRole::Admin;
    const QString id = QStringLiteral("operator_id");
    table.add(Routes::ListOperators, admin, [this](HttpExchange *e, const P &) { list(e); });
    table.add(Routes::CreateOperator, admin, [this](HttpExchange *e, const P &) { create(e); });
    table.add(Routes::RevokeOperator, admin, [this, id](HttpExchange *e, const P &p) { revoke(e, p.value(id)); });
}

void OperatorsController::list(HttpExchange *exchange)
{
    m_operators.list(exchange, [exchange](AdminResult<QList<Operator>> operators) {
        if (!operators.ok())
            return respondFailure(exchange, operators.failure());
        respondJson(exchange, 200, toJsonList(operators.value()));
    });
}

void OperatorsController::create(HttpExchange *exchange)
{
    const std::optional<NewOperator> read = readBody<NewOperator>(exchange);
    if (!read)
        return;
    // The audit log names the owner's token "owner" and the console "console": no operator may
    // take either name.
    const QString name = read->name;
    if (name == QLatin1String("owner") || name == QLatin1String("console"))
        return respondAdminError(
            exchange, 400, QStringLiteral("name %1 is reserved (the owner's token and the console)").arg(name));
    m_operators.create(*read, operatorName(exchange), exchange,
        [exchange](AdminResult<CreatedOperator> created) { respondResult(exchange, 201, created); });
}

void OperatorsController::revoke(HttpExchange *exchange, const QString &id)
{
    m_operators.revoke(id, operatorName(exchange), exchange,
        [exchange](AdminResult<OperatorRevoked> revoked) { respondResult(exchange, 200, revoked); });
}

} // namespace bytespike
