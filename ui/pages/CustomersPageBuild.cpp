// The customers page's widgets, layout and signal wiring, made once by the constructor.
#include "CustomersPage.h"

#include "bytespike/GatewayService.h"
#include "models/JsonTableModel.h"
#include "widgets/DollarDelegate.h"
#include "widgets/EmptyState.h"
#include "widgets/Widgets.h"

#include <QChart>
#include <QChartView>
#include <QClipboard>
#include <QDateEdit>
#include <QGridLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLegend>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace bytespike {

void CustomersPage::setUpEmptyStates()
{
    m_empty = {new EmptyState(m_customerView, m_customers), new EmptyState(m_keyView, m_keys),
        new EmptyState(m_lineView, m_lines)};
    // Each action takes the operator to the field that fills the list.
    const QList<QLineEdit *> fields {m_newName, m_keyName, m_amount};
    for (int i = 0; i < fields.size(); ++i) {
        QLineEdit *field = fields[i];
        connect(m_empty[i]->action(), &QPushButton::clicked, this, [this, field, i] {
            if (i == 1) // the key name is on the Keys tab
                findChild<QTabWidget *>(QStringLiteral("customerTabs"))->setCurrentIndex(1);
            field->setFocus(Qt::OtherFocusReason);
        });
    }
}

void CustomersPage::retranslateEmptyStates()
{
    m_empty[0]->setTexts(tr("No customers yet."), tr("Add a customer"));
    m_empty[1]->setTexts(tr("This customer has no key: its clients cannot call the gateway yet."), tr("Create a key"));
    m_empty[2]->setTexts(m_selected.isEmpty() ? tr("Select a customer to see its statement.")
                                              : tr("No credit and no billed request in this period."),
        m_selected.isEmpty() ? QString() : tr("Add a credit"));
}

void CustomersPage::setUpWidgets()
{
    // The list keeps to what fits beside the statement at 1280x800 in any language: the name
    // (elided, its id as the tooltip), the balance and what is available. The id and the held
    // amount are in the selected customer's line above the statement.
    // A statement line's time, kind and amount first, then what it was for.
    setColumnOrder(m_lineView, {0, 1, 7, 3, 2, 4, 5, 6, 8});
    m_customerView->setColumnHidden(1, true);
    m_customerView->setColumnHidden(3, true);
    m_customerView->setTextElideMode(Qt::ElideRight);
    m_customerView->horizontalHeader()->setStretchLastSection(false);
    m_customerView->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_customerView->horizontalHeader()->setMinimumSectionSize(60);
    m_balance->setObjectName(QStringLiteral("balanceLabel"));
    m_totals->setObjectName(QStringLiteral("statementTotals"));
    m_message->setObjectName(QStringLiteral("customerMessage"));
    m_from->setObjectName(QStringLiteral("statementFrom"));
    m_to->setObjectName(QStringLiteral("statementTo"));
    m_spendView->setObjectName(QStringLiteral("dailySpendChart"));
    m_balanceView->setObjectName(QStringLiteral("balanceChart"));
    m_message->setWordWrap(true);
    m_amount->setValidator(new DollarValidator(m_amount));
    explainDollarRefusals(m_amount);
    m_newKey->setReadOnly(true);
    m_from->setCalendarPopup(true);
    m_to->setCalendarPopup(true);
    const QDate today = QDate::currentDate();
    m_from->setDate(QDate(today.year(), today.month(), 1));
    m_to->setDate(today);
    for (QChartView *view : {m_spendView, m_balanceView}) {
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumHeight(240);
        view->setFocusPolicy(Qt::StrongFocus);
    }
    m_spendChart->legend()->setAlignment(Qt::AlignBottom);
    m_balanceChart->legend()->hide();
}

void CustomersPage::buildLayout()
{
    auto *split = new QSplitter(this);
    split->addWidget(buildCustomerList());
    split->addWidget(buildAccountPanel());
    split->setStretchFactor(1, 3);
    split->setSizes({380, 900});
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);
}

// Left: the customers and a field to add one.
QWidget *CustomersPage::buildCustomerList()
{
    auto *newCustomer = new QHBoxLayout;
    newCustomer->addWidget(m_newName, 1);
    newCustomer->addWidget(m_addCustomer);
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_customerView, 1);
    leftLayout->addLayout(newCustomer);
    return left;
}

// Right: the selected customer's balance, credit, keys and statement.
QWidget *CustomersPage::buildAccountPanel()
{
    const auto label = [this](QWidget *buddy) {
        auto *l = new QLabel(this);
        l->setBuddy(buddy);
        m_labels.append(l);
        return l;
    };
    auto *account = new QGridLayout;
    account->addWidget(m_balance, 0, 0, 1, 5);
    account->addWidget(label(m_amount), 1, 0);
    account->addWidget(m_amount, 1, 1);
    account->addWidget(label(m_memo), 1, 2);
    account->addWidget(m_memo, 1, 3);
    account->addWidget(m_addCredit, 1, 4);
    account->addWidget(label(m_keyName), 2, 0);
    account->addWidget(m_keyName, 2, 1);
    account->addWidget(m_createKey, 2, 2);
    account->addWidget(m_revokeKey, 2, 3);
    account->addWidget(label(m_newKey), 3, 0);
    account->addWidget(m_newKey, 3, 1, 1, 3);
    account->addWidget(m_copyKey, 3, 4);
    auto *limits = new QHBoxLayout;
    limits->addWidget(m_newLimitedKey);
    limits->addWidget(m_editKey);
    limits->addWidget(m_editCustomerLimits);
    limits->addWidget(m_customerLimits, 1);
    account->addLayout(limits, 4, 0, 1, 5);

    auto *period = new QHBoxLayout;
    period->addWidget(label(m_from));
    period->addWidget(m_from);
    period->addWidget(label(m_to));
    period->addWidget(m_to);
    period->addWidget(m_show);
    period->addStretch();
    period->addWidget(m_csv);
    period->addWidget(m_pdf);
    period->addWidget(m_print);
    auto *charts = new QHBoxLayout;
    charts->addWidget(m_spendView, 3);
    charts->addWidget(m_balanceView, 2);

    auto *tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("customerTabs"));
    auto *statementPage = new QWidget(this);
    auto *statementLayout = new QVBoxLayout(statementPage);
    statementLayout->addLayout(period);
    statementLayout->addWidget(m_totals);
    statementLayout->addLayout(charts, 1);
    statementLayout->addWidget(m_lineView, 1);
    tabs->addTab(statementPage, QString());
    tabs->addTab(m_keyView, QString());
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addLayout(account);
    rightLayout->addWidget(tabs, 1);
    rightLayout->addWidget(m_message);
    return right;
}

void CustomersPage::connectSignals()
{
    connect(m_customerView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex &current) {
            if (current.isValid())
                selectCustomer(m_customers->item(current.row()).id);
        });
    connect(m_lineView, &QTableView::activated, this, [this](const QModelIndex &index) {
        const StatementLine &line = m_lines->item(index.row());
        if (!line.requestId.isEmpty())
            Q_EMIT linkOpened(QStringLiteral("request:") + line.requestId);
    });
    connect(m_addCustomer, &QPushButton::clicked, this, &CustomersPage::addCustomer);
    connect(m_newName, &QLineEdit::returnPressed, this, &CustomersPage::addCustomer);
    connect(m_addCredit, &QPushButton::clicked, this, &CustomersPage::addCredit);
    connect(m_createKey, &QPushButton::clicked, this, &CustomersPage::createKey);
    connect(m_revokeKey, &QPushButton::clicked, this, &CustomersPage::revokeKey);
    connect(
        m_copyKey, &QPushButton::clicked, this, [this] { QGuiApplication::clipboard()->setText(m_newKey->text()); });
    connect(m_show, &QPushButton::clicked, this, &CustomersPage::loadStatement);
    connect(m_csv, &QPushButton::clicked, this, [this] { askExport(false); });
    connect(m_pdf, &QPushButton::clicked, this, [this] { askExport(true); });
    connect(m_print, &QPushButton::clicked, this, &CustomersPage::print);
    connect(&m_gateway, &EmbeddedGateway::started, this, &CustomersPage::reload);
}

} // namespace bytespike
