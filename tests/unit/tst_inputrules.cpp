// The admin API's input rules (InputRules): ids keep [A-Za-z0-9][A-Za-z0-9._-]{0,63}; names and
// model names refuse every control character and keep their byte limits exactly; integers at or
// beyond 2^53 are refused, never rounded.
#include "protocol/InputRules.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace bytespike;

class TestInputRules : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void ids_data();
    void ids();
    void names_data();
    void names();
    void integers_data();
    void integers();
};

void TestInputRules::ids_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("valid");
    QTest::newRow("one letter") << QStringLiteral("a") << true;
    QTest::newRow("one digit") << QStringLiteral("7") << true;
    QTest::newRow("generated") << QStringLiteral("ch_0123abcd") << true;
    QTest::newRow("every allowed character") << QStringLiteral("Az09._-") << true;
    QTest::newRow("64 characters") << QString(64, QLatin1Char('x')) << true;
    QTest::newRow("65 characters") << QString(65, QLatin1Char('x')) << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("starts with a dot") << QStringLiteral(".hidden") << false;
    QTest::newRow("starts with a dash") << QStringLiteral("-x") << false;
    QTest::newRow("starts with an underscore") << QStringLiteral("_x") << false;
    QTest::newRow("dot dot") << QStringLiteral("..") << false;
    QTest::newRow("a path") << QStringLiteral("../x/y") << false;
    QTest::newRow("a slash") << QStringLiteral("a/b") << false;
    QTest::newRow("a space") << QStringLiteral("a b") << false;
    QTest::newRow("a percent sign") << QStringLiteral("a%2Fb") << false;
    QTest::newRow("not ASCII") << QStringLiteral("caf\u00e9") << false;
    QTest::newRow("a line feed") << QStringLiteral("a\nb") << false;
}

void TestInputRules::ids()
{
    QFETCH(QString, id);
    QFETCH(bool, valid);
    QCOMPARE(InputRules::isId(id), valid);
    const QString message = InputRules::checkId(QStringLiteral("id"), id);
    QCOMPARE(message.isEmpty(), valid);
    if (!valid)
        QCOMPARE(message,
            QStringLiteral("id must be 1 to 64 characters of A-Z a-z 0-9 . _ -, starting with a letter or digit"));
}

void TestInputRules::names_data()
{
    // A text of exactly `bytes` UTF-8 bytes, of two-byte characters where it can be.
    const auto ofBytes = [](int bytes) {
        QString text(bytes / 2, QChar(0xE9));
        if (bytes % 2)
            text += QLatin1Char('x');
        return text;
    };
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("model"); // acceptable as a model name (128 bytes, printable)
    QTest::addColumn<bool>("name"); // acceptable as a name or memo (256 bytes, no controls)
    QTest::newRow("plain") << QStringLiteral("claude-sonnet-4") << true << true;
    QTest::newRow("spaces and punctuation") << QStringLiteral("Acme, Inc. (EU) = 100%") << true << true;
    QTest::newRow("not ASCII") << QStringLiteral("\u6f22\u5b57 caf\u00e9 \U0001F600") << true << true;
    QTest::newRow("empty") << QString() << true << true; // emptiness is the caller's rule
    QTest::newRow("CR") << QStringLiteral("a\rb") << false << false;
    QTest::newRow("LF") << QStringLiteral("a\nb") << false << false;
    QTest::newRow("CR LF at the end") << QStringLiteral("ab\r\n") << false << false;
    QTest::newRow("NUL") << QString(QStringLiteral("a")) + QChar(0) + QStringLiteral("b") << false << false;
    QTest::newRow("TAB") << QStringLiteral("a\tb") << false << false;
    QTest::newRow("ESC") << QStringLiteral("a\x1b[31mb") << false << false;
    QTest::newRow("DEL") << QStringLiteral("a\x7f") << false << false;
    QTest::newRow("C1 NEL U+0085") << QStringLiteral("a\u0085b") << false << false;
    QTest::newRow("C1 U+009F") << QStringLiteral("a\u009fb") << false << false;
    QTest::newRow("U+00A0 is printable") << QStringLiteral("a\u00a0b") << true << true;
    QTest::newRow("line separator U+2028") << QStringLiteral("a\u2028b") << false << false;
    QTest::newRow("paragraph separator U+2029") << QStringLiteral("a\u2029b") << false << false;
    QTest::newRow("lone high surrogate") << QStringLiteral("a") + QChar(0xD800) << false << false;
    QTest::newRow("lone low surrogate") << QString(QChar(0xDC00)) + QStringLiteral("a") << false << false;
    QTest::newRow("128 bytes, ASCII") << QString(128, QLatin1Char('m')) << true << true;
    QTest::newRow("128 bytes, two-byte characters") << ofBytes(128) << true << true;
    QTest::newRow("129 bytes, ASCII") << QString(129, QLatin1Char('m')) << false << true;
    QTest::newRow("129 bytes, one over by a character") << ofBytes(127) + QChar(0xE9) << false << true;
    QTest::newRow("128 bytes of four-byte characters")
        << QString(QStringLiteral("\U0001F600")).repeated(32) << true << true;
    QTest::newRow("256 bytes") << ofBytes(256) << false << true;
    QTest::newRow("257 bytes") << ofBytes(256) + QLatin1Char('x') << false << false;
    QTest::newRow("257 bytes, a three-byte character across the limit")
        << QString(254, QLatin1Char('n')) + QStringLiteral("\u6f22") << false << false;
}

void TestInputRules::names()
{
    QFETCH(QString, text);
    QFETCH(bool, model);
    QFETCH(bool, name);
    const QString modelError = InputRules::checkModel(QStringLiteral("models[0].model"), text);
    QCOMPARE(modelError.isEmpty(), model);
    if (!model)
        QCOMPARE(modelError, QStringLiteral("models[0].model must be at most 128 bytes of printable text"));
    const QString nameError = InputRules::checkName(QStringLiteral("memo"), text);
    QCOMPARE(nameError.isEmpty(), name);
    if (!name)
        QCOMPARE(nameError,
            QStringLiteral("memo must be at most 256 bytes of text without control characters or line breaks"));
    if (!InputRules::hasControl(text))
        QCOMPARE(InputRules::utf8Size(text), text.toUtf8().size());
}

void TestInputRules::integers_data()
{
    QTest::addColumn<QByteArray>("json"); // the number as a client sends it
    QTest::addColumn<int>("outcome");
    QTest::addColumn<qint64>("value");
    using I = InputRules::Integer;
    QTest::newRow("zero") << QByteArray("0") << int(I::Ok) << qint64(0);
    QTest::newRow("negative") << QByteArray("-42") << int(I::Ok) << qint64(-42);
    QTest::newRow("2^53 - 1") << QByteArray("9007199254740991") << int(I::Ok) << qint64(9007199254740991);
    QTest::newRow("-(2^53 - 1)") << QByteArray("-9007199254740991") << int(I::Ok) << qint64(-9007199254740991);
    QTest::newRow("2^53") << QByteArray("9007199254740992") << int(I::TooLarge) << qint64(0);
    QTest::newRow("2^53 + 1, which a double reads as 2^53")
        << QByteArray("9007199254740993") << int(I::TooLarge) << qint64(0);
    QTest::newRow("-2^53") << QByteArray("-9007199254740992") << int(I::TooLarge) << qint64(0);
    QTest::newRow("2^63") << QByteArray("9223372036854775808") << int(I::TooLarge) << qint64(0);
    QTest::newRow("1e300") << QByteArray("1e300") << int(I::TooLarge) << qint64(0);
    QTest::newRow("fraction") << QByteArray("1.5") << int(I::Fractional) << qint64(0);
    QTest::newRow("a string") << QByteArray("\"5\"") << int(I::NotANumber) << qint64(0);
    QTest::newRow("null") << QByteArray("null") << int(I::NotANumber) << qint64(0);
}

void TestInputRules::integers()
{
    QFETCH(QByteArray, json);
    QFETCH(int, outcome);
    QFETCH(qint64, value);
    const QJsonValue parsed = QJsonDocument::fromJson("{\"n\":" + json + "}").object().value(QStringLiteral("n"));
    qint64 read = 0;
    QCOMPARE(int(InputRules::readInteger(parsed, &read)), outcome);
    if (outcome == int(InputRules::Integer::Ok))
        QCOMPARE(read, value);
    if (outcome == int(InputRules::Integer::TooLarge))
        QVERIFY(InputRules::integerError(QStringLiteral("amount_micros"), InputRules::Integer::TooLarge)
                    .startsWith(QLatin1String("amount_micros must be an integer of magnitude below 2^53")));
}

QTEST_GUILESS_MAIN(TestInputRules)
#include "tst_inputrules.moc"
