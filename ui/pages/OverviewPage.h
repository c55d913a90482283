#pragma once

#include "bytespike/AdminClient.h"
#include "bytespike/AdminTypes.h"
#include "bytespike/GatewayService.h"
#include "widgets/GetStarted.h"

#include <QBasicTimer>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace bytespike {

class EmptyState;
class KpiTile;

// Overview, the page an operator opens every day: the gateway's state, addresses and version
// (with start, stop and restart for the embedded one, and a way to connect to one that runs
// elsewhere); six headline figures with sparklines from the live snapshots (requests, spend and
// errors in the last hour, p95 latency, open streams, pending holds); spend by model and by
// customer for today, 7 or 30 days (GET /admin/usage); each channel's health with its breaker;
// the latest requests that were not billed; and, on a fresh data directory, the Get started
// checklist. Every call is asynchronous; the lists refresh on show, every kRefreshMs while
// shown, and sooner (at most every kSoonestRefreshMs) when the snapshots count new requests.
class OverviewPage : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kRefreshMs = 10000;
    static constexpr int kSoonestRefreshMs = 2000;

    explicit OverviewPage(EmbeddedGateway &gateway, QWidget *parent = nullptr);

    // The steps done before (console.ini): ticked, and the list hidden when "hidden" is among them.
    void setStepsDone(const QStringList &names);

public Q_SLOTS:
    // Reads the spend, the channels and the latest failures again.
    void refresh();
    // A channel's connection test came back (the Channels page).
    void channelTested(bool ok);
    // A playground request ended (billed or not).
    void playgroundSent();

Q_SIGNALS:
    // "Connect to a gateway..." was chosen.
    void connectRequested();
    // An operator action ticked a step (or hid the list): for console.ini.
    void stepDone(const QString &name);
    void channelsRequested();
    void playgroundRequested();
    // A row of the spend by customer, channel health or failures opened: "customer:ID",
    // "channel:ID" or "request:ID" (MainWindow::followLink).
    void linkOpened(const QString &link);

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void timerEvent(QTimerEvent *event) override;

private:
    // The constructor's parts (OverviewDashboard.cpp builds the lower half).
    QWidget *buildHeader();
    QWidget *buildDashboard();
    void retranslate();
    void retranslateDashboard();
    void showState(GatewayService::State state);
    // The headline figures from the gateway's once-a-second metrics snapshot, in the UI locale;
    // an empty snapshot (the gateway stopped) clears them.
    void showFigures(const QJsonObject &snapshot);
    void renderFigures();
    void recordHistory(const MetricsSnapshot &snapshot);
    void showUsage(const UsageSummary &usage);
    void showChannels(const QList<ChannelView> &channels);
    void showFailures(const QList<RequestLogItem> &requests);
    void copyDemoKey();
    void markStep(GetStarted::Step step);
    void updateGetStarted();
    UsageQuery usagePeriod() const;
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
    QList<QLabel *> m_fieldNames; // the header's row labels, in order
    QList<KpiTile *> m_tiles; // requests, spend, errors, p95, streams, pending holds
    GetStarted *m_getStarted;
    QComboBox *m_period;
    QLabel *m_periodLabel;
    QLabel *m_usageTotal;
    QTableWidget *m_byModel;
    QTableWidget *m_byCustomer;
    QTableWidget *m_channels;
    QTableWidget *m_failures;
    QList<QLabel *> m_sectionTitles;
    QList<EmptyState *> m_empty; // one per table, in the tables' order
    std::optional<MetricsSnapshot> m_lastSnapshot;
    std::optional<UsageSummary> m_lastUsage;
    QList<ChannelView> m_lastChannels;
    QList<RequestLogItem> m_lastFailures;
    QBasicTimer m_refresh;
    QElapsedTimer m_sinceRefresh;
    qint64 m_requestsAtRefresh = -1; // the hour's requests when the lists were last read
    QStringList m_stepsDone; // by the operator's own actions (and "hidden")
    bool m_anyRequest = false;
    GatewayService::State m_stateShown = GatewayService::State::Stopped;
};

} // namespace bytespike
