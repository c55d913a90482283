#include "ScaleOutHarness.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <libpq-fe.h>
#include <unistd.h>

namespace bytespike::testing {

namespace {

const QString kPostgresBin = QStringLiteral("/usr/lib/postgresql/15/bin");

QString nginxBinary()
{
    // Debian installs nginx in /usr/sbin, which a normal user's PATH often lacks.
    const QString onPath = QStandardPaths::findExecutable(QStringLiteral("nginx"));
    if (!onPath.isEmpty())
        return onPath;
    return QStandardPaths::findExecutable(
        QStringLiteral("nginx"), {QStringLiteral("/usr/sbin"), QStringLiteral("/usr/local/sbin")});
}

// True once something accepts TCP connections on 127.0.0.1:port.
bool accepts(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    return socket.waitForConnected(500);
}

} // namespace

QString scaleOutMissing()
{
    if (!QFileInfo(kPostgresBin + QStringLiteral("/pg_ctl")).isExecutable())
        return QStringLiteral("PostgreSQL 15 is not installed (Debian package postgresql-15)");
    if (nginxBinary().isEmpty())
        return QStringLiteral("nginx is not installed (Debian package nginx-light)");
    return QString();
}

PostgresCluster::~PostgresCluster()
{
    stop();
}

bool PostgresCluster::run(const QString &command, QByteArray *out, QString *error)
{
    QProcess script;
    script.start(QStringLiteral("bash"),
        {QStringLiteral(BYTESPIKE_SOURCE_DIR "/tests/fixtures/postgres/cluster.sh"), command, m_dir->path()});
    // The event loop keeps turning meanwhile: a test's requests stay in flight during a restart.
    const bool finished = QTest::qWaitFor([&] { return script.state() == QProcess::NotRunning; }, 90000);
    *out = script.readAllStandardOutput().trimmed();
    if (finished && script.exitStatus() == QProcess::NormalExit && script.exitCode() == 0)
        return true;
    *error = QStringLiteral("cluster.sh %1 failed: %2").arg(command, QString::fromUtf8(script.readAllStandardError()));
    return false;
}

bool PostgresCluster::start(QString *error)
{
    // A short path: the server's Unix socket lives in this directory, and socket paths are
    // limited to about 100 bytes.
    m_dir = std::make_unique<QTemporaryDir>(QStringLiteral("/tmp/bytespike-pg-XXXXXX"));
    if (!m_dir->isValid()) {
        *error = QStringLiteral("cannot make a directory for the cluster: ") + m_dir->errorString();
        return false;
    }
    QByteArray out;
    if (!run(QStringLiteral("start"), &out, error))
        return false;
    m_uri = QString::fromUtf8(out);
    return true;
}

bool PostgresCluster::restart(QString *error)
{
    QByteArray out;
    return run(QStringLiteral("restart"), &out, error);
}

void PostgresCluster::stop()
{
    if (m_uri.isEmpty())
        return;
    QByteArray out;
    QString error;
    if (!run(QStringLiteral("stop"), &out, &error))
        qWarning("%s", qPrintable(error));
    m_uri.clear();
}

QString PostgresCluster::createDatabase(QString *error)
{
    const QString name = QStringLiteral("scale_%1").arg(QRandomGenerator::global()->generate64(), 0, 36);
    QString failure;
    sqlRows(m_uri, "CREATE DATABASE " + name.toLatin1(), {}, &failure);
    if (!failure.isEmpty()) {
        *error = failure;
        return QString();
    }
    // The cluster trades durability for speed (synchronous_commit=off), but a test here crashes the
    // server and counts the debits afterwards: this database commits as a production one does.
    sqlRows(m_uri, "ALTER DATABASE " + name.toLatin1() + " SET synchronous_commit = on", {}, &failure);
    if (!failure.isEmpty()) {
        *error = failure;
        return QString();
    }
    QUrl url(m_uri);
    url.setPath(QLatin1Char('/') + name);
    return url.toString();
}

QList<QByteArrayList> sqlRows(const QString &uri, const QByteArray &sql, const QByteArrayList &params, QString *error)
{
    PGconn *connection = PQconnectdb(uri.toUtf8().constData());
    std::vector<const char *> values;
    for (const QByteArray &param : params)
        values.push_back(param.constData());
    PGresult *result
        = PQexecParams(connection, sql.constData(), int(values.size()), nullptr, values.data(), nullptr, nullptr, 0);
    QList<QByteArrayList> rows;
    const ExecStatusType status = PQresultStatus(result);
    if (status == PGRES_TUPLES_OK) {
        for (int row = 0; row < PQntuples(result); ++row) {
            QByteArrayList columns;
            for (int column = 0; column < PQnfields(result); ++column)
                columns.append(QByteArray(PQgetvalue(result, row, column)));
            rows.append(columns);
        }
    } else if (status != PGRES_COMMAND_OK && error) {
        *error = QString::fromUtf8(PQerrorMessage(connection)).trimmed();
    }
    PQclear(result);
    PQfinish(connection);
    return rows;
}

QByteArray sqlValue(const QString &uri, const QByteArray &sql, const QByteArrayList &params)
{
    const QList<QByteArrayList> rows = sqlRows(uri, sql, params);
    return rows.isEmpty() || rows.first().isEmpty() ? QByteArray() : rows.first().first();
}

QByteArrayList debitedRequests(const QString &uri, const QString &customer)
{
    QByteArrayList ids;
    for (const QByteArrayList &row : sqlRows(uri,
             "SELECT request_id FROM ledger_entries WHERE kind = 'debit' AND customer_id = $1 ORDER BY request_id",
             {customer.toUtf8()}))
        ids.append(row.value(0));
    return ids;
}

QString ledgerState(const QString &uri, const QString &customer)
{
    const QList<QPair<const char *, QByteArray>> queries {
        {"customer (posted, pending, leased)",
            "SELECT posted_micros, pending_micros, leased_micros FROM customers WHERE id = $1"},
        {"leases (instance, granted, spent, state)",
            "SELECT instance, granted_micros, spent_micros, state FROM leases WHERE customer_id = $1 ORDER BY id"},
        {"holds (state, reason, amount, count)",
            "SELECT state, reason, amount_micros, count(*) FROM holds WHERE customer_id = $1"
            " GROUP BY state, reason, amount_micros"}};
    QStringList out;
    for (const auto &[title, sql] : queries) {
        QString error;
        QStringList rows;
        for (const QByteArrayList &row : sqlRows(uri, sql, {customer.toUtf8()}, &error))
            rows.append(QString::fromUtf8(row.join(' ')));
        out.append(
            QLatin1String(title) + QStringLiteral(": ") + (error.isEmpty() ? rows.join(QStringLiteral(" | ")) : error));
    }
    return out.join(QLatin1Char('\n'));
}

quint16 freeLoopbackPort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

bool GatewayFleet::start(int count, const QString &database, const QProcessEnvironment &env,
    const std::function<bool(GatewayProcess &first, QString *error)> &seed, QString *error)
{
    for (int i = 0; i < count; ++i) {
        auto gateway = std::make_unique<GatewayProcess>();
        gateway->setDatabase(database);
        const QStringList names = env.keys();
        for (const QString &name : names)
            gateway->env.insert(name, env.value(name));
        m_ports.append(freeLoopbackPort());
        // The last --listen wins over the harness's own 127.0.0.1:0.
        gateway->extraArgs = {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(m_ports.last())};
        m_gateways.push_back(std::move(gateway));
    }
    for (int i = 0; i < count; ++i) {
        if (!startOne(i, error) || (i == 0 && !seed(at(0), error)))
            return false;
    }
    return true;
}

bool GatewayFleet::startOne(int i, QString *error)
{
    GatewayProcess &gateway = at(i);
    if (i > 0) {
        // Customer keys are checked against a digest peppered with this file: every instance
        // needs the first one's, or the keys it made would be unknown to the others.
        QFile source(at(0).dataDir() + QStringLiteral("/key-pepper"));
        QFile copy(gateway.dataDir() + QStringLiteral("/key-pepper"));
        if (!source.open(QIODevice::ReadOnly) || !copy.open(QIODevice::WriteOnly) || copy.write(source.readAll()) < 0) {
            *error = QStringLiteral("cannot copy the key pepper: ") + source.errorString() + copy.errorString();
            return false;
        }
        copy.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        gateway.setAdminToken(at(0).adminToken());
    }
    if (!gateway.start(error)) {
        *error = QStringLiteral("gateway %1: %2").arg(i).arg(*error);
        return false;
    }
    return true;
}

bool GatewayFleet::restart(int i, QString *error)
{
    GatewayProcess &gateway = at(i);
    gateway.kill();
    if (!gateway.start(error)) {
        *error = QStringLiteral("gateway %1 did not start again: %2").arg(i).arg(*error);
        return false;
    }
    HttpClient http;
    const QString health = QStringLiteral("http://127.0.0.1:%1/healthz").arg(m_ports.at(i));
    if (QTest::qWaitFor([&] { return http.send("GET", health, {}, {}, 2000).status == 200; }, 20000))
        return true;
    *error = QStringLiteral("gateway %1 does not answer /healthz after its restart: %2")
                 .arg(i)
                 .arg(QString::fromUtf8(gateway.stderrText().right(2000)));
    return false;
}

void GatewayFleet::stop()
{
    for (auto &gateway : m_gateways)
        gateway->terminate(10000);
}

NginxProxy::~NginxProxy()
{
    stop();
}

bool NginxProxy::writeConfig(const QList<quint16> &upstreamPorts, quint16 port, QString *error)
{
    const QString dir = m_dir.path();
    QString servers;
    // max_fails=0: a refused connection sends the request on to the next gateway without taking
    // the refusing one out of the rotation, so a restarted gateway gets traffic at once.
    for (const quint16 upstream : upstreamPorts)
        servers += QStringLiteral("    server 127.0.0.1:%1 max_fails=0;\n").arg(upstream);
    // Run as root (CI), nginx would hand its workers to nobody, who cannot enter the private
    // directory; they keep the caller's user instead.
    const QString user = ::geteuid() == 0 ? QStringLiteral("user root root;\n") : QString();
    const QString config = user
        + QStringLiteral("worker_processes 1;\n"
                         "error_log %1/error.log warn;\n"
                         "events { worker_connections 8192; }\n"
                         "http {\n"
                         "  access_log off;\n"
                         "  client_body_temp_path %1/body;\n"
                         "  proxy_temp_path %1/proxy;\n"
                         "  fastcgi_temp_path %1/fastcgi;\n"
                         "  uwsgi_temp_path %1/uwsgi;\n"
                         "  scgi_temp_path %1/scgi;\n"
                         "  upstream gateways {\n%2  }\n"
                         "  server {\n"
                         "    listen 127.0.0.1:%3 backlog=4096;\n"
                         "    location / {\n"
                         "      proxy_pass http://gateways;\n"
                         "      proxy_http_version 1.1;\n"
                         "      proxy_buffering off;\n"
                         "      proxy_connect_timeout 2s;\n"
                         "      proxy_read_timeout 300s;\n"
                         "      proxy_send_timeout 300s;\n"
                         "    }\n"
                         "  }\n"
                         "}\n")
              .arg(dir, servers)
              .arg(port);
    QFile file(dir + QStringLiteral("/nginx.conf"));
    if (!file.open(QIODevice::WriteOnly) || file.write(config.toUtf8()) < 0) {
        *error = QStringLiteral("cannot write nginx.conf: ") + file.errorString();
        return false;
    }
    return true;
}

bool NginxProxy::start(const QList<quint16> &upstreamPorts, QString *error)
{
    const QString dir = m_dir.path();
    // A free port can be taken by someone else before nginx binds it: then nginx exits at once
    // and another port is tried.
    for (int attempt = 0; attempt < 3; ++attempt) {
        const quint16 port = freeLoopbackPort();
        if (!writeConfig(upstreamPorts, port, error))
            return false;
        m_process.setProgram(nginxBinary());
        m_process.setArguments({QStringLiteral("-p"), dir, QStringLiteral("-c"), dir + QStringLiteral("/nginx.conf"),
            QStringLiteral("-e"), dir + QStringLiteral("/error.log"), QStringLiteral("-g"),
            QStringLiteral("daemon off; pid %1/nginx.pid;").arg(dir)});
        m_process.start();
        if (!m_process.waitForStarted(10000))
            break;
        if (QTest::qWaitFor([&] { return m_process.state() != QProcess::Running || accepts(port); }, 10000)
            && m_process.state() == QProcess::Running) {
            m_url = QStringLiteral("http://127.0.0.1:%1").arg(port);
            return true;
        }
        m_process.kill();
        m_process.waitForFinished(5000);
    }
    *error = QStringLiteral("nginx did not start: ") + QString::fromUtf8(m_process.readAllStandardError())
        + QString::fromUtf8(errorLog());
    return false;
}

void NginxProxy::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate(); // SIGTERM: nginx's fast shutdown, workers included
    if (!m_process.waitForFinished(10000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QByteArray NginxProxy::errorLog() const
{
    QFile file(m_dir.path() + QStringLiteral("/error.log"));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

Volley::Volley(const QString &url, const QList<Header> &headers, const QByteArray &body, int count)
    : m_bodies(size_t(count))
{
    // One client per request: one QNetworkAccessManager opens at most six connections to a host.
    for (int i = 0; i < count; ++i) {
        m_clients.push_back(std::make_unique<HttpClient>());
        m_replies.emplace_back(m_clients.back()->start("POST", url, headers, body));
        QNetworkReply *reply = m_replies.back().get();
        QByteArray *sink = &m_bodies[size_t(i)];
        QObject::connect(reply, &QNetworkReply::readyRead, reply, [reply, sink] { *sink += reply->readAll(); });
    }
}

Volley::~Volley()
{
    m_replies.clear(); // before their managers
}

int Volley::finished() const
{
    return int(std::count_if(m_replies.begin(), m_replies.end(), [](const auto &r) { return r->isFinished(); }));
}

bool Volley::wait(int timeoutMs)
{
    return QTest::qWaitFor([&] { return finished() == count(); }, timeoutMs);
}

QList<HttpResult> Volley::results()
{
    QList<HttpResult> out;
    for (size_t i = 0; i < m_replies.size(); ++i) {
        QNetworkReply *reply = m_replies[i].get();
        if (!reply->isFinished())
            reply->abort();
        m_bodies[i] += reply->readAll();
        out.append(HttpResult {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), m_bodies[i],
            reply->rawHeaderPairs(), reply->error()});
    }
    return out;
}

SteadyLoad::SteadyLoad(const QString &url, const QList<Header> &headers, const QByteArray &body, int workers)
    : m_url(url)
    , m_headers(headers)
    , m_body(body)
{
    m_clock.start();
    for (int i = 0; i < workers; ++i) {
        m_clients.push_back(std::make_unique<HttpClient>());
        send(i);
    }
}

SteadyLoad::~SteadyLoad()
{
    stop(30000);
}

void SteadyLoad::send(int worker)
{
    if (m_stopping)
        return;
    const qint64 sent = now();
    QNetworkReply *reply = m_clients.at(size_t(worker))->start("POST", m_url, m_headers, m_body);
    ++m_inFlight;
    QObject::connect(reply, &QNetworkReply::finished, reply, [this, reply, worker, sent] {
        --m_inFlight;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        m_exchanges.append(Exchange {
            sent, now(), status, reply->rawHeader("request-id"), status == 200 ? QByteArray() : reply->readAll()});
        reply->deleteLater();
        QTimer::singleShot(status == 200 ? 0 : 50, reply->manager(), [this, worker] { send(worker); });
    });
}

bool SteadyLoad::stop(int timeoutMs)
{
    m_stopping = true;
    return QTest::qWaitFor([&] { return m_inFlight == 0; }, timeoutMs);
}

QMap<int, int> statusCounts(const QList<HttpResult> &answers)
{
    QMap<int, int> counts;
    for (const HttpResult &answer : answers)
        ++counts[answer.status];
    return counts;
}

QString describe(const QMap<int, int> &counts)
{
    QStringList parts;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        parts.append(QStringLiteral("%1 x %2").arg(it.value()).arg(it.key()));
    return parts.join(QStringLiteral(", "));
}

} // namespace bytespike::testing
