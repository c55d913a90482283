// Money typed by a person (widgets/DollarDelegate): a keystroke the validator refuses says why,
// at the field, instead of being dropped without a word; what it accepts goes in unchanged.
#include "widgets/DollarDelegate.h"

#include <QApplication>
#include <QLineEdit>
#include <QTest>
#include <QToolTip>

using namespace bytespike;

class TestDollarInput : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void refusedKeystrokeSaysWhy();
};

void TestDollarInput::refusedKeystrokeSaysWhy()
{
    QWidget window;
    auto *line = new QLineEdit(&window);
    line->setValidator(new DollarValidator(line));
    explainDollarRefusals(line);
    window.resize(300, 80);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTest::keyClicks(line, QStringLiteral("3.7"));
    QCOMPARE(line->text(), QStringLiteral("3.7"));
    QVERIFY(!QToolTip::isVisible());
    QTest::keyClicks(line, QStringLiteral("x"));
    QCOMPARE(line->text(), QStringLiteral("3.7")); // refused
    QTRY_VERIFY(QToolTip::isVisible());
    QVERIFY2(QToolTip::text().contains(QLatin1String("six decimals")), qPrintable(QToolTip::text()));
    QCOMPARE(line->toolTip(), QToolTip::text()); // and on hover, before anything is typed
}

QTEST_MAIN(TestDollarInput)
#include "tst_dollarinput.moc"
