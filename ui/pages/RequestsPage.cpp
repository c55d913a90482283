#include "RequestsPage.h"

#include "GatewayCalls.h"
#include "NameBook.h"
#include "bytespike/GatewayService.h"
#include "bytespike/MoneyFormat.h"
#include "models/JsonTableModel.h"
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

QString timeText(qint64 epochMs)
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(epochMs).toLocalTime(), QLocale::ShortFormat);
}

QString moneyText(qint64 micros)
{
    return formatMoney(micros, QLocale());
}

// The statement window around a request: its log row is written in the same ledger job as its
// debit, so the entry is within milliseconds of the row's time; the window keeps the statement
// small for a busy customer.
StatementQuery statementWindow(qint64 epochMs)
{
    constexpr qint64 kWindowMs = 3600 * 1000;
    StatementQuery query;
    query.fromMs = epochMs - kWindowMs;
    query.toMs = epochMs + kWindowMs;
    return query;
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

RequestsPage::Section RequestsPage::makeSection(const QString &objectName, const QStringList &valueNames)
{
    Section section;
    section.box = new QGroupBox(this);
    section.box->setObjectName(objectName);
    auto *grid = new QGridLayout(section.box);
    grid->setColumnStretch(1, 1);
    int row = 0;
    for (const QString &name : valueNames) {
        auto *title = new QLabel(section.box);
        auto *value = new QLabel(section.box);
        value->setObjectName(name);
        value->setWordWrap(true);
        // Plain text (a memo or a reason is never markup); the values that link to another page
        // are set as rich text built by pageLink().
        value->setTextFormat(Qt::PlainText);
        value->setTextInteractionFlags(
            Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
        connect(value, &QLabel::linkActivated, this, &RequestsPage::linkOpened);
        grid->addWidget(title, row, 0, Qt::AlignLeft | Qt::AlignTop);
        grid->addWidget(value, row, 1);
        section.titles << title;
        section.values << value;
        ++row;
    }
    section.note = new QLabel(section.box);
    section.note->setObjectName(objectName + QStringLiteral("Note"));
    section.note->setWordWrap(true);
    grid->addWidget(section.note, row, 0, 1, 2);
    return section;
}

void RequestsPage::setLink(QLabel *value, const QString &kind, const QString &id, const QString &text)
{
    if (id.isEmpty()) {
        value->setTextFormat(Qt::PlainText);
        value->setText(text);
        value->setToolTip(QString());
        return;
    }
    value->setTextFormat(Qt::RichText);
    value->setText(pageLink(kind, id, text));
    value->setToolTip(id);
}

void RequestsPage::setRowTitles(Section &section, const QStringList &titles)
{
    for (int i = 0; i < section.titles.size() && i < titles.size(); ++i)
        section.titles[i]->setText(titles[i]);
}

void RequestsPage::setRowShown(Section &section, QLabel *value, bool shown)
{
    const qsizetype i = section.values.indexOf(value);
    if (i < 0)
        return;
    section.titles[i]->setVisible(shown);
    value->setVisible(shown);
}

void RequestsPage::showNote(Section &section, const QString &note)
{
    for (QLabel *value : std::as_const(section.values))
        setRowShown(section, value, note.isEmpty());
    section.note->setVisible(!note.isEmpty());
    section.note->setText(note);
    section.box->show();
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
    refresh();
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
    m_selectWhenListed = requestId;
    filtersChanged();
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

void RequestsPage::select(const QModelIndex &current)
{
    std::optional<RequestLogItem> request;
    if (current.isValid())
        request = m_requests->item(m_proxy->mapToSource(current).row());
    if (request && m_selected && request->requestId == m_selected->requestId)
        return; // the same request, moved by a refresh
    m_selected = request;
    m_hint->setVisible(!request);
    for (Section *section : {&m_request, &m_hold, &m_entry})
        section->box->hide();
    if (!request)
        return;
    showRequest();
    loadHold();
    loadEntry();
}

void RequestsPage::showRequest()
{
    const RequestLogItem &r = *m_selected;
    const QLocale locale;
    const QStringList values {r.requestId, timeText(r.timeMs), m_names->customer(r.customer),
        m_names->endpoint(r.endpoint), QString::number(r.status),
        tr("%1 in, %2 out, %3 cache write, %4 cache read")
            .arg(locale.toString(r.usage.inputTokens), locale.toString(r.usage.outputTokens),
                locale.toString(r.usage.cacheWriteTokens), locale.toString(r.usage.cacheReadTokens)),
        moneyText(r.costMicros), JsonTableModel::reasonText(r.notBilledCode, r.notBilledReason)};
    for (int i = 0; i < values.size(); ++i)
        m_request.values[i]->setText(values[i]);
    // The customer and the channel link to their pages, their ids as the tooltips.
    setLink(m_request.values[2], QStringLiteral("customer"), r.customer, values[2]);
    setLink(m_request.values[3], QStringLiteral("channel"), r.endpoint.section(QLatin1Char('/'), 0, 0), values[3]);
    m_request.values[3]->setToolTip(r.endpoint);
    m_request.values.last()->setToolTip(r.notBilledReason); // the server's own words
    showNote(m_request, {});
    setRowShown(m_request, m_request.values.last(), !r.billed);
}

// The request's hold, asked by request id (and customer, which the holds index starts with).
void RequestsPage::loadHold()
{
    const QString requestId = m_selected->requestId;
    const QString customer = m_selected->customer;
    if (!m_selected->holdId || customer.isEmpty()) {
        showNote(m_hold, tr("No hold was taken."));
        return;
    }
    HoldQuery query;
    query.customer = customer;
    query.request = requestId;
    adminClient(m_gateway).holds(this, query, [this, requestId](const ClientResult<QList<Hold>> &holds) {
        if (!holds.ok() || !m_selected || m_selected->requestId != requestId)
            return; // failed, or another request is shown by now
        if (holds.value().isEmpty())
            showNote(m_hold, tr("No hold was taken."));
        else
            showHold(holds.value().first());
    });
}

void RequestsPage::showHold(const Hold &hold)
{
    const bool posted = hold.state == QLatin1String("posted");
    const QStringList values {QString::number(hold.id), JsonTableModel::codeText(hold.state),
        moneyText(hold.amountMicros), JsonTableModel::reasonText(hold.reasonCode, hold.reason),
        moneyText(hold.debitMicros), hold.resolvedMs ? timeText(*hold.resolvedMs) : QString()};
    for (int i = 0; i < values.size(); ++i)
        m_hold.values[i]->setText(values[i]);
    setLink(m_hold.values[0], QStringLiteral("holds"), hold.requestId, values[0]); // to the ledger
    m_hold.values[3]->setToolTip(hold.reason);
    showNote(m_hold, {});
    setRowShown(m_hold, m_hold.values[3], !hold.reason.isEmpty());
    setRowShown(m_hold, m_hold.values[4], posted);
    setRowShown(m_hold, m_hold.values[5], hold.resolvedMs.has_value());
}

// The request's line on its customer's statement; a request that was not billed has none.
void RequestsPage::loadEntry()
{
    const QString requestId = m_selected->requestId;
    const QString customer = m_selected->customer;
    if (!m_selected->billed || customer.isEmpty()) {
        showNote(m_entry,
            tr("Not billed: %1")
                .arg(JsonTableModel::reasonText(m_selected->notBilledCode, m_selected->notBilledReason)));
        return;
    }
    adminClient(m_gateway).statement(this, customer, statementWindow(m_selected->timeMs),
        [this, requestId](const ClientResult<AccountStatement> &statement) {
            if (!statement.ok() || !m_selected || m_selected->requestId != requestId)
                return;
            for (const StatementLine &line : statement.value().lines) {
                if (line.kind == QLatin1String("debit") && line.requestId == requestId) {
                    showEntry(line);
                    return;
                }
            }
            showNote(m_entry, tr("No ledger entry found."));
        });
}

void RequestsPage::showEntry(const StatementLine &line)
{
    const QStringList values {timeText(line.timeMs), moneyText(line.amountMicros), line.endpoint,
        QLocale().toString(line.priceVersion), line.memo};
    for (int i = 0; i < values.size(); ++i)
        m_entry.values[i]->setText(values[i]);
    if (m_selected) // the entry is a line of its customer's statement
        setLink(m_entry.values[0], QStringLiteral("customer"), m_selected->customer, values[0]);
    showNote(m_entry, {});
    setRowShown(m_entry, m_entry.values.last(), !values.last().isEmpty());
}

} // namespace bytespike
