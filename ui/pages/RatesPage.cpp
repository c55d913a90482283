#include "RatesPage.h"

#include "GatewayCalls.h"
#include "Theme.h"
#include "bytespike/GatewayService.h"
#include "models/JsonTableModel.h"
#include "widgets/ChartStyle.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeAxis>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QPushButton>
#include <QSet>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>

#include <cmath>

#include <algorithm>

namespace bytespike {

namespace {

constexpr int kMaxSamples = 3600; // one hour at one snapshot a second
constexpr int kSpans[] = {60, 300, 900, 3600};
constexpr int kUnits[] = {1, 60, 3600}; // rates per second, minute, hour
constexpr int kCustomersEvery = 3; // snapshots between two reads of the customers' rates

using Kind = JsonTableModel::Kind;

// The window the chart and the table show: the last ten seconds.
const QString kWindow = QStringLiteral("10s");

// A window's p95 latency, null while it has none (the table shows an empty cell).
QJsonValue percentile95(const WindowMetrics &window)
{
    if (!window.latencyMs || !window.latencyMs->p95)
        return QJsonValue();
    return *window.latencyMs->p95;
}

} // namespace

RatesPage::RatesPage(EmbeddedGateway &gateway, QWidget *parent)
    : QWidget(parent)
    , m_gateway(gateway)
    , m_measure(new QComboBox(this))
    , m_allMeasures(new QCheckBox(this))
    , m_span(new QComboBox(this))
    , m_unit(new QComboBox(this))
    , m_unitLabel(new QLabel(this))
    , m_pause(new QPushButton(this))
    , m_measureLabel(new QLabel(this))
    , m_spanLabel(new QLabel(this))
    , m_status(new QLabel(this))
    , m_main(makeChart(QStringLiteral("ratesChart")))
    , m_smallGrid(new QWidget(this))
    , m_table(new JsonTableModel(
          {{QStringLiteral("endpoint")}, {QStringLiteral("state"), Kind::Code},
              {QStringLiteral("requests"), Kind::Decimal}, {QStringLiteral("tokens"), Kind::Decimal},
              {QStringLiteral("spend_micros"), Kind::Money}, {QStringLiteral("p95_ms"), Kind::Decimal},
              {QStringLiteral("error_rate"), Kind::Percent}, {QStringLiteral("active_streams"), Kind::Integer},
              {QStringLiteral("input_micros_per_mtok"), Kind::Money},
              {QStringLiteral("output_micros_per_mtok"), Kind::Money},
              {QStringLiteral("price_version"), Kind::Integer}},
          QStringLiteral("endpoint"), this))
    , m_tableView(new QTableView(this))
    , m_customers(new JsonTableModel(
          {{QStringLiteral("customer")}, {QStringLiteral("requests"), Kind::Decimal},
              {QStringLiteral("tokens"), Kind::Decimal}, {QStringLiteral("spend_micros"), Kind::Money},
              {QStringLiteral("error_rate"), Kind::Percent}, {QStringLiteral("pending_holds"), Kind::Integer}},
          QStringLiteral("customer"), this))
    , m_customersView(new QTableView(this))
{
    m_measure->setObjectName(QStringLiteral("measureBox"));
    m_span->setObjectName(QStringLiteral("spanBox"));
    m_unit->setObjectName(QStringLiteral("rateUnitBox"));
    m_unitLabel->setBuddy(m_unit);
    m_pause->setObjectName(QStringLiteral("pauseButton"));
    m_pause->setCheckable(true);
    m_allMeasures->setObjectName(QStringLiteral("allMeasuresBox"));
    m_tableView->setObjectName(QStringLiteral("endpointsTable"));
    m_customersView->setObjectName(QStringLiteral("customersRatesTable"));
    m_status->setObjectName(QStringLiteral("ratesStatus"));
    m_measureLabel->setBuddy(m_measure);
    m_spanLabel->setBuddy(m_span);
    for (int i = 0; i < 5; ++i)
        m_measure->addItem(QString());
    for (int seconds : kSpans)
        m_span->addItem(QString(), seconds);
    for (int seconds : kUnits)
        m_unit->addItem(QString(), seconds);

    setUpChartsAndTables();

    auto *controls = new QHBoxLayout;
    controls->addWidget(m_measureLabel);
    controls->addWidget(m_measure);
    controls->addWidget(m_spanLabel);
    controls->addWidget(m_span);
    controls->addWidget(m_unitLabel);
    controls->addWidget(m_unit);
    controls->addWidget(m_allMeasures);
    controls->addWidget(m_pause);
    controls->addStretch();
    controls->addWidget(m_status);
    auto *charts = new QWidget(this);
    auto *stack = new QVBoxLayout(charts);
    stack->setContentsMargins(0, 0, 0, 0);
    stack->addWidget(m_main.view);
    stack->addWidget(m_smallGrid);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(charts);
    split->addWidget(m_tables);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(split);

    connectSignals();
    retranslate();
}

void RatesPage::setUpChartsAndTables()
{
    m_main.chart->legend()->setAlignment(Qt::AlignBottom);
    m_main.view->setMinimumHeight(220);
    // The five measures at once: small charts in a grid, each without a legend (the main
    // chart's colours are the same per endpoint).
    auto *grid = new QGridLayout(m_smallGrid);
    grid->setContentsMargins(0, 0, 0, 0);
    for (int i = 0; i < 5; ++i) {
        Chart small = makeChart(QStringLiteral("smallChart%1").arg(i));
        small.chart->legend()->hide();
        small.view->setMinimumHeight(150);
        grid->addWidget(small.view, i / 3, i % 3);
        m_small.append(small);
    }
    m_smallGrid->hide();

    for (auto [model, view] : {std::pair {m_table, m_tableView}, std::pair {m_customers, m_customersView}}) {
        auto *proxy = new QSortFilterProxyModel(this);
        proxy->setSourceModel(model);
        proxy->setSortRole(Qt::UserRole);
        view->setModel(proxy);
        view->setSortingEnabled(true);
        view->setSelectionBehavior(QAbstractItemView::SelectRows);
        view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
        view->verticalHeader()->hide();
    }
    m_tables = new QTabWidget(this);
    m_tables->setObjectName(QStringLiteral("ratesTables"));
    m_tables->addTab(m_tableView, QString());
    m_tables->addTab(m_customersView, QString());
}

RatesPage::Chart RatesPage::makeChart(const QString &objectName)
{
    auto *chart = new QChart;
    auto *view = new QChartView(chart, this);
    view->setObjectName(objectName);
    view->setRenderHint(QPainter::Antialiasing);
    view->setFocusPolicy(Qt::StrongFocus);
    auto *time = new QDateTimeAxis(chart);
    auto *value = new QValueAxis(chart);
    chart->addAxis(time, Qt::AlignBottom);
    chart->addAxis(value, Qt::AlignLeft);
    styleChart(chart);
    return Chart {chart, view, time, value};
}

void RatesPage::connectSignals()
{
    connect(m_measure, &QComboBox::currentIndexChanged, this, &RatesPage::redraw);
    connect(m_allMeasures, &QCheckBox::toggled, this, [this](bool all) {
        m_main.view->setVisible(!all);
        m_smallGrid->setVisible(all);
        m_measure->setEnabled(!all);
        redraw();
    });
    connect(m_span, &QComboBox::currentIndexChanged, this, &RatesPage::redraw);
    connect(m_unit, &QComboBox::currentIndexChanged, this, [this] {
        retranslate(); // the measures' names and the headers say the unit
        updateTable(); // asked for, so shown even while paused
        m_snapshotsSinceCustomers = kCustomersEvery; // the customers' rates at the next snapshot
    });
    connect(m_pause, &QPushButton::toggled, this, [this](bool paused) {
        m_paused = paused;
        retranslate();
        if (!paused) {
            redraw();
            updateTable();
        }
    });
    connect(&m_gateway, &EmbeddedGateway::metricsSnapshot, this, &RatesPage::onSnapshot);
    connect(&m_gateway, &EmbeddedGateway::started, this, &RatesPage::refreshRateCard);
}

void RatesPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::LanguageChange) {
        styleChart(m_main.chart); // the theme's colours, the language's numbers
        for (const Chart &small : std::as_const(m_small))
            styleChart(small.chart);
    }
    QWidget::changeEvent(event);
}

void RatesPage::retranslate()
{
    // The rates' words for the chosen unit (per second, minute, hour), in kUnits' order.
    const int unit = std::max(0, m_unit->currentIndex());
    const QStringList rateMeasures[] {{tr("Requests per second"), tr("Tokens per second"), tr("Spend per second")},
        {tr("Requests per minute"), tr("Tokens per minute"), tr("Spend per minute")},
        {tr("Requests per hour"), tr("Tokens per hour"), tr("Spend per hour")}};
    const QStringList rateHeaders[] {{tr("Requests/s"), tr("Tokens/s"), tr("Spend/s")},
        {tr("Requests/min"), tr("Tokens/min"), tr("Spend/min")}, {tr("Requests/h"), tr("Tokens/h"), tr("Spend/h")}};
    const QStringList measures = rateMeasures[unit] + QStringList {tr("p95 latency (ms)"), tr("Error rate (%)")};
    for (int i = 0; i < measures.size(); ++i)
        m_measure->setItemText(i, measures[i]);
    const QStringList spans {tr("Last minute"), tr("Last 5 minutes"), tr("Last 15 minutes"), tr("Last hour")};
    for (int i = 0; i < spans.size(); ++i)
        m_span->setItemText(i, spans[i]);
    const QStringList units {tr("per second"), tr("per minute"), tr("per hour")};
    for (int i = 0; i < units.size(); ++i)
        m_unit->setItemText(i, units[i]);
    m_unitLabel->setText(tr("&Rates:"));
    m_unit->setAccessibleName(tr("Show the rates per second, minute or hour"));
    m_measureLabel->setText(tr("&Measure:"));
    m_spanLabel->setText(tr("S&pan:"));
    m_pause->setText(m_paused ? tr("Res&ume") : tr("&Pause"));
    m_measure->setAccessibleName(tr("Measure shown in the chart"));
    m_span->setAccessibleName(tr("Time span shown in the chart"));
    m_pause->setAccessibleName(m_paused ? tr("Resume the live chart") : tr("Pause the live chart"));
    m_main.view->setAccessibleName(tr("Live rate chart, one line per endpoint"));
    for (int i = 0; i < m_small.size(); ++i) {
        m_small[i].view->setAccessibleName(tr("%1, one line per endpoint").arg(measures[i]));
        m_small[i].chart->setTitle(measures[i]);
    }
    m_allMeasures->setText(tr("&All measures"));
    m_allMeasures->setAccessibleName(tr("Show the five measures as small charts at once"));
    m_tableView->setAccessibleName(tr("Endpoints with their current rates and prices"));
    m_customersView->setAccessibleName(tr("Customers with their current rates"));
    m_tables->setTabText(0, tr("Endpoints"));
    m_tables->setTabText(1, tr("Customers"));
    m_status->setText(m_paused ? tr("Paused") : QString());
    const QStringList &rates = rateHeaders[unit];
    m_table->setHeaders({tr("Endpoint"), tr("State"), rates[0], rates[1], rates[2], tr("p95 ms"), tr("Errors"),
        tr("Streams"), tr("Input $/MTok"), tr("Output $/MTok"), tr("Price version")});
    m_customers->setHeaders({tr("Customer"), rates[0], rates[1], rates[2], tr("Errors"), tr("Pending holds")});
    m_main.time->setTitleText(tr("Time"));
    redraw();
}

int RatesPage::rateUnitSeconds() const
{
    return std::max(1, m_unit->currentData().toInt());
}

QList<QPointF> RatesPage::samples(const QString &endpoint, Measure measure) const
{
    QList<QPointF> points;
    for (const Sample &s : m_history.value(endpoint))
        points.append(QPointF(double(s.msecs), s.values[int(measure)]));
    return points;
}

void RatesPage::onSnapshot(const QJsonObject &snapshot)
{
    m_lastSnapshot = MetricsSnapshot::fromJson(snapshot);
    const qint64 now = m_lastSnapshot.timeMs;
    bool unknownEndpoint = false;
    qint64 routed = 0;
    qint64 routedErrors = 0;
    for (const SeriesMetrics &endpoint : std::as_const(m_lastSnapshot.endpoints)) {
        const WindowMetrics w = endpoint.window(kWindow);
        const QJsonValue p95 = percentile95(w);
        appendSample(endpoint.endpoint,
            Sample {now,
                {w.requestsPerS, w.inputTokensPerS + w.outputTokensPerS,
                    // Chart coordinates only; the money itself stays integral in the table.
                    double(w.spendMicrosPerS) / 1e6, w.requests > 0 && p95.isDouble() ? p95.toDouble() : qQNaN(),
                    100.0 * w.errorRate}});
        routed += w.requests;
        routedErrors += w.errorCount;
        unknownEndpoint = unknownEndpoint || !m_rateCard.contains(endpoint.endpoint);
    }
    sampleBeforeRouting(now, routed, routedErrors);
    if (unknownEndpoint || ++m_snapshotsSinceRateCard >= 10)
        refreshRateCard();
    if (!m_paused) {
        redraw();
        updateTable();
    }
    // The live feed leaves customers out (one series per customer is many): their rates come from
    // GET /admin/metrics now and then, embedded or attached alike.
    if (++m_snapshotsSinceCustomers >= kCustomersEvery && !m_paused) {
        m_snapshotsSinceCustomers = 0;
        adminClient(m_gateway).metrics(this, [this](const ClientResult<MetricsSnapshot> &metrics) {
            if (metrics.ok() && !m_paused)
                updateCustomers(metrics.value().customers.value_or(QList<SeriesMetrics>()));
        });
    }
}

void RatesPage::appendSample(const QString &endpoint, const Sample &sample)
{
    QList<Sample> &history = m_history[endpoint];
    history.append(sample);
    if (history.size() > kMaxSamples)
        history.removeFirst();
}

void RatesPage::sampleBeforeRouting(qint64 now, qint64 routed, qint64 routedErrors)
{
    const WindowMetrics all = m_lastSnapshot.total.window(kWindow);
    const qint64 requests = std::max<qint64>(0, all.requests - routed);
    if (requests == 0 && !m_history.contains(kBeforeRouting))
        return; // none yet: no series
    const qint64 errors = std::max<qint64>(0, all.errorCount - routedErrors);
    const double seconds = all.seconds > 0 ? double(all.seconds) : 1.0;
    // Nothing before routing is billed or timed upstream: no tokens, no spend, no latency.
    appendSample(kBeforeRouting,
        Sample {now,
            {double(requests) / seconds, 0, 0, qQNaN(), requests > 0 ? 100.0 * double(errors) / double(requests) : 0}});
}

void RatesPage::refreshRateCard()
{
    m_snapshotsSinceRateCard = 0;
    adminClient(m_gateway).pricingExport(this, [this](const ClientResult<PricingCard> &card) {
        if (!card.ok())
            return;
        m_rateCard.clear();
        for (const PricingRow &row : card.value().models)
            m_rateCard.insert(row.channelId + QLatin1Char('/') + row.model, row);
        if (!m_paused)
            updateTable();
    });
    // Every configured endpoint, with its channel's state: those that serve nothing are listed too.
    adminClient(m_gateway).listChannels(this, [this](const ClientResult<QList<ChannelView>> &channels) {
        if (!channels.ok())
            return;
        m_configured.clear();
        for (const ChannelView &view : channels.value()) {
            const QString state = view.channel.enabled ? view.state.status : QStringLiteral("disabled");
            for (const ModelRoute &route : view.channel.models)
                m_configured.insert(view.channel.id + QLatin1Char('/') + route.model, state);
        }
        if (!m_paused)
            updateTable();
    });
}

void RatesPage::addRates(const WindowMetrics &w, QJsonObject &row) const
{
    const int unit = rateUnitSeconds();
    row.insert(QStringLiteral("requests"), w.requestsPerS * unit);
    row.insert(QStringLiteral("tokens"), (w.inputTokensPerS + w.outputTokensPerS) * unit);
    row.insert(QStringLiteral("spend_micros"), spendPer(w, unit));
}

qint64 RatesPage::spendPer(const WindowMetrics &window, int unitSeconds)
{
    return window.seconds > 0 ? window.spendMicros * unitSeconds / window.seconds
                              : window.spendMicrosPerS * unitSeconds;
}

void RatesPage::updateCustomers(const QList<SeriesMetrics> &customers)
{
    QJsonArray rows;
    for (const SeriesMetrics &customer : customers) {
        const WindowMetrics w = customer.window(kWindow);
        QJsonObject row {{QStringLiteral("customer"), customer.customer}, {QStringLiteral("error_rate"), w.errorRate},
            {QStringLiteral("pending_holds"), customer.pendingHolds}};
        addRates(w, row);
        rows.append(row);
    }
    m_customers->setRows(rows);
}

void RatesPage::updateTable()
{
    QJsonArray rows;
    QSet<QString> listed;
    const auto addCard = [this](const QString &endpoint, QJsonObject &row) {
        const auto card = m_rateCard.constFind(endpoint);
        if (card != m_rateCard.constEnd()) {
            row.insert(QStringLiteral("input_micros_per_mtok"), card->inputMicrosPerMtok);
            row.insert(QStringLiteral("output_micros_per_mtok"), card->outputMicrosPerMtok);
            row.insert(QStringLiteral("price_version"), card->priceVersion);
        }
        if (const auto state = m_configured.constFind(endpoint); state != m_configured.constEnd())
            row.insert(QStringLiteral("state"), *state);
    };
    for (const SeriesMetrics &endpoint : std::as_const(m_lastSnapshot.endpoints)) {
        const WindowMetrics w = endpoint.window(kWindow);
        listed.insert(endpoint.endpoint);
        QJsonObject row {{QStringLiteral("endpoint"), endpoint.endpoint}, {QStringLiteral("p95_ms"), percentile95(w)},
            {QStringLiteral("error_rate"), w.errorRate}, {QStringLiteral("active_streams"), endpoint.activeStreams}};
        addRates(w, row);
        addCard(endpoint.endpoint, row);
        rows.append(row);
    }
    // The configured endpoints that had no traffic yet (an unavailable one among them says so).
    QStringList idle;
    for (auto it = m_configured.cbegin(); it != m_configured.cend(); ++it) {
        if (!listed.contains(it.key()))
            idle.append(it.key());
    }
    idle.sort();
    for (const QString &endpoint : std::as_const(idle)) {
        QJsonObject row {{QStringLiteral("endpoint"), endpoint}};
        addCard(endpoint, row);
        rows.append(row);
    }
    if (const auto before = m_history.constFind(kBeforeRouting); before != m_history.cend() && !before->isEmpty()) {
        const Sample &last = before->last();
        rows.append(QJsonObject {{QStringLiteral("endpoint"), tr("Before routing")},
            {QStringLiteral("requests"), last.values[int(Measure::Requests)] * rateUnitSeconds()},
            {QStringLiteral("error_rate"), last.values[int(Measure::ErrorRate)] / 100.0}});
    }
    m_table->setRows(rows);
}

void RatesPage::redraw()
{
    const qint64 span = m_span->currentData().toLongLong() * 1000;
    qint64 newest = 0;
    for (const QList<Sample> &history : std::as_const(m_history)) {
        if (!history.isEmpty())
            newest = std::max(newest, history.last().msecs);
    }
    if (newest == 0)
        newest = QDateTime::currentMSecsSinceEpoch();
    if (!m_allMeasures->isChecked()) {
        drawChart(m_main, std::max(0, m_measure->currentIndex()), newest, span);
        m_main.value->setTitleText(m_measure->currentText());
        return;
    }
    for (int i = 0; i < m_small.size(); ++i)
        drawChart(m_small[i], i, newest, span);
}

void RatesPage::drawChart(const Chart &chart, int measure, qint64 newest, qint64 span)
{
    QStringList names = m_history.keys();
    names.sort();
    if (names.removeOne(kBeforeRouting))
        names.append(kBeforeRouting); // last, so the endpoints keep their colours when it comes
    // One line per endpoint, created once and refilled; their order fixes their token colour.
    const QList<QAbstractSeries *> existing = chart.chart->series();
    bool added = false;
    double top = 0;
    const double scale = measure <= int(Measure::Spend) ? rateUnitSeconds() : 1; // the rates per the unit
    for (const QString &name : std::as_const(names)) {
        QLineSeries *line = nullptr;
        for (QAbstractSeries *s : existing) {
            if (s->property("endpoint").toString() == name)
                line = static_cast<QLineSeries *>(s);
        }
        if (!line) {
            line = new QLineSeries(chart.chart);
            line->setProperty("endpoint", name);
            chart.chart->addSeries(line);
            line->attachAxis(chart.time);
            line->attachAxis(chart.value);
            added = true;
        }
        line->setName(name == kBeforeRouting ? tr("Before routing (authentication, validation, no route)") : name);
        QList<QPointF> points;
        for (const Sample &s : m_history.value(name)) {
            if (s.msecs >= newest - span && !std::isnan(s.values[measure])) {
                points.append(QPointF(double(s.msecs), s.values[measure] * scale));
                top = std::max(top, s.values[measure] * scale);
            }
        }
        line->replace(points);
    }
    if (added)
        styleChart(chart.chart);
    chart.time->setRange(QDateTime::fromMSecsSinceEpoch(newest - span), QDateTime::fromMSecsSinceEpoch(newest));
    chart.time->setFormat(span > 15 * 60 * 1000 ? QStringLiteral("HH:mm") : QStringLiteral("HH:mm:ss"));
    setNiceRange(chart.value, 0, top);
}

} // namespace bytespike
