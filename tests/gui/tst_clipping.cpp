// No clipped label in German (the longest of the console's languages) at 1280x800: on every page,
// every shown label's text fits its width (or wraps) and every button is as wide as its text
// needs. And the console says the API's words (states, kinds) and the statement's dates in German
// too.
#include "ConsoleFixture.h"
#include "Language.h"
#include "MainWindow.h"
#include "models/JsonTableModel.h"

#include <QAbstractButton>
#include <QDateEdit>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QTextDocument>

using namespace bytespike;
using namespace bytespike::testing;

namespace {

// Where a widget's text does not fit: "page/objectName: text (needs N px, has M)". *checked
// counts the widgets looked at.
QStringList clipped(QWidget *page, int *checked)
{
    QStringList out;
    const QString where = QString::fromLatin1(page->metaObject()->className());
    for (QLabel *label : page->findChildren<QLabel *>()) {
        if (!label->isVisibleTo(page) || label->wordWrap() || label->text().isEmpty())
            continue;
        QString text = label->text();
        if (Qt::mightBeRichText(text)) {
            QTextDocument doc;
            doc.setHtml(text);
            text = doc.toPlainText();
        }
        text.remove(QLatin1Char('&'));
        ++*checked;
        const int needs = label->fontMetrics().horizontalAdvance(text);
        const int has = label->contentsRect().width() - 2 * label->margin() - label->indent();
        if (needs > has + 1)
            out << QStringLiteral("%1/%2: \"%3\" (needs %4 px, has %5)")
                       .arg(where, label->objectName(), text)
                       .arg(needs)
                       .arg(has);
    }
    for (QAbstractButton *button : page->findChildren<QAbstractButton *>()) {
        if (!button->isVisibleTo(page) || button->text().isEmpty())
            continue;
        ++*checked;
        if (button->sizeHint().width() > button->width() + 1)
            out << QStringLiteral("%1/%2: \"%3\" (needs %4 px, has %5)")
                       .arg(where, button->objectName(), button->text())
                       .arg(button->sizeHint().width())
                       .arg(button->width());
    }
    return out;
}

} // namespace

class TestClipping : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aClippedLabelIsFound();
    void noLabelIsClippedInGermanAt1280x800();
    void apiWordsAndDatesFollowTheLanguage();
};

void TestClipping::apiWordsAndDatesFollowTheLanguage()
{
    QTemporaryDir dir;
    EmbeddedGateway gateway(testConfig(dir));
    MainWindow window(gateway);
    Language::apply(QStringLiteral("de"));
    QCOMPARE(JsonTableModel::codeText(QStringLiteral("debit")), QStringLiteral("Belastung"));
    QCOMPARE(JsonTableModel::codeText(QStringLiteral("voided")), QStringLiteral("storniert"));
    QCOMPARE(JsonTableModel::codeText(QStringLiteral("half_open")), QStringLiteral("halb offen"));
    QCOMPARE(JsonTableModel::cell(JsonTableModel::Kind::Code, QStringLiteral("debit"), Qt::ToolTipRole).toString(),
        QStringLiteral("debit"));
    QCOMPARE(JsonTableModel::codeText(QStringLiteral("something_new")), QStringLiteral("something_new"));
    auto *from = window.findChild<QDateEdit *>(QStringLiteral("statementFrom"));
    QVERIFY(from);
    QTRY_COMPARE(from->displayFormat(), QLocale(QStringLiteral("de")).dateFormat(QLocale::ShortFormat));
    QVERIFY2(from->text().contains(QLatin1Char('.')), qPrintable(from->text()));
    Language::apply(QStringLiteral("en"));
    QCOMPARE(JsonTableModel::codeText(QStringLiteral("debit")), QStringLiteral("debit"));
    QTRY_VERIFY2(
        !from->text().contains(QLatin1Char('.')), qPrintable(from->text() + QLatin1Char(' ') + from->displayFormat()));
}

void TestClipping::aClippedLabelIsFound()
{
    QWidget scratch;
    auto *label = new QLabel(QStringLiteral("Eine sehr lange Beschriftung, die nicht passt"), &scratch);
    label->setObjectName(QStringLiteral("tooLong"));
    label->setFixedWidth(40);
    auto *button = new QPushButton(QStringLiteral("Ein sehr langer Knopf"), &scratch);
    button->setFixedWidth(40);
    int checked = 0;
    const QStringList found = clipped(&scratch, &checked);
    QCOMPARE(checked, 2);
    QCOMPARE(found.size(), 2);
    QVERIFY(found.first().contains(QLatin1String("tooLong")));
}

void TestClipping::noLabelIsClippedInGermanAt1280x800()
{
    QTemporaryDir dir;
    EmbeddedGateway gateway(testConfig(dir));
    MainWindow window(gateway);
    Language::apply(QStringLiteral("de"));
    window.resize(1280, 800);
    window.show();
    QVERIFY(startAndWait(gateway));
    QCOMPARE(sendMessage(gateway, demoKey(dir)).status, 200);
    auto *pages = window.findChild<QTabWidget *>(QStringLiteral("pages"));
    QStringList problems;
    int checked = 0;
    for (int i = 0; i < pages->count(); ++i) {
        pages->setCurrentIndex(i);
        QTest::qWait(300); // the page's data and layout
        problems += clipped(pages->widget(i), &checked);
    }
    Language::apply(QStringLiteral("en"));
    QVERIFY2(checked >= 100, qPrintable(QString::number(checked))); // every page's labels and buttons
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

QTEST_MAIN(TestClipping)
#include "tst_clipping.moc"
