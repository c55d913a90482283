#pragma once

#include "bytespike/AdminTypes.h"
#include "limits/LimitBook.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <array>
#include <memory>
#include <unordered_map>

namespace bytespike {

class HoldBook;

// One finished request as the metrics see it. Tokens and spend are those the ledger settled:
// zero unless the request was billed, so a failure shows in error rates but never in spend.
struct RequestSample
{
    QString endpoint; // channel id / model; empty when the request never reached routing
    QString customer; // empty when unauthenticated
    int status = 0;
    bool billed = false;
    QString notBilledReason;
    qint64 latencyUs = 0;
    qint64 ttfbUs = -1; // -1: no first byte
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 spendMicros = 0;
};

// Live figures per endpoint (channel x model), per customer and in total (issue 6): requests,
// tokens and spend per second, errors by class, latency and time-to-first-byte percentiles,
// active streams and pending holds, over rolling windows of 10 s, 1 min and 15 min (and 1 h
// for the counts: requests, errors, tokens, spend); plus
// cumulative counters and histograms for Prometheus. One-second buckets keep the last minute and
// ten-second buckets the last 15 minutes; latency histograms use log buckets 10% wide, so a
// percentile is exact to within 5%. Gateway thread only (no locks); recording is a handful of
// additions and never allocates once a series exists.
class Metrics
{
public:
    enum ErrorClass {
        ClientError, // 400, 401, 404, 413 and other 4xx answers
        Billing, // 402
        RateLimited, // 429
        UpstreamError, // other 5xx
        Overloaded, // 529
        Timeout, // 504
        ClientDisconnect, // 499: the client left
        Refusal, // a delivered refusal or content filter
        Incomplete, // a 200 that did not finish: mid-stream upstream failure
        ErrorClassCount
    };
    static const char *errorClassName(int errorClass);
    // The class of a finished request, or -1 when it succeeded.
    static int classify(const RequestSample &sample);

    explicit Metrics(bool enabled = true);
    bool enabled() const { return m_enabled; }

    void record(const RequestSample &sample);
    // Requests refused before they reached an account, by why: counted here in full, while only a
    // sampled few get a request-log row (RefusalGate).
    enum RefusedFor { MissingKey, UnknownKey, AdminToken, RefusedForCount };
    static const char *refusalName(int refusal);
    void refused(RefusedFor why);
    // A finished request that got no request-log row, by why (sampled out, or the ledger cannot
    // write); its sample is still recorded with record().
    enum Unlogged { Sampled, LedgerUnavailable, UnloggedCount };
    void unlogged(Unlogged why);
    // A request refused by a limit; keyId is empty for a key without limits of its own, which
    // gets no series.
    void limitRefused(LimitBook::Refusal kind, const QString &keyId, const QString &customerId);
    void streamStarted(const QString &endpoint);
    void streamEnded(const QString &endpoint);
    // The pending-holds gauges are read from the hold book, which owns the open holds.
    void setHoldBook(const HoldBook *book) { m_holdBook = book; }

    // GET /admin/metrics; the once-a-second live feed leaves the customers out (their count
    // makes the snapshot grow with the customer base, and the charts show endpoints).
    QJsonObject snapshot(bool withCustomers = true) const;
    // The same as the admin API's type; snapshot writes it.
    MetricsSnapshot report(bool withCustomers = true) const;
    // GET /metrics: Prometheus text exposition 0.0.4.
    QByteArray prometheus() const;

    static constexpr int kLatencyBuckets = 160; // 100 us * 1.1^159 is about 50 min
    static constexpr int kPromBuckets = 15;

private:
    struct Counts
    {
        qint64 requests = 0;
        qint64 inputTokens = 0;
        qint64 outputTokens = 0;
        qint64 spendMicros = 0;
        std::array<qint64, ErrorClassCount> errors {};
        void add(const RequestSample &s, int errorClass);
        void merge(const Counts &other);
    };
    using Histogram = std::array<quint32, kLatencyBuckets>;
    struct Bucket
    {
        qint64 slot = -1; // second (fine) or ten-second (coarse) this bucket holds
        Counts counts;
    };
    struct LatencyBucket
    {
        qint64 slot = -1;
        Histogram latency {};
        Histogram ttfb {};
    };
    // Latency rings exist for endpoints and the total, not per customer (memory).
    struct LatencyRings
    {
        std::array<LatencyBucket, 60> fine;
        std::array<LatencyBucket, 90> coarse;
    };
    struct Cumulative
    {
        qint64 requests = 0;
        std::array<qint64, ErrorClassCount> errors {};
        qint64 inputTokens = 0;
        qint64 outputTokens = 0;
        qint64 spendMicros = 0;
        std::array<quint64, kPromBuckets + 1> latency {}; // per Prometheus bucket, +Inf last
        std::array<quint64, kPromBuckets + 1> ttfb {};
        qint64 latencySumUs = 0;
        qint64 ttfbSumUs = 0;
        quint64 ttfbCount = 0;
    };
    struct Series
    {
        std::array<Bucket, 60> fine;
        std::array<Bucket, 90> coarse;
        std::array<Bucket, 60> minutes; // the last hour, counts only (the headline figures)
        std::unique_ptr<LatencyRings> latency;
        Cumulative total;
        qint64 activeStreams = 0;
    };

    void add(Series &series, const RequestSample &sample, int errorClass, qint64 second);
    // One Prometheus histogram's bucket, sum and count lines for every endpoint in names.
    void histogramLines(QString &out, const QStringList &names, const char *metric, bool ttfb) const;
    Series &endpointSeries(const QString &endpoint);
    QJsonObject windows(const Series &series) const;
    qint64 nowSecond() const;
    QHash<QString, qint64> pendingHolds() const;
    qint64 totalPendingHolds() const;

    bool m_enabled;
    QElapsedTimer m_clock;
    Series m_all;
    std::unordered_map<QString, Series> m_endpoints;
    std::unordered_map<QString, Series> m_customers;
    std::array<qint64, RefusedForCount> m_refusals {};
    std::array<qint64, UnloggedCount> m_unlogged {};
    LimitRefusals m_limitRefusals;
    void limitLines(QString &out) const;
    const HoldBook *m_holdBook = nullptr;
};

} // namespace bytespike
