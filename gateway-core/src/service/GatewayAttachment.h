#pragma once

#include "bytespike/AdminClient.h"
#include "bytespike/GatewayService.h"

#include <QBasicTimer>
#include <QObject>
#include <QPointer>

namespace bytespike {

// The console's link to a gateway that runs elsewhere (bytespike-console --attach, or the data
// directory's own gateway run as a service): the admin API over HTTP with the operator's token,
// and live rates from GET /admin/events. It reports that gateway as the embedded service reports
// itself: Running and started() once the stream is open, Failed and startFailed() when it cannot
// be reached or the stream ends (then it tries again every EmbeddedGateway::kReattachMs until it is back, and
// started() tells the pages to reload), and Failed for good when the token is refused.
class GatewayAttachment : public QObject
{
    Q_OBJECT
public:
    // The events stream sends a snapshot a second; this long without one, the gateway is lost.
    static constexpr int kSilentMs = 10000;

    GatewayAttachment(QString url, const QByteArray &adminToken, QObject *parent = nullptr);
    ~GatewayAttachment() override;

    const QString &url() const { return m_url; }
    const AdminClient &client() const { return m_client; }

    void connectToGateway();
    void disconnectFromGateway();

Q_SIGNALS:
    void stateChanged(bytespike::GatewayService::State state);
    void started(const QString &publicUrl, const QString &adminUrl);
    void startFailed(const QString &message);
    void stopped();
    void metricsSnapshot(const QJsonObject &snapshot);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    void subscribe();
    void snapshotArrived(const QJsonObject &snapshot);
    // Lets go of the events reply without hearing its end.
    void dropStream();
    void streamEnded(int status, const ClientError &error);
    void setState(GatewayService::State state);

    QString m_url;
    AdminClient m_client;
    QPointer<TransportReply> m_events;
    QBasicTimer m_retry;
    QBasicTimer m_silence;
    GatewayService::State m_state = GatewayService::State::Stopped;
    bool m_wanted = false;
    QString m_problem; // the failure last reported
};

} // namespace bytespike
