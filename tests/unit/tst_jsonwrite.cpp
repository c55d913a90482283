// JsonWrite against QJsonDocument: the same bytes for every string, including control
// characters, quotes, non-ASCII, pairs and lone surrogates.
#include "protocol/JsonWrite.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTest>

using namespace bytespike;

namespace {

QByteArray reference(const QString &s)
{
    const QByteArray array = QJsonDocument(QJsonArray {s}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

} // namespace

class TestJsonWrite : public QObject
{
    Q_OBJECT

private slots:
    void fixedCases()
    {
        const QList<QString> cases {QString(), QStringLiteral("plain"), QStringLiteral("\"quoted\" \\ /"),
            QStringLiteral("\b\f\n\r\t"), QString(QChar(0)) + QChar(0x1f) + QChar(0x7f),
            QStringLiteral("caf\u00e9 \u20ac \u2028 \uffff \ufffe"), QString::fromUtf8("\xf0\x9f\x98\x80 emoji"),
            QString(QChar(0xd800)), QString(QChar(0xdc00)) + QStringLiteral("x"),
            QString(QChar(0xd83d)) + QChar(0xd83d) + QChar(0xde00)};
        for (const QString &s : cases)
            QCOMPARE(JsonWrite::string(s), reference(s));
    }

    void randomStrings()
    {
        // Units drawn from every class the writer tells apart.
        const char16_t pool[] = {0, 8, 9, 10, 12, 13, 0x1f, ' ', '"', '\\', '/', 'a', 0x7f, 0x80, 0x7ff, 0x800, 0xd7ff,
            0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000, 0xfdd0, 0xfffe, 0xffff};
        QRandomGenerator rng(42);
        for (int i = 0; i < 20000; ++i) {
            QString s;
            const int length = int(rng.bounded(12));
            for (int j = 0; j < length; ++j)
                s.append(QChar(pool[rng.bounded(int(std::size(pool)))]));
            QCOMPARE(JsonWrite::string(s), reference(s));
        }
    }

    // A scanned string's contents written back: every \u escape of the Basic Multilingual Plane
    // but the surrogates (which JsonScanner leaves to QJsonDocument), and the short escapes.
    void scannedTextAsQJsonDocumentWritesIt()
    {
        for (char32_t cp = 0; cp <= 0xFFFF; ++cp) {
            if (cp >= 0xD800 && cp <= 0xDFFF)
                continue;
            const QByteArray raw = "a\\u" + QByteArray::number(uint(cp), 16).rightJustified(4, '0') + "z";
            QByteArray written;
            JsonWrite::appendScannedText(written, raw, true);
            const QByteArray array = QJsonDocument::fromJson("[\"" + raw + "\"]").toJson(QJsonDocument::Compact);
            QCOMPARE(written, array.mid(2, array.size() - 4));
        }
        const QByteArray shortEscapes = R"(\" \\ \/ \b \f \n \r \t plain é)";
        QByteArray written;
        JsonWrite::appendScannedText(written, shortEscapes, true);
        const QByteArray array = QJsonDocument::fromJson("[\"" + shortEscapes + "\"]").toJson(QJsonDocument::Compact);
        QCOMPARE(written, array.mid(2, array.size() - 4));
    }

    void integers()
    {
        QList<qint64> cases {0, 1, -1, 9, 10, -10, 99, 100, 123456789, -987654321, 999999999999999, -999999999999999,
            qint64(1) << 53, -(qint64(1) << 53)};
        QRandomGenerator rng(5);
        for (int i = 0; i < 1000; ++i)
            cases << qint64(rng.generate64() % ((quint64(1) << 54) + 1)) - (qint64(1) << 53);
        for (const qint64 n : cases) {
            QByteArray out("x");
            JsonWrite::appendInteger(out, n);
            const QByteArray array = QJsonDocument(QJsonArray {n}).toJson(QJsonDocument::Compact);
            QCOMPARE(out, "x" + array.mid(1, array.size() - 2));
        }
    }

    void appendsAfterExistingBytes()
    {
        QByteArray out("prefix:");
        JsonWrite::appendString(out, QStringLiteral("a\nb"));
        QCOMPARE(out, QByteArray("prefix:\"a\\nb\""));
    }
};

QTEST_GUILESS_MAIN(TestJsonWrite)
#include "tst_jsonwrite.moc"
