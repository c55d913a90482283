#include "Attach.h"

#include "bytespike/AdminClient.h"
#include "bytespike/AdminRoutes.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFutureWatcher>
#include <QHostAddress>
#include <QTimer>
#include <QUrl>
#include <QtConcurrent>

#include <qt6keychain/keychain.h>

#include <algorithm>

namespace bytespike::Attach {

namespace {

constexpr char kKeychainService[] = "bytespike-console";

QString keychainKey(const QString &url)
{
    return QStringLiteral("admin-token ") + url;
}

// The token file as read off the GUI thread: empty when it is missing or unusable.
QByteArray readQuietly(const QString &path)
{
    QString ignored;
    return readTokenFile(path, &ignored).value_or(QByteArray());
}

QString urlFor(const QString &host, quint16 port)
{
    QHostAddress address(host);
    if (address == QHostAddress::AnyIPv4)
        address = QHostAddress::LocalHost;
    else if (address == QHostAddress::AnyIPv6)
        address = QHostAddress::LocalHostIPv6;
    const QString name = address.isNull() ? host : address.toString();
    const bool v6 = address.protocol() == QAbstractSocket::IPv6Protocol;
    return QStringLiteral("http://%1:%2").arg(v6 ? QLatin1Char('[') + name + QLatin1Char(']') : name).arg(port);
}

void probe(const QString &url, const QByteArray &token, QObject *context,
    const std::function<void(const QString &, const QByteArray &)> &done)
{
    HttpAdminTransport transport(url, token);
    TransportReply *reply = transport.send(Routes::AdminMetrics.method, routePath(Routes::AdminMetrics), {}, {});
    QTimer::singleShot(kProbeMs, reply, &TransportReply::cancel);
    QObject::connect(reply, &TransportReply::finished, context, [reply, url, token, done] {
        if (reply->ok())
            done(url, token);
        else
            done(QString(), QByteArray());
    });
}

} // namespace

std::optional<QString> gatewayUrl(const QString &text, QString *error)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != u"http" && scheme != u"https") || url.host().isEmpty()) {
        *error = QCoreApplication::translate(
            "Attach", "a gateway address is http:// or https:// and a host, such as http://127.0.0.1:8787");
        return std::nullopt;
    }
    if (!url.userInfo().isEmpty() || (!url.path().isEmpty() && url.path() != u"/") || url.hasQuery()
        || url.hasFragment()) {
        *error = QCoreApplication::translate("Attach", "a gateway address has no user, path, query or fragment");
        return std::nullopt;
    }
    QUrl clean;
    clean.setScheme(scheme);
    clean.setHost(url.host());
    clean.setPort(url.port());
    return clean.toString(QUrl::FullyEncoded);
}

bool validToken(const QByteArray &token)
{
    return !token.isEmpty() && token.size() <= kMaxTokenBytes
        && std::all_of(token.begin(), token.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

std::optional<QByteArray> readTokenFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QCoreApplication::translate("Attach", "cannot read the admin token file %1: %2")
                     .arg(path, file.errorString());
        return std::nullopt;
    }
    const QByteArray token = file.read(kMaxTokenBytes + 2).trimmed();
    if (!validToken(token)) {
        *error = QCoreApplication::translate(
            "Attach", "the admin token file %1 holds no token (printable characters, at most %2)")
                     .arg(path)
                     .arg(kMaxTokenBytes);
        return std::nullopt;
    }
    return token;
}

void loadToken(const QString &url, QObject *context, std::function<void(const QByteArray &)> done)
{
    auto *job = new QKeychain::ReadPasswordJob(QString::fromLatin1(kKeychainService));
    job->setKey(keychainKey(url));
    QObject::connect(job, &QKeychain::Job::finished, context, [job, done = std::move(done)] {
        const QByteArray token = job->error() == QKeychain::NoError ? job->binaryData() : QByteArray();
        done(validToken(token) ? token : QByteArray());
    });
    job->start();
}

void storeToken(
    const QString &url, const QByteArray &token, QObject *context, std::function<void(const QString &)> done)
{
    auto *job = new QKeychain::WritePasswordJob(QString::fromLatin1(kKeychainService));
    job->setKey(keychainKey(url));
    job->setBinaryData(token);
    QObject::connect(job, &QKeychain::Job::finished, context, [job, done = std::move(done)] {
        // The job's own text names the keychain's failure, never the value.
        done(job->error() == QKeychain::NoError ? QString() : job->errorString());
    });
    job->start();
}

void findRunningGateway(const GatewayConfig &config, QObject *context,
    std::function<void(const QString &url, const QByteArray &token)> done)
{
    const QString url = config.separateAdmin ? urlFor(config.adminHost, config.adminPort)
                                             : urlFor(config.listenHost, config.listenPort);
    const QByteArray fromEnvironment = qgetenv("BYTESPIKE_ADMIN_TOKEN").trimmed();
    if (validToken(fromEnvironment))
        return probe(url, fromEnvironment, context, done);
    auto *watcher = new QFutureWatcher<QByteArray>(context);
    QObject::connect(watcher, &QFutureWatcher<QByteArray>::finished, context, [watcher, url, context, done] {
        const QByteArray token = watcher->result();
        watcher->deleteLater();
        if (token.isEmpty()) // no token yet: this data directory's gateway never ran
            return done(QString(), QByteArray());
        probe(url, token, context, done);
    });
    watcher->setFuture(QtConcurrent::run(readQuietly, QDir(config.dataDir).filePath(QStringLiteral("admin-token"))));
}

} // namespace bytespike::Attach
