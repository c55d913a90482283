// Key and customer limits on the Customers page against a real embedded gateway: the key editor
// round-trips every field (create with limits, reopen, edit, save; getCustomer agrees), an invalid
// CIDR block is refused in the dialog and nothing is saved, the budget bar shows what a billed
// request spent, and the customer's own limits save.
#include "ConsoleFixture.h"
#include "GatewayCalls.h"
#include "bytespike/MoneyFormat.h"
#include "pages/CustomersPage.h"
#include "widgets/CustomerLimitsDialog.h"
#include "widgets/KeyEditorDialog.h"
#include "widgets/UsageBarDelegate.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>

#include <optional>

using namespace bytespike;
using namespace bytespike::testing;

namespace {

constexpr int kLimitsColumn = 4;
constexpr int kUsageColumn = 5;

// One typed call, waited for.
template <typename T, typename Call> ClientResult<T> await(Call call)
{
    std::optional<ClientResult<T>> out;
    QObject context;
    call(&context, [&out](const ClientResult<T> &result) { out = result; });
    if (!QTest::qWaitFor([&out] { return out.has_value(); }, 20000))
        return ClientError {-1, QStringLiteral("timeout"), QStringLiteral("no answer")};
    return *out;
}

ClientResult<Customer> customer(EmbeddedGateway &gateway, const QString &id)
{
    return await<Customer>([&](QObject *context, auto done) { adminClient(gateway).getCustomer(context, id, done); });
}

std::optional<ApiKey> keyNamed(EmbeddedGateway &gateway, const QString &customerId, const QString &name)
{
    const ClientResult<Customer> read = customer(gateway, customerId);
    if (!read.ok())
        return std::nullopt;
    for (const ApiKey &key : read.value().keys.value_or(QList<ApiKey>())) {
        if (key.name == name)
            return key;
    }
    return std::nullopt;
}

int rowNamed(QAbstractItemModel *model, const QString &name)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, 0).data().toString() == name)
            return row;
    }
    return -1;
}

struct Page
{
    QTemporaryDir dir;
    EmbeddedGateway gateway {testConfig(dir)};
    CustomersPage page {gateway};
    QTableView *keys = nullptr;
    QString demo; // the demo customer's id

    bool start()
    {
        page.resize(1200, 800);
        page.show();
        keys = page.findChild<QTableView *>(QStringLiteral("keyList"));
        auto *list = page.findChild<QTableView *>(QStringLiteral("customerList"));
        if (!keys || !list || !startAndWait(gateway))
            return false;
        if (!QTest::qWaitFor([list] { return list->model()->rowCount() == 1; }, 5000))
            return false;
        demo = list->model()->index(0, 1).data().toString();
        return !demo.isEmpty();
    }
    QPushButton *button(const char *name) { return page.findChild<QPushButton *>(QLatin1String(name)); }
    KeyEditorDialog *openEditor(const char *buttonName)
    {
        button(buttonName)->click();
        KeyEditorDialog *editor = nullptr;
        const bool opened = QTest::qWaitFor(
            [&] { return (editor = page.findChild<KeyEditorDialog *>()) && editor->isVisible(); }, 5000);
        return opened ? editor : nullptr;
    }
    // Whether the gateway has the PUT routes yet (the server side of limits may land later).
    bool serverHasLimits()
    {
        const ClientResult<Customer> put = await<Customer>([&](QObject *context, auto done) {
            adminClient(gateway).updateCustomer(context, demo, CustomerSettings {}, done);
        });
        return put.ok() || put.error().status != 404;
    }
};

template <typename W> W *child(QWidget *parent, const char *name)
{
    return parent->findChild<W *>(QLatin1String(name));
}

void save(QDialog *dialog)
{
    child<QDialogButtonBox>(dialog, "keyEditorButtons")->button(QDialogButtonBox::Save)->click();
}

} // namespace

class TestLimitsDialogs : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void keyEditorRoundTripsEveryField();
    void invalidCidrSavesNothing();
    void budgetBarShowsWhatWasSpent();
    void customerLimitsSave();
};

void TestLimitsDialogs::keyEditorRoundTripsEveryField()
{
    Page p;
    QVERIFY(p.start());
    QAbstractItemModelTester tester(p.keys->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    if (!p.serverHasLimits())
        QSKIP("PUT /admin/customers/{id} answers 404: the server side of limits is not on this branch yet");

    // A new key with every limit set.
    KeyEditorDialog *editor = p.openEditor("newLimitedKeyButton");
    QVERIFY(editor);
    auto *models = child<QListWidget>(editor, "keyModels");
    QTRY_VERIFY_WITH_TIMEOUT(
        !models->findItems(QStringLiteral("bytespike-simulator"), Qt::MatchExactly).isEmpty(), 5000);
    QStringList listed;
    for (int i = 0; i < models->count(); ++i)
        listed << models->item(i)->text();
    QStringList sorted = listed;
    sorted.sort();
    sorted.removeDuplicates();
    QCOMPARE(listed, sorted); // routed models' public names, each once, in order
    KeyLimits wanted;
    wanted.models = {QStringLiteral("bytespike-simulator")};
    wanted.expiresAtMs = QDateTime(QDate(2030, 1, 2), QTime(3, 4, 5), Qt::UTC).toMSecsSinceEpoch();
    wanted.rpm = 60;
    wanted.tpm = 4'000'000'000; // past an int
    wanted.maxConcurrent = 3;
    wanted.budgetMicros = 12'500'000;
    wanted.budgetPeriod = KeyLimits::Period::Week;
    wanted.ipAllow = {QStringLiteral("10.0.0.0/8"), QStringLiteral("192.0.2.7"), QStringLiteral("2001:db8::/32")};
    child<QLineEdit>(editor, "keyEditorName")->setText(QStringLiteral("limited"));
    models->findItems(QStringLiteral("bytespike-simulator"), Qt::MatchExactly).first()->setCheckState(Qt::Checked);
    child<QCheckBox>(editor, "keyExpires")->setChecked(true);
    child<QDateTimeEdit>(editor, "keyExpiry")
        ->setDateTime(QDateTime::fromMSecsSinceEpoch(*wanted.expiresAtMs, Qt::UTC));
    child<QDoubleSpinBox>(editor, "keyRpm")->setValue(60);
    child<QDoubleSpinBox>(editor, "keyTpm")->setValue(4e9);
    child<QDoubleSpinBox>(editor, "keyConcurrent")->setValue(3);
    child<QCheckBox>(editor, "keyHasBudget")->setChecked(true);
    QTest::keyClicks(child<QLineEdit>(editor, "keyBudget"), QStringLiteral("12.5x"));
    QCOMPARE(child<QLineEdit>(editor, "keyBudget")->text(), QStringLiteral("12.5")); // dollars only
    auto *period = child<QComboBox>(editor, "keyBudgetPeriod");
    period->setCurrentIndex(period->findData(int(KeyLimits::Period::Week)));
    child<QPlainTextEdit>(editor, "keyIpAllow")
        ->setPlainText(QStringLiteral("10.0.0.0/8\n 192.0.2.7 \n\n2001:db8::/32"));
    save(editor);
    auto *newKey = p.page.findChild<QLineEdit *>(QStringLiteral("newKey"));
    QTRY_VERIFY_WITH_TIMEOUT(newKey->text().startsWith(QLatin1String("bsk-")), 5000); // shown once
    QTRY_VERIFY(!p.page.findChild<KeyEditorDialog *>());
    std::optional<ApiKey> stored = keyNamed(p.gateway, p.demo, QStringLiteral("limited"));
    QVERIFY(stored);
    QCOMPARE(stored->limits, wanted);

    // The table sums the limits up; the editor opened again shows the same values.
    int row = -1;
    QTRY_VERIFY((row = rowNamed(p.keys->model(), QStringLiteral("limited"))) >= 0);
    QCOMPARE(p.keys->model()->index(row, kLimitsColumn).data().toString(), KeyEditorDialog::summary(wanted));
    QVERIFY(p.keys->model()->index(row, kLimitsColumn).data().toString().contains(QLatin1String("192.0.2.7")));
    p.keys->setCurrentIndex(p.keys->model()->index(row, 0));
    editor = p.openEditor("editKeyButton");
    QVERIFY(editor);
    QCOMPARE(child<QLineEdit>(editor, "keyEditorName")->text(), QStringLiteral("limited"));
    QString error;
    QCOMPARE(editor->readLimits(&error), std::optional<KeyLimits>(wanted));
    QCOMPARE(child<QDoubleSpinBox>(editor, "keyTpm")->value(), 4e9);
    QCOMPARE(child<QLineEdit>(editor, "keyBudget")->text(), dollarsText(12'500'000, QLocale()));
    QCOMPARE(child<QComboBox>(editor, "keyBudgetPeriod")->currentData().toInt(), int(KeyLimits::Period::Week));
    QCOMPARE(child<QDateTimeEdit>(editor, "keyExpiry")->dateTime().toMSecsSinceEpoch(), *wanted.expiresAtMs);

    // Edited and saved: every model again, no expiry, other numbers, a monthly budget, one block.
    models = child<QListWidget>(editor, "keyModels");
    for (int i = 0; i < models->count(); ++i)
        models->item(i)->setCheckState(Qt::Unchecked);
    child<QCheckBox>(editor, "keyExpires")->setChecked(false);
    child<QDoubleSpinBox>(editor, "keyRpm")->setValue(0);
    child<QDoubleSpinBox>(editor, "keyConcurrent")->setValue(7);
    child<QLineEdit>(editor, "keyBudget")->setText(QStringLiteral("0.25"));
    period = child<QComboBox>(editor, "keyBudgetPeriod");
    period->setCurrentIndex(period->findData(int(KeyLimits::Period::Month)));
    child<QPlainTextEdit>(editor, "keyIpAllow")->setPlainText(QStringLiteral("192.0.2.0/24"));
    KeyLimits edited = wanted;
    edited.models.clear();
    edited.expiresAtMs.reset();
    edited.rpm = 0;
    edited.maxConcurrent = 7;
    edited.budgetMicros = 250'000;
    edited.budgetPeriod = KeyLimits::Period::Month;
    edited.ipAllow = {QStringLiteral("192.0.2.0/24")};
    save(editor);
    auto *message = p.page.findChild<QLabel *>(QStringLiteral("customerMessage"));
    QTRY_COMPARE_WITH_TIMEOUT(message->text(), QStringLiteral("Limits of limited saved."), 5000);
    stored = keyNamed(p.gateway, p.demo, QStringLiteral("limited"));
    QVERIFY(stored);
    QCOMPARE(stored->limits, edited);
    QTRY_COMPARE(p.keys->model()->index(rowNamed(p.keys->model(), QStringLiteral("limited")), kLimitsColumn).data(),
        QVariant(KeyEditorDialog::summary(edited)));
}

void TestLimitsDialogs::invalidCidrSavesNothing()
{
    Page p;
    QVERIFY(p.start());
    const qsizetype keysBefore = customer(p.gateway, p.demo).value().keys.value_or(QList<ApiKey>()).size();

    // A new key: refused in the dialog, which stays open; no key is made.
    KeyEditorDialog *editor = p.openEditor("newLimitedKeyButton");
    QVERIFY(editor);
    child<QLineEdit>(editor, "keyEditorName")->setText(QStringLiteral("walled"));
    child<QPlainTextEdit>(editor, "keyIpAllow")->setPlainText(QStringLiteral("10.0.0.0/8\n10.0.0.0/33"));
    save(editor);
    auto *error = child<QLabel>(editor, "keyEditorError");
    QVERIFY(error->text().startsWith(QLatin1String("Line 2 of the IP allow-list is not an address or a CIDR block")));
    QVERIFY(editor->isVisible());
    QTest::qWait(300);
    QCOMPARE(customer(p.gateway, p.demo).value().keys.value_or(QList<ApiKey>()).size(), keysBefore);
    QVERIFY(p.page.findChild<QLineEdit *>(QStringLiteral("newKey"))->text().isEmpty());
    editor->reject();
    QTRY_VERIFY(!p.page.findChild<KeyEditorDialog *>());

    // An existing key: the same, and its limits stay as they were.
    if (!p.serverHasLimits())
        QSKIP("PUT /admin/customers/{id} answers 404: the server side of limits is not on this branch yet");
    QTRY_VERIFY_WITH_TIMEOUT(p.keys->model()->rowCount() > 0, 5000);
    p.keys->setCurrentIndex(p.keys->model()->index(0, 0));
    const QString name = p.keys->model()->index(0, 0).data().toString();
    const KeyLimits before = keyNamed(p.gateway, p.demo, name)->limits;
    editor = p.openEditor("editKeyButton");
    QVERIFY(editor);
    child<QDoubleSpinBox>(editor, "keyRpm")->setValue(5);
    child<QPlainTextEdit>(editor, "keyIpAllow")->setPlainText(QStringLiteral("not-an-address"));
    save(editor);
    QVERIFY(child<QLabel>(editor, "keyEditorError")->text().startsWith(QLatin1String("Line 1 of the IP allow-list")));
    QTest::qWait(300);
    QCOMPARE(keyNamed(p.gateway, p.demo, name)->limits, before);
    editor->reject();
}

void TestLimitsDialogs::budgetBarShowsWhatWasSpent()
{
    Page p;
    QVERIFY(p.start());
    if (!p.serverHasLimits())
        QSKIP("PUT /admin/customers/{id} answers 404: the server side of limits is not on this branch yet");
    KeyEditorDialog *editor = p.openEditor("newLimitedKeyButton");
    QVERIFY(editor);
    child<QLineEdit>(editor, "keyEditorName")->setText(QStringLiteral("budgeted"));
    child<QCheckBox>(editor, "keyHasBudget")->setChecked(true);
    child<QLineEdit>(editor, "keyBudget")->setText(QStringLiteral("5"));
    save(editor);
    auto *newKey = p.page.findChild<QLineEdit *>(QStringLiteral("newKey"));
    QTRY_VERIFY_WITH_TIMEOUT(newKey->text().startsWith(QLatin1String("bsk-")), 5000);
    int row = -1;
    QTRY_VERIFY((row = rowNamed(p.keys->model(), QStringLiteral("budgeted"))) >= 0);
    QCOMPARE(p.keys->model()->index(row, kUsageColumn).data(Qt::UserRole).toLongLong(), 0);

    // A billed request; the page reads the key's usage when it is shown again.
    const CallResult answer = sendMessage(p.gateway, newKey->text().toLatin1());
    QCOMPARE(answer.status, 200);
    const qint64 cost = answer.header("bytespike-cost").toLongLong();
    QVERIFY(cost > 0);
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const std::optional<ApiKey> key = keyNamed(p.gateway, p.demo, QStringLiteral("budgeted"));
            return key && key->usage && key->usage->budgetSpentMicros == cost && key->usage->budgetReservedMicros == 0;
        }(),
        10000);
    p.page.hide();
    p.page.show();
    row = rowNamed(p.keys->model(), QStringLiteral("budgeted"));
    QTRY_COMPARE_WITH_TIMEOUT(p.keys->model()->index(row, kUsageColumn).data(Qt::UserRole).toLongLong(), cost, 5000);
    // One key's spending reads as a request's amount does, the exact figure as its tooltip.
    QCOMPARE(p.keys->model()->index(row, kUsageColumn).data().toString(), formatAmount(cost, QLocale()));
    QCOMPARE(p.keys->model()->index(row, kUsageColumn).data(Qt::ToolTipRole).toString(), formatMoney(cost, QLocale()));
    // The bar: its fill and its words, drawn without trouble.
    QVERIFY(qobject_cast<UsageBarDelegate *>(p.keys->itemDelegateForColumn(kUsageColumn)));
    const UsageBarDelegate::Share share {cost, 5'000'000};
    QCOMPARE(UsageBarDelegate::permille(share), int(cost * 1000 / 5'000'000));
    QCOMPARE(UsageBarDelegate::text(share),
        QStringLiteral("%1 of %2").arg(formatMoney(cost, QLocale()), formatMoney(5'000'000, QLocale())));
    auto *tabs = p.page.findChild<QTabWidget *>(QStringLiteral("customerTabs"));
    tabs->setCurrentWidget(p.keys); // the Keys tab, as an operator opens it
    QVERIFY(p.keys->isVisible());
    QVERIFY(!p.keys->viewport()->grab().isNull());
    // A key without a budget has no bar.
    QCOMPARE(UsageBarDelegate::permille({0, 0}), 0);
    QCOMPARE(UsageBarDelegate::permille({7'000'000, 5'000'000}), 1000);
}

void TestLimitsDialogs::customerLimitsSave()
{
    Page p;
    QVERIFY(p.start());
    if (!p.serverHasLimits())
        QSKIP("PUT /admin/customers/{id} answers 404: the server side of limits is not on this branch yet");
    auto *summary = p.page.findChild<QLabel *>(QStringLiteral("customerLimits"));
    QVERIFY(summary);
    QTRY_VERIFY_WITH_TIMEOUT(summary->text().contains(QLatin1String("no limits")), 5000);
    p.button("customerLimitsButton")->click();
    CustomerLimitsDialog *editor = nullptr;
    QTRY_VERIFY((editor = p.page.findChild<CustomerLimitsDialog *>()) && editor->isVisible());
    child<QDoubleSpinBox>(editor, "customerRpm")->setValue(100);
    child<QDoubleSpinBox>(editor, "customerTpm")->setValue(50000);
    child<QDoubleSpinBox>(editor, "customerConcurrent")->setValue(2);
    child<QDialogButtonBox>(editor, "customerLimitsButtons")->button(QDialogButtonBox::Save)->click();
    QTRY_VERIFY_WITH_TIMEOUT(!p.page.findChild<CustomerLimitsDialog *>(), 5000);
    const CustomerLimits wanted {100, 50000, 2};
    QCOMPARE(customer(p.gateway, p.demo).value().limits, wanted);
    QTRY_COMPARE(summary->text(), QStringLiteral("Customer limits: %1").arg(CustomerLimitsDialog::summary(wanted)));

    // Opened again, the dialog shows them; cleared, they are gone.
    p.button("customerLimitsButton")->click();
    QTRY_VERIFY((editor = p.page.findChild<CustomerLimitsDialog *>()) && editor->isVisible());
    QCOMPARE(editor->limits(), wanted);
    for (const char *name : {"customerRpm", "customerTpm", "customerConcurrent"})
        child<QDoubleSpinBox>(editor, name)->setValue(0);
    child<QDialogButtonBox>(editor, "customerLimitsButtons")->button(QDialogButtonBox::Save)->click();
    QTRY_VERIFY_WITH_TIMEOUT(!p.page.findChild<CustomerLimitsDialog *>(), 5000);
    QCOMPARE(customer(p.gateway, p.demo).value().limits, CustomerLimits());
}

QTEST_MAIN(TestLimitsDialogs)
#include "tst_limitsdialogs.moc"
