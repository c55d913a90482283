#include "RatesPage.h"

#include "GatewayCalls.h"
#include "Theme.h"
#include "bytespike/GatewayService.h"
#include "models/JsonTableModel.h"
#include "widgets/ChartStyle.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTimeAxis>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>

#include <cmath>

#include <algorithm>

namespace bytespike {

namespace {

constexpr int kMaxSamples = 3600; // one hour at one snapshot a second
constexpr int kSpans[] = {60, 300, 900, 3600};

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
    , m_span(new QComboBox(this))
    , m_pause(new QPushButton(this))
    , m_measureLabel(new QLabel(this))
    , m_spanLabel(new QLabel(this))
    , m_status(new QLabel(this))
    , m_chart(new QChart)
    , m_chartView(new QChartView(m_chart, this))
    , m_timeAxis(new QDateTimeAxis(m_chart))
    , m_valueAxis(new QValueAxis(m_chart))
    , m_table(new JsonTableModel(
          {{QStringLiteral("endpoint")}, {QStringLiteral("requests_per_s"), Kind::Decimal},
              {QStringLiteral("tokens_per_s"), Kind::Decimal}, {QStringLiteral("spend_micros_per_s"), Kind::Money},
              {QStringLiteral("p95_ms"), Kind::Decimal}, {QStringLiteral("error_rate"), Kind::Percent},
              {QStringLiteral("active_streams"), Kind::Integer}, {QStringLiteral("input_micros_per_mtok"), Kind::Money},
              {QStringLiteral("output_micros_per_mtok"), Kind::Money},
              {QStringLiteral("price_version"), Kind::Integer}},
          QStringLiteral("endpoint"), this))
    , m_tableView(new QTableView(this))
{
    m_measure->setObjectName(QStringLiteral("measureBox"));
    m_span->setObjectName(QStringLiteral("spanBox"));
    m_pause->setObjectName(QStringLiteral("pauseButton"));
    m_pause->setCheckable(true);
    m_chartView->setObjectName(QStringLiteral("ratesChart"));
    m_tableView->setObjectName(QStringLiteral("endpointsTable"));
    m_status->setObjectName(QStringLiteral("ratesStatus"));
    m_measureLabel->setBuddy(m_measure);
    m_spanLabel->setBuddy(m_span);
    for (int i = 0; i < 5; ++i)
        m_measure->addItem(QString());
    for (int seconds : kSpans)
        m_span->addItem(QString(), seconds);

    m_chart->addAxis(m_timeAxis, Qt::AlignBottom);
    m_chart->addAxis(m_valueAxis, Qt::AlignLeft);
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(220);
    m_chartView->setFocusPolicy(Qt::StrongFocus);

    auto *proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_table);
    proxy->setSortRole(Qt::UserRole);
    m_tableView->setModel(proxy);
    m_tableView->setSortingEnabled(true);
    m_tableView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tableView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_tableView->verticalHeader()->hide();

    auto *controls = new QHBoxLayout;
    controls->addWidget(m_measureLabel);
    controls->addWidget(m_measure);
    controls->addWidget(m_spanLabel);
    controls->addWidget(m_span);
    controls->addWidget(m_pause);
    controls->addStretch();
    controls->addWidget(m_status);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_chartView);
    split->addWidget(m_tableView);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(split);

    connectSignals();
    retranslate();
    styleChart(m_chart);
}

void RatesPage::connectSignals()
{
    connect(m_measure, &QComboBox::currentIndexChanged, this, &RatesPage::redraw);
    connect(m_span, &QComboBox::currentIndexChanged, this, &RatesPage::redraw);
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
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::LanguageChange)
        styleChart(m_chart); // the theme's colours, the language's numbers
    QWidget::changeEvent(event);
}

void RatesPage::retranslate()
{
    const QStringList measures {tr("Requests per second"), tr("Tokens per second"), tr("Spend per second"),
        tr("p95 latency (ms)"), tr("Error rate (%)")};
    for (int i = 0; i < measures.size(); ++i)
        m_measure->setItemText(i, measures[i]);
    const QStringList spans {tr("Last minute"), tr("Last 5 minutes"), tr("Last 15 minutes"), tr("Last hour")};
    for (int i = 0; i < spans.size(); ++i)
        m_span->setItemText(i, spans[i]);
    m_measureLabel->setText(tr("&Measure:"));
    m_spanLabel->setText(tr("S&pan:"));
    m_pause->setText(m_paused ? tr("Res&ume") : tr("&Pause"));
    m_measure->setAccessibleName(tr("Measure shown in the chart"));
    m_span->setAccessibleName(tr("Time span shown in the chart"));
    m_pause->setAccessibleName(m_paused ? tr("Resume the live chart") : tr("Pause the live chart"));
    m_chartView->setAccessibleName(tr("Live rate chart, one line per endpoint"));
    m_tableView->setAccessibleName(tr("Endpoints with their current rates and prices"));
    m_status->setText(m_paused ? tr("Paused") : QString());
    m_table->setHeaders({tr("Endpoint"), tr("Requests/s"), tr("Tokens/s"), tr("Spend/s"), tr("p95 ms"), tr("Errors"),
        tr("Streams"), tr("Input $/MTok"), tr("Output $/MTok"), tr("Price version")});
    m_timeAxis->setTitleText(tr("Time"));
    redraw();
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
}

void RatesPage::updateTable()
{
    QJsonArray rows;
    for (const SeriesMetrics &endpoint : std::as_const(m_lastSnapshot.endpoints)) {
        const WindowMetrics w = endpoint.window(kWindow);
        const auto card = m_rateCard.constFind(endpoint.endpoint);
        QJsonObject row {{QStringLiteral("endpoint"), endpoint.endpoint},
            {QStringLiteral("requests_per_s"), w.requestsPerS},
            {QStringLiteral("tokens_per_s"), w.inputTokensPerS + w.outputTokensPerS},
            {QStringLiteral("spend_micros_per_s"), w.spendMicrosPerS}, {QStringLiteral("p95_ms"), percentile95(w)},
            {QStringLiteral("error_rate"), w.errorRate}, {QStringLiteral("active_streams"), endpoint.activeStreams}};
        if (card != m_rateCard.constEnd()) {
            row.insert(QStringLiteral("input_micros_per_mtok"), card->inputMicrosPerMtok);
            row.insert(QStringLiteral("output_micros_per_mtok"), card->outputMicrosPerMtok);
            row.insert(QStringLiteral("price_version"), card->priceVersion);
        }
        rows.append(row);
    }
    if (const auto before = m_history.constFind(kBeforeRouting); before != m_history.cend() && !before->isEmpty()) {
        const Sample &last = before->last();
        rows.append(QJsonObject {{QStringLiteral("endpoint"), tr("Before routing")},
            {QStringLiteral("requests_per_s"), last.values[int(Measure::Requests)]},
            {QStringLiteral("error_rate"), last.values[int(Measure::ErrorRate)] / 100.0}});
    }
    m_table->setRows(rows);
}

void RatesPage::redraw()
{
    const int measure = std::max(0, m_measure->currentIndex());
    const qint64 span = m_span->currentData().toLongLong() * 1000;
    qint64 newest = 0;
    for (const QList<Sample> &history : std::as_const(m_history)) {
        if (!history.isEmpty())
            newest = std::max(newest, history.last().msecs);
    }
    if (newest == 0)
        newest = QDateTime::currentMSecsSinceEpoch();
    QStringList names = m_history.keys();
    names.sort();
    if (names.removeOne(kBeforeRouting))
        names.append(kBeforeRouting); // last, so the endpoints keep their colours when it comes
    // One line per endpoint, created once and refilled; their order fixes their token colour.
    const QList<QAbstractSeries *> existing = m_chart->series();
    bool added = false;
    double top = 0;
    for (const QString &name : std::as_const(names)) {
        QLineSeries *line = nullptr;
        for (QAbstractSeries *s : existing) {
            if (s->property("endpoint").toString() == name)
                line = static_cast<QLineSeries *>(s);
        }
        if (!line) {
            line = new QLineSeries(m_chart);
            line->setProperty("endpoint", name);
            m_chart->addSeries(line);
            line->attachAxis(m_timeAxis);
            line->attachAxis(m_valueAxis);
            added = true;
        }
        line->setName(name == kBeforeRouting ? tr("Before routing (authentication, validation, no route)") : name);
        QList<QPointF> points;
        for (const Sample &s : m_history.value(name)) {
            if (s.msecs >= newest - span && !std::isnan(s.values[measure])) {
                points.append(QPointF(double(s.msecs), s.values[measure]));
                top = std::max(top, s.values[measure]);
            }
        }
        line->replace(points);
    }
    if (added)
        styleChart(m_chart);
    m_timeAxis->setRange(QDateTime::fromMSecsSinceEpoch(newest - span), QDateTime::fromMSecsSinceEpoch(newest));
    m_timeAxis->setFormat(span > 15 * 60 * 1000 ? QStringLiteral("HH:mm") : QStringLiteral("HH:mm:ss"));
    setNiceRange(m_valueAxis, 0, top);
    m_valueAxis->setTitleText(m_measure->currentText());
}

} // namespace bytespike
