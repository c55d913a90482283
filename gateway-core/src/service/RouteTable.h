#pragma once

#include "bytespike/AdminRoutes.h"
#include "bytespike/LimitTypes.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace bytespike {

class HttpExchange;

// What the route table lists about one route: for checking a published API description against
// what is served, both ways.
struct RouteInfo
{
    QByteArray method;
    QString pattern;
    bool adminToken = false; // needs an admin token (or an in-process call)
    // The role an admin route asks of its caller (roleAllows); none on public routes.
    std::optional<OperatorRole> role;

    bool operator==(const RouteInfo &) const = default;
};

// Every route of the gateway, public and admin, as method + path pattern -> handler, shared by
// every listener and by in-process calls (docs/architecture.md, "Admin API built so far"). The
// path is matched percent-decoded, segment by segment; a parameter named like an id
// ({channel_id}, {customer_id}, {key_id}) must keep the id rule (InputRules::isId), other
// parameters ({name}) take any one segment.
class RouteTable
{
public:
    using Params = QHash<QString, QString>;
    using Handler = std::function<void(HttpExchange *exchange, const Params &params)>;
    enum class Access { Public, Admin };

    // A public route, or (Access::Admin) an admin route for the admin role only.
    void add(const RouteSpec &route, Access access, Handler handler);
    // An admin route that callers holding `role` may call (and admin, which may call everything).
    void add(const RouteSpec &route, OperatorRole role, Handler handler);
    // Ids saved before they had a rule: when everything between the routes' fixed parts names such
    // an id (isLegacy says so), param takes it whole, even across segments ("../x/y").
    void allowLegacyIds(const QString &param, std::function<bool(const QString &)> isLegacy);

    struct Match
    {
        // NotFound: no route has this path. WrongMethod: one has, for another method (answered
        // 404 like any unknown route). BadParameter: a segment where a route expects an id
        // breaks the id rule (400 naming it, whatever the method).
        enum class Outcome { Found, NotFound, WrongMethod, BadParameter } outcome = Outcome::NotFound;
        Handler handler;
        Params params;
        QString error;
        // Found: whether the route is an admin one, and the role it asks for.
        bool admin = false;
        OperatorRole role = OperatorRole::Admin;
    };
    // Matches among the public routes, the admin routes, or both.
    Match match(const QByteArray &method, const QString &path, bool publicRoutes, bool adminRoutes) const;

    // Every route, in the order added.
    QList<RouteInfo> routes() const;

private:
    struct Route
    {
        QByteArray method;
        QString pattern;
        QStringList segments;
        Access access = Access::Public;
        OperatorRole role = OperatorRole::Admin;
        Handler handler;
        // For the legacy id parameter: the pattern's text before and after it (legacy: it has one).
        bool legacy = false;
        QString legacyPrefix;
        QString legacySuffix;
    };
    void prepareLegacy(Route &route) const;
    bool matchLegacy(const Route &route, const QString &path, Params *params) const;
    // Whether the segments fit the route; sets *error for the first id that breaks the rule.
    bool fits(const Route &route, const QStringList &segments, Params *params, QString *error) const;
    static void found(const Route &route, Match *out);

    QList<Route> m_routes;
    // The routes whose pattern has no parameter, by path: most requests are found here with one
    // lookup (the public routes are all of this kind).
    QHash<QString, QList<qsizetype>> m_fixed;
    QString m_legacyParam;
    std::function<bool(const QString &)> m_isLegacy;
};

} // namespace bytespike
