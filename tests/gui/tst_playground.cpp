// The playground against the simulator channel: both protocols, streamed and whole; the raw
// request, headers and events as they arrive; usage, hold and debit; cancel voids the hold;
// copy as curl leaves the key out; bad tools JSON is caught before sending.
#include "ConsoleFixture.h"
#include "bytespike/MoneyFormat.h"
#include "pages/PlaygroundPage.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTextBrowser>

using namespace bytespike;
using namespace bytespike::testing;

namespace {

struct Playground
{
    QTemporaryDir dir;
    EmbeddedGateway gateway {testConfig(dir)};
    PlaygroundPage page {gateway};
    template <typename T> T *find(const char *name) { return page.findChild<T *>(QLatin1String(name)); }

    bool open()
    {
        page.resize(1100, 700);
        page.show();
        return startAndWait(gateway)
            && QTest::qWaitFor([this] { return !find<QLineEdit>("keyEdit")->text().isEmpty(); }, 5000);
    }
    // Sends and waits until the outcome (billed or voided) is on the page.
    bool sendAndSettle()
    {
        QSignalSpy settled(&page, &PlaygroundPage::settled);
        QTest::mouseClick(find<QPushButton>("sendButton"), Qt::LeftButton);
        return settled.wait(10000);
    }
    // The request log's row for the request the page shows.
    QJsonObject logged()
    {
        const QString outcome = find<QLabel>("outcomeLabel")->text();
        const QString id = outcome.mid(outcome.lastIndexOf(QLatin1String("req_"))).chopped(1);
        return call(gateway, "GET", QStringLiteral("/admin/requests?request=") + id)
            .json()
            .value(QStringLiteral("requests"))
            .toArray()
            .first()
            .toObject();
    }
};

} // namespace

class TestPlayground : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void anthropicStreamShowsEventsTextAndTheDebit();
    void openAiWholeAnswer();
    void cancelVoidsTheHold();
    void curlAndValidation();
};

void TestPlayground::anthropicStreamShowsEventsTextAndTheDebit()
{
    Playground p;
    QVERIFY(p.open());
    QCOMPARE(p.find<QLineEdit>("keyEdit")->text().toLatin1(), demoKey(p.dir)); // the demo key by default
    QVERIFY(p.sendAndSettle());
    // Events as they arrived, and the text they carry.
    auto *events = p.find<QListWidget>("sseEvents");
    QVERIFY(events->count() >= 5);
    QVERIFY(events->item(0)->text().startsWith(QLatin1String("event: message_start")));
    QVERIFY(events->item(events->count() - 1)->text().startsWith(QLatin1String("event: message_stop")));
    const QString text = p.find<QTextBrowser>("renderedText")->toPlainText();
    QVERIFY(!text.isEmpty());
    QString fromEvents;
    for (int i = 0; i < events->count(); ++i) {
        const QString event = events->item(i)->text();
        if (!event.startsWith(QLatin1String("event: content_block_delta")))
            continue;
        const QJsonObject json = QJsonDocument::fromJson(event.section(QLatin1String("data: "), 1).toUtf8()).object();
        fromEvents += json.value(QStringLiteral("delta")).toObject().value(QStringLiteral("text")).toString();
    }
    QCOMPARE(text, fromEvents);
    QVERIFY(p.find<QPlainTextEdit>("rawRequest")->toPlainText().startsWith(QLatin1String("POST /v1/messages")));
    QVERIFY(!p.find<QPlainTextEdit>("rawRequest")->toPlainText().contains(QString::fromLatin1(demoKey(p.dir))));
    QVERIFY(p.find<QPlainTextEdit>("responseHeaders")->toPlainText().contains(QLatin1String("bytespike-hold: ")));

    // The outcome: usage from the stream, the hold, and the debit from the request log.
    const QJsonObject row = p.logged();
    QVERIFY(row.value(QStringLiteral("billed")).toBool());
    const QString outcome = p.find<QLabel>("outcomeLabel")->text();
    QVERIFY2(outcome.contains(QStringLiteral("debited %1")
                                  .arg(formatMoney(row.value(QStringLiteral("cost_micros")).toInteger(), QLocale()))),
        qPrintable(outcome));
    QVERIFY(outcome.contains(
        QStringLiteral("%1 output tokens")
            .arg(row.value(QStringLiteral("usage")).toObject().value(QStringLiteral("output_tokens")).toInteger())));
    QVERIFY(outcome.contains(
        QStringLiteral("hold %1").arg(formatMoney(row.value(QStringLiteral("hold_micros")).toInteger(), QLocale()))));
}

void TestPlayground::openAiWholeAnswer()
{
    Playground p;
    QVERIFY(p.open());
    auto *protocol = p.find<QComboBox>("protocolBox");
    protocol->setCurrentIndex(protocol->findData(int(PlaygroundPage::Protocol::OpenAI)));
    p.find<QCheckBox>("streamBox")->setChecked(false);
    p.find<QLineEdit>("systemEdit")->setText(QStringLiteral("Be brief."));
    QVERIFY(p.sendAndSettle());
    QVERIFY(p.find<QPlainTextEdit>("rawRequest")->toPlainText().startsWith(QLatin1String("POST /v1/chat/completions")));
    QVERIFY(p.find<QPlainTextEdit>("rawRequest")->toPlainText().contains(QLatin1String("\"role\": \"system\"")));
    QVERIFY(!p.find<QTextBrowser>("renderedText")->toPlainText().isEmpty());
    QVERIFY(p.find<QLabel>("outcomeLabel")->text().startsWith(QLatin1String("HTTP 200")));
    QVERIFY(p.logged().value(QStringLiteral("billed")).toBool());
    QCOMPARE(p.logged().value(QStringLiteral("protocol")).toString(), QStringLiteral("openai"));
}

void TestPlayground::cancelVoidsTheHold()
{
    Playground p;
    QVERIFY(p.open());
    p.find<QPlainTextEdit>("messagesEdit")->setPlainText(QStringLiteral("Wait for ever [[simulate:hang]]"));
    QSignalSpy settled(&p.page, &PlaygroundPage::settled);
    QTest::mouseClick(p.find<QPushButton>("sendButton"), Qt::LeftButton);
    auto *cancel = p.find<QPushButton>("cancelButton");
    QVERIFY2(cancel->isEnabled(),
        qPrintable(p.find<QLabel>("outcomeLabel")->text() + p.find<QLabel>("playgroundProblem")->text()));
    QVERIFY(!p.find<QPushButton>("sendButton")->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(call(p.gateway, "GET", QStringLiteral("/admin/ledger/holds?state=pending"))
                                  .json()
                                  .value(QStringLiteral("holds"))
                                  .toArray()
                                  .size(),
        qsizetype(1), 5000);
    QTest::mouseClick(cancel, Qt::LeftButton);
    QVERIFY(settled.wait(10000));
    const QString outcome = p.find<QLabel>("outcomeLabel")->text();
    QVERIFY2(outcome.startsWith(QLatin1String("cancelled")), qPrintable(outcome));
    QVERIFY2(outcome.contains(QLatin1String("not billed, the hold was voided")), qPrintable(outcome));
    const QJsonArray voided = call(p.gateway, "GET", QStringLiteral("/admin/ledger/holds?state=voided"))
                                  .json()
                                  .value(QStringLiteral("holds"))
                                  .toArray();
    QCOMPARE(voided.size(), 1);
    QCOMPARE(call(p.gateway, "GET", QStringLiteral("/admin/ledger/holds?state=pending"))
                 .json()
                 .value(QStringLiteral("holds"))
                 .toArray()
                 .size(),
        0);
    QVERIFY(!p.logged().value(QStringLiteral("billed")).toBool());
}

void TestPlayground::curlAndValidation()
{
    Playground p;
    QVERIFY(p.open());
    QTest::mouseClick(p.find<QPushButton>("copyCurlButton"), Qt::LeftButton);
    const QString curl = QApplication::clipboard()->text();
    QVERIFY(curl.startsWith(QLatin1String("curl -sN 'http://127.0.0.1:")));
    QVERIFY(curl.contains(QLatin1String("/v1/messages'")));
    QVERIFY(curl.contains(QLatin1String("$BYTESPIKE_KEY")));
    QVERIFY(!curl.contains(QString::fromLatin1(demoKey(p.dir))));
    QVERIFY(curl.contains(QLatin1String("\"model\":\"bytespike-simulator\"")));

    auto *tools = p.find<QPlainTextEdit>("toolsEdit");
    tools->setPlainText(QStringLiteral("{not json"));
    QVERIFY(!p.find<QPushButton>("sendButton")->isEnabled());
    QCOMPARE(p.find<QLabel>("playgroundProblem")->text(), QStringLiteral("The tools are not a JSON array."));
    tools->setPlainText(
        QStringLiteral(R"([{"name":"get_time","description":"now","input_schema":{"type":"object"}}])"));
    QVERIFY(p.find<QPushButton>("sendButton")->isEnabled());
    QVERIFY(p.sendAndSettle());
    QVERIFY(p.find<QPlainTextEdit>("rawRequest")->toPlainText().contains(QLatin1String("get_time")));
}

QTEST_MAIN(TestPlayground)
#include "tst_playground.moc"
