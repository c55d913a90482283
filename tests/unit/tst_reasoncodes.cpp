// The codes the admin API writes beside its free-text reasons (docs/api.md, "Reason codes"):
// every wording the gateway uses maps to its code, and a text it does not know still gets one.
#include "base/ReasonCodes.h"

#include <QTest>

using namespace bytespike;

class TestReasonCodes : public QObject
{
    Q_OBJECT
private slots:
    void notBilledReasons_data();
    void notBilledReasons();
    void attemptFailures_data();
    void attemptFailures();
    void unavailableChannels();
};

void TestReasonCodes::notBilledReasons_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("code");
    const auto row = [](const char *name, int status, const char *reason, const char *code) {
        QTest::newRow(name) << status << QString::fromUtf8(reason) << QString::fromUtf8(code);
    };
    row("billed", 200, "", "");
    row("refusal", 200, "refusal", "refusal");
    row("client gone", 499, "client disconnected", "client_disconnected");
    row("client gone before the start", 0, "the client left before the request started", "client_disconnected");
    row("count_tokens", 200, "count_tokens is not billed", "count_tokens");
    row("deadline", 529, "the request ran past its hold deadline", "hold_deadline");
    row("shutdown", 200, "the gateway is shutting down", "shutting_down");
    row("not in full", 200, "not delivered in full", "not_delivered");
    row("no hold", 200, "no hold", "no_hold");
    row("debit failed", 200, "debit failed: the hold was already resolved", "debit_failed");
    row("reaper", 0, "instance stopped before the request finished (reaper)", "gateway_stopped");
    row("start-up reaper", 0, "process ended before the request finished (start-up reaper)", "gateway_stopped");
    row("operator loss", 0, "delivered after its lease ended, and the balance no longer covered it (operator loss)",
        "operator_loss");
    row("upstream answer", 503, "upstream error 503: overloaded", "upstream_error");
    row("error event", 200, "upstream error event mid-stream: boom", "stream_interrupted");
    row("every channel", 529, "all channels failed: a/m: connect error: refused", "upstream_failed");
    row("malformed", 200, "malformed upstream event", "stream_interrupted");
    row("truncated", 200, "upstream stream truncated", "stream_interrupted");
    row("idle mid-stream", 200, "idle timeout mid-stream", "stream_interrupted");
    row("invalid", 400, "messages: field required", "invalid_request");
    row("too large", 413, "the body is larger than 32 MiB", "invalid_request");
    row("key", 401, "invalid x-api-key", "authentication");
    row("balance", 402, "insufficient balance", "insufficient_balance");
    row("not allowed", 403, "the key may not use this model", "not_allowed");
    row("no route", 404, "no channel serves the model", "no_route");
    row("slow client", 408, "the request head took too long", "client_timeout");
    row("rate", 429, "rate limit reached", "rate_limited");
    row("upstream timeout", 504, "first-byte timeout", "upstream_timeout");
    row("overloaded", 529, "too many requests in flight", "overloaded");
    row("other server error", 500, "the database refused the work", "upstream_failed");
    row("unknown words", 418, "teapot", "other");
    row("unknown hold reason", 0, "something new", "other");
}

void TestReasonCodes::notBilledReasons()
{
    QFETCH(int, status);
    QFETCH(QString, reason);
    QFETCH(QString, code);
    QCOMPARE(ReasonCodes::notBilled(status, reason), code);
}

void TestReasonCodes::attemptFailures_data()
{
    QTest::addColumn<QString>("failure");
    QTest::addColumn<QString>("code");
    const auto row = [](const char *failure, const char *code) {
        QTest::newRow(failure) << QString::fromUtf8(failure) << QString::fromUtf8(code);
    };
    row("", "");
    row("connect error: TLS certificate verify failed: certificate has expired", "tls_certificate");
    row("connect error: TLS error: the upstream ended the TLS session", "tls");
    row("connect error: the proxy refused the tunnel with HTTP 407 (proxy authentication required)", "proxy");
    row("upstream HTTP 503: overloaded", "upstream_status");
    row("first-byte timeout: no answer within 700 ms", "timeout");
    row("idle timeout: nothing for 30000 ms", "timeout");
    row("upstream dropped the connection: reset", "dropped");
    row("connect error: connection refused", "connect");
    row("something else", "other");
}

void TestReasonCodes::attemptFailures()
{
    QFETCH(QString, failure);
    QFETCH(QString, code);
    QCOMPARE(ReasonCodes::attemptFailure(failure), code);
}

void TestReasonCodes::unavailableChannels()
{
    QCOMPARE(ReasonCodes::unavailable(QString()), QString());
    QCOMPARE(ReasonCodes::unavailable(QStringLiteral("environment variable ACME_KEY is not set")),
        QStringLiteral("secret_unavailable"));
    QCOMPARE(ReasonCodes::unavailable(QStringLiteral("proxy_secret_ref: environment variable P is not set")),
        QStringLiteral("proxy_secret_unavailable"));
}

QTEST_GUILESS_MAIN(TestReasonCodes)
#include "tst_reasoncodes.moc"
