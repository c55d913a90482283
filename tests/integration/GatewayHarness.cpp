#include "GatewayHarness.h"

#include "TestDatabase.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>

#include <csignal>

namespace bytespike::testing {

QByteArray HttpResult::header(const QByteArray &name) const
{
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

QJsonObject HttpResult::json() const
{
    return QJsonDocument::fromJson(body).object();
}

HttpClient::HttpClient()
{
    m_manager.setAutoDeleteReplies(false);
}

QNetworkReply *HttpClient::start(const QByteArray &method, const QString &url,
    const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &body)
{
    QNetworkRequest request {QUrl(url)};
    request.setTransferTimeout(0);
    for (const auto &h : headers)
        request.setRawHeader(h.first, h.second);
    if (!body.isEmpty() && request.rawHeader("content-type").isEmpty())
        request.setRawHeader("content-type", "application/json");
    return m_manager.sendCustomRequest(request, method, body);
}

HttpResult HttpClient::send(const QByteArray &method, const QString &url,
    const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &body, int timeoutMs)
{
    std::unique_ptr<QNetworkReply> reply(start(method, url, headers, body));
    QSignalSpy done(reply.get(), &QNetworkReply::finished);
    if (!reply->isFinished() && !done.wait(timeoutMs)) {
        reply->abort();
        return HttpResult {0, {}, {}, QNetworkReply::TimeoutError};
    }
    HttpResult result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.headers = reply->rawHeaderPairs();
    result.error = reply->error();
    return result;
}

QList<HttpResult> burst(
    const QString &url, const QList<Header> &headers, const QByteArray &body, int count, int timeoutMs)
{
    // One client per request: one QNetworkAccessManager opens at most six connections to a host,
    // and the requests would not be simultaneous.
    std::vector<std::unique_ptr<HttpClient>> clients;
    std::vector<std::unique_ptr<QNetworkReply>> replies;
    for (int i = 0; i < count; ++i) {
        clients.push_back(std::make_unique<HttpClient>());
        replies.emplace_back(clients.back()->start("POST", url, headers, body));
    }
    (void)QTest::qWaitFor(
        [&] { return std::all_of(replies.begin(), replies.end(), [](const auto &r) { return r->isFinished(); }); },
        timeoutMs);
    QList<HttpResult> out;
    for (const auto &r : replies) {
        if (!r->isFinished())
            r->abort();
        out.append(HttpResult {r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), r->readAll(),
            r->rawHeaderPairs(), r->error()});
    }
    replies.clear(); // before their managers
    return out;
}

namespace {
// The CA of each TLS mock by its URL, for mockChannel().
QHash<QString, QString> &mockAuthorities()
{
    static QHash<QString, QString> authorities;
    return authorities;
}
} // namespace

MockUpstream::MockUpstream()
    : tls(qEnvironmentVariableIntValue("BYTESPIKE_TEST_MOCK_TLS") == 1)
{ }

MockUpstream::~MockUpstream()
{
    stop();
}

TestCertificates *MockUpstream::certificates(QString *error)
{
    if (m_certificates)
        return m_certificates.get();
    auto made = std::make_unique<TestCertificates>(m_certificateDir.path());
    if (!made->makeAuthority(QStringLiteral("ca"), error)
        || !made->makeServer(QStringLiteral("localhost"), QStringLiteral("ca"),
            {QStringLiteral("DNS:localhost"), QStringLiteral("IP:127.0.0.1")}, error))
        return nullptr;
    m_certificates = std::move(made);
    return m_certificates.get();
}

bool MockUpstream::start(QString *error)
{
    QStringList arguments {QStringLiteral(BYTESPIKE_SOURCE_DIR "/tests/fixtures/mock-upstream/server.js"),
        QStringLiteral("--port"), QStringLiteral("0")};
    if (tls) {
        TestCertificates *pki = certificates(error);
        if (!pki)
            return false;
        arguments << QStringLiteral("--tls-cert") << pki->certificate(serve) << QStringLiteral("--tls-key")
                  << pki->key(serve);
    }
    m_process.setProgram(QStringLiteral("node"));
    m_process.setArguments(arguments);
    m_process.start();
    QDeadlineTimer deadline(15000);
    QByteArray out;
    while (!deadline.hasExpired()) {
        if (!m_process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())))) {
            if (m_process.state() != QProcess::Running)
                break;
            continue;
        }
        out += m_process.readAllStandardOutput();
        const qsizetype at = out.indexOf("listening on ");
        if (at >= 0 && out.indexOf('\n', at) > at) {
            if (const qsizetype control = out.indexOf("control on "); control >= 0)
                m_controlUrl = QString::fromUtf8(out.mid(control + 11, out.indexOf('\n', control) - control - 11));
            m_url = QString::fromUtf8(out.mid(at + 13, out.indexOf('\n', at) - at - 13)).trimmed();
            if (tls)
                mockAuthorities().insert(m_url, caFile());
            return true;
        }
    }
    *error
        = QStringLiteral("mock upstream did not start: ") + QString::fromUtf8(out + m_process.readAllStandardError());
    return false;
}

QJsonArray MockUpstream::requests()
{
    return m_http.get(controlUrl() + QStringLiteral("/_mock/requests"))
        .json()
        .value(QStringLiteral("requests"))
        .toArray();
}

void MockUpstream::clearRequests()
{
    m_http.send("DELETE", controlUrl() + QStringLiteral("/_mock/requests"));
}

void MockUpstream::queueFaults(const QStringList &faults)
{
    m_http.send("POST", controlUrl() + QStringLiteral("/_mock/faults"), {{"content-type", "application/json"}},
        QJsonDocument(QJsonObject {{QStringLiteral("faults"), QJsonArray::fromStringList(faults)}}).toJson());
}

void MockUpstream::stop()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(5000))
            m_process.kill();
        m_process.waitForFinished(2000);
    }
}

GatewayProcess::GatewayProcess()
    : env(cleanEnvironment())
    , m_adminToken("test-admin-" + QUuid::createUuid().toByteArray(QUuid::Id128))
{ }

QProcessEnvironment GatewayProcess::cleanEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("BYTESPIKE_ADMIN_TOKEN"));
    // The machine's proxies are not the test's: a test that wants one sets it.
    for (const char *name : {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "no_proxy", "NO_PROXY"})
        env.remove(QString::fromLatin1(name));
    return env;
}

GatewayProcess::~GatewayProcess()
{
    kill();
}

bool GatewayProcess::start(QString *error, int timeoutMs)
{
    // A test that wants the gateway to generate its own token sets the variable empty.
    if (!env.contains(QStringLiteral("BYTESPIKE_ADMIN_TOKEN")))
        env.insert(QStringLiteral("BYTESPIKE_ADMIN_TOKEN"), QString::fromLatin1(m_adminToken));
    if (!env.contains(QStringLiteral("BYTESPIKE_SIMULATOR_LATENCY_SCALE")))
        env.insert(QStringLiteral("BYTESPIKE_SIMULATOR_LATENCY_SCALE"), QStringLiteral("0"));
    // Tests inject upstream failures on purpose: the circuit breaker stays out of their way
    // unless a test sets its own threshold (tst_health does).
    if (!env.contains(QStringLiteral("BYTESPIKE_BREAKER_FAILURES")))
        env.insert(QStringLiteral("BYTESPIKE_BREAKER_FAILURES"), QStringLiteral("1000000"));
    m_process.setProcessEnvironment(env);
    m_process.setProgram(QStringLiteral(BYTESPIKE_GATEWAYD_PATH));
    if (m_database.isEmpty() && test::onPostgres()) {
        m_database = test::databaseLocation(m_dir, QString(), error);
        if (m_database.isEmpty())
            return false;
    }
    QStringList args {
        QStringLiteral("--data-dir"), m_dir.path(), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")};
    if (!m_database.isEmpty())
        args << QStringLiteral("--database") << m_database;
    args += extraArgs;
    m_process.setArguments(args);
    m_process.start();
    QDeadlineTimer deadline(timeoutMs);
    const bool wantAdmin = extraArgs.contains(QStringLiteral("--admin-listen"));
    while (!deadline.hasExpired()) {
        if (!m_process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())))) {
            if (m_process.state() != QProcess::Running)
                break;
            continue;
        }
        m_stdout += m_process.readAllStandardOutput();
        for (const QByteArray &line : m_stdout.split('\n')) {
            if (line.startsWith("listening on "))
                m_url = QString::fromUtf8(line.mid(13)).trimmed();
            if (line.startsWith("admin on "))
                m_adminUrl = QString::fromUtf8(line.mid(9)).trimmed();
        }
        if (!m_url.isEmpty() && (!wantAdmin || !m_adminUrl.isEmpty()))
            return true;
    }
    *error = QStringLiteral("gatewayd did not become ready: ") + QString::fromUtf8(stderrText());
    return false;
}

int GatewayProcess::terminate(int timeoutMs)
{
    if (m_process.state() == QProcess::NotRunning)
        return m_process.exitCode();
    ::kill(pid_t(m_process.processId()), SIGTERM);
    if (!m_process.waitForFinished(timeoutMs))
        return -1;
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

void GatewayProcess::kill()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QByteArray GatewayProcess::demoKey() const
{
    QFile file(m_dir.path() + QStringLiteral("/demo-key"));
    return file.open(QIODevice::ReadOnly) ? file.readAll().trimmed() : QByteArray();
}

QByteArray GatewayProcess::stderrText()
{
    m_stderr += m_process.readAllStandardError();
    return m_stderr;
}

bool GatewayProcess::ledgerClean(QByteArray *report) const
{
    QProcess audit;
    QStringList args {QStringLiteral("--data-dir"), dataDir(), QStringLiteral("--check-ledger")};
    if (!m_database.isEmpty())
        args << QStringLiteral("--database") << m_database;
    audit.start(QStringLiteral(BYTESPIKE_GATEWAYD_PATH), args);
    audit.waitForFinished(20000);
    *report = audit.readAllStandardOutput() + audit.readAllStandardError();
    return audit.exitStatus() == QProcess::NormalExit && audit.exitCode() == 0;
}

QList<QPair<QByteArray, QByteArray>> GatewayProcess::adminHeaders() const
{
    return {{"authorization", "Bearer " + m_adminToken}, {"content-type", "application/json"}};
}

QList<QPair<QByteArray, QByteArray>> GatewayProcess::customerHeaders(const QByteArray &key) const
{
    return {{"x-api-key", key.isEmpty() ? demoKey() : key}, {"anthropic-version", "2023-06-01"},
        {"content-type", "application/json"}};
}

QJsonObject GatewayProcess::addChannel(HttpClient &http, const QJsonObject &channel)
{
    const HttpResult r = http.send("POST", adminUrl() + QStringLiteral("/admin/channels"), adminHeaders(),
        QJsonDocument(channel).toJson(QJsonDocument::Compact));
    return r.status == 201 ? r.json() : QJsonObject();
}

QJsonObject mockChannel(
    const QString &name, const QString &mockUrl, const QList<QPair<QString, QString>> &models, int priority, int weight)
{
    QJsonArray list;
    for (const auto &m : models) {
        list.append(QJsonObject {{QStringLiteral("model"), m.first}, {QStringLiteral("upstream_model"), m.second},
            {QStringLiteral("input_micros_per_mtok"), 3000000}, {QStringLiteral("output_micros_per_mtok"), 15000000},
            {QStringLiteral("cache_write_micros_per_mtok"), 3750000},
            {QStringLiteral("cache_read_micros_per_mtok"), 300000}});
    }
    QJsonObject channel {{QStringLiteral("name"), name}, {QStringLiteral("protocol"), QStringLiteral("anthropic")},
        {QStringLiteral("base_url"), mockUrl}, {QStringLiteral("secret_ref"), QStringLiteral("env:MOCK_UPSTREAM_KEY")},
        {QStringLiteral("enabled"), true}, {QStringLiteral("priority"), priority}, {QStringLiteral("weight"), weight},
        {QStringLiteral("models"), list}};
    for (auto it = mockAuthorities().cbegin(); it != mockAuthorities().cend(); ++it) {
        if (mockUrl == it.key() || mockUrl.startsWith(it.key() + QLatin1Char('/')))
            channel.insert(QStringLiteral("ca_file"), it.value());
    }
    return channel;
}

StreamUsage streamUsage(const QList<SseEvent> &events)
{
    StreamUsage usage;
    for (const SseEvent &e : events) {
        if (e.event == "message_start")
            usage.input = e.data.value(QStringLiteral("message"))
                              .toObject()
                              .value(QStringLiteral("usage"))
                              .toObject()
                              .value(QStringLiteral("input_tokens"))
                              .toInteger();
        else if (e.event == "message_delta")
            usage.output
                = e.data.value(QStringLiteral("usage")).toObject().value(QStringLiteral("output_tokens")).toInteger();
    }
    return usage;
}

QString lastChannelId(HttpClient &http, GatewayProcess &gateway)
{
    return http.get(gateway.url() + QStringLiteral("/admin/channels"), gateway.adminHeaders())
        .json()
        .value(QStringLiteral("channels"))
        .toArray()
        .last()
        .toObject()
        .value(QStringLiteral("id"))
        .toString();
}

QString createCustomer(HttpClient &http, GatewayProcess &gateway, qint64 creditMicros, QByteArray *key)
{
    const QString id = http.send("POST", gateway.url() + QStringLiteral("/admin/customers"), gateway.adminHeaders(),
                               "{\"name\":\"test customer\"}")
                           .json()
                           .value(QStringLiteral("id"))
                           .toString();
    if (creditMicros > 0)
        http.send("POST", gateway.url() + QStringLiteral("/admin/customers/%1/credits").arg(id), gateway.adminHeaders(),
            QJsonDocument(QJsonObject {{QStringLiteral("amount_micros"), creditMicros}}).toJson());
    *key = http.send("POST", gateway.url() + QStringLiteral("/admin/customers/%1/keys").arg(id), gateway.adminHeaders(),
                   "{}")
               .json()
               .value(QStringLiteral("key"))
               .toString()
               .toLatin1();
    return id;
}

QJsonObject requestLogEntry(HttpClient &http, GatewayProcess &gateway, const QByteArray &requestId)
{
    // The row is written by the ledger writer after the response: polled until it is there, with
    // a deadline that only a lost row reaches.
    const QString url = gateway.url() + QStringLiteral("/admin/requests?request=") + QString::fromLatin1(requestId);
    QJsonObject row;
    (void)QTest::qWaitFor(
        [&] {
            const QJsonArray rows
                = http.get(url, gateway.adminHeaders()).json().value(QStringLiteral("requests")).toArray();
            row = rows.isEmpty() || requestId.isEmpty() ? QJsonObject() : rows.first().toObject();
            return !row.isEmpty() || requestId.isEmpty();
        },
        30000);
    return row;
}

QJsonObject customerStatement(HttpClient &http, GatewayProcess &gateway, const QString &customer, const QString &format)
{
    return http
        .get(gateway.url() + QStringLiteral("/admin/customers/%1/statement?format=%2").arg(customer, format),
            gateway.adminHeaders())
        .json();
}

QByteArray messagesBody(const QString &model, bool stream, const QJsonObject &extra)
{
    QJsonObject body {{QStringLiteral("model"), model}, {QStringLiteral("max_tokens"), 64},
        {QStringLiteral("stream"), stream},
        {QStringLiteral("messages"),
            QJsonArray {QJsonObject {{QStringLiteral("role"), QStringLiteral("user")},
                {QStringLiteral("content"), QStringLiteral("Hello there")}}}}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        body.insert(it.key(), it.value());
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

QList<SseEvent> sseEvents(const QByteArray &body)
{
    QList<SseEvent> events;
    for (const QByteArray &frame : body.split('\n')) {
        if (frame.startsWith("event: "))
            events.append({frame.mid(7).trimmed(), {}});
        else if (frame.startsWith("data: ") && !events.isEmpty())
            events.last().data = QJsonDocument::fromJson(frame.mid(6)).object();
    }
    return events;
}

bool startWithMockChannel(MockUpstream &mock, GatewayProcess &gateway, HttpClient &http, QString *error,
    const QList<QPair<QString, QString>> &models)
{
    return mock.start(error) && startOnMock(mock, gateway, http, error, models);
}

bool startOnMock(MockUpstream &mock, GatewayProcess &gateway, HttpClient &http, QString *error,
    const QList<QPair<QString, QString>> &models)
{
    gateway.env.insert(QStringLiteral("MOCK_UPSTREAM_KEY"), QStringLiteral("sk-mock-secret"));
    if (!gateway.start(error))
        return false;
    if (gateway.addChannel(http, mockChannel(QStringLiteral("mock"), mock.url(), models)).isEmpty()) {
        *error = QStringLiteral("could not create the mock channel");
        return false;
    }
    return true;
}

QByteArray runGatewayd(const QStringList &args, int *exitCode)
{
    QProcess p;
    p.start(QStringLiteral(BYTESPIKE_GATEWAYD_PATH), args);
    p.waitForFinished(30000);
    *exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return p.readAllStandardOutput() + p.readAllStandardError();
}

} // namespace bytespike::testing
