// RequestParser: the request head as Boost.Beast reads it, and the Content-Length the listener
// acts on when a body is over the limit (it reads and drops a declared length, then answers 413).
// The declared length must be the one Beast frames the body by, or -1 when there is no single one.
#include "http/RequestParser.h"

#include <QTest>

using namespace bytespike;

class TestRequestParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void declaredLength_data();
    void declaredLength();
    void fieldsAreKeptInOrder();
};

namespace {

// Feeds a whole head; returns the parser (Beast's verdict in *error).
std::unique_ptr<RequestParser> parseHead(const QByteArray &head, boost::beast::error_code *error)
{
    auto parser = std::make_unique<RequestParser>(16);
    parser->put(boost::asio::const_buffer(head.constData(), std::size_t(head.size())), *error);
    return parser;
}

} // namespace

void TestRequestParser::declaredLength_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("declared");
    QTest::newRow("digits") << QByteArray("1234") << qint64(1234);
    QTest::newRow("zero") << QByteArray("0") << qint64(0);
    QTest::newRow("leading zeros") << QByteArray("0042") << qint64(42);
    QTest::newRow("over the body limit") << QByteArray("1048576") << qint64(1048576);
    QTest::newRow("a list of one length") << QByteArray("8, 8") << qint64(8);
    QTest::newRow("a list without spaces") << QByteArray("8,8,8") << qint64(8);
    QTest::newRow("a list of two lengths") << QByteArray("8, 9") << qint64(-1);
    QTest::newRow("beyond 64 bits") << QByteArray("99999999999999999999") << qint64(-1);
    QTest::newRow("a sign") << QByteArray("-5") << qint64(-1);
}

void TestRequestParser::declaredLength()
{
    QFETCH(QByteArray, value);
    QFETCH(qint64, declared);
    boost::beast::error_code error;
    const auto parser
        = parseHead("POST /v1/messages HTTP/1.1\r\nHost: a\r\nContent-Length: " + value + "\r\n\r\n", &error);
    if (declared < 0) {
        QVERIFY(error); // Beast refuses a head it cannot frame
        return;
    }
    QCOMPARE(parser->declaredLength, declared);
}

void TestRequestParser::fieldsAreKeptInOrder()
{
    // Many fields (more than the block reserved for a usual head): names lower-cased, values
    // intact, the first of a repeated name found.
    QByteArray head = "POST /v1/messages HTTP/1.1\r\nHost: example\r\nContent-Length: 2\r\n";
    for (int i = 0; i < 60; ++i)
        head += "X-Field-" + QByteArray::number(i) + ": value " + QByteArray(i, 'v') + "\r\n";
    head += "x-field-3: second\r\n\r\n";
    boost::beast::error_code error;
    const auto parser = parseHead(head, &error);
    QVERIFY(!error || error == boost::beast::http::error::need_more);
    QVERIFY(parser->headDone);
    QCOMPARE(parser->head.fields.size(), 63);
    QCOMPARE(parser->head.value("host"), QByteArray("example"));
    QCOMPARE(parser->head.value("x-field-3"), QByteArray("value vvv"));
    QCOMPARE(parser->head.value("x-field-59"), "value " + QByteArray(59, 'v'));
    QCOMPARE(parser->declaredLength, qint64(2));
    QCOMPARE(parser->head.method, QByteArray("POST"));
    QCOMPARE(parser->head.target, QByteArray("/v1/messages"));
}

QTEST_GUILESS_MAIN(TestRequestParser)
#include "tst_requestparser.moc"
