#include "bytespike/GatewayService.h"

#include "GatewayAttachment.h"
#include "GatewayRuntime.h"
#include "http/HttpExchange.h"
#include "protocol/anthropic/ApiError.h"

#include <QJsonDocument>
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

ServiceCall::ServiceCall(QObject *parent)
    : TransportReply(parent)
{ }

QJsonObject ServiceCall::json() const
{
    return QJsonDocument::fromJson(body()).object();
}

QString ServiceCall::errorMessage() const
{
    if (!complete())
        return QStringLiteral("the call was cut off");
    const QString message
        = json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
    return message.isEmpty() ? QStringLiteral("HTTP status %1").arg(status()) : message;
}

void ServiceCall::cancel()
{
    if (!ended())
        Q_EMIT cancelRequested();
}

void GatewayService::call(ServiceCall *call, const QByteArray &method, const QString &target,
    const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &body)
{
    if (m_config.testServiceDelayMs > 0)
        QThread::msleep(static_cast<unsigned long>(m_config.testServiceDelayMs)); // a deliberately slow core
    auto *exchange = new HttpExchange(method, target, headers, body);
    // call lives on the caller's thread: these connections queue, and die with it.
    connect(exchange, &HttpExchange::localHead, call, &ServiceCall::onHead);
    connect(exchange, &HttpExchange::localData, call, &ServiceCall::onData);
    connect(exchange, &HttpExchange::localEnd, call, &ServiceCall::onEnd);
    connect(call, &ServiceCall::cancelRequested, exchange, &HttpExchange::cancelLocal);
    QMetaObject::invokeMethod(
        call, [call, id = exchange->requestId()] { call->onAccepted(id); }, Qt::QueuedConnection);
    if (!m_runtime || m_state != State::Running) {
        const ApiError e {503, anthropicErrorTypeForStatus(503), QStringLiteral("the gateway is not running")};
        exchange->respond(e.status, "application/json", e.envelope(exchange->requestId()));
        exchange->deleteLater();
        return;
    }
    m_runtime->dispatch(exchange, true, true);
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
    // The service's signals, while it is the gateway this object stands for.
    const auto forward = [this](auto signal, auto relay) {
        connect(
            m_service, signal, this,
            [this, relay](auto... args) {
                if (!m_attachment)
                    (this->*relay)(args...);
            },
            Qt::QueuedConnection);
    };
    forward(&GatewayService::stateChanged, &EmbeddedGateway::stateChanged);
    forward(&GatewayService::started, &EmbeddedGateway::started);
    forward(&GatewayService::startFailed, &EmbeddedGateway::startFailed);
    forward(&GatewayService::metricsSnapshot, &EmbeddedGateway::metricsSnapshot);
    connect(
        m_service, &GatewayService::stopped, this,
        [this] {
            if (m_attachment)
                return;
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

void EmbeddedGateway::setConfig(const GatewayConfig &config)
{
    m_config = config;
    QMetaObject::invokeMethod(
        m_service, [service = m_service, config] { service->setConfig(config); }, Qt::QueuedConnection);
}

ServiceCall *EmbeddedGateway::call(const QByteArray &method, const QString &target, const QByteArray &body,
    const QList<QPair<QByteArray, QByteArray>> &headers)
{
    auto *call = new ServiceCall(this);
    QMetaObject::invokeMethod(
        m_service,
        [service = m_service, call, method, target, headers, body] {
            service->call(call, method, target, headers, body);
        },
        Qt::QueuedConnection);
    return call;
}

void EmbeddedGateway::attach(const QString &url, const QByteArray &adminToken, bool sharesDataDirectory)
{
    m_sharesDataDirectory = sharesDataDirectory;
    if (!m_attachment) // stopping a service that does not run does nothing
        QMetaObject::invokeMethod(m_service, &GatewayService::stop, Qt::QueuedConnection);
    m_restartPending = false;
    delete std::exchange(m_attachment, nullptr);
    m_attachment = new GatewayAttachment(url, adminToken, this);
    connect(m_attachment, &GatewayAttachment::stateChanged, this, &EmbeddedGateway::stateChanged);
    connect(m_attachment, &GatewayAttachment::started, this, &EmbeddedGateway::started);
    connect(m_attachment, &GatewayAttachment::startFailed, this, &EmbeddedGateway::startFailed);
    connect(m_attachment, &GatewayAttachment::stopped, this, &EmbeddedGateway::stopped);
    connect(m_attachment, &GatewayAttachment::metricsSnapshot, this, &EmbeddedGateway::metricsSnapshot);
}

QString EmbeddedGateway::attachedUrl() const
{
    return m_attachment ? m_attachment->url() : QString();
}

const AdminClient *EmbeddedGateway::attachedClient() const
{
    return m_attachment ? &m_attachment->client() : nullptr;
}

void EmbeddedGateway::start()
{
    if (m_attachment)
        m_attachment->connectToGateway();
    else
        QMetaObject::invokeMethod(m_service, &GatewayService::start, Qt::QueuedConnection);
}

void EmbeddedGateway::stop()
{
    if (m_attachment)
        m_attachment->disconnectFromGateway();
    else
        QMetaObject::invokeMethod(m_service, &GatewayService::stop, Qt::QueuedConnection);
}

void EmbeddedGateway::restart()
{
    if (m_attachment) {
        m_attachment->disconnectFromGateway();
        m_attachment->connectToGateway();
        return;
    }
    m_restartPending = true;
    stop();
}

} // namespace bytespike
