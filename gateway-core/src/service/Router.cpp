#include "Router.h"

#include "GatewayRuntime.h"
#include "MessagesExchange.h"
#include "http/HttpExchange.h"
#include "protocol/ClientText.h"
#include "service/admin/AdminResponses.h"

namespace bytespike {

Router::Router(GatewayRuntime &runtime)
    : m_runtime(runtime)
    , m_channels(runtime)
    , m_accounts(runtime)
    , m_ledger(runtime)
    , m_pricing(runtime)
    , m_operators(runtime)
    , m_public(runtime)
    , m_channelsController(m_channels)
    , m_customersController(m_accounts, m_ledger)
    , m_ledgerController(m_ledger)
    , m_pricingController(m_pricing)
    , m_metricsController(runtime)
    , m_operatorsController(m_operators)
{
    m_public.addRoutes(m_table);
    m_pricingController.addRoutes(m_table);
    m_channelsController.addRoutes(m_table);
    m_customersController.addRoutes(m_table);
    m_ledgerController.addRoutes(m_table);
    m_metricsController.addRoutes(m_table);
    m_operatorsController.addRoutes(m_table);
}

bool Router::refuseEarly(HttpExchange *exchange, bool publicRoutes)
{
    const qint64 limit = m_runtime.config().maxBodyBytes;
    if (m_runtime.isDraining()) {
        respondError(
            exchange, ApiError::overloaded(QStringLiteral("the gateway is shutting down")), {{"connection", "close"}});
        return true;
    }
    if (exchange->bodyTooLarge() || exchange->body().size() > limit) {
        respondError(exchange,
            ApiError::tooLarge(exchange->bodyTooLarge()
                    ? QStringLiteral("request body is larger than the limit of %1 bytes").arg(limit)
                    : QStringLiteral("request body is %1 bytes; the limit is %2")
                          .arg(exchange->body().size())
                          .arg(limit)));
        return true;
    }
    if (publicRoutes && !exchange->isLocal()) {
        // A request carrying this gateway's own mark went out through a channel and came back: a
        // channel points at this gateway (directly or through others). Refused, never forwarded.
        const QByteArray via = exchange->header("bytespike-via");
        if (!via.isEmpty()
            && (via.split(',').contains(m_runtime.instanceMark()) || via.size() > MessagesExchange::kMaxViaBytes)) {
            respondError(exchange,
                ApiError {508, "api_error",
                    QStringLiteral("request loop: this request already passed through this gateway; a channel points "
                                   "back at it")});
            return true;
        }
    }
    return false;
}

void Router::refuseRole(HttpExchange *exchange, const std::optional<AdminIdentity> &caller, OperatorRole needed)
{
    if (!caller) { // an admin route outside the admin area: not reached through a token
        respondAdminError(exchange, 401, QStringLiteral("admin token required (Authorization: Bearer ...)"));
        return;
    }
    const QString role = roleName(needed);
    respondAdminError(exchange, 403,
        needed == OperatorRole::Admin
            ? QStringLiteral("this route needs the admin role; the caller has the %1 role").arg(roleName(caller->role))
            : QStringLiteral("this route needs the %1 role (or admin); the caller has the %2 role")
                  .arg(role, roleName(caller->role)));
}

void Router::dispatch(HttpExchange *exchange, bool publicRoutes, bool adminRoutes)
{
    exchange->setParent(&m_runtime);
    if (refuseEarly(exchange, publicRoutes))
        return;
    const QString &path = exchange->path();
    const QByteArray &method = exchange->method();
    // The whole admin area needs a token, whether a route exists or not.
    const bool adminArea = adminRoutes && isAdminPath(path);
    std::optional<AdminIdentity> caller;
    if (adminArea) {
        caller = m_runtime.identify(*exchange);
        if (!caller) {
            m_runtime.noteRefused(*exchange, Metrics::AdminToken);
            respondAdminError(exchange, 401, QStringLiteral("admin token required (Authorization: Bearer ...)"));
            return;
        }
        // The audit log's actor comes from the token, never from anything else the request says.
        exchange->setActor(caller->actor);
    }
    const RouteTable::Match match = m_table.match(method, path, publicRoutes, adminRoutes);
    if (match.outcome == RouteTable::Match::Outcome::Found) {
        if (match.admin && !(caller && roleAllows(caller->role, match.role)))
            return refuseRole(exchange, caller, match.role);
        return match.handler(exchange, match.params);
    }
    if (match.outcome == RouteTable::Match::Outcome::BadParameter)
        return respondAdminError(exchange, 400, match.error);
    if (adminArea)
        return respondAdminError(
            exchange, 404, QStringLiteral("no admin route %1 %2").arg(QString::fromLatin1(method), path));
    respondError(exchange,
        ApiError::notFound(QStringLiteral("no route for %1 %2")
                               .arg(ClientText::quote(QString::fromLatin1(method), 32), ClientText::quote(path))));
}

QList<RouteInfo> gatewayRoutes()
{
    GatewayRuntime runtime {GatewayConfig {}};
    return Router(runtime).table().routes();
}

} // namespace bytespike
