// The channels and pricing page against a real embedded gateway: an edit typed into the table is
// what the next request is billed at; validation as it is typed; undo and revert; a 409 when
// someone else saved first; add, test and delete a channel; margins; a key into the keychain; a
// channel's CA file and proxy, and a CA file refused before it reaches the gateway.
#include "ConsoleFixture.h"
#include "bytespike/MoneyFormat.h"
#include "models/ChannelModelsModel.h"
#include "pages/ChannelsPage.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>

using namespace bytespike;
using namespace bytespike::testing;

namespace {

struct Page
{
    QTemporaryDir dir;
    EmbeddedGateway gateway {testConfig(dir)};
    ChannelsPage page {gateway};
    QTableView *list = nullptr;
    QTableView *models = nullptr;
    QTableView *history = nullptr;
    QLabel *message = nullptr;
    QPushButton *save = nullptr;

    Page()
    {
        list = page.findChild<QTableView *>(QStringLiteral("channelList"));
        models = page.findChild<QTableView *>(QStringLiteral("modelTable"));
        history = page.findChild<QTableView *>(QStringLiteral("priceHistory"));
        message = page.findChild<QLabel *>(QStringLiteral("channelMessage"));
        save = page.findChild<QPushButton *>(QStringLiteral("saveButton"));
    }
    bool open()
    {
        page.resize(1100, 700);
        page.show();
        page.activateWindow();
        return QTest::qWaitForWindowActive(&page) && list && models && history && message && save
            && startAndWait(gateway) && QTest::qWaitFor([this] { return models->model()->rowCount() == 1; }, 10000);
    }
    // The open cell editor: it has the focus.
    QLineEdit *cellEditor()
    {
        auto *editor = qobject_cast<QLineEdit *>(QApplication::focusWidget());
        return editor && models->isAncestorOf(editor) ? editor : nullptr;
    }
    // The view commits an edit on the next loop turn after Return.
    void commit()
    {
        QPointer<QLineEdit> editor = cellEditor();
        if (!QTest::qWaitFor([&] { return !editor || !editor->isVisible(); }, 5000))
            qWarning("the cell editor did not close");
    }
    QPushButton *button(const char *name) { return page.findChild<QPushButton *>(QLatin1String(name)); }
    QLineEdit *edit(const char *name) { return page.findChild<QLineEdit *>(QLatin1String(name)); }
    // Replaces a field's text by typing, as an operator does (each key is an edit).
    static void retype(QLineEdit *field, const QString &text)
    {
        field->selectAll();
        QTest::keyClick(field, Qt::Key_Delete);
        QTest::keyClicks(field, text);
    }
    // A new channel with a name, an https base URL on this machine (nothing has to answer) and a
    // model: all it needs to be saved.
    bool addUpstreamChannel(const QString &name)
    {
        QTest::mouseClick(button("addChannelButton"), Qt::LeftButton);
        QLineEdit *nameEdit = edit("nameEdit");
        QLineEdit *baseUrl = edit("baseUrlEdit");
        if (!nameEdit || !baseUrl)
            return false;
        QTest::keyClicks(nameEdit, name);
        retype(baseUrl, QStringLiteral("https://127.0.0.1:9"));
        QTest::mouseClick(button("addModelButton"), Qt::LeftButton);
        if (!cellEditor())
            return false;
        QTest::keyClicks(cellEditor(), name.toLower().replace(QLatin1Char(' '), QLatin1Char('-')));
        QTest::keyClick(cellEditor(), Qt::Key_Return);
        commit();
        return true;
    }

    // Types into a table cell as an operator does: open the editor, type, press Enter.
    QString typeIntoCell(int row, int column, const QString &text)
    {
        const QModelIndex index = models->model()->index(row, column);
        models->setCurrentIndex(index);
        models->edit(index);
        QLineEdit *editor = cellEditor();
        if (!editor)
            return QStringLiteral("<no editor>");
        editor->selectAll();
        QTest::keyClicks(editor, text);
        const QString typed = editor->text();
        QTest::keyClick(editor, Qt::Key_Return);
        commit();
        return typed;
    }
};

} // namespace

class TestChannels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void anEditInTheTableBillsTheNextRequest();
    void validationUndoAndRevert();
    void aConflictIsExplainedAndReloaded();
    void addTestAndDeleteAChannel();
    void marginsAndKeychainSecret();
    void caFileAndProxyAreSavedAndReadBack();
    void aRelativeCaFileIsRefused();
};

void TestChannels::anEditInTheTableBillsTheNextRequest()
{
    Page p;
    QAbstractItemModelTester listTester(p.list->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester modelTester(p.models->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester historyTester(p.history->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(p.open());
    QCOMPARE(p.list->model()->rowCount(), 1);
    QVERIFY(!p.save->isEnabled());

    // $7.25 and $31.5 per million tokens, typed; stored as integer micro-dollars.
    QCOMPARE(p.typeIntoCell(0, ChannelModelsModel::Input, QStringLiteral("7.25")), QStringLiteral("7.25"));
    QCOMPARE(p.typeIntoCell(0, ChannelModelsModel::Output, QStringLiteral("31.5")), QStringLiteral("31.5"));
    QCOMPARE(p.models->model()->index(0, ChannelModelsModel::Input).data().toString(), formatMoney(7250000, QLocale()));
    QVERIFY(p.page.isDirty());
    QVERIFY(p.save->isEnabled());
    QTest::mouseClick(p.save, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(p.message->text().startsWith(QLatin1String("Saved as version")), 10000);
    QVERIFY(!p.page.isDirty());

    // The next request is priced by the edit: its rate headers, and its cost from its usage.
    const CallResult reply = sendMessage(p.gateway, demoKey(p.dir));
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.header("bytespike-rate-input"), QByteArray("7250000"));
    QCOMPARE(reply.header("bytespike-rate-output"), QByteArray("31500000"));
    const QJsonObject usage = reply.json().value(QStringLiteral("usage")).toObject();
    const qint64 raw = usage.value(QStringLiteral("input_tokens")).toInteger() * 7250000
        + usage.value(QStringLiteral("output_tokens")).toInteger() * 31500000;
    const qint64 expected = (raw + 999999) / 1000000; // billed in whole micro-dollars, rounded up
    QCOMPARE(reply.header("bytespike-cost").toLongLong(), expected);

    // The price history shows the edit, newest first, made by the console.
    QTRY_VERIFY(p.history->model()->rowCount() >= 2);
    QCOMPARE(p.history->model()->index(0, 2).data(Qt::UserRole).toLongLong(), 7250000);
    QCOMPARE(p.history->model()->index(0, 6).data().toString(), QStringLiteral("console"));
    QCOMPARE(reply.header("bytespike-price-version").toLongLong(),
        p.history->model()->index(0, 7).data(Qt::UserRole).toLongLong());
}

void TestChannels::validationUndoAndRevert()
{
    Page p;
    QVERIFY(p.open());
    auto *name = p.page.findChild<QLineEdit *>(QStringLiteral("nameEdit"));
    QVERIFY(name);
    const QString original = name->text();

    // A price is checked on every keystroke: letters and a seventh decimal never get in.
    QCOMPARE(p.typeIntoCell(0, ChannelModelsModel::Input, QStringLiteral("x1.1234567")), QStringLiteral("1.123456"));
    QCOMPARE(p.typeIntoCell(0, ChannelModelsModel::Output, QStringLiteral("-2")), QStringLiteral("2"));
    QVERIFY(p.page.isDirty());

    // A name cannot be empty: the editor says so and will not save.
    name->selectAll();
    QTest::keyClick(name, Qt::Key_Delete);
    QVERIFY(!p.save->isEnabled());
    QCOMPARE(p.message->text(), QStringLiteral("A channel needs a name."));
    QTest::keyClicks(name, QStringLiteral("Sim"));
    QVERIFY(p.save->isEnabled());

    // Undo walks back: the name (one step for the typing), then the output, then the input.
    auto *undo = p.button("undoButton");
    QTest::mouseClick(undo, Qt::LeftButton);
    QCOMPARE(name->text(), original);
    const QString two = dollarsText(2000000, QLocale());
    QCOMPARE(p.models->model()->index(0, ChannelModelsModel::Output).data(Qt::EditRole).toString(), two);
    QTest::mouseClick(undo, Qt::LeftButton);
    QVERIFY(p.models->model()->index(0, ChannelModelsModel::Output).data(Qt::EditRole).toString() != two);
    QCOMPARE(p.models->model()->index(0, ChannelModelsModel::Input).data(Qt::EditRole).toString(),
        QStringLiteral("1.123456"));
    // Revert drops every unsaved edit at once.
    QTest::mouseClick(p.button("revertButton"), Qt::LeftButton);
    QVERIFY(!p.page.isDirty());
    QVERIFY(!undo->isEnabled());
    QVERIFY(p.list->isEnabled());
}

void TestChannels::aConflictIsExplainedAndReloaded()
{
    Page p;
    QVERIFY(p.open());
    // Someone else saves the channel first (through the admin API).
    CallResult channels = call(p.gateway, "GET", QStringLiteral("/admin/channels"));
    QJsonObject channel = channels.json().value(QStringLiteral("channels")).toArray().first().toObject();
    channel.remove(QStringLiteral("state"));
    channel.insert(QStringLiteral("priority"), 5);
    const QString id = channel.value(QStringLiteral("id")).toString();
    QCOMPARE(
        call(p.gateway, "PUT", QStringLiteral("/admin/channels/") + id, QJsonDocument(channel).toJson()).status, 200);

    QCOMPARE(p.typeIntoCell(0, ChannelModelsModel::Input, QStringLiteral("9")), QStringLiteral("9"));
    QVERIFY2(p.save->isEnabled(), qPrintable(p.message->text()));
    QTest::mouseClick(p.save, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(p.message->text().startsWith(QLatin1String("Not saved:")), 10000);
    QVERIFY2(p.message->text().contains(QLatin1String("changed by someone else")), qPrintable(p.message->text()));
    QVERIFY(p.message->property("problem").toBool());
    QVERIFY(p.page.isDirty()); // the edit is still there to apply again

    QTest::mouseClick(p.button("reloadChannelsButton"), Qt::LeftButton);
    auto *priority = p.page.findChild<QSpinBox *>(QStringLiteral("prioritySpin"));
    QTRY_COMPARE(priority->value(), 5);
    QVERIFY(!p.page.isDirty());
}

void TestChannels::addTestAndDeleteAChannel()
{
    Page p;
    QVERIFY(p.open());
    QTest::mouseClick(p.button("testButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(p.message->text().startsWith(QLatin1String("Connection works")), 10000);

    QTest::mouseClick(p.button("addChannelButton"), Qt::LeftButton);
    auto *name = p.page.findChild<QLineEdit *>(QStringLiteral("nameEdit"));
    auto *protocol = p.page.findChild<QComboBox *>(QStringLiteral("protocolBox"));
    QVERIFY(!p.save->isEnabled()); // no name yet
    QTest::keyClicks(name, QStringLiteral("Second simulator"));
    protocol->setCurrentIndex(protocol->findText(QStringLiteral("simulator")));
    Q_EMIT protocol->activated(protocol->currentIndex());
    QTest::mouseClick(p.button("addModelButton"), Qt::LeftButton);
    QTest::keyClicks(p.cellEditor(), QStringLiteral("sim-two"));
    QTest::keyClick(p.cellEditor(), Qt::Key_Return);
    p.commit();
    p.typeIntoCell(0, ChannelModelsModel::Input, QStringLiteral("1"));
    QTest::mouseClick(p.button("addModelButton"), Qt::LeftButton);
    QTest::keyClicks(p.cellEditor(), QStringLiteral("sim-two"));
    QTest::keyClick(p.cellEditor(), Qt::Key_Return);
    p.commit();
    QCOMPARE(p.message->text(), QStringLiteral("Model sim-two is listed twice."));
    QVERIFY(!p.save->isEnabled());
    p.models->setCurrentIndex(p.models->model()->index(1, 0));
    QTest::mouseClick(p.button("removeModelButton"), Qt::LeftButton);
    QVERIFY(p.save->isEnabled());
    QTest::mouseClick(p.save, Qt::LeftButton);
    QTRY_VERIFY2_WITH_TIMEOUT(p.list->model()->rowCount() == 2, qPrintable(p.message->text()), 10000);
    QCOMPARE(sendMessage(p.gateway, demoKey(p.dir), "sim-two").header("bytespike-rate-input"), QByteArray("1000000"));

    // Delete asks first; then the model is gone from routing.
    QTRY_VERIFY(p.button("deleteChannelButton")->isEnabled());
    QTest::mouseClick(p.button("deleteChannelButton"), Qt::LeftButton);
    QMessageBox *confirm = nullptr;
    QTRY_VERIFY((confirm = p.page.findChild<QMessageBox *>(QStringLiteral("confirmDelete"))) != nullptr);
    QTest::mouseClick(confirm->button(QMessageBox::Yes), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(p.list->model()->rowCount(), 1, 10000);
    QCOMPARE(sendMessage(p.gateway, demoKey(p.dir), "sim-two").status, 404);
}

void TestChannels::marginsAndKeychainSecret()
{
    Page p;
    QVERIFY(p.open());
    // An upstream cost above the output price: the margin column shows it, in the negative colour.
    CallResult channels = call(p.gateway, "GET", QStringLiteral("/admin/channels"));
    QJsonObject channel = channels.json().value(QStringLiteral("channels")).toArray().first().toObject();
    channel.remove(QStringLiteral("state"));
    QJsonArray models = channel.value(QStringLiteral("models")).toArray();
    QJsonObject model = models.first().toObject();
    const qint64 input = model.value(QStringLiteral("input_micros_per_mtok")).toInteger();
    const qint64 output = model.value(QStringLiteral("output_micros_per_mtok")).toInteger();
    model.insert(QStringLiteral("upstream_cost"),
        QJsonObject {{QStringLiteral("input_micros_per_mtok"), input - 100000},
            {QStringLiteral("output_micros_per_mtok"), output + 200000},
            {QStringLiteral("cache_write_micros_per_mtok"), 0}, {QStringLiteral("cache_read_micros_per_mtok"), 0}});
    models.replace(0, model);
    channel.insert(QStringLiteral("models"), models);
    const QString id = channel.value(QStringLiteral("id")).toString();
    QCOMPARE(
        call(p.gateway, "PUT", QStringLiteral("/admin/channels/") + id, QJsonDocument(channel).toJson()).status, 200);
    QTest::mouseClick(p.button("reloadChannelsButton"), Qt::LeftButton);
    const QModelIndex margin = p.models->model()->index(0, ChannelModelsModel::Margin);
    QTRY_COMPARE(margin.data().toString(),
        formatMoney(100000, QLocale()) + QStringLiteral(" / ") + formatMoney(-200000, QLocale()));
    QVERIFY(margin.data(Qt::ForegroundRole).isValid());
    // Editing the price moves the margin at once, before saving.
    p.typeIntoCell(0, ChannelModelsModel::Output, dollarsText(output + 300000, QLocale()));
    QCOMPARE(margin.data().toString(),
        formatMoney(100000, QLocale()) + QStringLiteral(" / ") + formatMoney(100000, QLocale()));
    QTest::mouseClick(p.button("revertButton"), Qt::LeftButton);

    // A provider key typed here goes to the keychain, and only a reference to it to the channel.
    auto *secret = p.page.findChild<QLineEdit *>(QStringLiteral("secretValueEdit"));
    auto *reference = p.page.findChild<QLineEdit *>(QStringLiteral("secretRefEdit"));
    QTest::keyClicks(secret, QStringLiteral("sk-test-console-secret"));
    QTest::mouseClick(p.button("storeSecretButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!p.message->text().isEmpty()
            && p.message->text() != QLatin1String("Unsaved changes: save them, undo or revert."),
        20000);
    QVERIFY2(p.message->text().startsWith(QLatin1String("Stored in the keychain")), qPrintable(p.message->text()));
    QVERIFY(secret->text().isEmpty());
    QVERIFY(reference->text().startsWith(QLatin1String("keychain:bytespike-")));
    QTest::mouseClick(p.save, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(p.message->text().startsWith(QLatin1String("Saved as version")), 10000);
    channels = call(p.gateway, "GET", QStringLiteral("/admin/channels"));
    QVERIFY(channels.body.contains("keychain:bytespike-"));
    QVERIFY(!channels.body.contains("sk-test-console-secret"));
}

void TestChannels::caFileAndProxyAreSavedAndReadBack()
{
    // A real CA certificate: the gateway refuses a ca_file that holds none.
    QTemporaryDir certs;
    const QString caFile = certs.filePath(QStringLiteral("ca.pem"));
    QProcess openssl;
    openssl.setWorkingDirectory(certs.path());
    openssl.start(QStringLiteral("openssl"),
        {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
            QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
            QStringLiteral("-subj"), QStringLiteral("/CN=tst_channels CA"), QStringLiteral("-keyout"),
            QStringLiteral("key.pem"), QStringLiteral("-out"), caFile, QStringLiteral("-days"), QStringLiteral("1")});
    QVERIFY(openssl.waitForFinished(30000));
    QVERIFY2(openssl.exitCode() == 0 && QFile::exists(caFile), openssl.readAllStandardError().constData());
    qputenv("TST_CHANNELS_PROXY_AUTH", "proxyuser:proxypass");

    Page p;
    QVERIFY(p.open());
    QLineEdit *ca = p.edit("caFileEdit");
    QLineEdit *proxy = p.edit("proxyEdit");
    QLineEdit *proxyRef = p.edit("proxySecretRefEdit");
    QVERIFY(ca && proxy && proxyRef);
    // The simulator has no upstream to trust or reach through a proxy.
    QVERIFY(!ca->isEnabled() && !proxy->isEnabled() && !proxyRef->isEnabled());
    QCOMPARE(ca->accessibleName(), QStringLiteral("CA file"));
    QCOMPARE(proxy->placeholderText(),
        QStringLiteral("empty: HTTPS_PROXY from the environment; direct; or http://host:port"));
    QVERIFY(!proxyRef->toolTip().isEmpty());

    QVERIFY(p.addUpstreamChannel(QStringLiteral("Behind a proxy")));
    QVERIFY(ca->isEnabled() && proxy->isEnabled() && proxyRef->isEnabled());
    QTest::keyClicks(ca, caFile);
    QTest::keyClicks(proxy, QStringLiteral("http://127.0.0.1:3128"));
    QTest::keyClicks(proxyRef, QStringLiteral("env:TST_CHANNELS_PROXY_AUTH"));
    // Each field is an undo step of its own: undo takes back the reference, not the proxy.
    QTest::mouseClick(p.button("undoButton"), Qt::LeftButton);
    QCOMPARE(proxyRef->text(), QString());
    QCOMPARE(proxy->text(), QStringLiteral("http://127.0.0.1:3128"));
    QTest::keyClicks(proxyRef, QStringLiteral("env:TST_CHANNELS_PROXY_AUTH"));
    QVERIFY2(p.save->isEnabled(), qPrintable(p.message->text()));
    QTest::mouseClick(p.save, Qt::LeftButton);
    QTRY_VERIFY2_WITH_TIMEOUT(p.list->model()->rowCount() == 2, qPrintable(p.message->text()), 10000);
    QVERIFY(!p.page.isDirty());

    // The admin API has the three fields as typed.
    const CallResult channels = call(p.gateway, "GET", QStringLiteral("/admin/channels"));
    QJsonObject saved;
    for (const QJsonValue &channel : channels.json().value(QStringLiteral("channels")).toArray()) {
        if (channel.toObject().value(QStringLiteral("name")).toString() == QLatin1String("Behind a proxy"))
            saved = channel.toObject();
    }
    QCOMPARE(saved.value(QStringLiteral("ca_file")).toString(), caFile);
    QCOMPARE(saved.value(QStringLiteral("proxy")).toString(), QStringLiteral("http://127.0.0.1:3128"));
    QCOMPARE(saved.value(QStringLiteral("proxy_secret_ref")).toString(), QStringLiteral("env:TST_CHANNELS_PROXY_AUTH"));

    // A page that loads the channels afresh shows them in its form.
    ChannelsPage fresh {p.gateway};
    auto *freshList = fresh.findChild<QTableView *>(QStringLiteral("channelList"));
    fresh.reload();
    QTRY_COMPARE_WITH_TIMEOUT(freshList->model()->rowCount(), 2, 10000);
    freshList->setCurrentIndex(freshList->model()->index(1, 0));
    QCOMPARE(fresh.findChild<QLineEdit *>(QStringLiteral("nameEdit"))->text(), QStringLiteral("Behind a proxy"));
    QCOMPARE(fresh.findChild<QLineEdit *>(QStringLiteral("caFileEdit"))->text(), caFile);
    QCOMPARE(
        fresh.findChild<QLineEdit *>(QStringLiteral("proxyEdit"))->text(), QStringLiteral("http://127.0.0.1:3128"));
    QCOMPARE(fresh.findChild<QLineEdit *>(QStringLiteral("proxySecretRefEdit"))->text(),
        QStringLiteral("env:TST_CHANNELS_PROXY_AUTH"));
    QVERIFY(!fresh.isDirty());
    qunsetenv("TST_CHANNELS_PROXY_AUTH");
}

void TestChannels::aRelativeCaFileIsRefused()
{
    Page p;
    QVERIFY(p.open());
    QVERIFY(p.addUpstreamChannel(QStringLiteral("Relative CA")));
    QVERIFY2(p.save->isEnabled(), qPrintable(p.message->text()));

    // A relative path is refused as it is typed: the message says why and save stays off.
    QLineEdit *ca = p.edit("caFileEdit");
    QTest::keyClicks(ca, QStringLiteral("certs/ca.pem"));
    QCOMPARE(
        p.message->text(), QStringLiteral("The CA file must be an absolute path, like /etc/ssl/certs/provider.pem."));
    QVERIFY(p.message->isVisible());
    QVERIFY(p.message->property("problem").toBool());
    QVERIFY(!p.save->isEnabled());
    QTest::mouseClick(p.save, Qt::LeftButton);

    // An absolute one on an http:// base URL is refused too.
    Page::retype(ca, QStringLiteral("/nonexistent/tst_channels/ca.pem"));
    Page::retype(p.edit("baseUrlEdit"), QStringLiteral("http://127.0.0.1:9"));
    QCOMPARE(
        p.message->text(), QStringLiteral("A CA file applies to https:// base URLs only: clear it or use https://."));
    QVERIFY(!p.save->isEnabled());

    // What only the gateway can tell (no such file) comes back as its 400, shown here.
    Page::retype(p.edit("baseUrlEdit"), QStringLiteral("https://127.0.0.1:9"));
    QVERIFY2(p.save->isEnabled(), qPrintable(p.message->text()));
    QTest::mouseClick(p.save, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(p.message->text().startsWith(QLatin1String("Not saved:")), 10000);
    QVERIFY2(p.message->text().contains(QLatin1String("ca_file")), qPrintable(p.message->text()));
    QVERIFY(p.page.isDirty());

    // Nothing reached the gateway.
    const CallResult channels = call(p.gateway, "GET", QStringLiteral("/admin/channels"));
    QCOMPARE(channels.json().value(QStringLiteral("channels")).toArray().size(), 1);
    QCOMPARE(p.list->model()->rowCount(), 1);
}

QTEST_MAIN(TestChannels)
#include "tst_channels.moc"
