#include "OverviewPage.h"

#include "bytespike/MoneyFormat.h"
#include "bytespike/Version.h"

#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace bytespike {

namespace {

QLabel *selectableLabel(const QString &name, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return label;
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
    , m_requests(selectableLabel(QStringLiteral("requestsLabel"), this))
    , m_spend(selectableLabel(QStringLiteral("spendLabel"), this))
    , m_errors(selectableLabel(QStringLiteral("errorsLabel"), this))
    , m_pendingHolds(selectableLabel(QStringLiteral("pendingHoldsLabel"), this))
{
    m_start->setObjectName(QStringLiteral("startButton"));
    m_stop->setObjectName(QStringLiteral("stopButton"));
    m_restart->setObjectName(QStringLiteral("restartButton"));
    m_connect->setObjectName(QStringLiteral("connectButton"));
    m_error->setWordWrap(true);
    m_version->setText(QString::fromLatin1(kVersion));

    auto *form = new QFormLayout;
    for (QLabel *field : {m_state, m_publicUrl, m_adminUrl, m_dataDir, m_version, m_uptime, m_requests, m_spend,
             m_errors, m_pendingHolds, m_error}) {
        auto *name = new QLabel(this);
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

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addStretch();

    connect(m_start, &QPushButton::clicked, &m_gateway, &EmbeddedGateway::start);
    connect(m_stop, &QPushButton::clicked, &m_gateway, &EmbeddedGateway::stop);
    connect(m_restart, &QPushButton::clicked, &m_gateway, &EmbeddedGateway::restart);
    connect(m_connect, &QPushButton::clicked, this, &OverviewPage::connectRequested);
    connect(&m_gateway, &EmbeddedGateway::stateChanged, this, &OverviewPage::showState);
    connect(&m_gateway, &EmbeddedGateway::started, this, [this](const QString &publicUrl, const QString &adminUrl) {
        m_publicUrl->setText(publicUrl);
        m_adminUrl->setText(adminUrl);
        m_error->setText(QString());
    });
    connect(
        &m_gateway, &EmbeddedGateway::startFailed, this, [this](const QString &message) { m_error->setText(message); });
    connect(&m_gateway, &EmbeddedGateway::stopped, this, [this] {
        m_publicUrl->setText(QString());
        m_adminUrl->setText(QString());
        showFigures({});
    });
    connect(&m_gateway, &EmbeddedGateway::metricsSnapshot, this, &OverviewPage::showFigures);
    retranslate();
    showState(GatewayService::State::Stopped);
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
        tr("Uptime:"), tr("Requests (last hour):"), tr("Spend (last hour):"), tr("Errors (last hour):"),
        tr("Pending holds:"), tr("Last error:")};
    for (qsizetype i = 0; i < m_fieldNames.size(); ++i)
        m_fieldNames[i]->setText(names[i]);
    m_state->setAccessibleName(tr("Gateway state"));
    m_publicUrl->setAccessibleName(tr("Public API address"));
    m_adminUrl->setAccessibleName(tr("Admin API address"));
    m_error->setAccessibleName(tr("Last error"));
    m_dataDir->setAccessibleName(tr("Data directory"));
    m_version->setAccessibleName(tr("Version"));
    m_uptime->setAccessibleName(tr("Gateway uptime"));
    m_requests->setAccessibleName(tr("Requests in the last hour"));
    m_spend->setAccessibleName(tr("Spend in the last hour"));
    m_errors->setAccessibleName(tr("Errors in the last hour"));
    m_pendingHolds->setAccessibleName(tr("Pending holds"));
    m_start->setText(tr("&Start"));
    m_stop->setText(tr("S&top"));
    m_restart->setText(tr("&Restart"));
    m_start->setAccessibleName(tr("Start the gateway"));
    m_stop->setAccessibleName(tr("Stop the gateway"));
    m_restart->setAccessibleName(tr("Restart the gateway"));
    m_connect->setText(tr("C&onnect to a gateway..."));
    m_connect->setAccessibleName(tr("Connect to a gateway that runs elsewhere"));
    m_state->setText(stateText(m_stateShown));
    showState(m_stateShown);
    renderFigures(); // numbers and money follow the language's locale
}

void OverviewPage::showFigures(const QJsonObject &snapshot)
{
    if (snapshot.isEmpty())
        m_lastSnapshot.reset();
    else
        m_lastSnapshot = MetricsSnapshot::fromJson(snapshot);
    renderFigures();
}

void OverviewPage::renderFigures()
{
    // Only setText: it keeps a selectable label's text control and skips an unchanged text, where
    // clear() destroys the control (and its document) on every snapshot. See docs/architecture.md.
    if (!m_lastSnapshot) {
        for (QLabel *figure : {m_uptime, m_requests, m_spend, m_errors, m_pendingHolds})
            figure->setText(QString());
        return;
    }
    const QLocale locale;
    const WindowMetrics hour = m_lastSnapshot->total.window(QStringLiteral("1h"));
    const qint64 uptime = m_lastSnapshot->uptimeS;
    m_uptime->setText(QStringLiteral("%1:%2:%3")
                          .arg(uptime / 3600)
                          .arg(uptime / 60 % 60, 2, 10, QLatin1Char('0'))
                          .arg(uptime % 60, 2, 10, QLatin1Char('0')));
    const qint64 requests = hour.requests;
    const qint64 errors = hour.errorCount;
    m_requests->setText(locale.toString(requests));
    m_spend->setText(formatMoney(hour.spendMicros, locale));
    m_errors->setText(requests ? QStringLiteral("%1 (%2)").arg(locale.toString(errors),
                          locale.toString(100.0 * double(errors) / double(requests), 'f', 1) + locale.percent())
                               : locale.toString(errors));
    m_pendingHolds->setText(locale.toString(m_lastSnapshot->total.pendingHolds));
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
