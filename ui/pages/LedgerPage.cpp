#include "LedgerPage.h"

#include "GatewayCalls.h"
#include "NameBook.h"
#include "bytespike/GatewayService.h"
#include "bytespike/MoneyFormat.h"
#include "models/JsonTableModel.h"
#include "widgets/EmptyState.h"
#include "widgets/Widgets.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QUrlQuery>
#include <QVBoxLayout>

namespace bytespike {

namespace {

using Kind = JsonTableModel::Kind;

// Pending, posted (the debits) and voided or expired (never billed), each with its own columns.
QList<ItemTableModel<Hold>::Column> columnsFor(int list, const NameBook *names)
{
    using Column = ItemTableModel<Hold>::Column;
    QList<Column> columns {{[](const Hold &h) { return QVariant(h.createdMs); }, Kind::Time},
        {[names](const Hold &h) { return names->customerCell(h.customer); }, Kind::Name},
        {[names](const Hold &h) { return names->endpointCell(h.endpoint); }, Kind::Name},
        {[](const Hold &h) { return QVariant(h.requestId); }},
        {[](const Hold &h) { return QVariant(h.amountMicros); }, Kind::Amount}};
    if (list == 1)
        columns << Column {[](const Hold &h) { return QVariant(h.debitMicros); }, Kind::Amount}
                << Column {[](const Hold &h) { return QVariant(h.priceVersion); }, Kind::Integer};
    if (list == 2)
        columns << Column {[](const Hold &h) { return QVariant(h.state); }, Kind::Code}
                << Column {[](const Hold &h) { return JsonTableModel::reason(h.reasonCode, h.reason); }, Kind::Reason};
    if (list != 0)
        columns << Column {
            [](const Hold &h) { return h.resolvedMs ? QVariant(*h.resolvedMs) : QVariant(); }, Kind::Time};
    return columns;
}

} // namespace

LedgerPage::LedgerPage(EmbeddedGateway &gateway, QWidget *parent)
    : QWidget(parent)
    , m_gateway(gateway)
    , m_names(new NameBook(gateway, this))
    , m_customerLabel(new QLabel(this))
    , m_customer(new QComboBox(this))
    , m_searchLabel(new QLabel(this))
    , m_search(new QLineEdit(this))
    , m_summary(new QLabel(this))
    , m_tabs(new QTabWidget(this))
{
    m_customer->setObjectName(QStringLiteral("ledgerCustomerBox"));
    m_search->setObjectName(QStringLiteral("ledgerSearch"));
    m_summary->setObjectName(QStringLiteral("ledgerSummary"));
    m_tabs->setObjectName(QStringLiteral("ledgerTabs"));
    m_customer->addItem(QString(), QString());
    m_customer->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_search->setClearButtonEnabled(true);
    m_customerLabel->setBuddy(m_customer);
    m_searchLabel->setBuddy(m_search);

    // The third list holds what never billed: voided and expired holds.
    const QString states[] = {QStringLiteral("pending"), QStringLiteral("posted"), QStringLiteral("voided,expired")};
    const QString names[]
        = {QStringLiteral("pendingHolds"), QStringLiteral("recentDebits"), QStringLiteral("voidedHolds")};
    for (int i = 0; i < 3; ++i)
        setUpList(i, states[i], names[i]);

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_customerLabel);
    filters->addWidget(m_customer);
    filters->addWidget(m_searchLabel);
    filters->addWidget(m_search, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_summary);

    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        for (List &list : m_lists)
            list.proxy->setFilterFixedString(text);
        updateEmptyStates();
    });
    connect(m_customer, &QComboBox::currentIndexChanged, this, [this] {
        updateEmptyStates();
        refresh();
    });
    connect(&m_gateway, &EmbeddedGateway::started, this, &LedgerPage::refreshCustomers);
    connect(m_names, &NameBook::changed, this, [this] {
        for (List &list : m_lists)
            list.model->refreshCells();
    });
    // Live while on screen only: each refresh is a ledger read on the gateway's side.
    connect(&m_gateway, &EmbeddedGateway::metricsSnapshot, this, [this] {
        if (isVisible())
            refresh();
    });
    retranslate();
}

// One of the three lists: its model, sorted and filtered by the search, its view (a row opened
// goes to its request) and what it says when empty.
void LedgerPage::setUpList(int i, const QString &state, const QString &name)
{
    List &list = m_lists[i];
    list.state = state;
    list.model = new ItemTableModel<Hold>(
        columnsFor(i, m_names), [](const Hold &h) { return QString::number(h.id); }, this);
    list.proxy = new QSortFilterProxyModel(this);
    list.proxy->setSourceModel(list.model);
    list.proxy->setSortRole(Qt::UserRole);
    list.proxy->setFilterKeyColumn(-1); // endpoint, request id, customer, reason...
    list.proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    list.view = new QTableView(this);
    list.view->setObjectName(name);
    list.view->setModel(list.proxy);
    list.view->setSortingEnabled(true);
    list.view->sortByColumn(0, Qt::DescendingOrder);
    list.view->setSelectionBehavior(QAbstractItemView::SelectRows);
    list.view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    list.view->horizontalHeader()->setStretchLastSection(true);
    list.view->verticalHeader()->hide();
    connect(list.view, &QTableView::activated, this, [this, i](const QModelIndex &index) {
        const Hold &hold = m_lists[i].model->item(m_lists[i].proxy->mapToSource(index).row());
        Q_EMIT linkOpened(QStringLiteral("request:") + hold.requestId);
    });
    list.empty = new EmptyState(list.view, list.proxy);
    connect(list.empty->action(), &QPushButton::clicked, this, [this] {
        if (m_search->text().isEmpty() && m_customer->currentIndex() == 0)
            Q_EMIT linkOpened(QStringLiteral("page:playground"));
        m_search->clear();
        m_customer->setCurrentIndex(0);
    });
    m_tabs->addTab(list.view, QString());
}

void LedgerPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void LedgerPage::retranslate()
{
    m_customerLabel->setText(tr("&Customer:"));
    m_searchLabel->setText(tr("&Find:"));
    m_customer->setItemText(0, tr("All customers"));
    m_search->setPlaceholderText(tr("Endpoint, request id or reason"));
    m_customer->setAccessibleName(tr("Show the ledger of this customer"));
    m_search->setAccessibleName(tr("Filter the ledger by endpoint, request id or reason"));
    m_summary->setAccessibleName(tr("Ledger summary"));
    const QStringList tabs {tr("Pending holds"), tr("Recent debits"), tr("Voided holds")};
    const QStringList views {tr("Pending holds, live"), tr("Recent debits"),
        tr("Voided and expired holds with their reasons; they never reach a statement")};
    for (int i = 0; i < 3; ++i) {
        m_tabs->setTabText(i, tabs[i]);
        m_lists[i].view->setAccessibleName(views[i]);
    }
    const QStringList common {tr("Time"), tr("Customer"), tr("Endpoint"), tr("Request"), tr("Hold")};
    m_lists[0].model->setHeaders(common);
    m_lists[1].model->setHeaders(common + QStringList {tr("Debit"), tr("Price version"), tr("Posted")});
    m_lists[2].model->setHeaders(common + QStringList {tr("State"), tr("Reason"), tr("Voided")});
    updateEmptyStates();
    refresh();
}

void LedgerPage::updateEmptyStates()
{
    if (!m_search->text().isEmpty() || m_customer->currentIndex() > 0) {
        for (List &list : m_lists)
            list.empty->setTexts(tr("Nothing here matches the customer and the search."), tr("Show everything"));
        return;
    }
    m_lists[0].empty->setTexts(tr("No request is running: a hold shows here while its request is in flight."));
    m_lists[1].empty->setTexts(tr("Nothing billed yet."), tr("Send a request from the Playground"));
    m_lists[2].empty->setTexts(tr("No failed request. Failures never bill: their voided holds are listed here."));
}

void LedgerPage::refreshCustomers()
{
    refreshCustomerChoices(m_gateway, m_customer);
    m_names->refresh();
}

void LedgerPage::openHolds(const QString &requestId)
{
    m_showHoldOf = requestId;
    m_search->setText(requestId);
    if (m_customer->currentIndex() != 0)
        m_customer->setCurrentIndex(0); // reloads the lists
    else
        refresh();
}

void LedgerPage::showEvent(QShowEvent *event)
{
    refreshCustomers();
    refresh();
    QWidget::showEvent(event);
}

void LedgerPage::refresh()
{
    if (++m_ticks % 5 == 0)
        refreshCustomers();
    for (List &list : m_lists)
        load(list);
}

void LedgerPage::load(List &list)
{
    if (list.loading)
        return; // the previous answer is still on its way
    list.loading = true;
    HoldQuery query;
    query.states = {list.state};
    query.customer = m_customer->currentData().toString();
    List *target = &list;
    adminClient(m_gateway).holds(this, query, [this, target](const ClientResult<QList<Hold>> &holds) {
        target->loading = false;
        if (!holds.ok())
            return;
        target->model->setItems(holds.value());
        if (!m_showHoldOf.isEmpty() && target->proxy->rowCount() > 0 && m_search->text() == m_showHoldOf) {
            m_showHoldOf.clear();
            m_tabs->setCurrentWidget(target->view);
            target->view->selectRow(0);
        }
        if (target == &m_lists[0]) {
            qint64 reserved = 0;
            for (const Hold &hold : holds.value())
                reserved += hold.amountMicros;
            const QLocale locale;
            m_summary->setText(tr("Pending holds: %1, reserving %2")
                                   .arg(locale.toString(holds.value().size()), formatMoney(reserved, locale)));
        }
    });
}

} // namespace bytespike
