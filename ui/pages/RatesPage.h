#pragma once

#include "bytespike/AdminTypes.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QWidget>

class QChart;
class QChartView;
class QComboBox;
class QDateTimeAxis;
class QLabel;
class QPushButton;
class QTableView;
class QValueAxis;

namespace bytespike {

class EmbeddedGateway;
class JsonTableModel;

// Live rates: a time series per endpoint of the chosen measure (requests/s, tokens/s, spend/s,
// p95 latency, error rate) over the chosen span, from the gateway's once-a-second metrics
// snapshot; pause freezes the picture while sampling goes on. Below, every endpoint with its
// current rates and rate card (prices from the pricing export, the one pricing source).
class RatesPage : public QWidget
{
    Q_OBJECT
public:
    enum class Measure { Requests, Tokens, Spend, LatencyP95, ErrorRate };
    Q_ENUM(Measure)

    explicit RatesPage(EmbeddedGateway &gateway, QWidget *parent = nullptr);

    // The samples behind the chart, oldest first (tests compare them with the snapshots); a
    // measure with nothing to say (p95 with no request in the window) is NaN, drawn as no point.
    // The requests that failed before routing (authentication, validation, no route) are the
    // series of endpoint kBeforeRouting.
    QList<QPointF> samples(const QString &endpoint, Measure measure) const;
    static inline const QString kBeforeRouting = {};
    bool isPaused() const { return m_paused; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void connectSignals();
    // The total's window less the endpoints' (routed requests and errors, summed by the caller):
    // requests that reached no endpoint.
    void sampleBeforeRouting(qint64 now, qint64 routed, qint64 routedErrors);
    struct Sample
    {
        qint64 msecs;
        double values[5];
    };
    // Appends to the endpoint's history, keeping at most kMaxSamples.
    void appendSample(const QString &endpoint, const Sample &sample);

    void retranslate();
    void onSnapshot(const QJsonObject &snapshot);
    void refreshRateCard();
    void redraw();
    void updateTable();

    EmbeddedGateway &m_gateway;
    QComboBox *m_measure;
    QComboBox *m_span;
    QPushButton *m_pause;
    QLabel *m_measureLabel;
    QLabel *m_spanLabel;
    QLabel *m_status;
    QChart *m_chart;
    QChartView *m_chartView;
    QDateTimeAxis *m_timeAxis;
    QValueAxis *m_valueAxis;
    JsonTableModel *m_table;
    QTableView *m_tableView;
    QHash<QString, QList<Sample>> m_history;
    MetricsSnapshot m_lastSnapshot;
    QHash<QString, PricingRow> m_rateCard; // "channel/model" -> its rate card row
    bool m_paused = false;
    int m_snapshotsSinceRateCard = 0;
};

} // namespace bytespike
