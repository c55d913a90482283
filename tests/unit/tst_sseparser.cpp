// SseParser against a plain reading of the SSE framing rules (docs/protocols.md#anthropic-sse): the same frames,
// byte for byte, however the stream is cut into chunks.
#include "wire/SseParser.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>

using namespace bytespike;

namespace {

// The reference: split into lines first (any of the three line ends), a frame ends at an empty
// line; fields read per line. Slow and obvious on purpose.
QList<SseParser::Frame> reference(const QByteArray &stream, QByteArray *rest)
{
    QList<SseParser::Frame> frames;
    qsizetype frameStart = 0;
    qsizetype pos = 0;
    SseParser::Frame frame;
    bool anyData = false;
    while (pos < stream.size()) {
        qsizetype eol = pos;
        while (eol < stream.size() && stream[eol] != '\n' && stream[eol] != '\r')
            ++eol;
        if (eol == stream.size())
            break; // an unfinished line
        qsizetype next = eol + 1;
        if (stream[eol] == '\r' && next < stream.size() && stream[next] == '\n')
            ++next;
        const QByteArray line = stream.mid(pos, eol - pos);
        if (line.isEmpty()) {
            if (pos > frameStart) {
                frame.raw = stream.mid(frameStart, next - frameStart);
                frames.append(frame);
            }
            frame = SseParser::Frame();
            anyData = false;
            frameStart = next;
        } else if (!line.startsWith(':')) {
            const qsizetype colon = line.indexOf(':');
            const QByteArray field = colon < 0 ? line : line.left(colon);
            QByteArray value = colon < 0 ? QByteArray() : line.mid(colon + 1);
            if (value.startsWith(' '))
                value.remove(0, 1);
            if (field == "event") {
                frame.event = value;
            } else if (field == "data") {
                if (anyData)
                    frame.data += '\n';
                frame.data += value;
                anyData = true;
            }
        }
        pos = next;
    }
    *rest = stream.mid(frameStart);
    return frames;
}

QByteArray randomStream(QRandomGenerator &rng)
{
    static const char *const kEnds[] = {"\n", "\r\n", "\r"};
    static const char *const kLines[] = {"event: message_start", "event:ping", "data: {\"type\":\"ping\"}",
        "data:", "data: a:b", "data:  two spaces", ": a comment", "id: 7", "retry: 100", "data", "event", "ddata: x",
        "data: {\"text\":\"\\u00e9t\\u00e9 \\\\n\"}", "data: \xc3\xa9\xe2\x82\xac"};
    QByteArray out;
    const int frames = 1 + int(rng.bounded(6));
    for (int f = 0; f < frames; ++f) {
        const char *end = kEnds[rng.bounded(rng.bounded(4) == 0 ? 3 : 1)]; // mostly "\n"
        const int lines = 1 + int(rng.bounded(4));
        for (int l = 0; l < lines; ++l)
            out += QByteArray(kLines[rng.bounded(int(std::size(kLines)))]) + end;
        out += end;
    }
    if (rng.bounded(3) == 0)
        out += "data: unfinished";
    return out;
}

} // namespace

class TestSseParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void oneFrame();
    void eachLineEnd_data();
    void eachLineEnd();
    void multiLineDataAndComments();
    void carriageReturnFromAnEarlierRead();
    void matchesTheReferenceHoweverCut();
    void loneCarriageReturnsCostOnePass();
};

void TestSseParser::oneFrame()
{
    SseParser parser;
    const QByteArray frame = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\"}\n\n";
    const QList<SseParser::Frame> frames = parser.feed(frame);
    QCOMPARE(frames.size(), 1);
    QCOMPARE(frames[0].raw, frame);
    QCOMPARE(frames[0].event, QByteArray("content_block_delta"));
    QCOMPARE(frames[0].data, QByteArray("{\"type\":\"content_block_delta\"}"));
    QVERIFY(!parser.hasPartialFrame());
}

void TestSseParser::eachLineEnd_data()
{
    QTest::addColumn<QByteArray>("end");
    QTest::newRow("LF") << QByteArray("\n");
    QTest::newRow("CRLF") << QByteArray("\r\n");
    QTest::newRow("CR") << QByteArray("\r");
}

void TestSseParser::eachLineEnd()
{
    QFETCH(QByteArray, end);
    const QByteArray first = "event: a" + end + "data: 1" + end + end;
    const QByteArray second = "data: 2" + end + "data: 3" + end + end;
    SseParser parser;
    // Byte by byte: a terminator may straddle any two chunks.
    QList<SseParser::Frame> frames;
    for (char c : QByteArray(first + second + "data: 4"))
        frames += parser.feed(QByteArray(1, c));
    QCOMPARE(frames.size(), 2);
    QCOMPARE(frames[0].raw, first);
    QCOMPARE(frames[0].event, QByteArray("a"));
    QCOMPARE(frames[0].data, QByteArray("1"));
    QCOMPARE(frames[1].raw, second);
    QCOMPARE(frames[1].event, QByteArray());
    QCOMPARE(frames[1].data, QByteArray("2\n3"));
    QVERIFY(parser.hasPartialFrame());
}

void TestSseParser::multiLineDataAndComments()
{
    SseParser parser;
    const QList<SseParser::Frame> frames
        = parser.feed(": keep-alive\n\nevent: x\n: note\ndata:a\ndata: b\ndata:  c\nevent: y\n\n");
    QCOMPARE(frames.size(), 2);
    QCOMPARE(frames[0].raw, QByteArray(": keep-alive\n\n"));
    QVERIFY(frames[0].event.isEmpty());
    QVERIFY(frames[0].data.isEmpty());
    QCOMPARE(frames[1].event, QByteArray("y")); // the last event: line wins
    QCOMPARE(frames[1].data, QByteArray("a\nb\n c")); // one leading space is dropped, not two
}

void TestSseParser::carriageReturnFromAnEarlierRead()
{
    // The second read holds no '\r', but the frame it ends does: its lines still end at it.
    SseParser parser;
    QVERIFY(parser.feed("event: a\rdata: 1").isEmpty());
    const QList<SseParser::Frame> frames = parser.feed("\n\nevent: b\ndata: 2\n\n");
    QCOMPARE(frames.size(), 2);
    QCOMPARE(frames[0].raw, QByteArray("event: a\rdata: 1\n\n"));
    QCOMPARE(frames[0].event, QByteArray("a"));
    QCOMPARE(frames[0].data, QByteArray("1"));
    QCOMPARE(frames[1].event, QByteArray("b"));
    QCOMPARE(frames[1].data, QByteArray("2"));
}

void TestSseParser::matchesTheReferenceHoweverCut()
{
    QRandomGenerator rng(20261130);
    for (int round = 0; round < 3000; ++round) {
        const QByteArray stream = randomStream(rng);
        QByteArray rest;
        const QList<SseParser::Frame> expected = reference(stream, &rest);
        SseParser parser;
        QList<SseParser::Frame> frames;
        qsizetype pos = 0;
        while (pos < stream.size()) {
            const qsizetype n = std::min<qsizetype>(stream.size() - pos, 1 + rng.bounded(rng.bounded(2) ? 8 : 200));
            frames += parser.feed(stream.mid(pos, n));
            pos += n;
        }
        QCOMPARE(frames.size(), expected.size());
        for (qsizetype i = 0; i < frames.size(); ++i) {
            QCOMPARE(frames[i].raw, expected[i].raw);
            QCOMPARE(frames[i].event, expected[i].event);
            QCOMPARE(frames[i].data, expected[i].data);
        }
        const bool pending = rest.contains("data") || rest.contains("event") || rest.contains(':') || rest.contains('i')
            || rest.contains('r');
        QCOMPARE(parser.hasPartialFrame(), pending);
    }
}

void TestSseParser::loneCarriageReturnsCostOnePass()
{
    // 8 MiB of "\rx" with one '\n' at the end: each '\r' once searched for the next '\n' to the
    // end of the buffer (some minutes here); one pass takes milliseconds. The bound only tells the
    // two apart.
    QByteArray hostile;
    for (int i = 0; i < 4 * 1024 * 1024; ++i)
        hostile.append("\rx", 2);
    hostile.append("\n\n", 2);
    SseParser parser;
    QElapsedTimer clock;
    clock.start();
    const QList<SseParser::Frame> frames = parser.feed(hostile);
    QVERIFY2(clock.elapsed() < 5000, qPrintable(QStringLiteral("%1 ms").arg(clock.elapsed())));
    QCOMPARE(frames.size(), 1);
    QVERIFY(!parser.hasPartialFrame());
}

QTEST_GUILESS_MAIN(TestSseParser)
#include "tst_sseparser.moc"
