// fitsOneHeaderLine: no CR, LF or NUL anywhere in a header name or value, whatever its length and
// wherever the byte sits (the check looks at eight bytes at a time, then at each of them).
#include "wire/HeaderText.h"

#include <QTest>

using namespace bytespike;

class TestHeaderText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyPositionAndLength();
    void otherBytesAreAllowed();
};

void TestHeaderText::everyPositionAndLength()
{
    QVERIFY(fitsOneHeaderLine(QByteArrayView()));
    for (int length = 1; length <= 40; ++length) {
        const QByteArray clean(length, 'a');
        QVERIFY(fitsOneHeaderLine(clean));
        for (int at = 0; at < length; ++at) {
            for (const char bad : {'\r', '\n', '\0'}) {
                QByteArray text = clean;
                text[at] = bad;
                QVERIFY2(!fitsOneHeaderLine(text),
                    qPrintable(QStringLiteral("length %1, byte %2 at %3").arg(length).arg(int(bad)).arg(at)));
            }
        }
    }
}

void TestHeaderText::otherBytesAreAllowed()
{
    // Every other byte, the tab and the bytes of UTF-8 sequences among them, passes: 253 values,
    // in a text long enough for the eight-byte steps and a tail.
    QByteArray text;
    for (int b = 1; b < 256; ++b) {
        if (b != '\r' && b != '\n')
            text.append(char(b));
    }
    QCOMPARE(text.size(), 253);
    QVERIFY(fitsOneHeaderLine(text));
}

QTEST_GUILESS_MAIN(TestHeaderText)
#include "tst_headertext.moc"
