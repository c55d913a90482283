#include "UpstreamOrigin.h"

#include <QCryptographicHash>
#include <QHostAddress>
#include <QUrl>

namespace bytespike {

namespace {
constexpr qsizetype kMaxProxyUrlBytes = 2048;

bool isLoopbackHost(const QString &host)
{
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0
        || host.endsWith(QLatin1String(".localhost"), Qt::CaseInsensitive))
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

bool matchesException(const QString &host, const QHostAddress &literal, QString entry)
{
    if (entry == QLatin1String("*"))
        return true;
    if (!literal.isNull()) {
        const QPair<QHostAddress, int> subnet = QHostAddress::parseSubnet(entry);
        if (subnet.second >= 0 && !subnet.first.isNull() && literal.isInSubnet(subnet))
            return true;
        return QHostAddress(entry) == literal;
    }
    if (entry.startsWith(QLatin1String("*.")))
        entry.remove(0, 1);
    if (entry.startsWith(QLatin1Char('.')))
        entry.remove(0, 1);
    // A port in the entry is not a separate rule here: the host decides.
    if (const qsizetype colon = entry.lastIndexOf(QLatin1Char(':')); colon > 0 && !entry.contains(QLatin1Char(']')))
        entry.truncate(colon);
    return host.compare(entry, Qt::CaseInsensitive) == 0
        || (host.size() > entry.size() && host.endsWith(entry, Qt::CaseInsensitive)
            && host.at(host.size() - entry.size() - 1) == QLatin1Char('.'));
}
} // namespace

bool parseProxyUrl(const QString &text, bool allowCredentials, ProxyEndpoint *out, QString *error)
{
    const QUrl url(text, QUrl::StrictMode);
    const auto refuse = [error](const QString &why) {
        *error = why;
        return false;
    };
    if (text.size() > kMaxProxyUrlBytes || !url.isValid() || url.host().isEmpty())
        return refuse(QStringLiteral("is not a proxy URL (expected http://host:port)"));
    if (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
        return refuse(QStringLiteral("must be an http:// or https:// proxy"));
    if ((url.path() != QLatin1String("/") && !url.path().isEmpty()) || url.hasQuery() || url.hasFragment())
        return refuse(QStringLiteral("must be http://host:port, without a path or query"));
    ProxyEndpoint proxy;
    proxy.tls = url.scheme() == QLatin1String("https");
    proxy.host = url.host();
    proxy.port = quint16(url.port(proxy.tls ? 443 : 80));
    if (!url.userInfo().isEmpty()) {
        if (!allowCredentials)
            return refuse(QStringLiteral("must not carry credentials; name them with proxy_secret_ref"));
        proxy.authorization = basicProxyAuthorization(
            (url.userName(QUrl::FullyDecoded) + QLatin1Char(':') + url.password(QUrl::FullyDecoded)).toUtf8());
    }
    *out = proxy;
    return true;
}

QByteArray basicProxyAuthorization(const QByteArray &userColonPassword)
{
    return "Basic " + userColonPassword.toBase64();
}

bool ProxySettings::fromEnvironment(ProxySettings *out, QString *error)
{
    ProxySettings settings;
    const auto read = [error](const char *lower, const char *upper, std::optional<ProxyEndpoint> *into) {
        const char *name = qEnvironmentVariableIsSet(lower) ? lower : upper;
        const QString value = qEnvironmentVariable(name).trimmed();
        if (value.isEmpty())
            return true;
        ProxyEndpoint proxy;
        QString why;
        if (!parseProxyUrl(value, true, &proxy, &why)) {
            *error = QString::fromLatin1(name) + QLatin1Char(' ') + why;
            return false;
        }
        *into = proxy;
        return true;
    };
    if (!read("http_proxy", "HTTP_PROXY", &settings.http) || !read("https_proxy", "HTTPS_PROXY", &settings.https))
        return false;
    const QString noProxy = qEnvironmentVariable(qEnvironmentVariableIsSet("no_proxy") ? "no_proxy" : "NO_PROXY");
    for (const QString &entry : noProxy.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!entry.trimmed().isEmpty())
            settings.noProxy.append(entry.trimmed());
    }
    *out = settings;
    return true;
}

bool ProxySettings::bypasses(const QString &host) const
{
    if (isLoopbackHost(host))
        return true;
    const QHostAddress literal(host);
    return std::any_of(
        noProxy.cbegin(), noProxy.cend(), [&](const QString &entry) { return matchesException(host, literal, entry); });
}

std::optional<ProxyEndpoint> ProxySettings::forTarget(const UpstreamTarget &target) const
{
    const std::optional<ProxyEndpoint> &proxy = target.url.scheme() == QLatin1String("https") ? https : http;
    if (!proxy || bypasses(target.host))
        return std::nullopt;
    return proxy;
}

std::shared_ptr<const UpstreamOrigin> UpstreamOrigin::make(
    const UpstreamTarget &target, QString caFile, std::optional<ProxyEndpoint> proxy)
{
    auto origin = std::make_shared<UpstreamOrigin>();
    origin->host = target.host;
    origin->port = target.port;
    origin->tls = target.url.scheme() == QLatin1String("https");
    origin->caFile = origin->tls ? std::move(caFile) : QString();
    origin->proxy = std::move(proxy);
    // Everything that makes a connection unfit for another origin; the proxy's credentials only
    // as a digest (the key is a hash key, never written anywhere, but need not hold a password).
    QString key = (origin->tls ? QStringLiteral("https://") : QStringLiteral("http://")) + origin->host
        + QLatin1Char(':') + QString::number(origin->port);
    if (origin->tls)
        key += QStringLiteral("|ca=") + origin->caFile;
    if (origin->proxy) {
        key += (origin->proxy->tls ? QStringLiteral("|proxy=https://") : QStringLiteral("|proxy=http://"))
            + origin->proxy->host + QLatin1Char(':') + QString::number(origin->proxy->port) + QLatin1Char('|')
            + QString::fromLatin1(
                QCryptographicHash::hash(origin->proxy->authorization, QCryptographicHash::Sha256).toHex().left(16));
    }
    origin->key = key;
    return origin;
}

} // namespace bytespike
