#include "bytespike/GatewayService.h"

#include "GatewayRuntime.h"

#include <QLoggingCategory>
#include <QThread>

Q_LOGGING_CATEGORY(lcService, "bytespike.service")

namespace bytespike {

GatewayService::GatewayService(GatewayConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
{ }

GatewayService::~GatewayService() = default;

void GatewayService::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void GatewayService::start()
{
    if (m_state == State::Starting || m_state == State::Running || m_state == State::Stopping)
        return;
    setState(State::Starting);
    m_lastError.clear();
    m_runtime = std::make_unique<GatewayRuntime>(m_config);
    QString error;
    if (!m_runtime->open(&error) || !m_runtime->listen(&m_publicUrl, &m_adminUrl, &error)) {
        m_runtime.reset();
        m_lastError = error;
        qCCritical(lcService).noquote() << "cannot start:" << error;
        setState(State::Failed);
        Q_EMIT startFailed(error);
        return;
    }
    connect(m_runtime.get(), &GatewayRuntime::metricsSnapshot, this, &GatewayService::metricsSnapshot);
    setState(State::Running);
    Q_EMIT started(m_publicUrl, m_adminUrl);
}

void GatewayService::stop()
{
    if (m_state != State::Running) {
        if (m_state == State::Failed || m_state == State::Stopped) {
            setState(State::Stopped);
            Q_EMIT stopped();
        }
        return;
    }
    setState(State::Stopping);
    m_runtime->drain([this] {
        // The drain reports from inside the runtime's own event; tear it down from ours.
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_runtime.reset();
                m_publicUrl.clear();
                m_adminUrl.clear();
                setState(State::Stopped);
                Q_EMIT stopped();
            },
            Qt::QueuedConnection);
    });
}

EmbeddedGateway::EmbeddedGateway(GatewayConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
    , m_thread(std::make_unique<QThread>())
{
    m_thread->setObjectName(QStringLiteral("bytespike-gateway"));
    m_service = new GatewayService(m_config);
    m_service->moveToThread(m_thread.get());
    connect(m_thread.get(), &QThread::finished, m_service, &QObject::deleteLater);
    connect(m_service, &GatewayService::stateChanged, this, &EmbeddedGateway::stateChanged, Qt::QueuedConnection);
    connect(m_service, &GatewayService::started, this, &EmbeddedGateway::started, Qt::QueuedConnection);
    connect(m_service, &GatewayService::startFailed, this, &EmbeddedGateway::startFailed, Qt::QueuedConnection);
    connect(m_service, &GatewayService::metricsSnapshot, this, &EmbeddedGateway::metricsSnapshot, Qt::QueuedConnection);
    connect(
        m_service, &GatewayService::stopped, this,
        [this] {
            Q_EMIT stopped();
            if (m_restartPending) {
                m_restartPending = false;
                start();
            }
        },
        Qt::QueuedConnection);
    m_thread->start();
}

EmbeddedGateway::~EmbeddedGateway()
{
    // Shut the gateway down on its own thread, then let the thread finish. Waiting here is the
    // application's exit path, not an interactive one.
    GatewayService *service = m_service;
    QMetaObject::invokeMethod(
        service,
        [service] {
            if (service->state() == GatewayService::State::Running) {
                QObject::connect(service, &GatewayService::stopped, service, [] { QThread::currentThread()->quit(); });
                service->stop();
            } else {
                QThread::currentThread()->quit();
            }
        },
        Qt::QueuedConnection);
    m_thread->wait();
}

void EmbeddedGateway::start()
{
    QMetaObject::invokeMethod(m_service, &GatewayService::start, Qt::QueuedConnection);
}

void EmbeddedGateway::stop()
{
    QMetaObject::invokeMethod(m_service, &GatewayService::stop, Qt::QueuedConnection);
}

void EmbeddedGateway::restart()
{
    m_restartPending = true;
    stop();
}

} // namespace bytespike
