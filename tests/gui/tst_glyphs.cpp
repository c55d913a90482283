// Japanese and Chinese are drawn as glyphs, not as empty boxes: the console's own translated
// strings are laid out with the application's font (and the font fallback the package's CJK font
// dependency provides), and no character may map to glyph 0, the font's missing-glyph box.
#include "Language.h"

#include <QApplication>
#include <QGlyphRun>
#include <QLabel>
#include <QRawFont>
#include <QTest>
#include <QTextLayout>

using namespace bytespike;

class TestGlyphs : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void translatedTextHasGlyphs_data();
    void translatedTextHasGlyphs();
};

void TestGlyphs::translatedTextHasGlyphs_data()
{
    QTest::addColumn<QString>("locale");
    QTest::newRow("Japanese") << QStringLiteral("ja");
    QTest::newRow("Simplified Chinese") << QStringLiteral("zh_CN");
}

void TestGlyphs::translatedTextHasGlyphs()
{
    QFETCH(QString, locale);
    Language::apply(locale);
    // A string of the console's catalogue, in that language, as a label shows it.
    const QString text = QCoreApplication::translate("bytespike::MainWindow", "&Language:").remove(QLatin1Char('&'));
    QVERIFY2(text.toUtf8().size() > text.size(), qPrintable(text + QStringLiteral(" is not translated")));
    QLabel label(text);
    QTextLayout layout(text, label.font());
    layout.beginLayout();
    layout.createLine();
    layout.endLayout();
    qsizetype glyphs = 0;
    for (const QGlyphRun &run : layout.glyphRuns()) {
        for (const quint32 index : run.glyphIndexes()) {
            QVERIFY2(index != 0,
                qPrintable(QStringLiteral("%1: a character of \"%2\" has no glyph in %3")
                               .arg(locale, text, run.rawFont().familyName())));
            ++glyphs;
        }
    }
    QVERIFY(glyphs >= text.size() - 1);
    Language::apply(QStringLiteral("en"));
}

QTEST_MAIN(TestGlyphs)
#include "tst_glyphs.moc"
