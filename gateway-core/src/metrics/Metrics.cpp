#include "Metrics.h"

#include "ledger/HoldBook.h"

#include <QDateTime>
#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace bytespike {

namespace {

constexpr double kFirstBucketUs = 100.0; // bucket 0 holds everything below 100 us
constexpr double kGrowth = 1.1;
// Prometheus histogram bounds, in seconds.
constexpr std::array<double, Metrics::kPromBuckets> kPromBounds
    = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};

// Bucket i > 0 holds [100 us * 1.1^(i-1), 100 us * 1.1^i).
int bucketByLog(qint64 us)
{
    if (us < kFirstBucketUs)
        return 0;
    const int index = int(std::floor(std::log(double(us) / kFirstBucketUs) / std::log(kGrowth))) + 1;
    return std::min(index, Metrics::kLatencyBuckets - 1);
}

// The first microsecond of each bucket after the first, found with bucketByLog itself, so a
// search of this table files every figure where the formula does, without two logarithms per
// request.
const std::array<qint64, Metrics::kLatencyBuckets - 1> &bucketStarts()
{
    static const auto starts = [] {
        std::array<qint64, Metrics::kLatencyBuckets - 1> out {};
        for (int i = 1; i < Metrics::kLatencyBuckets; ++i) {
            auto us = qint64(std::llround(kFirstBucketUs * std::pow(kGrowth, i - 1)));
            while (bucketByLog(us - 1) >= i)
                --us;
            while (bucketByLog(us) < i)
                ++us;
            out[size_t(i - 1)] = us;
        }
        return out;
    }();
    return starts;
}

int latencyBucket(qint64 us)
{
    const auto &starts = bucketStarts();
    return int(std::upper_bound(starts.cbegin(), starts.cend(), us) - starts.cbegin());
}

// The middle of a bucket, in milliseconds.
double bucketMs(int index)
{
    if (index == 0)
        return kFirstBucketUs / 2000.0;
    return kFirstBucketUs * std::pow(kGrowth, index - 0.5) / 1000.0;
}

int promBucket(qint64 us)
{
    for (int i = 0; i < Metrics::kPromBuckets; ++i) {
        if (double(us) <= kPromBounds[size_t(i)] * 1e6)
            return i;
    }
    return Metrics::kPromBuckets;
}

QJsonObject percentiles(const std::array<quint64, Metrics::kLatencyBuckets> &h)
{
    quint64 total = 0;
    for (quint64 c : h)
        total += c;
    if (total == 0)
        return QJsonObject {{QStringLiteral("p50"), QJsonValue()}, {QStringLiteral("p95"), QJsonValue()},
            {QStringLiteral("p99"), QJsonValue()}};
    QJsonObject out;
    for (const auto &[name, q] : {std::pair {"p50", 0.50}, std::pair {"p95", 0.95}, std::pair {"p99", 0.99}}) {
        const quint64 rank = std::max<quint64>(1, quint64(std::ceil(q * double(total))));
        quint64 seen = 0;
        for (int i = 0; i < Metrics::kLatencyBuckets; ++i) {
            seen += h[size_t(i)];
            if (seen >= rank) {
                out.insert(QLatin1String(name), std::round(bucketMs(i) * 100.0) / 100.0);
                break;
            }
        }
    }
    return out;
}

// A label value as the text exposition format writes it: backslash, double quote and line feed
// escaped. (Endpoint names are channel ids and model names, which the admin API keeps free of
// control characters; this makes the output well-formed whatever they hold.)
QString escapeLabel(const QString &value)
{
    QString out = value;
    out.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    out.replace(QLatin1Char('"'), QStringLiteral("\\\""));
    out.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    return out;
}

// One sample line, "name{labels} value", put together by concatenation: a label value is data,
// never a format string (a value holding "%1" must come out as it is).
void sampleLine(QString &out, QLatin1String name, const QString &labels, const QString &value)
{
    out += name;
    if (!labels.isEmpty())
        out += QLatin1Char('{') + labels + QLatin1Char('}');
    out += QLatin1Char(' ') + value + QLatin1Char('\n');
}

void metricHeader(QString &out, const char *name, const char *type, const char *help)
{
    out += QLatin1String("# HELP ") + QLatin1String(name) + QLatin1Char(' ') + QLatin1String(help)
        + QLatin1String("\n# TYPE ") + QLatin1String(name) + QLatin1Char(' ') + QLatin1String(type) + QLatin1Char('\n');
}

QString endpointLabel(const QString &endpoint)
{
    return QLatin1String("endpoint=\"") + escapeLabel(endpoint) + QLatin1Char('"');
}

} // namespace

const char *Metrics::refusalName(int refusal)
{
    static const char *names[] = {"missing_key", "unknown_key", "admin_token"};
    return refusal >= 0 && refusal < RefusedForCount ? names[refusal] : "?";
}

void Metrics::refused(RefusedFor why)
{
    ++m_refusals[size_t(why)];
}

void Metrics::unlogged(Unlogged why)
{
    ++m_unlogged[size_t(why)];
}

void Metrics::limitRefused(LimitBook::Refusal kind, const QString &keyId, const QString &customerId)
{
    const QString name = QString::fromLatin1(LimitBook::refusalName(kind));
    ++m_limitRefusals.byKind[name];
    if (!keyId.isEmpty())
        ++m_limitRefusals.byKey[keyId][name];
    if (!customerId.isEmpty())
        ++m_limitRefusals.byCustomer[customerId][name];
}

void Metrics::limitLines(QString &out) const
{
    metricHeader(out, "bytespike_limit_refused_total", "counter",
        "Requests refused by a key's or customer's limits, by limit kind and the status answered.");
    using R = LimitBook::Refusal;
    for (const R kind : {R::Expired, R::IpNotAllowed, R::ModelNotAllowed, R::Rpm, R::Tpm, R::Concurrent, R::Budget}) {
        const QString name = QString::fromLatin1(LimitBook::refusalName(kind));
        if (const auto it = m_limitRefusals.byKind.constFind(name); it != m_limitRefusals.byKind.cend())
            sampleLine(out, QLatin1String("bytespike_limit_refused_total"),
                QLatin1String("kind=\"") + name + QLatin1String("\",status=\"")
                    + QString::number(LimitBook::refusalStatus(kind)) + QLatin1Char('"'),
                QString::number(*it));
    }
    const auto perOwner = [&](const char *metric, const char *help, QLatin1String label,
                              const QMap<QString, QMap<QString, qint64>> &owners) {
        metricHeader(out, metric, "counter", help);
        for (auto owner = owners.cbegin(); owner != owners.cend(); ++owner) {
            for (auto it = owner.value().cbegin(); it != owner.value().cend(); ++it)
                sampleLine(out, QLatin1String(metric),
                    label + QLatin1String("=\"") + escapeLabel(owner.key()) + QLatin1String("\",kind=\"")
                        + escapeLabel(it.key()) + QLatin1Char('"'),
                    QString::number(it.value()));
        }
    };
    perOwner("bytespike_key_limit_refused_total", "Refusals by limit kind for each key that has limits of its own.",
        QLatin1String("key"), m_limitRefusals.byKey);
    perOwner("bytespike_customer_limit_refused_total", "Refusals by limit kind for each customer.",
        QLatin1String("customer"), m_limitRefusals.byCustomer);
}

const char *Metrics::errorClassName(int errorClass)
{
    static const char *names[] = {"client_error", "billing", "rate_limited", "upstream_error", "overloaded", "timeout",
        "client_disconnect", "refusal", "incomplete"};
    return errorClass >= 0 && errorClass < ErrorClassCount ? names[errorClass] : "ok";
}

int Metrics::classify(const RequestSample &s)
{
    if (s.billed)
        return -1;
    if (s.status >= 200 && s.status < 300) {
        if (s.notBilledReason == QLatin1String("refusal"))
            return Refusal;
        // Answers that are never billed but complete (count_tokens) are successes.
        if (s.notBilledReason.startsWith(QLatin1String("count_tokens")))
            return -1;
        return Incomplete;
    }
    switch (s.status) {
    case 402: return Billing;
    case 429: return RateLimited;
    case 499: return ClientDisconnect;
    case 504: return Timeout;
    case 529: return Overloaded;
    default: return s.status >= 500 ? UpstreamError : ClientError;
    }
}

Metrics::Metrics(bool enabled)
    : m_enabled(enabled)
{
    m_clock.start();
    m_all.latency = std::make_unique<LatencyRings>();
}

qint64 Metrics::nowSecond() const
{
    return m_clock.elapsed() / 1000;
}

void Metrics::Counts::add(const RequestSample &s, int errorClass)
{
    ++requests;
    inputTokens += s.inputTokens;
    outputTokens += s.outputTokens;
    spendMicros += s.spendMicros;
    if (errorClass >= 0)
        ++errors[size_t(errorClass)];
}

void Metrics::Counts::merge(const Counts &o)
{
    requests += o.requests;
    inputTokens += o.inputTokens;
    outputTokens += o.outputTokens;
    spendMicros += o.spendMicros;
    for (size_t i = 0; i < errors.size(); ++i)
        errors[i] += o.errors[i];
}

void Metrics::add(Series &series, const RequestSample &s, int errorClass, qint64 second)
{
    Bucket &fine = series.fine[size_t(second % 60)];
    if (fine.slot != second)
        fine = Bucket {second, {}};
    fine.counts.add(s, errorClass);
    const qint64 tens = second / 10;
    Bucket &coarse = series.coarse[size_t(tens % 90)];
    if (coarse.slot != tens)
        coarse = Bucket {tens, {}};
    coarse.counts.add(s, errorClass);
    const qint64 minute = second / 60;
    Bucket &hour = series.minutes[size_t(minute % 60)];
    if (hour.slot != minute)
        hour = Bucket {minute, {}};
    hour.counts.add(s, errorClass);

    Cumulative &t = series.total;
    ++t.requests;
    if (errorClass >= 0)
        ++t.errors[size_t(errorClass)];
    t.inputTokens += s.inputTokens;
    t.outputTokens += s.outputTokens;
    t.spendMicros += s.spendMicros;
    ++t.latency[size_t(promBucket(s.latencyUs))];
    t.latencySumUs += s.latencyUs;
    if (s.ttfbUs >= 0) {
        ++t.ttfb[size_t(promBucket(s.ttfbUs))];
        t.ttfbSumUs += s.ttfbUs;
        ++t.ttfbCount;
    }

    if (!series.latency)
        return;
    LatencyBucket &lf = series.latency->fine[size_t(second % 60)];
    if (lf.slot != second)
        lf = LatencyBucket {second, {}, {}};
    LatencyBucket &lc = series.latency->coarse[size_t(tens % 90)];
    if (lc.slot != tens)
        lc = LatencyBucket {tens, {}, {}};
    const int lb = latencyBucket(s.latencyUs);
    ++lf.latency[size_t(lb)];
    ++lc.latency[size_t(lb)];
    if (s.ttfbUs >= 0) {
        const int tb = latencyBucket(s.ttfbUs);
        ++lf.ttfb[size_t(tb)];
        ++lc.ttfb[size_t(tb)];
    }
}

Metrics::Series &Metrics::endpointSeries(const QString &endpoint)
{
    Series &series = m_endpoints[endpoint];
    if (!series.latency) // endpoints keep latency histograms, customers do not
        series.latency = std::make_unique<LatencyRings>();
    return series;
}

void Metrics::record(const RequestSample &s)
{
    if (!m_enabled)
        return;
    const int errorClass = classify(s);
    const qint64 second = nowSecond();
    add(m_all, s, errorClass, second);
    if (!s.endpoint.isEmpty())
        add(endpointSeries(s.endpoint), s, errorClass, second);
    if (!s.customer.isEmpty())
        add(m_customers[s.customer], s, errorClass, second);
}

void Metrics::streamStarted(const QString &endpoint)
{
    if (!m_enabled)
        return;
    ++m_all.activeStreams;
    ++endpointSeries(endpoint).activeStreams;
}

void Metrics::streamEnded(const QString &endpoint)
{
    if (!m_enabled)
        return;
    --m_all.activeStreams;
    --m_endpoints[endpoint].activeStreams;
}

QJsonObject Metrics::windows(const Series &series) const
{
    const qint64 now = nowSecond();
    const qint64 uptime = std::max<qint64>(1, now + 1);
    QJsonObject out;
    for (const auto &[name, seconds] :
        {std::pair {"10s", 10}, std::pair {"1m", 60}, std::pair {"15m", 900}, std::pair {"1h", 3600}}) {
        Counts counts;
        std::array<quint64, kLatencyBuckets> latency {};
        std::array<quint64, kLatencyBuckets> ttfb {};
        // The ring whose buckets cover the window: seconds, ten seconds or minutes.
        const qint64 width = seconds <= 60 ? 1 : seconds <= 900 ? 10 : 60;
        const qint64 last = now / width;
        const qint64 first = last - seconds / width; // exclusive
        const auto inWindow = [&](qint64 slot) { return slot > first && slot <= last; };
        const auto merge = [&](const auto &ring) {
            for (const Bucket &b : ring) {
                if (inWindow(b.slot))
                    counts.merge(b.counts);
            }
        };
        const auto mergeLatency = [&](const auto &ring) {
            for (const LatencyBucket &b : ring) {
                if (!inWindow(b.slot))
                    continue;
                for (int i = 0; i < kLatencyBuckets; ++i) {
                    latency[size_t(i)] += b.latency[size_t(i)];
                    ttfb[size_t(i)] += b.ttfb[size_t(i)];
                }
            }
        };
        if (width == 1) {
            merge(series.fine);
            if (series.latency)
                mergeLatency(series.latency->fine);
        } else if (width == 10) {
            merge(series.coarse);
            if (series.latency)
                mergeLatency(series.latency->coarse);
        } else {
            merge(series.minutes); // counts only
        }
        // Rates over the window, or over the uptime while the process is younger than it.
        const qint64 span = std::min<qint64>(seconds, uptime);
        QJsonObject errors;
        qint64 errorCount = 0;
        for (int c = 0; c < ErrorClassCount; ++c) {
            errors.insert(QLatin1String(errorClassName(c)), counts.errors[size_t(c)]);
            errorCount += counts.errors[size_t(c)];
        }
        QJsonObject w {{QStringLiteral("requests"), counts.requests},
            {QStringLiteral("requests_per_s"), double(counts.requests) / double(span)},
            {QStringLiteral("errors"), errors}, {QStringLiteral("error_count"), errorCount},
            {QStringLiteral("error_rate"), counts.requests ? double(errorCount) / double(counts.requests) : 0.0},
            {QStringLiteral("input_tokens"), counts.inputTokens},
            {QStringLiteral("output_tokens"), counts.outputTokens},
            {QStringLiteral("input_tokens_per_s"), double(counts.inputTokens) / double(span)},
            {QStringLiteral("output_tokens_per_s"), double(counts.outputTokens) / double(span)},
            // Money stays integral: the window's total, and the per-second rate rounded down.
            {QStringLiteral("spend_micros"), counts.spendMicros},
            {QStringLiteral("spend_micros_per_s"), counts.spendMicros / span}, {QStringLiteral("seconds"), span}};
        if (series.latency && seconds <= 900) {
            w.insert(QStringLiteral("latency_ms"), percentiles(latency));
            w.insert(QStringLiteral("ttfb_ms"), percentiles(ttfb));
        }
        out.insert(QLatin1String(name), w);
    }
    return out;
}

QJsonObject Metrics::snapshot(bool withCustomers) const
{
    return report(withCustomers).toJson();
}

MetricsSnapshot Metrics::report(bool withCustomers) const
{
    MetricsSnapshot out;
    out.timeMs = QDateTime::currentMSecsSinceEpoch();
    out.enabled = m_enabled;
    out.uptimeS = nowSecond();
    out.windowNames
        = QStringList {QStringLiteral("10s"), QStringLiteral("1m"), QStringLiteral("15m"), QStringLiteral("1h")};
    out.total.activeStreams = m_all.activeStreams;
    out.total.pendingHolds = totalPendingHolds();
    out.total.windows = windows(m_all);
    QStringList names;
    for (const auto &[name, series] : m_endpoints)
        names << name;
    names.sort();
    for (const QString &name : names) {
        const Series &series = m_endpoints.at(name);
        const qsizetype slash = name.indexOf(QLatin1Char('/'));
        out.endpoints.append(SeriesMetrics {
            name, name.left(slash), name.mid(slash + 1), QString(), series.activeStreams, 0, windows(series)});
    }
    for (int r = 0; r < RefusedForCount; ++r)
        out.refused.insert(QString::fromLatin1(refusalName(r)), m_refusals[size_t(r)]);
    out.limits = m_limitRefusals;
    if (!withCustomers)
        return out;
    const QHash<QString, qint64> open = pendingHolds();
    names.clear();
    for (const auto &[name, series] : m_customers)
        names << name;
    for (auto it = open.cbegin(); it != open.cend(); ++it) {
        if (!m_customers.count(it.key()))
            names << it.key(); // a hold taken, nothing finished yet
    }
    names.sort();
    const Series none;
    out.customers.emplace();
    for (const QString &name : names) {
        const auto series = m_customers.find(name);
        out.customers->append(SeriesMetrics {QString(), QString(), QString(), name, 0, open.value(name),
            windows(series == m_customers.end() ? none : series->second)});
    }
    return out;
}

QHash<QString, qint64> Metrics::pendingHolds() const
{
    return m_enabled && m_holdBook ? m_holdBook->openCountByCustomer() : QHash<QString, qint64>();
}

qint64 Metrics::totalPendingHolds() const
{
    return m_enabled && m_holdBook ? m_holdBook->openCount() : 0;
}

void Metrics::histogramLines(QString &out, const QStringList &names, const char *metric, bool ttfb) const
{
    const QByteArray bucketName = QByteArray(metric) + "_bucket";
    const QByteArray sumName = QByteArray(metric) + "_sum";
    const QByteArray countName = QByteArray(metric) + "_count";
    for (const QString &name : names) {
        const Cumulative &t = m_endpoints.at(name).total;
        const auto &buckets = ttfb ? t.ttfb : t.latency;
        quint64 cumulative = 0;
        for (int i = 0; i < kPromBuckets; ++i) {
            cumulative += buckets[size_t(i)];
            sampleLine(out, QLatin1String(bucketName),
                endpointLabel(name) + QLatin1String(",le=\"") + QString::number(kPromBounds[size_t(i)])
                    + QLatin1Char('"'),
                QString::number(cumulative));
        }
        cumulative += buckets[size_t(kPromBuckets)];
        sampleLine(out, QLatin1String(bucketName), endpointLabel(name) + QLatin1String(",le=\"+Inf\""),
            QString::number(cumulative));
        sampleLine(out, QLatin1String(sumName), endpointLabel(name),
            QString::number(double(ttfb ? t.ttfbSumUs : t.latencySumUs) / 1e6, 'f', 6));
        sampleLine(out, QLatin1String(countName), endpointLabel(name), QString::number(cumulative));
    }
}

QByteArray Metrics::prometheus() const
{
    QString out;
    const auto header
        = [&out](const char *name, const char *type, const char *help) { metricHeader(out, name, type, help); };
    const auto number = [](qint64 value) { return QString::number(value); };
    const auto label = [](const QString &endpoint) { return endpointLabel(endpoint); };
    QStringList names;
    for (const auto &[name, series] : m_endpoints)
        names << name;
    names.sort();

    header("bytespike_requests_total", "counter", "Finished requests per endpoint and outcome (ok or an error class).");
    for (const QString &name : names) {
        const Cumulative &t = m_endpoints.at(name).total;
        qint64 errors = 0;
        for (int c = 0; c < ErrorClassCount; ++c) {
            errors += t.errors[size_t(c)];
            sampleLine(out, QLatin1String("bytespike_requests_total"),
                label(name) + QLatin1String(",outcome=\"") + QLatin1String(errorClassName(c)) + QLatin1Char('"'),
                number(t.errors[size_t(c)]));
        }
        sampleLine(out, QLatin1String("bytespike_requests_total"), label(name) + QLatin1String(",outcome=\"ok\""),
            number(t.requests - errors));
    }
    const struct
    {
        const char *name;
        const char *help;
        qint64 Cumulative::*field;
    } counters[] = {{"bytespike_input_tokens_total", "Input tokens billed per endpoint.", &Cumulative::inputTokens},
        {"bytespike_output_tokens_total", "Output tokens billed per endpoint.", &Cumulative::outputTokens},
        {"bytespike_spend_micros_total", "Micro-dollars debited per endpoint.", &Cumulative::spendMicros}};
    for (const auto &c : counters) {
        header(c.name, "counter", c.help);
        for (const QString &name : names)
            sampleLine(out, QLatin1String(c.name), label(name), number(m_endpoints.at(name).total.*(c.field)));
    }
    header(
        "bytespike_request_duration_seconds", "histogram", "Time from request to the end of the answer, per endpoint.");
    histogramLines(out, names, "bytespike_request_duration_seconds", false);
    header("bytespike_time_to_first_byte_seconds", "histogram",
        "Time from request to the upstream's first byte, per endpoint.");
    histogramLines(out, names, "bytespike_time_to_first_byte_seconds", true);
    header("bytespike_active_streams", "gauge", "Streaming answers in progress per endpoint.");
    for (const QString &name : names)
        sampleLine(
            out, QLatin1String("bytespike_active_streams"), label(name), number(m_endpoints.at(name).activeStreams));
    header("bytespike_pending_holds", "gauge", "Holds taken and not yet settled, over all customers.");
    sampleLine(out, QLatin1String("bytespike_pending_holds"), {}, number(totalPendingHolds()));
    header("bytespike_refused_total", "counter",
        "Requests refused before they reached an account (no key, an unknown key, a wrong admin token).");
    for (int r = 0; r < RefusedForCount; ++r)
        sampleLine(out, QLatin1String("bytespike_refused_total"),
            QLatin1String("reason=\"") + QLatin1String(refusalName(r)) + QLatin1Char('"'),
            number(m_refusals[size_t(r)]));
    header("bytespike_request_log_skipped_total", "counter",
        "Finished requests without a request-log row: refusals sampled out, or the ledger could not write.");
    sampleLine(out, QLatin1String("bytespike_request_log_skipped_total"), QStringLiteral("reason=\"sampled\""),
        number(m_unlogged[Sampled]));
    sampleLine(out, QLatin1String("bytespike_request_log_skipped_total"),
        QStringLiteral("reason=\"ledger_unavailable\""), number(m_unlogged[LedgerUnavailable]));
    limitLines(out);
    header("bytespike_uptime_seconds", "gauge", "Seconds since the gateway started.");
    sampleLine(out, QLatin1String("bytespike_uptime_seconds"), {}, number(nowSecond()));
    return out.toUtf8();
}

} // namespace bytespike
