#include "OverviewPage.h"

#include "bytespike/Version.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace bytespike {

namespace {

QLabel *selectableLabel(const QString &name, const QString &accessibleName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setAccessibleName(accessibleName);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return label;
}

} // namespace

OverviewPage::OverviewPage(EmbeddedGateway &gateway, QWidget *parent)
    : QWidget(parent)
    , m_gateway(gateway)
    , m_state(selectableLabel(QStringLiteral("stateLabel"), tr("Gateway state"), this))
    , m_publicUrl(selectableLabel(QStringLiteral("publicUrlLabel"), tr("Public API address"), this))
    , m_adminUrl(selectableLabel(QStringLiteral("adminUrlLabel"), tr("Admin API address"), this))
    , m_error(selectableLabel(QStringLiteral("errorLabel"), tr("Last error"), this))
    , m_start(new QPushButton(tr("&Start"), this))
    , m_stop(new QPushButton(tr("S&top"), this))
    , m_restart(new QPushButton(tr("&Restart"), this))
{
    m_start->setObjectName(QStringLiteral("startButton"));
    m_stop->setObjectName(QStringLiteral("stopButton"));
    m_restart->setObjectName(QStringLiteral("restartButton"));
    m_start->setAccessibleName(tr("Start the gateway"));
    m_stop->setAccessibleName(tr("Stop the gateway"));
    m_restart->setAccessibleName(tr("Restart the gateway"));
    m_error->setWordWrap(true);

    auto *dataDir = selectableLabel(QStringLiteral("dataDirLabel"), tr("Data directory"), this);
    dataDir->setText(gateway.config().dataDir);
    auto *version = selectableLabel(QStringLiteral("versionLabel"), tr("Version"), this);
    version->setText(QString::fromLatin1(kVersion));

    auto *form = new QFormLayout;
    form->addRow(tr("State:"), m_state);
    form->addRow(tr("Public API:"), m_publicUrl);
    form->addRow(tr("Admin API:"), m_adminUrl);
    form->addRow(tr("Data directory:"), dataDir);
    form->addRow(tr("Version:"), version);
    form->addRow(tr("Last error:"), m_error);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_restart);
    buttons->addStretch();

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addStretch();

    connect(m_start, &QPushButton::clicked, &m_gateway, &EmbeddedGateway::start);
    connect(m_stop, &QPushButton::clicked, &m_gateway, &EmbeddedGateway::stop);
    connect(m_restart, &QPushButton::clicked, &m_gateway, &EmbeddedGateway::restart);
    connect(&m_gateway, &EmbeddedGateway::stateChanged, this, &OverviewPage::showState);
    connect(&m_gateway, &EmbeddedGateway::started, this, [this](const QString &publicUrl, const QString &adminUrl) {
        m_publicUrl->setText(publicUrl);
        m_adminUrl->setText(adminUrl);
        m_error->clear();
    });
    connect(
        &m_gateway, &EmbeddedGateway::startFailed, this, [this](const QString &message) { m_error->setText(message); });
    connect(&m_gateway, &EmbeddedGateway::stopped, this, [this] {
        m_publicUrl->clear();
        m_adminUrl->clear();
    });
    showState(GatewayService::State::Stopped);
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
    m_state->setText(stateText(state));
    const bool running = state == GatewayService::State::Running;
    const bool idle = state == GatewayService::State::Stopped || state == GatewayService::State::Failed;
    m_start->setEnabled(idle);
    m_stop->setEnabled(running);
    m_restart->setEnabled(running || state == GatewayService::State::Failed);
}

} // namespace bytespike
