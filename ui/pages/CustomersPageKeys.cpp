// The customers page's keys and limits: the key table (with each key's limits and, for a key with
// a budget, what it has used of it), creating, editing and revoking keys, and the customer's own
// limits.
#include "CustomersPage.h"

#include "GatewayCalls.h"
#include "bytespike/GatewayService.h"
#include "bytespike/MoneyFormat.h"
#include "widgets/CustomerLimitsDialog.h"
#include "widgets/KeyEditorDialog.h"
#include "widgets/UsageBarDelegate.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>

namespace bytespike {

namespace {

using Kind = JsonTableModel::Kind;

// What a key has used of its budget: spent in the period plus reserved by requests in flight.
std::optional<UsageBarDelegate::Share> budgetShare(const ApiKey &key)
{
    if (!key.limits.budgetMicros)
        return std::nullopt;
    const qint64 used = key.usage ? key.usage->budgetSpentMicros + key.usage->budgetReservedMicros : 0;
    return UsageBarDelegate::Share {used, *key.limits.budgetMicros};
}

} // namespace

QList<ItemTableModel<ApiKey>::Column> CustomersPage::keyColumns()
{
    using K = ApiKey;
    return {{[](const K &k) { return QVariant(k.name); }}, {[](const K &k) { return QVariant(k.hint); }},
        {[](const K &k) { return QVariant(k.createdMs); }, Kind::Time},
        {[](const K &k) { return k.revokedMs ? QVariant(*k.revokedMs) : QVariant(); }, Kind::Time},
        {[](const K &k) { return QVariant(KeyEditorDialog::summary(k.limits)); }},
        {[](const K &k) {
             const std::optional<UsageBarDelegate::Share> share = budgetShare(k);
             return share ? QVariant(share->usedMicros) : QVariant();
         },
            Kind::Amount}};
}

void CustomersPage::setUpKeyTable()
{
    m_keyView->setItemDelegateForColumn(kUsageColumn,
        new UsageBarDelegate(
            [this](int row) {
                return row >= 0 && row < m_keys->rowCount() ? budgetShare(m_keys->item(row)) : std::nullopt;
            },
            m_keyView));
    m_customerLimits->setObjectName(QStringLiteral("customerLimits"));
    m_customerLimits->setWordWrap(true);
    connect(m_keyView, &QTableView::doubleClicked, this, [this] { openKeyEditor(true); });
    connect(m_newLimitedKey, &QPushButton::clicked, this, [this] { openKeyEditor(false); });
    connect(m_editKey, &QPushButton::clicked, this, [this] { openKeyEditor(true); });
    connect(m_editCustomerLimits, &QPushButton::clicked, this, &CustomersPage::editCustomerLimits);
}

void CustomersPage::showCustomer(const Customer &customer)
{
    m_customer = customer;
    const QLocale locale;
    // To the cent, with the exact amounts a hover away.
    const auto line = [&](QString (*format)(qint64, const QLocale &)) {
        return tr("%1: balance %2, held %3, available %4")
            .arg(customer.name, format(customer.postedMicros, locale), format(customer.pendingMicros, locale),
                format(customer.availableMicros(), locale));
    };
    m_balance->setText(line(&formatBalance));
    m_balance->setToolTip(line([](qint64 micros, const QLocale &l) { return formatMoney(micros, l); }));
    m_customerLimits->setText(tr("Customer limits: %1").arg(CustomerLimitsDialog::summary(customer.limits)));
    m_keys->setItems(customer.keys.value_or(QList<ApiKey>()));
}

void CustomersPage::createKey()
{
    const QString name = m_keyName->text().trimmed().isEmpty() ? tr("console") : m_keyName->text().trimmed();
    adminClient(m_gateway).createKey(
        this, m_selected, NewKey {name, {}}, [this](const ClientResult<CreatedKey> &created) {
            if (!created.ok()) {
                setMessage(tr("No key created: %1").arg(errorText(created.error())), true);
                return;
            }
            showCreatedKey(created.value());
        });
}

void CustomersPage::showCreatedKey(const CreatedKey &key)
{
    // Shown once: the gateway keeps only its digest.
    m_newKey->setText(key.key);
    m_keyName->clear();
    setMessage(tr("Copy the new key now: it is not shown again."));
    selectCustomer(m_selected);
}

void CustomersPage::openKeyEditor(bool existing)
{
    if (m_selected.isEmpty())
        return;
    std::optional<ApiKey> key;
    if (existing) {
        const QModelIndex current = m_keyView->currentIndex();
        if (!current.isValid()) {
            setMessage(tr("Choose a key to edit on the Keys tab."), true);
            return;
        }
        key = m_keys->item(current.row());
    }
    auto *editor = new KeyEditorDialog(m_gateway, m_selected, key, m_keyName->text().trimmed(), this);
    editor->setAttribute(Qt::WA_DeleteOnClose);
    connect(editor, &KeyEditorDialog::keyCreated, this, &CustomersPage::showCreatedKey);
    connect(editor, &KeyEditorDialog::keySaved, this, [this](const ApiKey &saved) {
        setMessage(tr("Limits of %1 saved.").arg(saved.name));
        selectCustomer(m_selected);
    });
    editor->open();
}

void CustomersPage::editCustomerLimits()
{
    if (m_selected.isEmpty() || m_customer.id != m_selected)
        return;
    auto *editor = new CustomerLimitsDialog(m_gateway, m_customer, this);
    editor->setAttribute(Qt::WA_DeleteOnClose);
    connect(editor, &CustomerLimitsDialog::saved, this, [this](const Customer &saved) {
        setMessage(tr("Limits of %1 saved.").arg(saved.name));
        selectCustomer(m_selected);
    });
    editor->open();
}

void CustomersPage::revokeKey()
{
    const QModelIndex current = m_keyView->currentIndex();
    if (!current.isValid()) {
        setMessage(tr("Choose a key to revoke on the Keys tab."), true);
        return;
    }
    const QString keyId = m_keys->item(current.row()).id;
    adminClient(m_gateway).revokeKey(this, m_selected, keyId, [this](const ClientResult<KeyRevoked> &revoked) {
        if (!revoked.ok()) {
            setMessage(tr("Not revoked: %1").arg(errorText(revoked.error())), true);
            return;
        }
        setMessage(tr("Key revoked; requests with it are refused from now on."));
        selectCustomer(m_selected);
    });
}

} // namespace bytespike
