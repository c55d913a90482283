// The relay stage of a Messages request (service/AnswerRelay), without sockets: an in-process
// HttpExchange takes what the relay writes. Given an upstream's frames or body, what reaches the
// client, how the attempt ends (go on, fail over, delivered, ended in band) and what the request
// is billed: message_stop seen, a refusal, an error event, a truncated stream.
#include "http/HttpExchange.h"
#include "service/AnswerRelay.h"

#include <QTest>
#include <QTimerEvent>

using namespace bytespike;

namespace {

using Kind = RelayOutcome::Kind;

// The relay's owner: its timers fire here and are handed to the relay.
class Owner : public QObject
{
public:
    AnswerRelay *relay = nullptr;
    QList<RelayOutcome> timerOutcomes;

protected:
    void timerEvent(QTimerEvent *event) override
    {
        if (std::optional<RelayOutcome> outcome = relay->timerFired(event->timerId()))
            timerOutcomes.append(*outcome);
    }
};

QByteArray frame(const char *event, const QByteArray &data)
{
    return QByteArray("event: ") + event + "\ndata: " + data + "\n\n";
}

const QByteArray kStart = frame("message_start",
    R"({"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],)"
    R"("model":"m","usage":{"input_tokens":10,"output_tokens":1}}})");
const QByteArray kBlock = frame(
    "content_block_start", R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})");
const QByteArray kDelta = frame(
    "content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}})");
const QByteArray kBlockStop = frame("content_block_stop", R"({"type":"content_block_stop","index":0})");
const QByteArray kEndTurn = frame(
    "message_delta", R"({"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":5}})");
const QByteArray kRefusal = frame(
    "message_delta", R"({"type":"message_delta","delta":{"stop_reason":"refusal"},"usage":{"output_tokens":5}})");
const QByteArray kNoUsage = frame("message_delta", R"({"type":"message_delta","delta":{"stop_reason":"end_turn"}})");
const QByteArray kStop = frame("message_stop", R"({"type":"message_stop"})");
const QByteArray kError = frame(
    "error", R"({"type":"error","error":{"type":"overloaded_error","message":"account acct-secret-7 is over quota"}})");

// One relay on an in-process exchange, and everything the client got.
struct Rig
{
    Owner owner;
    HttpExchange http {"POST", QStringLiteral("/v1/messages"), {}, {}};
    ClientEncoder encoder;
    QElapsedTimer clock;
    HeaderPairs rateHeaders {{"bytespike-endpoint", "ch/m"}};
    ChannelRuntime channel;
    std::unique_ptr<RoutingSnapshot> snapshot;
    MessagesRequest request;
    std::unique_ptr<AnswerRelay> relay;
    int status = 0;
    HeaderPairs head;
    QByteArray written;
    bool ended = false;

    explicit Rig(bool stream, ClientEncoder clientEncoder = AnthropicEncoder("req_1"), int pingMs = 10000,
        qsizetype maxAnswerBytes = 1 << 20)
        : encoder(std::move(clientEncoder))
    {
        clock.start();
        const QByteArray body = QByteArray(R"({"model":"m","max_tokens":100,"stream":)") + (stream ? "true" : "false")
            + R"(,"messages":[{"role":"user","content":"hello there"}]})";
        if (MessagesRequest::parse(body, MessagesRequest::Endpoint::Messages, &request).isError())
            qFatal("bad request body");
        channel.channel.id = QStringLiteral("ch");
        ModelRoute route;
        route.model = QStringLiteral("m");
        route.inputMicrosPerMtok = 1000000;
        route.outputMicrosPerMtok = 2000000;
        channel.channel.models = {route};
        snapshot = std::make_unique<RoutingSnapshot>(QList<ChannelRuntime> {channel});
        const ChannelRuntime &c = snapshot->channels().first();
        relay = std::make_unique<AnswerRelay>(
            &owner, &http, encoder, clock, rateHeaders, AnswerRelay::Settings {pingMs, maxAnswerBytes});
        owner.relay = relay.get();
        relay->setRequest(&request, false);
        relay->setHold(1, 100000);
        relay->reset(Endpoint(&c, &c.channel.models.first()));
        relay->attach(nullptr, AnthropicDecoder());
        QObject::connect(&http, &HttpExchange::localHead, &owner, [this](int s, const HeaderPairs &h) {
            status = s;
            head = h;
        });
        QObject::connect(&http, &HttpExchange::localData, &owner, [this](const QByteArray &d) { written += d; });
        QObject::connect(&http, &HttpExchange::localEnd, &owner, [this](bool) { ended = true; });
    }

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &h : head) {
            if (h.first == name)
                return h.second;
        }
        return {};
    }

    // The upstream answers status with these reads, then ends ("finished") or fails.
    RelayOutcome run(
        int upstreamStatus, const QList<QByteArray> &reads, const QString &end = QStringLiteral("finished"))
    {
        relay->responseStarted(upstreamStatus, {{"request-id", "up_1"}, {"x-internal", "no"}});
        for (const QByteArray &read : reads) {
            RelayOutcome outcome = relay->bodyData(read);
            if (outcome.kind != Kind::Continue)
                return outcome;
        }
        if (end == QLatin1String("idle"))
            return relay->failed(UpstreamFailure::IdleTimeout, QStringLiteral("120000 ms"));
        if (end == QLatin1String("dropped"))
            return relay->failed(UpstreamFailure::Dropped, QStringLiteral("reset"));
        return relay->finished();
    }
};

} // namespace

class TestAnswerRelay : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void stream_data();
    void stream();
    void streamCutAnywhereIsVerbatim();
    void whole_data();
    void whole();
    void openAiClientStream();
    void openAiChannelStream();
    void silentStreamGetsPings();
};

void TestAnswerRelay::stream_data()
{
    QTest::addColumn<QList<QByteArray>>("reads");
    QTest::addColumn<QString>("end");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("reason"); // the outcome's: a failover's, or the ending's not-billed reason
    QTest::addColumn<bool>("billable");
    QTest::addColumn<QString>("billingReason");
    QTest::addColumn<bool>("estimated");
    QTest::addColumn<QByteArray>("lastWords"); // what the client's stream ends with ("": nothing sent)
    const QByteArray whole = kStart + kBlock + kDelta + kBlockStop + kEndTurn + kStop;
    QTest::newRow("message_stop seen") << QList<QByteArray> {kStart + kBlock, kDelta, kBlockStop + kEndTurn + kStop}
                                       << QStringLiteral("finished") << int(Kind::Delivered) << QString() << true
                                       << QString() << false << kStop;
    QTest::newRow("whole answer in one read")
        << QList<QByteArray> {whole} << QStringLiteral("finished") << int(Kind::Delivered) << QString() << true
        << QString() << false << kStop;
    QTest::newRow("refusal") << QList<QByteArray> {kStart + kBlock + kDelta, kBlockStop + kRefusal + kStop}
                             << QStringLiteral("finished") << int(Kind::Delivered) << QString() << false
                             << QStringLiteral("refusal") << false << kStop;
    QTest::newRow("no usage: estimated") << QList<QByteArray> {frame("message_start",
                                                                   R"({"type":"message_start","message":{"usage":{}}})")
        + kBlock + kDelta + kBlockStop + kNoUsage + kStop}
                                         << QStringLiteral("finished") << int(Kind::Delivered) << QString() << true
                                         << QString() << true << kStop;
    const QString errorReason = QStringLiteral("upstream error event mid-stream: account acct-secret-7 is over quota");
    QTest::newRow("error event") << QList<QByteArray> {kStart + kBlock, kDelta + kError} << QStringLiteral("finished")
                                 << int(Kind::Ended) << errorReason << false << errorReason << false
                                 << QByteArray("the model provider reported an error during the answer");
    const QString truncated = QStringLiteral("upstream stream truncated");
    QTest::newRow("truncated") << QList<QByteArray> {kStart + kBlock, kDelta} << QStringLiteral("finished")
                               << int(Kind::Ended) << truncated << false << truncated << false
                               << QByteArray("upstream ended the stream before message_stop");
    QTest::newRow("cut inside a frame after message_stop")
        << QList<QByteArray> {kStart + kBlock + kDelta + kBlockStop + kEndTurn + kStop + "event: ping\nda"}
        << QStringLiteral("finished") << int(Kind::Ended) << truncated << false << truncated << false
        << QByteArray("upstream ended the stream before message_stop");
    const QString dropped = QStringLiteral("upstream dropped the connection mid-stream");
    QTest::newRow("dropped mid-stream") << QList<QByteArray> {kStart + kBlock + kDelta} << QStringLiteral("dropped")
                                        << int(Kind::Ended) << dropped << false << dropped << false
                                        << QByteArray("upstream connection lost mid-stream");
    const QString stalled = QStringLiteral("idle timeout mid-stream");
    QTest::newRow("stalled mid-stream") << QList<QByteArray> {kStart + kBlock + kDelta} << QStringLiteral("idle")
                                        << int(Kind::Ended) << stalled << false << stalled << false
                                        << QByteArray("upstream stalled mid-stream");
    const QString malformed = QStringLiteral("malformed upstream event");
    QTest::newRow("malformed mid-stream")
        << QList<QByteArray> {kStart + kBlock, kDelta + frame("content_block_delta", "{not json")}
        << QStringLiteral("finished") << int(Kind::Ended) << malformed << false << malformed << false
        << QByteArray("upstream sent a malformed event");
    QTest::newRow("malformed before the first byte")
        << QList<QByteArray> {kStart + frame("content_block_start", "{not json")} << QStringLiteral("finished")
        << int(Kind::Failover) << QStringLiteral("upstream sent a malformed event") << false << QString() << false
        << QByteArray();
    QTest::newRow("ended before any event")
        << QList<QByteArray>() << QStringLiteral("finished") << int(Kind::Failover)
        << QStringLiteral("upstream stream ended without any event") << false << QString() << false << QByteArray();
    QTest::newRow("dropped before the first byte")
        << QList<QByteArray> {QByteArray("event: message_start\ndata: {")} << QStringLiteral("dropped")
        << int(Kind::Failover) << QStringLiteral("upstream dropped the connection: reset") << false << QString()
        << false << QByteArray();
}

void TestAnswerRelay::stream()
{
    QFETCH(QList<QByteArray>, reads);
    QFETCH(QString, end);
    QFETCH(int, kind);
    QFETCH(QString, reason);
    QFETCH(bool, billable);
    QFETCH(QString, billingReason);
    QFETCH(bool, estimated);
    QFETCH(QByteArray, lastWords);
    Rig rig(true);
    const RelayOutcome outcome = rig.run(200, reads, end);
    QCOMPARE(int(outcome.kind), kind);
    const QString outcomeReason = outcome.kind == Kind::Failover ? outcome.failure.reason : outcome.reason;
    QCOMPARE(outcomeReason, reason);
    if (outcome.kind == Kind::Failover) {
        // Nothing reached the client: the next candidate can still be tried.
        QCOMPARE(rig.status, 0);
        QVERIFY(!rig.relay->committed());
        QVERIFY(lastWords.isEmpty());
        return;
    }
    if (outcome.kind == Kind::Ended)
        QCOMPARE(outcome.status, 200);
    // What the request is billed, once it ended that way with its hold.
    const AnswerRelay::Billing billing = rig.relay->billing(
        outcome.kind == Kind::Delivered ? QString() : outcomeReason, rig.http.responseFlushed(), true);
    QCOMPARE(billing.billable, billable);
    QCOMPARE(billing.reason, billingReason);
    if (billable) {
        bool wasEstimated = false;
        const TokenCounts tokens = rig.relay->billedTokens(&wasEstimated);
        QCOMPARE(wasEstimated, estimated);
        if (!estimated) {
            QCOMPARE(tokens.input, 10);
            QCOMPARE(tokens.output, 5);
        }
    }
    QCOMPARE(rig.status, 200);
    QVERIFY(rig.ended);
    QCOMPARE(rig.header("bytespike-endpoint"), QByteArray("ch/m"));
    QCOMPARE(rig.header("upstream-request-id"), QByteArray("up_1"));
    QCOMPARE(rig.header("x-internal"), QByteArray());
    QVERIFY2(rig.written.trimmed().endsWith(lastWords.trimmed()) || rig.written.contains(lastWords),
        rig.written.constData());
    QVERIFY(!rig.written.contains("acct-secret")); // the upstream's words stay in the request log
    if (outcome.kind == Kind::Delivered)
        QCOMPARE(rig.written, reads.join()); // relayed byte for byte
}

void TestAnswerRelay::streamCutAnywhereIsVerbatim()
{
    // However the upstream's reads cut the stream, the client gets its bytes unchanged.
    const QByteArray whole = kStart + kBlock + kDelta + kDelta + kBlockStop + kEndTurn
        + frame("future_event", R"({"type":"future_event","x":1})") + kStop;
    for (qsizetype step : {1, 7, 64, 1000}) {
        Rig rig(true);
        QList<QByteArray> reads;
        for (qsizetype at = 0; at < whole.size(); at += step)
            reads.append(whole.mid(at, step));
        QCOMPARE(int(rig.run(200, reads).kind), int(Kind::Delivered));
        QCOMPARE(rig.written, whole);
    }
}

void TestAnswerRelay::whole_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QByteArray>("cost"); // the bytespike-cost header ("": none)
    QTest::addColumn<bool>("billable");
    const QByteArray message = R"({"id":"msg_1","type":"message","role":"assistant","model":"m",)"
                               R"("content":[{"type":"text","text":"Hi"}],"stop_reason":"end_turn",)"
                               R"("usage":{"input_tokens":10,"output_tokens":20}})";
    QByteArray refusal = message;
    refusal.replace("end_turn", "refusal");
    // cost = ceil((10 x 1,000,000 + 20 x 2,000,000) / 1e6) = 50
    QTest::newRow("message") << 200 << message << int(Kind::Delivered) << QString() << QByteArray("50") << true;
    QTest::newRow("refusal") << 200 << refusal << int(Kind::Delivered) << QString() << QByteArray() << false;
    QTest::newRow("not json") << 200 << QByteArray("<html>") << int(Kind::Failover)
                              << QStringLiteral("upstream returned malformed JSON") << QByteArray() << false;
    QTest::newRow("failover status") << 503
                                     << QByteArray(R"({"type":"error","error":{"type":"api_error","message":"busy"}})")
                                     << int(Kind::Failover) << QStringLiteral("upstream HTTP 503: busy") << QByteArray()
                                     << false;
    QTest::newRow("client error relayed")
        << 400 << QByteArray(R"({"type":"error","error":{"type":"invalid_request_error","message":"bad"}})")
        << int(Kind::UpstreamError) << QStringLiteral("upstream error 400: bad") << QByteArray() << false;
    QTest::newRow("too large") << 200 << QByteArray(2000, ' ') << int(Kind::Failover)
                               << QStringLiteral("upstream response too large") << QByteArray() << false;
}

void TestAnswerRelay::whole()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(int, kind);
    QFETCH(QString, reason);
    QFETCH(QByteArray, cost);
    QFETCH(bool, billable);
    Rig rig(false, AnthropicEncoder("req_1"), 10000, 1000);
    // The body arrives in two reads.
    const RelayOutcome outcome = rig.run(status, {body.left(body.size() / 2), body.mid(body.size() / 2)});
    QCOMPARE(int(outcome.kind), kind);
    QCOMPARE(outcome.kind == Kind::Failover ? outcome.failure.reason : outcome.reason, reason);
    if (outcome.kind == Kind::Failover) {
        QCOMPARE(rig.status, 0);
        QCOMPARE(outcome.failure.failoverStatus, status >= 500);
        QCOMPARE(outcome.failure.answer.has_value(), status >= 500);
        if (outcome.failure.answer)
            QCOMPARE(outcome.failure.answer->status, status);
        return;
    }
    if (outcome.kind == Kind::UpstreamError) {
        QCOMPARE(rig.status, 0); // the exchange answers it, in the gateway's words
        QCOMPARE(outcome.answer.status, status);
        QCOMPARE(outcome.answer.headers, (HeaderPairs {{"upstream-request-id", "up_1"}}));
        return;
    }
    QCOMPARE(rig.status, status);
    QCOMPARE(rig.written, body); // verbatim
    QCOMPARE(rig.header("bytespike-cost"), cost);
    QCOMPARE(rig.relay->billing(QString(), rig.http.responseFlushed(), true).billable, billable);
}

void TestAnswerRelay::openAiClientStream()
{
    OpenAiEncoder encoder;
    encoder.setRequest(QStringLiteral("m"), true, false);
    Rig rig(true, std::move(encoder));
    const RelayOutcome outcome = rig.run(200, {kStart + kBlock + kDelta + kBlockStop + kEndTurn + kStop});
    QCOMPARE(int(outcome.kind), int(Kind::Delivered));
    QVERIFY(rig.written.startsWith("data: {"));
    QVERIFY(rig.written.contains(R"("content":"Hello")"));
    QVERIFY(rig.written.endsWith("data: [DONE]\n\n"));
    QVERIFY(!rig.written.contains("event:"));
    QVERIFY(rig.relay->billing(QString(), rig.http.responseFlushed(), true).billable);

    // An error event is an OpenAI error chunk, in the gateway's words.
    OpenAiEncoder second;
    second.setRequest(QStringLiteral("m"), false, false);
    Rig failing(true, std::move(second));
    QCOMPARE(int(failing.run(200, {kStart + kError}).kind), int(Kind::Ended));
    QVERIFY(failing.written.contains(R"(data: {"error":)"));
    QVERIFY(!failing.written.contains("acct-secret"));
    QVERIFY(!failing.written.contains("[DONE]"));
}

void TestAnswerRelay::openAiChannelStream()
{
    // An OpenAI channel's chunks reach an Anthropic client as canonical events.
    Rig rig(true);
    ChatAnswerOptions options;
    rig.relay->attach(nullptr, OpenAiDecoder(QStringLiteral("m"), options, 3));
    const QByteArray chunks
        = R"(data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":"Hi"}}]})"
          "\n\n"
          R"(data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})"
          "\n\n"
          R"(data: {"id":"c1","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":7,"completion_tokens":2}})"
          "\n\ndata: [DONE]\n\n";
    QCOMPARE(int(rig.run(200, {chunks}).kind), int(Kind::Delivered));
    QVERIFY(rig.written.startsWith("event: message_start\n"));
    QVERIFY(rig.written.endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"));
    bool estimated = true;
    const TokenCounts tokens = rig.relay->billedTokens(&estimated);
    QVERIFY(!estimated);
    QCOMPARE(tokens.input, 7);
    QCOMPARE(tokens.output, 2);
}

void TestAnswerRelay::silentStreamGetsPings()
{
    Rig silent(true, AnthropicEncoder("req_1"), 40);
    silent.relay->responseStarted(200, {});
    QCOMPARE(int(silent.relay->bodyData(kStart).kind), int(Kind::Continue));
    QTRY_VERIFY_WITH_TIMEOUT(silent.written.contains("event: ping\ndata: {\"type\":\"ping\"}\n\n"), 2000);
    QVERIFY(silent.owner.timerOutcomes.first().kind == Kind::Continue);
    // Once the request ended, no more pings.
    silent.relay->stop();
    const QByteArray before = silent.written;
    QTest::qWait(150);
    QCOMPARE(silent.written, before);
}

QTEST_GUILESS_MAIN(TestAnswerRelay)
#include "tst_answerrelay.moc"
