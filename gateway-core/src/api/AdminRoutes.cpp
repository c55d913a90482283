#include "bytespike/AdminRoutes.h"

#include <QUrl>

namespace bytespike {

bool isAdminPath(const QString &path)
{
    return path.startsWith(QLatin1String("/admin/")) || path == QLatin1String("/metrics");
}

QString routePath(const RouteSpec &route, const QStringList &params)
{
    QString out;
    qsizetype next = 0;
    const QStringList segments = QString::fromLatin1(route.pattern).split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (const QString &segment : segments) {
        out += QLatin1Char('/');
        if (segment.startsWith(QLatin1Char('{')) && next < params.size())
            out += QString::fromLatin1(QUrl::toPercentEncoding(params[next++]));
        else
            out += segment;
    }
    return out;
}

} // namespace bytespike
