#pragma once

#include "bytespike/AdminTypes.h"
#include "bytespike/GatewayService.h"

#include <QJsonObject>
#include <QWidget>

class QLabel;
class QPushButton;

namespace bytespike {

// Overview: the gateway's state, addresses, data directory and version, with start, stop and
// restart for the embedded one, and a way to connect to a gateway that runs elsewhere. Every action is a queued call;
// the page reacts to the gateway's signals.
class OverviewPage : public QWidget
{
    Q_OBJECT
public:
    explicit OverviewPage(EmbeddedGateway &gateway, QWidget *parent = nullptr);

Q_SIGNALS:
    // "Connect to a gateway..." was chosen.
    void connectRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void showState(GatewayService::State state);
    // The headline figures from the gateway's once-a-second metrics snapshot, in the UI locale;
    // an empty snapshot (the gateway stopped) clears them.
    void showFigures(const QJsonObject &snapshot);
    void renderFigures();
    static QString stateText(GatewayService::State state);

    EmbeddedGateway &m_gateway;
    QLabel *m_state;
    QLabel *m_publicUrl;
    QLabel *m_adminUrl;
    QLabel *m_error;
    QPushButton *m_start;
    QPushButton *m_stop;
    QPushButton *m_restart;
    QPushButton *m_connect;
    QLabel *m_dataDir;
    QLabel *m_version;
    QLabel *m_uptime;
    QLabel *m_requests;
    QLabel *m_spend;
    QLabel *m_errors;
    QLabel *m_pendingHolds;
    std::optional<MetricsSnapshot> m_lastSnapshot;
    QList<QLabel *> m_fieldNames; // the form's row labels, in order
    GatewayService::State m_stateShown = GatewayService::State::Stopped;
};

} // namespace bytespike
