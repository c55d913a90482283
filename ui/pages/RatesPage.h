#pragma once

#include "bytespike/AdminTypes.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QWidget>

class QChart;
class QChartView;
class QCheckBox;
class QComboBox;
class QDateTimeAxis;
class QLabel;
class QPushButton;
class QTabWidget;
class QTableView;
class QValueAxis;

namespace bytespike {

class EmbeddedGateway;
class JsonTableModel;

// Live rates: a time series per endpoint of the chosen measure (requests, tokens and spend per
// second, minute or hour as chosen; p95 latency; error rate) over the chosen span, or all five measures as small charts
// at once, from the gateway's once-a-second metrics snapshot; pause freezes the picture while sampling goes on. Below,
// every configured endpoint (those without traffic too) with its channel's state, its current rates and its rate card
// (prices from the pricing export, the one pricing source), and the same rates per customer (read from GET
// /admin/metrics every few snapshots).
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
    // The seconds the rates are shown per (1, 60 or 3600): the chart and the tables scale the
    // samples, which stay per second.
    int rateUnitSeconds() const;
    // A window's spend per unit of seconds in integer micro-dollars: its spend over its span (the
    // per-second figure is rounded down, which a minute or an hour would multiply).
    static qint64 spendPer(const WindowMetrics &window, int unitSeconds);

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

    // One chart: its view, its axes. The main one shows the chosen measure; the five small ones
    // one measure each.
    struct Chart
    {
        QChart *chart;
        QChartView *view;
        QDateTimeAxis *time;
        QValueAxis *value;
    };
    Chart makeChart(const QString &objectName);
    // The main chart, the five small ones (hidden at first) and the two tables' views.
    void setUpChartsAndTables();
    void drawChart(const Chart &chart, int measure, qint64 newest, qint64 span);

    void retranslate();
    void onSnapshot(const QJsonObject &snapshot);
    void refreshRateCard();
    void redraw();
    void updateTable();
    void updateCustomers(const QList<SeriesMetrics> &customers);
    // A window's request, token and spend rates into a table row, per the chosen unit.
    void addRates(const WindowMetrics &window, QJsonObject &row) const;

    EmbeddedGateway &m_gateway;
    QComboBox *m_measure;
    QCheckBox *m_allMeasures;
    QComboBox *m_span;
    QComboBox *m_unit;
    QLabel *m_unitLabel;
    QPushButton *m_pause;
    QLabel *m_measureLabel;
    QLabel *m_spanLabel;
    QLabel *m_status;
    Chart m_main;
    QList<Chart> m_small; // one per measure
    QWidget *m_smallGrid;
    JsonTableModel *m_table;
    QTableView *m_tableView;
    JsonTableModel *m_customers;
    QTableView *m_customersView;
    QTabWidget *m_tables;
    QHash<QString, QString> m_configured; // every configured endpoint -> its channel's state
    QHash<QString, QList<Sample>> m_history;
    MetricsSnapshot m_lastSnapshot;
    QHash<QString, PricingRow> m_rateCard; // "channel/model" -> its rate card row
    bool m_paused = false;
    int m_snapshotsSinceRateCard = 0;
    int m_snapshotsSinceCustomers = 0;
};

} // namespace bytespike
