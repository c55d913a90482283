#include "OverviewPage.h"

#include "bytespike/MoneyFormat.h"
#include "bytespike/Version.h"
#include "widgets/KpiTile.h"

#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

namespace bytespike {

namespace {

QLabel *selectableLabel(const QString &name, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return label;
}

enum Tile { Requests, Spend, Errors, Latency, Streams, PendingHolds, TileCount };

// A window's p95 latency in milliseconds; NaN while it has none.
double p95Of(const WindowMetrics &window)
{
    if (!window.latencyMs || !window.latencyMs->p95)
        return std::numeric_limits<double>::quiet_NaN();
    return *window.latencyMs->p95;
}

} // namespace

OverviewPage::OverviewPage(EmbeddedGateway &gateway, QWidget *parent)
    : QWidget(parent)
    , m_gateway(gateway)
    , m_state(selectableLabel(QStringLiteral("stateLabel"), this))
    , m_publicUrl(selectableLabel(QStringLiteral("publicUrlLabel"), this))
    , m_adminUrl(selectableLabel(QStringLiteral("adminUrlLabel"), this))
    , m_error(selectableLabel(QStringLiteral("errorLabel"), this))
    , m_start(new QPushButton(this))
    , m_stop(new QPushButton(this))
    , m_restart(new QPushButton(this))
    , m_connect(new QPushButton(this))
    , m_dataDir(selectableLabel(QStringLiteral("dataDirLabel"), this))
    , m_version(selectableLabel(QStringLiteral("versionLabel"), this))
    , m_uptime(selectableLabel(QStringLiteral("uptimeLabel"), this))
    , m_getStarted(new GetStarted(this))
{
    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->addWidget(buildHeader());
    layout->addWidget(m_getStarted);
    layout->addWidget(buildDashboard());
    layout->addStretch();
    auto *scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("overviewScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(content);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);

    connect(m_start, &QPushButton::clicked, &m_gateway, &EmbeddedGateway::start);
    connect(m_stop, &QPushButton::clicked, &m_gateway, &EmbeddedGateway::stop);
    connect(m_restart, &QPushButton::clicked, &m_gateway, &EmbeddedGateway::restart);
    connect(m_connect, &QPushButton::clicked, this, &OverviewPage::connectRequested);
    connect(&m_gateway, &EmbeddedGateway::stateChanged, this, &OverviewPage::showState);
    connect(&m_gateway, &EmbeddedGateway::started, this, [this](const QString &publicUrl, const QString &adminUrl) {
        m_publicUrl->setText(publicUrl);
        m_adminUrl->setText(adminUrl);
        m_error->setText(QString());
        refresh();
    });
    connect(
        &m_gateway, &EmbeddedGateway::startFailed, this, [this](const QString &message) { m_error->setText(message); });
    connect(&m_gateway, &EmbeddedGateway::stopped, this, [this] {
        m_publicUrl->setText(QString());
        m_adminUrl->setText(QString());
        showFigures({});
    });
    connect(&m_gateway, &EmbeddedGateway::metricsSnapshot, this, &OverviewPage::showFigures);
    connect(m_getStarted, &GetStarted::copyKeyRequested, this, &OverviewPage::copyDemoKey);
    connect(m_getStarted, &GetStarted::channelsRequested, this, &OverviewPage::channelsRequested);
    connect(m_getStarted, &GetStarted::playgroundRequested, this, &OverviewPage::playgroundRequested);
    connect(m_getStarted, &GetStarted::dismissed, this, [this] {
        m_stepsDone.append(QStringLiteral("hidden"));
        Q_EMIT stepDone(QStringLiteral("hidden"));
        updateGetStarted();
    });
    retranslate();
    showState(GatewayService::State::Stopped);
    updateGetStarted();
}

QWidget *OverviewPage::buildHeader()
{
    m_start->setObjectName(QStringLiteral("startButton"));
    m_stop->setObjectName(QStringLiteral("stopButton"));
    m_restart->setObjectName(QStringLiteral("restartButton"));
    m_connect->setObjectName(QStringLiteral("connectButton"));
    m_error->setWordWrap(true);
    m_version->setText(QString::fromLatin1(kVersion));
    auto *header = new QWidget(this);
    auto *form = new QFormLayout;
    for (QLabel *field : {m_state, m_publicUrl, m_adminUrl, m_dataDir, m_version, m_uptime, m_error}) {
        auto *name = new QLabel(header);
        name->setBuddy(field);
        m_fieldNames.append(name);
        form->addRow(name, field);
    }
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_restart);
    buttons->addStretch();
    buttons->addWidget(m_connect);
    auto *layout = new QVBoxLayout(header);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addLayout(buttons);
    return header;
}

void OverviewPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void OverviewPage::retranslate()
{
    const QStringList names {tr("State:"), tr("Public API:"), tr("Admin API:"), tr("Data directory:"), tr("Version:"),
        tr("Uptime:"), tr("Last error:")};
    for (qsizetype i = 0; i < m_fieldNames.size(); ++i)
        m_fieldNames[i]->setText(names[i]);
    m_state->setAccessibleName(tr("Gateway state"));
    m_publicUrl->setAccessibleName(tr("Public API address"));
    m_adminUrl->setAccessibleName(tr("Admin API address"));
    m_error->setAccessibleName(tr("Last error"));
    m_dataDir->setAccessibleName(tr("Data directory"));
    m_version->setAccessibleName(tr("Version"));
    m_uptime->setAccessibleName(tr("Gateway uptime"));
    m_start->setText(tr("&Start"));
    m_stop->setText(tr("S&top"));
    m_restart->setText(tr("&Restart"));
    m_start->setAccessibleName(tr("Start the gateway"));
    m_stop->setAccessibleName(tr("Stop the gateway"));
    m_restart->setAccessibleName(tr("Restart the gateway"));
    m_connect->setText(tr("C&onnect to a gateway..."));
    m_connect->setAccessibleName(tr("Connect to a gateway that runs elsewhere"));
    const QStringList titles {tr("Requests (last hour)"), tr("Spend (last hour)"), tr("Errors (last hour)"),
        tr("p95 latency (last minute)"), tr("Open streams"), tr("Pending holds")};
    for (int i = 0; i < TileCount; ++i)
        m_tiles[i]->setTitle(titles[i]);
    retranslateDashboard();
    m_state->setText(stateText(m_stateShown));
    showState(m_stateShown);
    renderFigures(); // numbers and money follow the language's locale
}

void OverviewPage::showFigures(const QJsonObject &snapshot)
{
    if (snapshot.isEmpty()) {
        m_lastSnapshot.reset();
        for (KpiTile *tile : std::as_const(m_tiles))
            tile->clearHistory();
    } else {
        m_lastSnapshot = MetricsSnapshot::fromJson(snapshot);
        recordHistory(*m_lastSnapshot);
        // New requests since the lists were read: read them again soon, not only on the timer.
        const qint64 requests = m_lastSnapshot->total.window(QStringLiteral("1h")).requests;
        if (isVisible() && requests != m_requestsAtRefresh && m_sinceRefresh.isValid()
            && m_sinceRefresh.elapsed() >= kSoonestRefreshMs)
            refresh();
    }
    renderFigures();
}

void OverviewPage::recordHistory(const MetricsSnapshot &snapshot)
{
    const WindowMetrics minute = snapshot.total.window(QStringLiteral("1m"));
    const double nan = std::numeric_limits<double>::quiet_NaN();
    m_tiles[Requests]->addPoint(minute.requestsPerS);
    m_tiles[Spend]->addPoint(double(minute.spendMicrosPerS));
    m_tiles[Errors]->addPoint(minute.requests ? 100.0 * minute.errorRate : nan);
    m_tiles[Latency]->addPoint(p95Of(minute));
    m_tiles[Streams]->addPoint(double(snapshot.total.activeStreams));
    m_tiles[PendingHolds]->addPoint(double(snapshot.total.pendingHolds));
}

void OverviewPage::renderFigures()
{
    // Only setText: it keeps a selectable label's text control and skips an unchanged text, where
    // clear() destroys the control (and its document) on every snapshot. See docs/architecture.md.
    if (!m_lastSnapshot) {
        m_uptime->setText(QString());
        for (KpiTile *tile : std::as_const(m_tiles))
            tile->setValue(QString());
        return;
    }
    const QLocale locale;
    const WindowMetrics hour = m_lastSnapshot->total.window(QStringLiteral("1h"));
    const WindowMetrics minute = m_lastSnapshot->total.window(QStringLiteral("1m"));
    const qint64 uptime = m_lastSnapshot->uptimeS;
    m_uptime->setText(QStringLiteral("%1:%2:%3")
                          .arg(uptime / 3600)
                          .arg(uptime / 60 % 60, 2, 10, QLatin1Char('0'))
                          .arg(uptime % 60, 2, 10, QLatin1Char('0')));
    const qint64 requests = hour.requests;
    const qint64 errors = hour.errorCount;
    m_tiles[Requests]->setValue(locale.toString(requests));
    m_tiles[Spend]->setValue(formatMoney(hour.spendMicros, locale));
    m_tiles[Errors]->setValue(requests ? QStringLiteral("%1 (%2)").arg(locale.toString(errors),
                                  locale.toString(100.0 * double(errors) / double(requests), 'f', 1) + locale.percent())
                                       : locale.toString(errors));
    const double p95 = p95Of(minute);
    m_tiles[Latency]->setValue(
        std::isnan(p95) ? tr("no requests") : tr("%1 ms").arg(locale.toString(std::round(p95), 'f', 0)));
    m_tiles[Streams]->setValue(locale.toString(m_lastSnapshot->total.activeStreams));
    m_tiles[PendingHolds]->setValue(locale.toString(m_lastSnapshot->total.pendingHolds));
}

QString OverviewPage::stateText(GatewayService::State state)
{
    switch (state) {
    case GatewayService::State::Stopped: return tr("Stopped");
    case GatewayService::State::Starting: return tr("Starting");
    case GatewayService::State::Running: return tr("Running");
    case GatewayService::State::Stopping: return tr("Stopping");
    case GatewayService::State::Failed: return tr("Failed");
    }
    return {};
}

void OverviewPage::showState(GatewayService::State state)
{
    m_stateShown = state;
    m_state->setText(stateText(state));
    const bool running = state == GatewayService::State::Running;
    const bool idle = state == GatewayService::State::Stopped || state == GatewayService::State::Failed;
    m_start->setEnabled(idle);
    m_stop->setEnabled(running);
    m_restart->setEnabled(running || state == GatewayService::State::Failed);
    // A gateway the console is attached to is started and stopped where it runs.
    const bool attached = m_gateway.isAttached();
    for (QPushButton *button : {m_start, m_stop, m_restart})
        button->setVisible(!attached);
    m_dataDir->setText(
        attached ? tr("that of the gateway at %1").arg(m_gateway.attachedUrl()) : m_gateway.config().dataDir);
}

} // namespace bytespike
