#pragma once

#include "bytespike/Channel.h"
#include "bytespike/LimitTypes.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

#include <optional>
#include <utility>

namespace bytespike {

// The data the admin API carries (docs/architecture.md, "Admin API built so far"), one type per
// thing, each with its JSON written (toJson) and read (fromJson) here and nowhere else: the
// server renders its answers from these types and the console's AdminClient reads them back into
// the same types. Money is integer micro-dollars; times are epoch milliseconds, written as ISO
// 8601 UTC with milliseconds.

// Why an admin operation failed; each maps to one HTTP status of the error envelope.
enum class AdminError {
    BadInput, // 400 invalid_request_error
    Unauthorized, // 401 authentication_error
    Forbidden, // 403 permission_error (the caller's role does not allow the route)
    NotFound, // 404 not_found_error
    Conflict, // 409
    Internal, // 500 (the database refused the work)
    Unavailable, // 503 (the keychain, a stopped gateway, a transport that cannot reach it)
};
int adminErrorStatus(AdminError error);
// The error a status of the envelope stands for (a status no code has becomes Internal or BadInput).
AdminError adminErrorForStatus(int status);

struct AdminFailure
{
    AdminError code = AdminError::Internal;
    QString message;
};

// An operation's outcome: its value, or a failure with the message the envelope carries.
template <typename T> class AdminResult
{
public:
    AdminResult(T value)
        : m_value(std::move(value))
    { }
    AdminResult(AdminFailure failure)
        : m_failure(std::move(failure))
    { }
    static AdminResult fail(AdminError code, QString message) { return AdminFailure {code, std::move(message)}; }

    bool ok() const { return m_value.has_value(); }
    const T &value() const { return *m_value; }
    T &value() { return *m_value; }
    const AdminFailure &failure() const { return m_failure; }

private:
    std::optional<T> m_value;
    AdminFailure m_failure;
};

// ISO 8601 UTC with milliseconds, the API's one time format; 0 when the text is not a time.
QString adminTime(qint64 epochMs);
qint64 adminTimeMs(const QString &iso);

// Customer prices (or upstream costs, or margins) per million tokens, per token category.
struct TokenPrices
{
    qint64 inputMicrosPerMtok = 0;
    qint64 outputMicrosPerMtok = 0;
    qint64 cacheWriteMicrosPerMtok = 0;
    qint64 cacheReadMicrosPerMtok = 0;

    QJsonObject toJson() const;
    static TokenPrices fromJson(const QJsonObject &json);
    bool operator==(const TokenPrices &) const = default;
};

// A channel's read-only live state: ready, pending, unavailable (with a reason) or disabled.
struct ChannelState
{
    QString status;
    QString reason;
    BreakerState breaker;
    QString reasonCode; // the reason as a code (docs/api.md, "Reason codes")

    QJsonObject toJson() const;
    static ChannelState fromJson(const QJsonObject &json);
    bool operator==(const ChannelState &) const = default;
};

// A channel as GET /admin/channels shows it: its definition (channelToJson) plus "state".
// A model price is the channel's ModelRoute (Channel.h), written with the channel.
struct ChannelView
{
    // The key of a list of them: {"channels": [...]}.
    static constexpr const char *kListKey = "channels";

    Channel channel;
    ChannelState state;

    QJsonObject toJson() const;
    // Reads an answer of the server; a channel id saved before ids had a rule is kept as it is.
    static ChannelView fromJson(const QJsonObject &json);
    bool operator==(const ChannelView &) const = default;
};

struct ChannelDeleted
{
    QString id;
    QJsonObject toJson() const;
    static ChannelDeleted fromJson(const QJsonObject &json);
};

// What POST /admin/channels/{id}/test answers.
struct ChannelTestResult
{
    bool ok = false;
    QString channel;
    QString model;
    int status = 0; // the upstream's HTTP status, 0 when it was not reached
    qint64 latencyMs = 0;
    BreakerState breaker;
    QString error; // absent from the JSON when empty

    QJsonObject toJson() const;
    static ChannelTestResult fromJson(const QJsonObject &json);
    bool operator==(const ChannelTestResult &) const = default;
};

// One immutable price version (GET /admin/pricing/history).
struct PriceVersion
{
    // The key of a list of them: {"versions": [...]}.
    static constexpr const char *kListKey = "versions";

    qint64 version = 0;
    QString channel;
    QString model;
    TokenPrices newPrices;
    std::optional<TokenPrices> oldPrices; // null for a model's first version
    QString author;
    qint64 timeMs = 0;

    QJsonObject toJson() const;
    static PriceVersion fromJson(const QJsonObject &json);
    bool operator==(const PriceVersion &) const = default;
};

// A customer key as listed: its hint only, never the key; its limits, and with one customer read
// by id, its live usage.
struct ApiKey
{
    QString id;
    QString name;
    QString hint;
    qint64 createdMs = 0;
    std::optional<qint64> revokedMs;
    KeyLimits limits;
    std::optional<KeyUsage> usage;

    QJsonObject toJson() const;
    static ApiKey fromJson(const QJsonObject &json);
    bool operator==(const ApiKey &) const = default;
};

// A key just made: the only time the key itself is shown.
struct CreatedKey
{
    QString id;
    QString key;
    QString customer;
    QString hint;

    QJsonObject toJson() const;
    static CreatedKey fromJson(const QJsonObject &json);
    bool operator==(const CreatedKey &) const = default;
};

struct KeyRevoked
{
    QString id;
    QJsonObject toJson() const;
    static KeyRevoked fromJson(const QJsonObject &json);
};

// A customer with its balances (available = posted - pending); one customer read by id also
// lists its keys.
struct Customer
{
    // The key of a list of them: {"customers": [...]}.
    static constexpr const char *kListKey = "customers";

    QString id;
    QString name;
    qint64 postedMicros = 0;
    qint64 pendingMicros = 0;
    std::optional<QList<ApiKey>> keys;
    CustomerLimits limits;

    qint64 availableMicros() const { return postedMicros - pendingMicros; }
    QJsonObject toJson() const;
    static Customer fromJson(const QJsonObject &json);
    bool operator==(const Customer &) const = default;
};

// A ledger entry as a credit answers it.
struct LedgerEntry
{
    qint64 id = 0;
    QString customerId;
    QString kind;
    qint64 amountMicros = 0;
    QString memo;
    qint64 createdAtMs = 0;

    QJsonObject toJson() const;
    static LedgerEntry fromJson(const QJsonObject &json);
    bool operator==(const LedgerEntry &) const = default;
};

// A hold (GET /admin/ledger/holds): pending, posted, voided or expired.
struct Hold
{
    // The key of a list of them: {"holds": [...]}.
    static constexpr const char *kListKey = "holds";

    qint64 id = 0;
    QString customer;
    QString requestId;
    QString endpoint;
    qint64 priceVersion = 0;
    qint64 amountMicros = 0;
    QString state;
    QString reason;
    qint64 debitMicros = 0;
    qint64 shortfallMicros = 0;
    qint64 createdMs = 0;
    std::optional<qint64> resolvedMs;
    QString reasonCode; // the reason as a code (docs/api.md, "Reason codes")

    QJsonObject toJson() const;
    static Hold fromJson(const QJsonObject &json);
    bool operator==(const Hold &) const = default;
};

struct StatementLine
{
    qint64 timeMs = 0;
    QString kind; // credit or debit
    QString requestId;
    QString endpoint;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 cacheWriteTokens = 0;
    qint64 cacheReadTokens = 0;
    qint64 priceVersion = 0;
    qint64 amountMicros = 0;
    QString memo;
    bool estimated = false; // written only when true

    QJsonObject toJson() const;
    static StatementLine fromJson(const QJsonObject &json);
    bool operator==(const StatementLine &) const = default;
};

// A customer's statement for [from, to): opening balance, lines, closing balance.
struct AccountStatement
{
    QString customer;
    qint64 fromMs = 0;
    qint64 toMs = 0;
    qint64 openingMicros = 0;
    qint64 closingMicros = 0;
    QList<StatementLine> lines;
    QString customerName; // the customer's name as it is now

    QJsonObject toJson() const;
    static AccountStatement fromJson(const QJsonObject &json);
    bool operator==(const AccountStatement &) const = default;
};

struct RequestUsage
{
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 cacheWriteTokens = 0;
    qint64 cacheReadTokens = 0;
    bool estimated = false;

    QJsonObject toJson() const;
    static RequestUsage fromJson(const QJsonObject &json);
    bool operator==(const RequestUsage &) const = default;
};

// One row of the request log (GET /admin/requests).
struct RequestLogItem
{
    // The key of a list of them: {"requests": [...]}.
    static constexpr const char *kListKey = "requests";

    QString requestId;
    qint64 timeMs = 0;
    QString customer;
    QString protocol;
    QString model;
    QString endpoint;
    int status = 0;
    bool billed = false;
    QString notBilledReason;
    qint64 holdMicros = 0;
    qint64 costMicros = 0;
    RequestUsage usage;
    qint64 latencyMs = 0;
    qint64 ttfbMs = 0;
    std::optional<qint64> holdId; // null when the request took no hold
    std::optional<qint64> entryId; // null when nothing was debited
    qint64 priceVersion = 0;
    std::optional<QString> requestBody; // only with body capture on
    QString notBilledCode; // not_billed_reason as a code (docs/api.md, "Reason codes")

    QJsonObject toJson() const;
    static RequestLogItem fromJson(const QJsonObject &json);
    bool operator==(const RequestLogItem &) const = default;
};

// One admin mutation. before and after are snapshots of what changed, whose shape depends on the
// action (a channel, a customer, a key's hint, a secret's name), so they stay JSON values.
struct AuditEntry
{
    // The key of a list of them: {"entries": [...]}.
    static constexpr const char *kListKey = "entries";

    qint64 id = 0;
    qint64 timeMs = 0;
    QString actor;
    QString action;
    QString target;
    QJsonValue before;
    QJsonValue after;

    QJsonObject toJson() const;
    static AuditEntry fromJson(const QJsonObject &json);
    bool operator==(const AuditEntry &) const = default;
};

// One model of the public rate card (GET /v1/pricing, /admin/pricing/export).
struct PricingRow
{
    QString model;
    QString channelId;
    QString channelName;
    qint64 inputMicrosPerMtok = 0;
    qint64 outputMicrosPerMtok = 0;
    qint64 cacheWriteMicrosPerMtok = 0;
    qint64 cacheReadMicrosPerMtok = 0;
    qint64 priceVersion = 0;

    QJsonObject toJson() const;
    static PricingRow fromJson(const QJsonObject &json);
    bool operator==(const PricingRow &) const = default;
};

struct PricingCard
{
    QString currency = QStringLiteral("USD");
    QString unit = QStringLiteral("micro-dollars per million tokens");
    QList<PricingRow> models;

    QJsonObject toJson() const;
    static PricingCard fromJson(const QJsonObject &json);
    bool operator==(const PricingCard &) const = default;
};

// Price minus upstream cost per category for one model of one channel (null without a cost).
struct MarginRow
{
    QString channel;
    QString channelName;
    QString model;
    qint64 priceVersion = 0;
    std::optional<TokenPrices> marginMicrosPerMtok;
    QStringList belowCost; // the categories priced under cost

    QJsonObject toJson() const;
    static MarginRow fromJson(const QJsonObject &json);
    bool operator==(const MarginRow &) const = default;
};

struct Margins
{
    QList<MarginRow> margins;
    int modelsBelowCost = 0;

    QJsonObject toJson() const;
    static Margins fromJson(const QJsonObject &json);
    bool operator==(const Margins &) const = default;
};

struct SecretStored
{
    QString name;
    bool stored = false;

    QJsonObject toJson() const;
    static SecretStored fromJson(const QJsonObject &json);
    bool operator==(const SecretStored &) const = default;
};

// Latency percentiles over a window, in milliseconds; each is empty while the window has no
// samples.
struct LatencyPercentiles
{
    std::optional<double> p50;
    std::optional<double> p95;
    std::optional<double> p99;

    static LatencyPercentiles fromJson(const QJsonObject &json);
    bool operator==(const LatencyPercentiles &) const = default;
};

// One window of a series ("10s", "1m", "15m", "1h"): counts, rates over the window (or over the
// uptime while the process is younger), errors by kind and, for endpoints' windows up to 15
// minutes, latency percentiles. Money stays integral.
struct WindowMetrics
{
    qint64 requests = 0;
    double requestsPerS = 0;
    QMap<QString, qint64> errors; // by error class
    qint64 errorCount = 0;
    double errorRate = 0; // errorCount / requests, 0 without requests
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    double inputTokensPerS = 0;
    double outputTokensPerS = 0;
    qint64 spendMicros = 0;
    qint64 spendMicrosPerS = 0; // rounded down
    qint64 seconds = 0; // the span the rates are over
    std::optional<LatencyPercentiles> latencyMs;
    std::optional<LatencyPercentiles> ttfbMs;

    static WindowMetrics fromJson(const QJsonObject &json);
    bool operator==(const WindowMetrics &) const = default;
};

// The live metrics (GET /admin/metrics, the events feed, GatewayService::metricsSnapshot). Each
// series keeps its "windows" as the JSON object Metrics writes (so the snapshot's JSON goes back
// out exactly as it came); window() reads one of them into its typed form.
struct SeriesMetrics
{
    QString endpoint; // "channel/model" for an endpoint's series
    QString channel;
    QString model;
    QString customer; // for a customer's series
    qint64 activeStreams = 0; // the total and endpoints
    qint64 pendingHolds = 0; // the total and customers
    QJsonObject windows;

    // The window of that name; all zero when the series has no such window.
    WindowMetrics window(const QString &name) const;
    bool operator==(const SeriesMetrics &) const = default;
};

// Requests refused by a key's or customer's limits (LimitBook), by limit kind (expired, ip,
// model, rpm, tpm, concurrent, budget): in total, per key (only keys with limits of their own) and
// per customer.
struct LimitRefusals
{
    QMap<QString, qint64> byKind;
    QMap<QString, QMap<QString, qint64>> byKey;
    QMap<QString, QMap<QString, qint64>> byCustomer;

    QJsonObject toJson() const;
    static LimitRefusals fromJson(const QJsonObject &json);
    bool operator==(const LimitRefusals &) const = default;
};

struct MetricsSnapshot
{
    qint64 timeMs = 0;
    bool enabled = true;
    qint64 uptimeS = 0;
    QStringList windowNames; // "10s", "1m", "15m", "1h"
    SeriesMetrics total;
    QList<SeriesMetrics> endpoints;
    QMap<QString, qint64> refused; // refusals by reason
    LimitRefusals limits;
    std::optional<QList<SeriesMetrics>> customers; // null when left out (the live feed)

    QJsonObject toJson() const;
    static MetricsSnapshot fromJson(const QJsonObject &json);
    bool operator==(const MetricsSnapshot &) const = default;
};

// Request bodies, read strictly by the server (the messages name the field) and written by the
// client.
struct NewCustomer
{
    QString name;
    QJsonObject toJson() const;
    static AdminResult<NewCustomer> fromJson(const QJsonObject &json);
};

struct NewKey
{
    QString name;
    KeyLimits limits;
    QJsonObject toJson() const;
    static AdminResult<NewKey> fromJson(const QJsonObject &json);
};

struct NewCredit
{
    qint64 amountMicros = 0;
    QString memo;
    QJsonObject toJson() const;
    static AdminResult<NewCredit> fromJson(const QJsonObject &json);
};

// A keychain secret's value (PUT /admin/secrets/{name}); never echoed. fromJson checks the
// shape; the characters are checked by the service (SecretResolver).
struct SecretValue
{
    QString value;
    QJsonObject toJson() const;
    static AdminResult<SecretValue> fromJson(const QJsonObject &json);
};

// Query strings, read strictly by the server and written by the client.
struct HoldQuery
{
    QStringList states; // any of pending, posted, voided, expired; empty: all
    QString customer;
    QString request;
    int limit = 200; // 1-1000; anything else reads as 200
    QUrlQuery toQuery() const;
    static AdminResult<HoldQuery> fromQuery(const QUrlQuery &query);
};

struct RequestQuery
{
    QString customer;
    QString model;
    QString channel;
    QString request;
    std::optional<int> status;
    std::optional<bool> billed;
    int limit = 100; // 1-1000
    int offset = 0;
    QUrlQuery toQuery() const;
    static AdminResult<RequestQuery> fromQuery(const QUrlQuery &query);
};

struct StatementQuery
{
    std::optional<qint64> fromMs; // default: the beginning
    std::optional<qint64> toMs; // default: now
    QUrlQuery toQuery() const;
    static AdminResult<StatementQuery> fromQuery(const QUrlQuery &query);
};

// GET /admin/usage: the period as a statement's (from and to, ISO 8601; default all of it up to
// now) and how many models and customers to list (1-100, default 10).
struct UsageQuery
{
    StatementQuery period;
    int limit = 10;
    QUrlQuery toQuery() const;
    static AdminResult<UsageQuery> fromQuery(const QUrlQuery &query);
};

// The billed requests of a model or a customer in a period and what they were billed.
struct UsageRow
{
    QString key; // the model's public name, or the customer's id
    QString name; // the customer's name (empty for a model)
    qint64 requests = 0;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 spendMicros = 0;
    bool operator==(const UsageRow &) const = default;
};

// What GET /admin/usage answers: the period's billed requests and spend, from the request log
// (so no further back than its retention), in total and by model and by customer, the largest
// spend first, at most the query's limit of each.
struct UsageSummary
{
    qint64 fromMs = 0;
    qint64 toMs = 0;
    qint64 requests = 0;
    qint64 spendMicros = 0;
    QList<UsageRow> byModel;
    QList<UsageRow> byCustomer;

    QJsonObject toJson() const;
    static UsageSummary fromJson(const QJsonObject &json);
    bool operator==(const UsageSummary &) const = default;
};

struct AuditQuery
{
    int limit = 100; // 1-1000
    QString target; // a prefix of the target
    QUrlQuery toQuery() const;
    static AdminResult<AuditQuery> fromQuery(const QUrlQuery &query);
};

// The error envelope a failure answers with (the same in either protocol): its type and message.
struct ErrorEnvelope
{
    QString type;
    QString message;
    static ErrorEnvelope fromJson(const QJsonObject &json);
};

// Lists: a JSON array of each item's toJson, and back.
template <typename T> QJsonArray toJsonArray(const QList<T> &items)
{
    QJsonArray out;
    for (const T &item : items)
        out.append(item.toJson());
    return out;
}

template <typename T> QList<T> listFromJson(const QJsonValue &array)
{
    QList<T> out;
    for (const QJsonValue &v : array.toArray())
        out.append(T::fromJson(v.toObject()));
    return out;
}

// A list as the API answers it: an object with the array under the type's kListKey.
template <typename T> QJsonObject toJsonList(const QList<T> &items)
{
    return QJsonObject {{QLatin1String(T::kListKey), toJsonArray(items)}};
}

template <typename T> QList<T> fromJsonList(const QJsonObject &json)
{
    return listFromJson<T>(json.value(QLatin1String(T::kListKey)));
}

} // namespace bytespike
