#include "GatewayAttachment.h"

#include <QTimerEvent>

namespace bytespike {

GatewayAttachment::GatewayAttachment(QString url, const QByteArray &adminToken, QObject *parent)
    : QObject(parent)
    , m_url(std::move(url))
    , m_client(std::make_shared<HttpAdminTransport>(m_url, adminToken))
{ }

GatewayAttachment::~GatewayAttachment()
{
    dropStream(); // quietly: nothing is reported from a destructor
}

void GatewayAttachment::connectToGateway()
{
    m_wanted = true;
    if (m_events)
        return;
    m_retry.stop();
    if (m_state != GatewayService::State::Running)
        setState(GatewayService::State::Starting);
    subscribe();
}

void GatewayAttachment::disconnectFromGateway()
{
    m_wanted = false;
    m_retry.stop();
    dropStream();
    if (m_state != GatewayService::State::Stopped) {
        setState(GatewayService::State::Stopped);
        Q_EMIT stopped();
    }
}

void GatewayAttachment::dropStream()
{
    m_silence.stop();
    if (TransportReply *reply = m_events) {
        m_events = nullptr;
        reply->disconnect(this);
        reply->cancel();
    }
}

void GatewayAttachment::subscribe()
{
    TransportReply *reply = m_client.events(this, [this](const QJsonObject &snapshot) { snapshotArrived(snapshot); });
    m_events = reply;
    m_silence.start(kSilentMs, this);
    connect(reply, &TransportReply::finished, this, [this, reply] {
        m_events = nullptr;
        m_silence.stop();
        streamEnded(reply->status(), AdminClient::errorOf(*reply));
    });
}

void GatewayAttachment::snapshotArrived(const QJsonObject &snapshot)
{
    m_silence.start(kSilentMs, this);
    if (m_state != GatewayService::State::Running) {
        m_problem.clear();
        setState(GatewayService::State::Running);
        Q_EMIT started(m_url, m_url);
    }
    Q_EMIT metricsSnapshot(snapshot);
}

void GatewayAttachment::streamEnded(int status, const ClientError &error)
{
    const bool wasRunning = m_state == GatewayService::State::Running;
    setState(GatewayService::State::Failed);
    if (status == 401 || status == 403) {
        // Trying again with the same token cannot help.
        m_wanted = false;
        Q_EMIT startFailed(tr("The gateway at %1 refused the admin token (%2).").arg(m_url, error.message));
        return;
    }
    const QString problem = wasRunning ? tr("Lost the connection to the gateway at %1; trying again.").arg(m_url)
        : status == 0                  ? tr("Cannot reach the gateway at %1; trying again.").arg(m_url)
                                       : tr("The gateway at %1 answered: %2").arg(m_url, error.message);
    if (problem != m_problem) // the same failure again on each retry is no news
        Q_EMIT startFailed(problem);
    m_problem = problem;
    m_retry.start(EmbeddedGateway::kReattachMs, this);
}

void GatewayAttachment::timerEvent(QTimerEvent *event)
{
    if (event->timerId() == m_silence.timerId()) {
        m_silence.stop();
        if (m_events)
            m_events->cancel(); // streamEnded() reports it and tries again
        return;
    }
    if (event->timerId() != m_retry.timerId())
        return QObject::timerEvent(event);
    m_retry.stop();
    if (m_wanted && !m_events)
        subscribe();
}

void GatewayAttachment::setState(GatewayService::State state)
{
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

} // namespace bytespike
