#include "OperatorsPage.h"

#include "GatewayCalls.h"
#include "bytespike/GatewayService.h"
#include "widgets/Widgets.h"

#include <QClipboard>
#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QGuiApplication>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace bytespike {

namespace {

using Kind = JsonTableModel::Kind;

constexpr OperatorRole kRoles[] {
    OperatorRole::Viewer, OperatorRole::Pricing, OperatorRole::Billing, OperatorRole::Admin};

QList<ItemTableModel<Operator>::Column> operatorColumns()
{
    using O = Operator;
    return {{[](const O &o) { return QVariant(o.name); }},
        {[](const O &o) { return QVariant(OperatorsPage::roleText(o.role)); }},
        {[](const O &o) { return QVariant(o.createdMs); }, Kind::Time},
        {[](const O &o) { return o.revokedMs ? QVariant(*o.revokedMs) : QVariant(); }, Kind::Time}};
}

} // namespace

OperatorsPage::OperatorsPage(EmbeddedGateway &gateway, QWidget *parent)
    : QWidget(parent)
    , m_gateway(gateway)
    , m_operators(new ItemTableModel<Operator>(
          operatorColumns(), [](const Operator &o) { return o.id; }, this))
    , m_view(makeTableView(QStringLiteral("operatorList"), m_operators, this))
    , m_name(new QLineEdit(this))
    , m_role(new QComboBox(this))
    , m_create(makeButton(QStringLiteral("createOperatorButton"), this))
    , m_revoke(makeButton(QStringLiteral("revokeOperatorButton"), this))
    , m_reload(makeButton(QStringLiteral("reloadOperatorsButton"), this))
    , m_token(new QLineEdit(this))
    , m_copyToken(makeButton(QStringLiteral("copyTokenButton"), this))
    , m_tokenWarning(new QLabel(this))
    , m_message(new QLabel(this))
{
    m_name->setObjectName(QStringLiteral("operatorName"));
    m_role->setObjectName(QStringLiteral("operatorRole"));
    m_token->setObjectName(QStringLiteral("operatorToken"));
    m_tokenWarning->setObjectName(QStringLiteral("operatorTokenWarning"));
    m_message->setObjectName(QStringLiteral("operatorMessage"));
    m_token->setReadOnly(true);
    m_tokenWarning->setWordWrap(true);
    m_tokenWarning->setProperty("problem", true);
    m_message->setWordWrap(true);
    for (OperatorRole role : kRoles)
        m_role->addItem(QString(), int(role));
    buildLayout();
    connect(m_create, &QPushButton::clicked, this, &OperatorsPage::createOperator);
    connect(m_name, &QLineEdit::returnPressed, this, &OperatorsPage::createOperator);
    connect(m_revoke, &QPushButton::clicked, this, &OperatorsPage::revokeOperator);
    connect(m_reload, &QPushButton::clicked, this, &OperatorsPage::reload);
    connect(
        m_copyToken, &QPushButton::clicked, this, [this] { QGuiApplication::clipboard()->setText(m_token->text()); });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &OperatorsPage::updateButtons);
    connect(&m_gateway, &EmbeddedGateway::started, this, &OperatorsPage::reload);
    retranslate();
    updateButtons();
}

void OperatorsPage::buildLayout()
{
    const auto label = [this](QWidget *buddy) {
        auto *l = new QLabel(this);
        l->setBuddy(buddy);
        m_labels.append(l);
        return l;
    };
    auto *controls = new QGridLayout;
    controls->addWidget(label(m_name), 0, 0);
    controls->addWidget(m_name, 0, 1);
    controls->addWidget(label(m_role), 0, 2);
    controls->addWidget(m_role, 0, 3);
    controls->addWidget(m_create, 0, 4);
    controls->addWidget(label(m_token), 1, 0);
    controls->addWidget(m_token, 1, 1, 1, 3);
    controls->addWidget(m_copyToken, 1, 4);
    controls->addWidget(m_tokenWarning, 2, 0, 1, 5);
    controls->setColumnStretch(1, 1);
    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(m_reload);
    listButtons->addStretch();
    listButtons->addWidget(m_revoke);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(m_view, 1);
    layout->addLayout(listButtons);
    layout->addWidget(m_message);
}

QString OperatorsPage::roleText(OperatorRole role)
{
    switch (role) {
    case OperatorRole::Viewer: return tr("Viewer");
    case OperatorRole::Pricing: return tr("Pricing");
    case OperatorRole::Billing: return tr("Billing");
    case OperatorRole::Admin: return tr("Admin");
    }
    return {};
}

void OperatorsPage::retranslate()
{
    m_operators->setHeaders({tr("Name"), tr("Role"), tr("Created"), tr("Revoked")});
    const QStringList labels {tr("&Name:"), tr("R&ole:"), tr("&Token:")};
    for (qsizetype i = 0; i < m_labels.size(); ++i)
        m_labels[i]->setText(labels.value(i));
    for (int i = 0; i < m_role->count(); ++i) {
        const auto role = OperatorRole(m_role->itemData(i).toInt());
        m_role->setItemText(i, roleText(role));
    }
    m_role->setToolTip(tr("Viewer reads; Pricing also changes channels, prices and secrets; Billing also changes "
                          "customers, keys and credits; Admin does everything, operators included."));
    m_name->setPlaceholderText(tr("New operator's name"));
    m_token->setPlaceholderText(tr("A new operator's token is shown here once"));
    m_create->setText(tr("&Create operator"));
    m_revoke->setText(tr("&Revoke operator"));
    m_reload->setText(tr("Re&load"));
    m_copyToken->setText(tr("C&opy"));
    m_view->setAccessibleName(tr("Operators"));
    m_name->setAccessibleName(tr("Name of a new operator"));
    m_role->setAccessibleName(tr("Role of a new operator"));
    m_create->setAccessibleName(tr("Create the operator"));
    m_revoke->setAccessibleName(tr("Revoke the selected operator"));
    m_reload->setAccessibleName(tr("Reload the operators"));
    m_token->setAccessibleName(tr("The new operator's token, shown once"));
    m_copyToken->setAccessibleName(tr("Copy the new operator's token"));
    m_tokenWarning->setAccessibleName(tr("Token warning"));
    m_message->setAccessibleName(tr("Operator messages"));
    if (!m_token->text().isEmpty())
        m_tokenWarning->setText(tr("Copy this token now: it will not be shown again."));
    if (!m_available)
        setMessage(tr("Only an admin can manage operators."), true);
}

void OperatorsPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void OperatorsPage::showEvent(QShowEvent *event)
{
    reload();
    QWidget::showEvent(event);
}

void OperatorsPage::hideEvent(QHideEvent *event)
{
    // A token is shown once: leaving the page forgets it.
    m_token->clear();
    m_tokenWarning->clear();
    QWidget::hideEvent(event);
}

void OperatorsPage::setMessage(const QString &text, bool problem)
{
    m_message->setText(text);
    m_message->setProperty("problem", problem);
}

void OperatorsPage::setAvailable(bool available)
{
    if (available != m_available) {
        m_available = available;
        Q_EMIT availabilityChanged(available);
    }
    for (QWidget *w : std::initializer_list<QWidget *> {m_view, m_name, m_role, m_create, m_copyToken})
        w->setEnabled(available);
    if (!available) {
        m_operators->setItems({});
        setMessage(tr("Only an admin can manage operators."), true);
    }
    updateButtons();
}

void OperatorsPage::updateButtons()
{
    const QModelIndex current = m_view->currentIndex();
    m_revoke->setEnabled(m_available && current.isValid() && !m_operators->item(current.row()).revokedMs);
}

void OperatorsPage::reload()
{
    adminClient(m_gateway).listOperators(this, [this](const ClientResult<QList<Operator>> &operators) {
        if (!operators.ok()) {
            if (operators.error().code() == AdminError::Forbidden) { // a role below admin
                setAvailable(false);
                return;
            }
            setMessage(tr("Cannot load the operators: %1").arg(errorText(operators.error())), true);
            m_loadFailed = true;
            return;
        }
        if (m_loadFailed) // the failure was about an earlier read (a gateway still starting)
            setMessage({});
        m_loadFailed = false;
        setAvailable(true);
        m_operators->setItems(operators.value());
        m_view->resizeColumnsToContents(); // a short list: its columns fit what they hold
        updateButtons();
    });
}

void OperatorsPage::createOperator()
{
    const QString name = m_name->text().trimmed();
    if (name.isEmpty()) {
        setMessage(tr("An operator needs a name."), true);
        return;
    }
    const NewOperator op {name, OperatorRole(m_role->currentData().toInt())};
    adminClient(m_gateway).createOperator(this, op, [this](const ClientResult<CreatedOperator> &created) {
        if (!created.ok()) {
            setMessage(tr("Not created: %1").arg(errorText(created.error())), true);
            return;
        }
        // Shown once: the gateway keeps only its digest.
        m_token->setText(created.value().token);
        m_tokenWarning->setText(tr("Copy this token now: it will not be shown again."));
        m_name->clear();
        setMessage(tr("Operator %1 created.").arg(created.value().name));
        reload();
    });
}

void OperatorsPage::revokeOperator()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid()) {
        setMessage(tr("Choose an operator to revoke."), true);
        return;
    }
    const Operator op = m_operators->item(current.row());
    auto *ask = new QMessageBox(QMessageBox::Question, tr("Revoke operator"),
        tr("Revoke %1? Calls with the operator's token are refused from then on.").arg(op.name),
        QMessageBox::Yes | QMessageBox::No, this);
    ask->setObjectName(QStringLiteral("revokeOperatorQuestion"));
    ask->setDefaultButton(QMessageBox::No);
    ask->button(QMessageBox::Yes)->setText(tr("&Revoke"));
    ask->button(QMessageBox::No)->setText(tr("&Keep"));
    ask->setAttribute(Qt::WA_DeleteOnClose);
    connect(ask, &QMessageBox::buttonClicked, this, [this, ask, op](QAbstractButton *button) {
        if (ask->standardButton(button) == QMessageBox::Yes)
            revokeConfirmed(op.id, op.name);
    });
    ask->open();
}

void OperatorsPage::revokeConfirmed(const QString &id, const QString &name)
{
    adminClient(m_gateway).revokeOperator(this, id, [this, name](const ClientResult<OperatorRevoked> &revoked) {
        if (!revoked.ok()) {
            setMessage(tr("Not revoked: %1").arg(errorText(revoked.error())), true);
            return;
        }
        setMessage(tr("%1 revoked; calls with that token are refused from now on.").arg(name));
        reload();
    });
}

} // namespace bytespike
