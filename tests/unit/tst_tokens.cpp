// Issue 7, items 1, 2 and 4: the design tokens (palette and semantic layers, light and dark) are
// complete, every text/background pair meets WCAG AA in both themes, no colour is written
// anywhere in ui/, app/ or the export templates; money is formatted per locale from integers.
#include "bytespike/DesignTokens.h"
#include "bytespike/MoneyFormat.h"

#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

using namespace bytespike;

class TestTokens : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bothThemesDefineEveryRole();
    void textPairsMeetWcagAA();
    void noColourLiteralsOutsideTheTokenFile();
    void moneyIsFormattedPerLocaleFromIntegers();
    void typedDollarsAreReadExactly();
    void balancesAndAmountsAreRoundedForReading();
};

void TestTokens::bothThemesDefineEveryRole()
{
    const DesignTokens &tokens = DesignTokens::builtIn();
    QCOMPARE(tokens.themes(), QStringList({QStringLiteral("dark"), QStringLiteral("light")}));
    QCOMPARE(tokens.roles(QStringLiteral("light")), tokens.roles(QStringLiteral("dark")));
    const QStringList required {QStringLiteral("background"), QStringLiteral("surface"), QStringLiteral("text"),
        QStringLiteral("text_muted"), QStringLiteral("border"), QStringLiteral("accent"), QStringLiteral("accent_text"),
        QStringLiteral("positive"), QStringLiteral("negative"), QStringLiteral("warning"), QStringLiteral("chart_1"),
        QStringLiteral("chart_5")};
    for (const QString &theme : tokens.themes()) {
        for (const QString &role : required)
            QVERIFY2(tokens.roles(theme).contains(role), qPrintable(theme + QLatin1Char('/') + role));
        for (const QString &role : tokens.roles(theme))
            QVERIFY2(!tokens.color(theme, role).isEmpty(), qPrintable(theme + QLatin1Char('/') + role));
    }
    QVERIFY(tokens.dimension(QStringLiteral("space"), QStringLiteral("m")) > 0);
    QVERIFY(tokens.dimension(QStringLiteral("type"), QStringLiteral("size_body")) > 0);
}

void TestTokens::textPairsMeetWcagAA()
{
    const DesignTokens &tokens = DesignTokens::builtIn();
    QVERIFY(tokens.contrastPairs().size() >= 10);
    // The formula itself, at its ends: black on white is 21:1, a colour on itself 1:1.
    QCOMPARE(qRound(DesignTokens::contrast(QStringLiteral("#000000"), QStringLiteral("#ffffff")) * 100), 2100);
    QCOMPARE(DesignTokens::contrast(QStringLiteral("#777777"), QStringLiteral("#777777")), 1.0);
    for (const QString &theme : tokens.themes()) {
        for (const auto &[fg, bg] : tokens.contrastPairs()) {
            const double ratio = DesignTokens::contrast(tokens.color(theme, fg), tokens.color(theme, bg));
            qInfo("%s: %s on %s = %.2f:1", qPrintable(theme), qPrintable(fg), qPrintable(bg), ratio);
            QVERIFY2(
                ratio >= 4.5, qPrintable(QStringLiteral("%1: %2 on %3 is only %4:1").arg(theme, fg, bg).arg(ratio)));
        }
    }
}

void TestTokens::noColourLiteralsOutsideTheTokenFile()
{
    // #rgb / #rrggbb literals, QColor constructions from numbers or names, CSS colour functions
    // and Qt's named global colours.
    static const QRegularExpression literal(
        QStringLiteral("#[0-9A-Fa-f]{6}\\b|#[0-9A-Fa-f]{3}\\b|QColor\\s*\\(\\s*[0-9\"]|\\brgba?\\s*\\(|\\bhsla?\\s*\\(|"
                       "Qt::(white|black|red|green|blue|cyan|magenta|yellow|gray|darkGray|lightGray)\\b"));
    int scanned = 0;
    for (const char *dir : {"/ui", "/app", "/gateway-core/src/pricing", "/gateway-core/src/design"}) {
        QDirIterator it(QStringLiteral(BYTESPIKE_SOURCE_DIR) + QLatin1String(dir),
            {QStringLiteral("*.cpp"), QStringLiteral("*.h"), QStringLiteral("*.qss"), QStringLiteral("*.html"),
                QStringLiteral("*.css")},
            QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile file(it.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            ++scanned;
            const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
            for (qsizetype i = 0; i < lines.size(); ++i) {
                const QRegularExpressionMatch m = literal.match(lines[i]);
                QVERIFY2(!m.hasMatch(),
                    qPrintable(QStringLiteral("%1:%2: colour literal %3 (use the design tokens)")
                                   .arg(file.fileName())
                                   .arg(i + 1)
                                   .arg(m.captured())));
            }
        }
    }
    QVERIFY(scanned >= 8);
}

void TestTokens::moneyIsFormattedPerLocaleFromIntegers()
{
    const QLocale en(QStringLiteral("en"));
    const QLocale de(QStringLiteral("de"));
    QCOMPARE(formatMoney(3000000, en), QStringLiteral("$3.00"));
    QCOMPARE(formatMoney(375, en), QStringLiteral("$0.000375"));
    QCOMPARE(formatMoney(1234567890123, en), QStringLiteral("$1,234,567.890123"));
    QCOMPARE(formatMoney(-2500000, en), QStringLiteral("($2.50)")); // the locale's own negative pattern
    QCOMPARE(formatMoney(1234567890123, de), QStringLiteral("1.234.567,890123") + QChar(0xa0) + QStringLiteral("$"));
    QCOMPARE(formatMoney(3000000, de, 2), QStringLiteral("3,00") + QChar(0xa0) + QStringLiteral("$"));
    // Beyond what a double holds exactly: every digit survives.
    QCOMPARE(formatMoney(9007199254740993, en), QStringLiteral("$9,007,199,254.740993"));
    QVERIFY(formatMoney(3000000, QLocale(QStringLiteral("ja"))).contains(QLatin1String("3.00")));
    QVERIFY(formatMoney(3000000, QLocale(QStringLiteral("zh_CN"))).contains(QLatin1String("3.00")));
}

void TestTokens::balancesAndAmountsAreRoundedForReading()
{
    const QLocale en(QStringLiteral("en"));
    const QLocale de(QStringLiteral("de"));
    // Balances: to the cent, half away from zero.
    QCOMPARE(formatBalance(4979729, en), QStringLiteral("$4.98"));
    QCOMPARE(formatBalance(3480, en), QStringLiteral("$0.00"));
    QCOMPARE(formatBalance(5000, en), QStringLiteral("$0.01"));
    QCOMPARE(formatBalance(-5000, en), QStringLiteral("($0.01)"));
    QCOMPARE(formatBalance(24957036, de), QStringLiteral("24,96") + QChar(0xa0) + QStringLiteral("$"));
    QCOMPARE(formatBalance(9007199254740993, en), QStringLiteral("$9,007,199,254.74"));
    // One request's amount: four significant digits, two to six decimals.
    QCOMPARE(formatAmount(20271, en), QStringLiteral("$0.02027"));
    QCOMPARE(formatAmount(3480, en), QStringLiteral("$0.003480"));
    QCOMPARE(formatAmount(12, en), QStringLiteral("$0.000012"));
    QCOMPARE(formatAmount(0, en), QStringLiteral("$0.00"));
    QCOMPARE(formatAmount(1234567, en), QStringLiteral("$1.235"));
    QCOMPARE(formatAmount(98765432, en), QStringLiteral("$98.77"));
    QCOMPARE(formatAmount(123456789012, en), QStringLiteral("$123,456.79"));
    QCOMPARE(formatAmount(20271, de), QStringLiteral("0,02027") + QChar(0xa0) + QStringLiteral("$"));
}

void TestTokens::typedDollarsAreReadExactly()
{
    const QLocale en(QStringLiteral("en"));
    const QLocale de(QStringLiteral("de"));
    QCOMPARE(parseDollars(QStringLiteral("3.75"), en), std::optional<qint64>(3750000));
    QCOMPARE(parseDollars(QStringLiteral(" $15 "), en), std::optional<qint64>(15000000));
    QCOMPARE(parseDollars(QStringLiteral(".5"), en), std::optional<qint64>(500000));
    QCOMPARE(parseDollars(QStringLiteral("0,000001"), de), std::optional<qint64>(1));
    QCOMPARE(parseDollars(QStringLiteral("0.3"), de), std::optional<qint64>(300000)); // '.' is always accepted
    // 0.1 + 0.2 style traps do not exist here: every digit is read as a digit.
    QCOMPARE(parseDollars(QStringLiteral("999999999999.999999"), en), std::optional<qint64>(999999999999999999));
    for (const char *bad : {"", "$", "-1", "1.2345678", "1.2.3", "abc", "1e3", "1,000.5", "0x10", "1 000"})
        QVERIFY2(!parseDollars(QString::fromLatin1(bad), en), bad);
    for (const qint64 micros : {qint64(0), qint64(1), qint64(300000), qint64(3750000), qint64(1234567890123)}) {
        QCOMPARE(parseDollars(dollarsText(micros, en), en), std::optional<qint64>(micros));
        QCOMPARE(parseDollars(dollarsText(micros, de), de), std::optional<qint64>(micros));
    }
    QCOMPARE(dollarsText(3750000, en), QStringLiteral("3.75"));
    QCOMPARE(dollarsText(3750000, de), QStringLiteral("3,75"));
    QCOMPARE(dollarsText(1234567890123, en), QStringLiteral("1234567.890123"));
}

QTEST_GUILESS_MAIN(TestTokens)
#include "tst_tokens.moc"
