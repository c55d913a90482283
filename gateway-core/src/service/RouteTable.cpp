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

void RouteTable::add(const RouteSpec &route, Access access, Handler handler)
{
    const QString pattern = QString::fromLatin1(route.pattern);
    m_routes.append(Route {QByteArray(route.method), pattern, pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts),
        access, std::move(handler)});
}

void RouteTable::allowLegacyIds(const QString &param, std::function<bool(const QString &)> isLegacy)
{
    m_legacyParam = param;
    m_isLegacy = std::move(isLegacy);
}

bool RouteTable::matchLegacy(const Route &route, const QString &path, Params *params) const
{
    const QString marker = QLatin1Char('{') + m_legacyParam + QLatin1Char('}');
    const qsizetype at = route.pattern.indexOf(marker);
    if (!m_isLegacy || at < 0)
        return false;
    const QString prefix = route.pattern.left(at);
    const QString suffix = route.pattern.mid(at + marker.size());
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

RouteTable::Match RouteTable::match(
    const QByteArray &method, const QString &path, bool publicRoutes, bool adminRoutes) const
{
    const auto inScope = [&](const Route &r) { return r.access == Access::Public ? publicRoutes : adminRoutes; };
    Match out;
    // A legacy id is looked at first: it may span segments that would otherwise be refused.
    for (const Route &route : m_routes) {
        if (inScope(route) && route.method == method && matchLegacy(route, path, &out.params)) {
            out.outcome = Match::Outcome::Found;
            out.handler = route.handler;
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
            out.outcome = Match::Outcome::Found;
            out.handler = route.handler;
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
    for (const Route &r : m_routes)
        out.append(RouteInfo {r.method, r.pattern, r.access == Access::Admin});
    return out;
}

} // namespace bytespike
