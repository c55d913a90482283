#pragma once

// Shared fixtures for the integration tests: the real bytespike-gatewayd and the mock upstream
// as child processes on loopback, and a small HTTP client that waits without sleeping.

#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>

#include "TestCertificates.h"

#include <memory>

namespace bytespike::testing {

using Header = QPair<QByteArray, QByteArray>;

struct HttpResult
{
    int status = 0;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray header(const QByteArray &name) const;
    QJsonObject json() const;
};

class HttpClient
{
public:
    HttpClient();
    HttpResult send(const QByteArray &method, const QString &url,
        const QList<QPair<QByteArray, QByteArray>> &headers = {}, const QByteArray &body = {}, int timeoutMs = 20000);
    HttpResult get(const QString &url, const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        return send("GET", url, headers);
    }
    // Starts a request and returns the live reply for incremental reading (caller deletes).
    QNetworkReply *start(const QByteArray &method, const QString &url,
        const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &body);
    QNetworkAccessManager &manager() { return m_manager; }

private:
    QNetworkAccessManager m_manager;
};

// tests/fixtures/mock-upstream/server.js under node. With tls (on when the environment has
// BYTESPIKE_TEST_MOCK_TLS=1, as the *_tls tests do) it serves https:// with the certificate named
// serve from certificates(): a CA "ca" and a server certificate "localhost" (DNS:localhost,
// IP:127.0.0.1) made for it. Its CA is then put in the ca_file of every mockChannel() on its URL.
class MockUpstream
{
public:
    MockUpstream();
    ~MockUpstream();
    bool tls = false;
    QString serve = QStringLiteral("localhost");
    // The mock's certificate directory, made on first use (false with error when OpenSSL fails).
    TestCertificates *certificates(QString *error);
    QString caFile() const { return m_certificates ? m_certificates->certificate(QStringLiteral("ca")) : QString(); }

    bool start(QString *error);
    QString url() const { return m_url; }
    // Where its control routes (/_mock/...) are reached: plain http, also for a TLS mock, so that
    // the tests' own client never speaks TLS.
    QString controlUrl() const { return m_controlUrl.isEmpty() ? m_url : m_controlUrl; }
    QJsonArray requests();
    void clearRequests();
    void queueFaults(const QStringList &faults);
    void stop();

private:
    QProcess m_process;
    QString m_url;
    QString m_controlUrl;
    HttpClient m_http;
    QTemporaryDir m_certificateDir;
    std::unique_ptr<TestCertificates> m_certificates;
};

// bytespike-gatewayd with a fresh data dir and a known admin token.
class GatewayProcess
{
public:
    GatewayProcess();
    ~GatewayProcess();

    QStringList extraArgs;
    QProcessEnvironment env;

    bool start(QString *error, int timeoutMs = 20000);
    // SIGTERM, then wait for exit; returns the exit code (or -1 on timeout/crash).
    int terminate(int timeoutMs = 20000);
    void kill();

    QString url() const { return m_url; }
    QString adminUrl() const { return m_adminUrl.isEmpty() ? m_url : m_adminUrl; }
    QString dataDir() const { return m_dir.path(); }
    // The --database this gateway runs on: empty (SQLite in the data directory), or, in a test's
    // _postgres variant, a database of the test cluster made for this gateway at its first start.
    QString database() const { return m_database; }
    // Before the first start: run on this database (a PostgreSQL URI) instead of choosing one, and
    // take this admin token, so that several gateways can share one database and one token.
    void setDatabase(const QString &uri) { m_database = uri; }
    void setAdminToken(const QByteArray &token) { m_adminToken = token; }
    QByteArray adminToken() const { return m_adminToken; }
    QByteArray demoKey() const;
    QByteArray stderrText();
    QByteArray stdoutText() const { return m_stdout; }
    QProcess &process() { return m_process; }

    // Runs `bytespike-gatewayd --check-ledger` on this gateway's database (the auditor, and on
    // SQLite integrity_check); true when clean, with its output in report.
    bool ledgerClean(QByteArray *report) const;

    QList<QPair<QByteArray, QByteArray>> adminHeaders() const;
    QList<QPair<QByteArray, QByteArray>> customerHeaders(const QByteArray &key = {}) const;
    // POST /admin/channels; returns the created channel (or an empty object).
    QJsonObject addChannel(HttpClient &http, const QJsonObject &channel);

private:
    static QProcessEnvironment cleanEnvironment();

    QTemporaryDir m_dir;
    QString m_database;
    QProcess m_process;
    QString m_url;
    QString m_adminUrl;
    QByteArray m_adminToken;
    QByteArray m_stdout;
    QByteArray m_stderr;
};

// A channel JSON for the mock upstream, serving the given public -> upstream model pairs.
QJsonObject mockChannel(const QString &name, const QString &mockUrl, const QList<QPair<QString, QString>> &models,
    int priority = 0, int weight = 1);

// A minimal Messages request body.
QByteArray messagesBody(const QString &model, bool stream = false, const QJsonObject &extra = {});

// The SSE frames of a response body as (event name, data JSON) pairs, in order.
struct SseEvent
{
    QByteArray event;
    QJsonObject data;
};
QList<SseEvent> sseEvents(const QByteArray &body);

// The usage a client sees in an Anthropic event stream: message_start's input tokens and the
// last message_delta's output tokens.
struct StreamUsage
{
    qint64 input = 0;
    qint64 output = 0;
};
StreamUsage streamUsage(const QList<SseEvent> &events);

// The id of the channel created last (GET /admin/channels lists in creation order).
QString lastChannelId(HttpClient &http, GatewayProcess &gateway);

// A new customer with creditMicros of credit and one key (returned in key); its id.
QString createCustomer(HttpClient &http, GatewayProcess &gateway, qint64 creditMicros, QByteArray *key);
// The request log row of requestId; written just after the response, so polled briefly.
QJsonObject requestLogEntry(HttpClient &http, GatewayProcess &gateway, const QByteArray &requestId);
// GET /admin/customers/{id}/statement in the given format (json is parsed).
QJsonObject customerStatement(
    HttpClient &http, GatewayProcess &gateway, const QString &customer, const QString &format = QStringLiteral("json"));

// Starts the mock and a gateway with one anthropic channel on it serving `model` as
// `upstream`; the gateway gets MOCK_UPSTREAM_KEY=sk-mock-secret. QVERIFY-style: returns false
// with a message in error.
bool startWithMockChannel(MockUpstream &mock, GatewayProcess &gateway, HttpClient &http, QString *error,
    const QList<QPair<QString, QString>> &models = {{QStringLiteral("claude-mock"), QStringLiteral("mock-model")}});
// Runs bytespike-gatewayd with args to its end (a one-shot flag, or a start that fails): its
// standard output and error, with the exit code in *exitCode (-1 when it crashed or hung).
QByteArray runGatewayd(const QStringList &args, int *exitCode);
// The same with a mock that already runs (a second gateway in a test).
bool startOnMock(MockUpstream &mock, GatewayProcess &gateway, HttpClient &http, QString *error,
    const QList<QPair<QString, QString>> &models = {{QStringLiteral("claude-mock"), QStringLiteral("mock-model")}});

// POSTs body to url count times at once, each request on a connection of its own, and waits up to
// timeoutMs for every answer (an unfinished one is aborted, status 0).
QList<HttpResult> burst(
    const QString &url, const QList<Header> &headers, const QByteArray &body, int count, int timeoutMs = 60000);

} // namespace bytespike::testing
