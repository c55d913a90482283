#include "RequestsPage.h"

#include "GatewayCalls.h"
#include "NameBook.h"
#include "bytespike/GatewayService.h"
#include "bytespike/MoneyFormat.h"
#include "models/JsonTableModel.h"
#include "widgets/EmptyState.h"
#include "widgets/Widgets.h"

#include <QComboBox>
#include <QDateTime>
#include <QEvent>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIntValidator>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QUrlQuery>
#include <QVBoxLayout>

#include <algorithm>

namespace bytespike {

namespace {

using Kind = JsonTableModel::Kind;

QList<ItemTableModel<RequestLogItem>::Column> requestColumns(const NameBook *names)
{
    using R = RequestLogItem;
    return {{[](const R &r) { return QVariant(r.timeMs); }, Kind::Time},
        {[names](const R &r) { return names->customerCell(r.customer); }, Kind::Name},
        {[](const R &r) { return QVariant(r.protocol); }}, {[](const R &r) { return QVariant(r.model); }},
        {[names](const R &r) { return names->endpointCell(r.endpoint); }, Kind::Name},
        {[](const R &r) { return QVariant(r.status); }}, {[](const R &r) { return QVariant(r.billed); }, Kind::Bool},
        {[](const R &r) { return JsonTableModel::reason(r.notBilledCode, r.notBilledReason); }, Kind::Reason},
        {[](const R &r) { return QVariant(r.holdMicros); }, Kind::Amount},
        {[](const R &r) { return QVariant(r.costMicros); }, Kind::Amount},
        {[](const R &r) { return QVariant(r.latencyMs); }, Kind::Milliseconds},
        {[](const R &r) { return QVariant(r.ttfbMs); }, Kind::Milliseconds}};
}

} // namespace

RequestsPage::RequestsPage(EmbeddedGateway &gateway, QWidget *parent)
    : QWidget(parent)
    , m_gateway(gateway)
    , m_customerLabel(new QLabel(this))
    , m_customer(new QComboBox(this))
    , m_modelLabel(new QLabel(this))
    , m_model(new QLineEdit(this))
    , m_channelLabel(new QLabel(this))
    , m_channel(new QLineEdit(this))
    , m_findLabel(new QLabel(this))
    , m_find(new QLineEdit(this))
    , m_statusLabel(new QLabel(this))
    , m_status(new QLineEdit(this))
    , m_billedLabel(new QLabel(this))
    , m_billed(new QComboBox(this))
    , m_limitLabel(new QLabel(this))
    , m_limit(new QSpinBox(this))
    , m_refresh(new QPushButton(this))
    , m_newer(new QPushButton(this))
    , m_older(new QPushButton(this))
    , m_names(new NameBook(gateway, this))
    , m_requests(new ItemTableModel<RequestLogItem>(
          requestColumns(m_names), [](const RequestLogItem &r) { return r.requestId; }, this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_view(new QTableView(this))
    , m_hint(new QLabel(this))
{
    setUpWidgets();
    buildLayout();
    connectSignals();
    retranslate();
    select({});
}

void RequestsPage::setUpWidgets()
{
    m_customer->setObjectName(QStringLiteral("requestsCustomerBox"));
    m_model->setObjectName(QStringLiteral("requestsModel"));
    m_channel->setObjectName(QStringLiteral("requestsChannel"));
    m_find->setObjectName(QStringLiteral("requestsFind"));
    m_find->setMaxLength(128);
    m_find->setClearButtonEnabled(true);
    m_status->setObjectName(QStringLiteral("requestsStatus"));
    m_billed->setObjectName(QStringLiteral("requestsBilledBox"));
    m_limit->setObjectName(QStringLiteral("requestsLimit"));
    m_refresh->setObjectName(QStringLiteral("requestsRefresh"));
    m_newer->setObjectName(QStringLiteral("requestsNewer"));
    m_older->setObjectName(QStringLiteral("requestsOlder"));
    m_view->setObjectName(QStringLiteral("requestsTable"));
    m_empty = new EmptyState(m_view, m_proxy); // named after the view
    m_hint->setObjectName(QStringLiteral("requestsHint"));

    m_customer->addItem(QString(), QString());
    m_customer->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_status->setValidator(new QIntValidator(100, 599, m_status));
    for (const char *billed : {"", "true", "false"})
        m_billed->addItem(QString(), QString::fromLatin1(billed));
    m_limit->setRange(1, 1000); // the API's bounds
    m_limit->setValue(100);
    m_newer->setEnabled(false);
    m_older->setEnabled(false);
    m_hint->setWordWrap(true);
    m_customerLabel->setBuddy(m_customer);
    m_modelLabel->setBuddy(m_model);
    m_channelLabel->setBuddy(m_channel);
    m_findLabel->setBuddy(m_find);
    m_statusLabel->setBuddy(m_status);
    m_billedLabel->setBuddy(m_billed);
    m_limitLabel->setBuddy(m_limit);

    m_proxy->setSourceModel(m_requests);
    m_proxy->setSortRole(Qt::UserRole);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(0, Qt::DescendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->verticalHeader()->hide();
    // Time, customer, model, status, billed, cost and why not first; endpoint, protocol and the
    // timings after them.
    setColumnOrder(m_view, {0, 1, 3, 5, 6, 9, 7, 8, 4, 2, 10, 11});

    m_request = makeSection(QStringLiteral("requestDetails"),
        {QStringLiteral("requestId"), QStringLiteral("requestTime"), QStringLiteral("requestCustomer"),
            QStringLiteral("requestEndpoint"), QStringLiteral("requestStatus"), QStringLiteral("requestUsage"),
            QStringLiteral("requestCost"), QStringLiteral("requestReason")});
    m_hold = makeSection(QStringLiteral("holdDetails"),
        {QStringLiteral("holdId"), QStringLiteral("holdState"), QStringLiteral("holdAmount"),
            QStringLiteral("holdReason"), QStringLiteral("holdDebit"), QStringLiteral("holdResolved")});
    m_entry = makeSection(QStringLiteral("entryDetails"),
        {QStringLiteral("entryTime"), QStringLiteral("entryAmount"), QStringLiteral("entryEndpoint"),
            QStringLiteral("entryPriceVersion"), QStringLiteral("entryMemo")});
}

void RequestsPage::buildLayout()
{
    auto *filters = new QGridLayout;
    filters->addWidget(m_customerLabel, 0, 0);
    filters->addWidget(m_customer, 0, 1);
    filters->addWidget(m_modelLabel, 0, 2);
    filters->addWidget(m_model, 0, 3);
    filters->addWidget(m_channelLabel, 0, 4);
    filters->addWidget(m_channel, 0, 5);
    filters->addWidget(m_statusLabel, 1, 0);
    filters->addWidget(m_status, 1, 1);
    filters->addWidget(m_billedLabel, 1, 2);
    filters->addWidget(m_billed, 1, 3);
    filters->addWidget(m_limitLabel, 1, 4);
    filters->addWidget(m_limit, 1, 5);
    filters->addWidget(m_findLabel, 0, 6);
    filters->addWidget(m_find, 0, 7);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_newer);
    buttons->addWidget(m_older);
    buttons->addWidget(m_refresh);
    filters->addLayout(buttons, 1, 6, 1, 2);
    filters->setColumnStretch(3, 1);
    filters->setColumnStretch(5, 1);

    auto *drillDown = new QWidget(this);
    drillDown->setObjectName(QStringLiteral("requestDrillDown"));
    auto *sections = new QHBoxLayout(drillDown);
    sections->setContentsMargins(0, 0, 0, 0);
    sections->addWidget(m_hint, 1);
    for (Section *section : {&m_request, &m_hold, &m_entry})
        sections->addWidget(section->box, 1, Qt::AlignTop);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_view);
    splitter->addWidget(drillDown);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(splitter, 1);
}

void RequestsPage::connectSignals()
{
    connect(m_customer, &QComboBox::currentIndexChanged, this, &RequestsPage::filtersChanged);
    connect(m_billed, &QComboBox::currentIndexChanged, this, &RequestsPage::filtersChanged);
    connect(m_model, &QLineEdit::textChanged, this, &RequestsPage::filtersChanged);
    connect(m_channel, &QLineEdit::textChanged, this, &RequestsPage::filtersChanged);
    connect(m_find, &QLineEdit::textChanged, this, &RequestsPage::filtersChanged);
    connect(m_status, &QLineEdit::textChanged, this, &RequestsPage::filtersChanged);
    connect(m_limit, &QSpinBox::valueChanged, this, &RequestsPage::filtersChanged);
    connect(m_refresh, &QPushButton::clicked, this, &RequestsPage::refresh);
    connect(m_empty->action(), &QPushButton::clicked, this, [this] {
        if (filtered())
            clearFilters();
        else
            Q_EMIT linkOpened(QStringLiteral("page:playground"));
    });
    connect(m_newer, &QPushButton::clicked, this, [this] {
        m_offset = std::max(0, m_offset - m_limit->value());
        refresh();
    });
    connect(m_older, &QPushButton::clicked, this, [this] {
        m_offset += m_limit->value();
        refresh();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &RequestsPage::select);
    connect(&m_gateway, &EmbeddedGateway::started, this, &RequestsPage::refreshCustomers);
    connect(m_names, &NameBook::changed, this, [this] {
        m_requests->refreshCells();
        if (m_selected)
            showRequest();
    });
    // Live while on screen only: each refresh is a ledger read on the gateway's side.
    connect(&m_gateway, &EmbeddedGateway::metricsSnapshot, this, [this] {
        if (isVisible())
            refresh();
    });
}

void RequestsPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void RequestsPage::retranslate()
{
    m_customerLabel->setText(tr("&Customer:"));
    m_modelLabel->setText(tr("&Model:"));
    m_channelLabel->setText(tr("C&hannel:"));
    m_findLabel->setText(tr("Request &id:"));
    m_find->setPlaceholderText(tr("req_… (Ctrl+F)"));
    m_find->setAccessibleName(tr("Find one request by its request id"));
    m_statusLabel->setText(tr("&Status:"));
    m_billedLabel->setText(tr("&Billed:"));
    m_limitLabel->setText(tr("&Limit:"));
    m_refresh->setText(tr("&Refresh"));
    m_newer->setText(tr("&Newer"));
    m_older->setText(tr("&Older"));
    m_customer->setItemText(0, tr("All customers"));
    m_billed->setItemText(0, tr("Any"));
    m_billed->setItemText(1, tr("Billed"));
    m_billed->setItemText(2, tr("Not billed"));
    m_model->setPlaceholderText(tr("Any model"));
    m_channel->setPlaceholderText(tr("Channel or endpoint"));
    m_status->setPlaceholderText(tr("Any"));
    m_hint->setText(tr("Select a request to see its hold and its ledger entry."));
    updateEmptyState();

    m_customer->setAccessibleName(tr("Show the requests of this customer"));
    m_model->setAccessibleName(tr("Show only requests for this model"));
    m_channel->setAccessibleName(tr("Show only requests served by this channel or endpoint"));
    m_status->setAccessibleName(tr("Show only requests answered with this HTTP status"));
    m_billed->setAccessibleName(tr("Show billed requests, requests not billed, or both"));
    m_limit->setAccessibleName(tr("How many requests to show at once"));
    m_refresh->setAccessibleName(tr("Refresh the request log"));
    m_newer->setAccessibleName(tr("Show newer requests"));
    m_older->setAccessibleName(tr("Show older requests"));
    m_view->setAccessibleName(tr("Requests, newest first; select one to see its hold and ledger entry"));

    m_requests->setHeaders({tr("Time"), tr("Customer"), tr("Protocol"), tr("Model"), tr("Endpoint"), tr("Status"),
        tr("Billed"), tr("Not billed because"), tr("Hold"), tr("Cost"), tr("Latency"), tr("First byte")});
    m_request.box->setTitle(tr("Request"));
    m_hold.box->setTitle(tr("Hold"));
    m_entry.box->setTitle(tr("Ledger entry"));
    setRowTitles(m_request,
        {tr("Id:"), tr("Time:"), tr("Customer:"), tr("Endpoint:"), tr("Status:"), tr("Usage:"), tr("Cost:"),
            tr("Not billed because:")});
    setRowTitles(m_hold, {tr("Id:"), tr("State:"), tr("Amount:"), tr("Reason:"), tr("Debit:"), tr("Resolved:")});
    setRowTitles(m_entry, {tr("Time:"), tr("Debit:"), tr("Endpoint:"), tr("Price version:"), tr("Memo:")});
    if (m_selected) {
        // Values with words in them (usage, notes) are rebuilt in the new language.
        showRequest();
        loadHold();
        loadEntry();
    }
}

void RequestsPage::refreshCustomers()
{
    refreshCustomerChoices(m_gateway, m_customer);
    m_names->refresh();
}

void RequestsPage::showEvent(QShowEvent *event)
{
    refreshCustomers();
    refresh();
    QWidget::showEvent(event);
}

void RequestsPage::filtersChanged()
{
    m_offset = 0;
    updateEmptyState();
    refresh();
}

bool RequestsPage::filtered() const
{
    return m_customer->currentIndex() > 0 || !m_model->text().isEmpty() || !m_channel->text().isEmpty()
        || !m_find->text().isEmpty() || !m_status->text().isEmpty() || m_billed->currentIndex() > 0 || m_offset > 0;
}

void RequestsPage::clearFilters(const QString &requestId)
{
    {
        const QSignalBlocker blockers[] {QSignalBlocker(m_customer), QSignalBlocker(m_model), QSignalBlocker(m_channel),
            QSignalBlocker(m_status), QSignalBlocker(m_billed), QSignalBlocker(m_find)};
        m_customer->setCurrentIndex(0);
        m_model->clear();
        m_channel->clear();
        m_status->clear();
        m_billed->setCurrentIndex(0);
        m_find->setText(requestId);
    }
    filtersChanged();
}

void RequestsPage::updateEmptyState()
{
    if (filtered())
        m_empty->setTexts(tr("No request matches these filters."), tr("Clear the filters"));
    else
        m_empty->setTexts(tr("No requests yet. They appear here as clients send them, billed or not."),
            tr("Send one from the Playground"));
}

// The admin API's query for the filters as they stand; a half-typed status is left out.
RequestQuery RequestsPage::query() const
{
    RequestQuery query;
    query.customer = m_customer->currentData().toString();
    query.model = m_model->text().trimmed();
    query.channel = m_channel->text().trimmed();
    query.request = m_find->text().trimmed();
    if (m_status->hasAcceptableInput())
        query.status = m_status->text().toInt();
    const QVariant billed = m_billed->currentData();
    if (!billed.toString().isEmpty())
        query.billed = billed.toString() == QLatin1String("true");
    query.limit = m_limit->value();
    query.offset = m_offset;
    return query;
}

void RequestsPage::openRequest(const QString &requestId)
{
    m_selectWhenListed = requestId;
    clearFilters(requestId);
}

void RequestsPage::find()
{
    m_find->setFocus(Qt::ShortcutFocusReason);
    m_find->selectAll();
}

void RequestsPage::refresh()
{
    const RequestQuery filters = query();
    const QString wanted = filters.toQuery().toString(QUrl::FullyEncoded);
    if (m_loading) {
        // One call at a time; if the filters moved on meanwhile, ask again when it answers.
        m_stale = m_stale || wanted != m_inFlight;
        return;
    }
    if (++m_ticks % 5 == 0)
        refreshCustomers();
    m_loading = true;
    m_stale = false;
    m_inFlight = wanted;
    adminClient(m_gateway).requests(this, filters, [this](const ClientResult<QList<RequestLogItem>> &rows) {
        m_loading = false;
        if (m_stale) {
            refresh();
            return;
        }
        if (!rows.ok())
            return;
        m_requests->setItems(rows.value());
        selectListed();
        m_newer->setEnabled(m_offset > 0);
        m_older->setEnabled(rows.value().size() >= m_limit->value());
    });
}

void RequestsPage::selectListed()
{
    if (m_selectWhenListed.isEmpty())
        return;
    for (int row = 0; row < m_requests->rowCount(); ++row) {
        if (m_requests->item(row).requestId == m_selectWhenListed) {
            m_selectWhenListed.clear();
            m_view->selectRow(m_proxy->mapFromSource(m_requests->index(row, 0)).row());
            return;
        }
    }
}

} // namespace bytespike
