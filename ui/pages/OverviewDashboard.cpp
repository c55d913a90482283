// The Overview's lower half: the figures' tiles, spend by model and customer, channel health,
// the latest failures and the Get started checklist (OverviewPage.h).
#include "GatewayCalls.h"
#include "OverviewPage.h"
#include "Theme.h"
#include "bytespike/MoneyFormat.h"
#include "models/JsonTableModel.h"
#include "widgets/EmptyState.h"
#include "widgets/KpiTile.h"

#include <QClipboard>
#include <QComboBox>
#include <QDate>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFutureWatcher>
#include <QGridLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QTimerEvent>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace bytespike {

namespace {

constexpr int kFailuresShown = 8;

QTableWidget *makeTable(const QString &name, int columns, QWidget *parent)
{
    auto *table = new QTableWidget(0, columns, parent);
    table->setObjectName(name);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionMode(QAbstractItemView::NoSelection);
    table->verticalHeader()->hide();
    // The name takes the room; the figures as wide as they need.
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setSectionResizeMode(columns == 4 ? columns - 1 : 0, QHeaderView::Stretch);
    table->setWordWrap(false);
    table->setTextElideMode(Qt::ElideRight);
    table->setMinimumHeight(150);
    table->setTabKeyNavigation(false);
    return table;
}

// A cell as every table of the console writes it (JsonTableModel::cell: text, alignment and the
// exact figure as its tooltip), or with the given tooltip. A name never becomes markup or a
// formula here: it is shown as plain text in a cell.
QTableWidgetItem *cell(JsonTableModel::Kind kind, const QVariant &value, const QString &tip = {})
{
    auto *item = new QTableWidgetItem(JsonTableModel::cell(kind, value, Qt::DisplayRole).toString());
    item->setToolTip(tip.isEmpty() ? JsonTableModel::cell(kind, value, Qt::ToolTipRole).toString() : tip);
    item->setTextAlignment(Qt::Alignment(JsonTableModel::cell(kind, value, Qt::TextAlignmentRole).toInt()));
    return item;
}

QTableWidgetItem *cell(const QString &text, const QString &tip = {})
{
    return cell(JsonTableModel::Kind::Text, text, tip);
}

QByteArray readDemoKey(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.read(256).trimmed() : QByteArray();
}

// A provider channel: one that reaches a real upstream (not the built-in simulator).
bool isProvider(const ChannelView &view)
{
    return view.channel.protocol != ChannelProtocol::Simulator;
}

} // namespace

QWidget *OverviewPage::buildDashboard()
{
    auto *dashboard = new QWidget(this);
    const QStringList tileNames {QStringLiteral("requests"), QStringLiteral("spend"), QStringLiteral("errors"),
        QStringLiteral("latency"), QStringLiteral("streams"), QStringLiteral("pendingHolds")};
    auto *tiles = new QGridLayout;
    for (qsizetype i = 0; i < tileNames.size(); ++i) {
        // The value labels keep the names the figures had before they became tiles.
        auto *tile = new KpiTile(tileNames[i] + QStringLiteral("Tile"), dashboard);
        tile->findChild<QLabel *>(tileNames[i] + QStringLiteral("TileValue"))
            ->setObjectName(tileNames[i] + QStringLiteral("Label"));
        m_tiles.append(tile);
        tiles->addWidget(tile, int(i / 3), int(i % 3));
    }
    m_period = new QComboBox(dashboard);
    m_period->setObjectName(QStringLiteral("usagePeriodBox"));
    for (int days : {1, 7, 30})
        m_period->addItem(QString(), days);
    m_periodLabel = new QLabel(dashboard);
    m_periodLabel->setBuddy(m_period);
    m_usageTotal = new QLabel(dashboard);
    m_usageTotal->setObjectName(QStringLiteral("usageTotalLabel"));
    m_byModel = makeTable(QStringLiteral("spendByModel"), 3, dashboard);
    m_byCustomer = makeTable(QStringLiteral("spendByCustomer"), 3, dashboard);
    m_channels = makeTable(QStringLiteral("channelHealth"), 4, dashboard);
    m_failures = makeTable(QStringLiteral("recentFailures"), 4, dashboard);
    for (int i = 0; i < 4; ++i)
        m_sectionTitles.append(new QLabel(dashboard));
    auto *periodRow = new QHBoxLayout;
    periodRow->addWidget(m_periodLabel);
    periodRow->addWidget(m_period);
    periodRow->addWidget(m_usageTotal, 1);
    auto *grid = new QGridLayout;
    const QList<QTableWidget *> tables {m_byModel, m_byCustomer, m_channels, m_failures};
    for (int i = 0; i < 4; ++i) {
        grid->addWidget(m_sectionTitles[i], (i / 2) * 2, i % 2);
        grid->addWidget(tables[i], (i / 2) * 2 + 1, i % 2);
    }
    // Empty: a line of text, and the way to fill the table where there is one.
    for (QTableWidget *table : tables)
        m_empty.append(new EmptyState(table, table->model()));
    connect(m_empty[0]->action(), &QPushButton::clicked, this, &OverviewPage::playgroundRequested);
    connect(m_empty[1]->action(), &QPushButton::clicked, this, &OverviewPage::playgroundRequested);
    connect(m_empty[2]->action(), &QPushButton::clicked, this, &OverviewPage::channelsRequested);
    // A row opened (double click or Enter) opens its customer, channel or request; the first
    // cell's tooltip is that id.
    const std::pair<QTableWidget *, QString> linked[] {{m_byCustomer, QStringLiteral("customer")},
        {m_channels, QStringLiteral("channel")}, {m_failures, QStringLiteral("request")}};
    for (const auto &[table, kind] : linked) {
        connect(table, &QTableWidget::cellActivated, this, [this, table, kind](int row) {
            const QTableWidgetItem *first = table->item(row, 0);
            if (first && !first->toolTip().isEmpty())
                Q_EMIT linkOpened(kind + QLatin1Char(':') + first->toolTip());
        });
    }
    auto *layout = new QVBoxLayout(dashboard);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(tiles);
    layout->addLayout(periodRow);
    layout->addLayout(grid);
    connect(m_period, &QComboBox::currentIndexChanged, this, [this] {
        adminClient(m_gateway).usage(this, usagePeriod(), [this](const ClientResult<UsageSummary> &usage) {
            if (usage.ok())
                showUsage(usage.value());
        });
    });
    return dashboard;
}

void OverviewPage::retranslateDashboard()
{
    m_periodLabel->setText(tr("S&pend in:"));
    m_period->setItemText(0, tr("Today"));
    m_period->setItemText(1, tr("The last 7 days"));
    m_period->setItemText(2, tr("The last 30 days"));
    m_period->setAccessibleName(tr("Period of the spend tables"));
    const QStringList titles {
        tr("Spend by model"), tr("Spend by customer"), tr("Channel health"), tr("Latest requests not billed")};
    for (int i = 0; i < 4; ++i)
        m_sectionTitles[i]->setText(QStringLiteral("<b>%1</b>").arg(titles[i].toHtmlEscaped()));
    m_byModel->setHorizontalHeaderLabels({tr("Model"), tr("Requests"), tr("Spend")});
    m_byCustomer->setHorizontalHeaderLabels({tr("Customer"), tr("Requests"), tr("Spend")});
    m_channels->setHorizontalHeaderLabels({tr("Channel"), tr("State"), tr("Breaker"), tr("Last failure")});
    m_failures->setHorizontalHeaderLabels({tr("Time"), tr("Model"), tr("Status"), tr("Why")});
    m_byModel->setAccessibleName(titles[0]);
    m_byCustomer->setAccessibleName(titles[1]);
    m_channels->setAccessibleName(titles[2]);
    m_failures->setAccessibleName(titles[3]);
    const QString nothingBilled = tr("Nothing billed in this period.");
    m_empty[0]->setTexts(nothingBilled, tr("Send a request from the Playground"));
    m_empty[1]->setTexts(nothingBilled, tr("Send a request from the Playground"));
    m_empty[2]->setTexts(tr("No channels yet."), tr("Add a channel"));
    m_empty[3]->setTexts(tr("Every recent request was billed."));
    if (m_lastUsage)
        showUsage(*m_lastUsage);
    showChannels(m_lastChannels);
    showFailures(m_lastFailures);
}

void OverviewPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
    m_refresh.start(kRefreshMs, this);
}

void OverviewPage::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_refresh.timerId())
        return QWidget::timerEvent(event);
    if (!isVisible()) {
        m_refresh.stop();
        return;
    }
    refresh();
}

void OverviewPage::refresh()
{
    m_sinceRefresh.start();
    m_requestsAtRefresh = m_lastSnapshot ? m_lastSnapshot->total.window(QStringLiteral("1h")).requests : -1;
    const AdminClient &client = adminClient(m_gateway);
    client.usage(this, usagePeriod(), [this](const ClientResult<UsageSummary> &usage) {
        if (usage.ok())
            showUsage(usage.value());
    });
    client.listChannels(this, [this](const ClientResult<QList<ChannelView>> &channels) {
        if (channels.ok())
            showChannels(channels.value());
    });
    RequestQuery failures;
    failures.billed = false;
    failures.limit = kFailuresShown;
    client.requests(this, failures, [this](const ClientResult<QList<RequestLogItem>> &rows) {
        if (rows.ok())
            showFailures(rows.value());
    });
}

UsageQuery OverviewPage::usagePeriod() const
{
    const int days = std::max(1, m_period->currentData().toInt());
    UsageQuery query;
    query.period.fromMs = QDate::currentDate().addDays(1 - days).startOfDay().toMSecsSinceEpoch();
    query.period.toMs = QDateTime::currentMSecsSinceEpoch() + 1;
    return query;
}

void OverviewPage::showUsage(const UsageSummary &usage)
{
    m_lastUsage = usage;
    const QLocale locale;
    m_usageTotal->setText(
        tr("%1 billed requests, %2").arg(locale.toString(usage.requests), formatBalance(usage.spendMicros, locale)));
    m_usageTotal->setToolTip(formatMoney(usage.spendMicros, locale));
    const auto fill = [&](QTableWidget *table, const QList<UsageRow> &rows, bool customers) {
        table->setRowCount(int(rows.size()));
        for (int r = 0; r < rows.size(); ++r) {
            const UsageRow &row = rows[r];
            const QString name = customers && !row.name.isEmpty() ? row.name : row.key;
            table->setItem(r, 0, cell(name, customers ? row.key : QString()));
            table->setItem(r, 1, cell(JsonTableModel::Kind::Integer, row.requests));
            table->setItem(r, 2, cell(JsonTableModel::Kind::Balance, row.spendMicros));
        }
    };
    fill(m_byModel, usage.byModel, false);
    fill(m_byCustomer, usage.byCustomer, true);
    if (usage.requests > 0 && !m_anyRequest) {
        m_anyRequest = true;
        updateGetStarted();
    }
}

void OverviewPage::showChannels(const QList<ChannelView> &channels)
{
    m_lastChannels = channels;
    m_channels->setRowCount(int(channels.size()));
    for (int r = 0; r < channels.size(); ++r) {
        const ChannelView &view = channels[r];
        const QString status = view.state.status;
        const QString role = status == u"ready" ? QStringLiteral("positive")
            : status == u"unavailable"          ? QStringLiteral("negative")
            : status == u"pending"              ? QStringLiteral("warning")
                                                : QStringLiteral("text_muted");
        m_channels->setItem(r, 0, cell(view.channel.name, view.channel.id));
        const QString reason = JsonTableModel::reasonText(view.state.reasonCode, view.state.reason);
        QTableWidgetItem *state = cell(JsonTableModel::Kind::Code, status, reason);
        state->setForeground(themeColor(role));
        m_channels->setItem(r, 1, state);
        QTableWidgetItem *breaker = cell(JsonTableModel::Kind::Code, view.state.breaker.state);
        if (view.state.breaker.state != u"closed")
            breaker->setForeground(themeColor(QStringLiteral("negative")));
        m_channels->setItem(r, 2, breaker);
        m_channels->setItem(r, 3,
            cell(JsonTableModel::Kind::Reason,
                JsonTableModel::reason(view.state.breaker.lastFailureCode, view.state.breaker.lastFailure)));
    }
    updateGetStarted();
}

void OverviewPage::showFailures(const QList<RequestLogItem> &requests)
{
    m_lastFailures = requests;
    const QLocale locale;
    m_failures->setRowCount(int(requests.size()));
    for (int r = 0; r < requests.size(); ++r) {
        const RequestLogItem &item = requests[r];
        const QDateTime time = QDateTime::fromMSecsSinceEpoch(item.timeMs);
        m_failures->setItem(r, 0, cell(locale.toString(time, QLocale::ShortFormat), item.requestId));
        m_failures->setItem(r, 1, cell(item.model));
        m_failures->setItem(r, 2, cell(JsonTableModel::Kind::Integer, item.status));
        m_failures->setItem(
            r, 3, cell(JsonTableModel::Kind::Reason, JsonTableModel::reason(item.notBilledCode, item.notBilledReason)));
    }
}

void OverviewPage::setStepsDone(const QStringList &names)
{
    m_stepsDone = names;
    updateGetStarted();
}

void OverviewPage::markStep(GetStarted::Step step)
{
    const QString name = GetStarted::stepName(step);
    if (m_stepsDone.contains(name))
        return;
    m_stepsDone.append(name);
    Q_EMIT stepDone(name);
    updateGetStarted();
}

void OverviewPage::channelTested(bool ok)
{
    if (ok)
        markStep(GetStarted::Step::TestChannel);
}

void OverviewPage::playgroundSent()
{
    markStep(GetStarted::Step::FirstRequest);
}

void OverviewPage::copyDemoKey()
{
    auto *watcher = new QFutureWatcher<QByteArray>(this);
    connect(watcher, &QFutureWatcher<QByteArray>::finished, this, [this, watcher] {
        const QByteArray key = watcher->result();
        watcher->deleteLater();
        if (key.isEmpty()) {
            m_error->setText(tr("No demo key in this data directory: create a customer key on the Customers page."));
            return;
        }
        QGuiApplication::clipboard()->setText(QString::fromLatin1(key));
        markStep(GetStarted::Step::CopyKey);
    });
    watcher->setFuture(
        QtConcurrent::run(readDemoKey, QDir(m_gateway.config().dataDir).filePath(QStringLiteral("demo-key"))));
}

void OverviewPage::updateGetStarted()
{
    using Step = GetStarted::Step;
    bool provider = false, keyStored = false, priced = false, served = false;
    for (const ChannelView &view : std::as_const(m_lastChannels)) {
        if (!isProvider(view))
            continue;
        provider = true;
        keyStored = keyStored || (!view.channel.secretRef.isEmpty() && view.state.status == u"ready");
        for (const ModelRoute &route : view.channel.models)
            priced = priced || route.inputMicrosPerMtok > 0 || route.outputMicrosPerMtok > 0;
        if (m_lastSnapshot) {
            for (const SeriesMetrics &series : m_lastSnapshot->endpoints)
                served = served
                    || ((series.channel == view.channel.id || series.channel == view.channel.name)
                        && series.window(QStringLiteral("1h")).requests
                            > series.window(QStringLiteral("1h")).errorCount);
        }
    }
    const auto done = [this](Step step) { return m_stepsDone.contains(GetStarted::stepName(step)); };
    m_getStarted->setDone(Step::CopyKey, done(Step::CopyKey));
    m_getStarted->setDone(Step::AddProvider, provider);
    m_getStarted->setDone(Step::StoreKey, keyStored);
    m_getStarted->setDone(Step::TestChannel, done(Step::TestChannel) || served);
    m_getStarted->setDone(Step::SetPrices, priced);
    m_getStarted->setDone(Step::FirstRequest, done(Step::FirstRequest) || m_anyRequest);
    // Until everything is done once, or the operator hides it; the demo key only exists here.
    m_getStarted->setVisible(
        !m_stepsDone.contains(QStringLiteral("hidden")) && !m_getStarted->allDone() && m_gateway.sharesDataDirectory());
}

} // namespace bytespike
