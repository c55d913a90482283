#include "RouteTable.h"

#include "protocol/InputRules.h"

namespace bytespike {

namespace {

bool isParam(const QString &segment)
{
    return segment.startsWith(QLatin1Char('{')) && segment.endsWith(QLatin1Char('}'));
}

QString paramName(const QString &segment)
{
    return segment.mid(1, segment.size() - 2);
}

// {channel_id} and the like: an id, whose refusal names "the channel id in the path".
bool isIdParam(const QString &name)
{
    return name.endsWith(QLatin1String("_id"));
}

QString idLabel(const QString &name)
{
    QString words = name;
    words.replace(QLatin1Char('_'), QLatin1Char(' '));
    return QStringLiteral("the %1 in the path").arg(words);
}

} // namespace

void RouteTable::add(const RouteSpec &route, OperatorRole role, Handler handler)
{
    add(route, Access::Admin, std::move(handler));
    m_routes.last().role = role;
}

void RouteTable::add(const RouteSpec &route, Access access, Handler handler)
{
    const QString pattern = QString::fromLatin1(route.pattern);
    Route added;
    added.method = QByteArray(route.method);
    added.pattern = pattern;
    added.segments = pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    added.access = access;
    added.handler = std::move(handler);
    prepareLegacy(added);
    if (!pattern.contains(QLatin1Char('{')))
        m_fixed[pattern].append(m_routes.size());
    m_routes.append(std::move(added));
}

void RouteTable::allowLegacyIds(const QString &param, std::function<bool(const QString &)> isLegacy)
{
    m_legacyParam = param;
    m_isLegacy = std::move(isLegacy);
    for (Route &route : m_routes)
        prepareLegacy(route);
}

void RouteTable::prepareLegacy(Route &route) const
{
    const QString marker = QLatin1Char('{') + m_legacyParam + QLatin1Char('}');
    const qsizetype at = m_legacyParam.isEmpty() ? -1 : route.pattern.indexOf(marker);
    route.legacy = at >= 0;
    route.legacyPrefix = route.legacy ? route.pattern.left(at) : QString();
    route.legacySuffix = route.legacy ? route.pattern.mid(at + marker.size()) : QString();
}

bool RouteTable::matchLegacy(const Route &route, const QString &path, Params *params) const
{
    if (!m_isLegacy || !route.legacy)
        return false;
    const QString &prefix = route.legacyPrefix;
    const QString &suffix = route.legacySuffix;
    if (path.size() <= prefix.size() + suffix.size() || !path.startsWith(prefix) || !path.endsWith(suffix))
        return false;
    const QString id = path.mid(prefix.size(), path.size() - prefix.size() - suffix.size());
    if (InputRules::isId(id) || !m_isLegacy(id))
        return false;
    params->insert(m_legacyParam, id);
    return true;
}

bool RouteTable::fits(const Route &route, const QStringList &segments, Params *params, QString *error) const
{
    for (qsizetype i = 0; i < route.segments.size(); ++i) {
        if (i >= segments.size())
            return false;
        const QString &want = route.segments[i];
        if (!isParam(want)) {
            if (want != segments[i])
                return false;
            continue;
        }
        const QString name = paramName(want);
        if (isIdParam(name) && !InputRules::isId(segments[i])) {
            if (error->isEmpty())
                *error = InputRules::checkId(idLabel(name), segments[i]);
            return false;
        }
        params->insert(name, segments[i]);
    }
    return route.segments.size() == segments.size();
}

void RouteTable::found(const Route &route, Match *out)
{
    out->outcome = Match::Outcome::Found;
    out->handler = route.handler;
    out->admin = route.access == Access::Admin;
    out->role = route.role;
}

RouteTable::Match RouteTable::match(
    const QByteArray &method, const QString &path, bool publicRoutes, bool adminRoutes) const
{
    const auto inScope = [&](const Route &r) { return r.access == Access::Public ? publicRoutes : adminRoutes; };
    Match out;
    // A path that is a route's whole pattern, for its method: no legacy id can be part of it.
    if (const auto fixed = m_fixed.constFind(path); fixed != m_fixed.cend()) {
        for (const qsizetype index : *fixed) {
            const Route &route = m_routes[index];
            if (inScope(route) && route.method == method) {
                found(route, &out);
                return out;
            }
        }
    }
    // A legacy id is looked at first: it may span segments that would otherwise be refused.
    for (const Route &route : m_routes) {
        if (inScope(route) && route.method == method && matchLegacy(route, path, &out.params)) {
            found(route, &out);
            return out;
        }
    }
    const QStringList segments = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    bool otherMethod = false;
    for (const Route &route : m_routes) {
        Params params;
        if (!inScope(route) || !fits(route, segments, &params, &out.error))
            continue;
        if (route.method == method) {
            found(route, &out);
            out.params = params;
            out.error.clear();
            return out;
        }
        otherMethod = true;
    }
    out.params.clear();
    out.outcome = !out.error.isEmpty() ? Match::Outcome::BadParameter
        : otherMethod                  ? Match::Outcome::WrongMethod
                                       : Match::Outcome::NotFound;
    return out;
}

QList<RouteInfo> RouteTable::routes() const
{
    QList<RouteInfo> out;
    for (const Route &r : m_routes) {
        const bool admin = r.access == Access::Admin;
        out.append(RouteInfo {r.method, r.pattern, admin, admin ? std::optional(r.role) : std::nullopt});
    }
    return out;
}

} // namespace bytespike
