#include "bytespike/AdminTypes.h"

#include "InputReaders.h"

#include <QDateTime>
#include <QJsonArray>

namespace bytespike {

namespace {

using InputReaders::num;
using InputReaders::str;

QJsonObject obj(const QJsonObject &json, const char *key)
{
    return json.value(QLatin1String(key)).toObject();
}

// A time field: written as ISO 8601, null or absent read as no value.
std::optional<qint64> optionalTime(const QJsonObject &json, const char *key)
{
    const QJsonValue v = json.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    return adminTimeMs(v.toString());
}

std::optional<qint64> optionalInteger(const QJsonObject &json, const char *key)
{
    const QJsonValue v = json.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    return v.toInteger();
}

QJsonValue orNull(const std::optional<qint64> &value)
{
    return value ? QJsonValue(*value) : QJsonValue();
}

} // namespace

QString adminTime(qint64 epochMs)
{
    return QDateTime::fromMSecsSinceEpoch(epochMs, Qt::UTC).toString(Qt::ISODateWithMs);
}

qint64 adminTimeMs(const QString &iso)
{
    const QDateTime t = QDateTime::fromString(iso, Qt::ISODateWithMs);
    return t.isValid() ? t.toMSecsSinceEpoch() : 0;
}

QJsonObject TokenPrices::toJson() const
{
    return QJsonObject {{QStringLiteral("input_micros_per_mtok"), inputMicrosPerMtok},
        {QStringLiteral("output_micros_per_mtok"), outputMicrosPerMtok},
        {QStringLiteral("cache_write_micros_per_mtok"), cacheWriteMicrosPerMtok},
        {QStringLiteral("cache_read_micros_per_mtok"), cacheReadMicrosPerMtok}};
}

TokenPrices TokenPrices::fromJson(const QJsonObject &json)
{
    return TokenPrices {num(json, "input_micros_per_mtok"), num(json, "output_micros_per_mtok"),
        num(json, "cache_write_micros_per_mtok"), num(json, "cache_read_micros_per_mtok")};
}

QJsonObject ChannelState::toJson() const
{
    QJsonObject out {{QStringLiteral("status"), status}, {QStringLiteral("breaker"), breaker.toJson()}};
    if (!reason.isEmpty()) {
        out.insert(QStringLiteral("reason"), reason);
        out.insert(QStringLiteral("reason_code"), reasonCode);
    }
    return out;
}

ChannelState ChannelState::fromJson(const QJsonObject &json)
{
    return ChannelState {str(json, "status"), str(json, "reason"), BreakerState::fromJson(obj(json, "breaker")),
        str(json, "reason_code")};
}

QJsonObject ChannelView::toJson() const
{
    QJsonObject json = channelToJson(channel);
    json.insert(QStringLiteral("state"), state.toJson());
    return json;
}

ChannelView ChannelView::fromJson(const QJsonObject &json)
{
    // The definition is read by the channel's own reader (which also checks the id rule); the id
    // is taken as written, since a channel saved before the rule may break it.
    QJsonObject definition = json;
    definition.remove(QStringLiteral("state"));
    definition.remove(QStringLiteral("id"));
    ChannelView view;
    QString error;
    channelFromJson(definition, &view.channel, &error);
    // Price versions are assigned by the store, so the channel's reader leaves them out.
    const QJsonArray models = json.value(QLatin1String("models")).toArray();
    for (qsizetype i = 0; i < view.channel.models.size() && i < models.size(); ++i)
        view.channel.models[i].priceVersion = num(models[i].toObject(), "price_version");
    view.channel.id = str(json, "id");
    view.channel.version = num(json, "version");
    view.state = ChannelState::fromJson(obj(json, "state"));
    return view;
}

QJsonObject ChannelDeleted::toJson() const
{
    return QJsonObject {{QStringLiteral("id"), id}, {QStringLiteral("deleted"), true}};
}

ChannelDeleted ChannelDeleted::fromJson(const QJsonObject &json)
{
    return ChannelDeleted {str(json, "id")};
}

QJsonObject ChannelTestResult::toJson() const
{
    QJsonObject out {{QStringLiteral("ok"), ok}, {QStringLiteral("channel"), channel}, {QStringLiteral("model"), model},
        {QStringLiteral("status"), status}, {QStringLiteral("latency_ms"), latencyMs},
        {QStringLiteral("breaker"), breaker.toJson()}};
    if (!error.isEmpty())
        out.insert(QStringLiteral("error"), error);
    return out;
}

ChannelTestResult ChannelTestResult::fromJson(const QJsonObject &json)
{
    return ChannelTestResult {json.value(QLatin1String("ok")).toBool(), str(json, "channel"), str(json, "model"),
        int(num(json, "status")), num(json, "latency_ms"), BreakerState::fromJson(obj(json, "breaker")),
        str(json, "error")};
}

QJsonObject PriceVersion::toJson() const
{
    return QJsonObject {{QStringLiteral("version"), version}, {QStringLiteral("channel"), channel},
        {QStringLiteral("model"), model}, {QStringLiteral("new"), newPrices.toJson()},
        {QStringLiteral("old"), oldPrices ? QJsonValue(oldPrices->toJson()) : QJsonValue()},
        {QStringLiteral("author"), author}, {QStringLiteral("time"), adminTime(timeMs)}};
}

PriceVersion PriceVersion::fromJson(const QJsonObject &json)
{
    PriceVersion v {num(json, "version"), str(json, "channel"), str(json, "model"),
        TokenPrices::fromJson(obj(json, "new")), std::nullopt, str(json, "author"), adminTimeMs(str(json, "time"))};
    if (json.value(QLatin1String("old")).isObject())
        v.oldPrices = TokenPrices::fromJson(obj(json, "old"));
    return v;
}

QJsonObject ApiKey::toJson() const
{
    QJsonObject out {{QStringLiteral("id"), id}, {QStringLiteral("name"), name}, {QStringLiteral("hint"), hint},
        {QStringLiteral("created"), adminTime(createdMs)}};
    if (revokedMs)
        out.insert(QStringLiteral("revoked"), adminTime(*revokedMs));
    limits.writeJson(out);
    if (usage)
        out.insert(QStringLiteral("usage"), usage->toJson());
    return out;
}

ApiKey ApiKey::fromJson(const QJsonObject &json)
{
    ApiKey key {str(json, "id"), str(json, "name"), str(json, "hint"), adminTimeMs(str(json, "created")),
        optionalTime(json, "revoked"), {}, {}};
    // What the server wrote, so it reads back; a refusal here would mean a server of another
    // version, and the key is shown without limits rather than not at all.
    const AdminResult<KeyLimits> limits = KeyLimits::fromJson(json);
    if (limits.ok())
        key.limits = limits.value();
    if (json.value(QLatin1String("usage")).isObject())
        key.usage = KeyUsage::fromJson(obj(json, "usage"));
    return key;
}

QJsonObject CreatedKey::toJson() const
{
    return QJsonObject {{QStringLiteral("id"), id}, {QStringLiteral("key"), key},
        {QStringLiteral("customer"), customer}, {QStringLiteral("hint"), hint}};
}

CreatedKey CreatedKey::fromJson(const QJsonObject &json)
{
    return CreatedKey {str(json, "id"), str(json, "key"), str(json, "customer"), str(json, "hint")};
}

QJsonObject KeyRevoked::toJson() const
{
    return QJsonObject {{QStringLiteral("id"), id}, {QStringLiteral("revoked"), true}};
}

KeyRevoked KeyRevoked::fromJson(const QJsonObject &json)
{
    return KeyRevoked {str(json, "id")};
}

QJsonObject Customer::toJson() const
{
    QJsonObject out {{QStringLiteral("id"), id}, {QStringLiteral("name"), name},
        {QStringLiteral("posted_micros"), postedMicros}, {QStringLiteral("pending_micros"), pendingMicros},
        {QStringLiteral("available_micros"), availableMicros()}};
    if (keys)
        out.insert(QStringLiteral("keys"), toJsonArray(*keys));
    limits.writeJson(out);
    return out;
}

Customer Customer::fromJson(const QJsonObject &json)
{
    Customer c {str(json, "id"), str(json, "name"), num(json, "posted_micros"), num(json, "pending_micros"), {}, {}};
    const AdminResult<CustomerLimits> limits = CustomerLimits::fromJson(json);
    if (limits.ok())
        c.limits = limits.value();
    if (json.value(QLatin1String("keys")).isArray())
        c.keys = listFromJson<ApiKey>(json.value(QLatin1String("keys")));
    return c;
}

QJsonObject LedgerEntry::toJson() const
{
    return QJsonObject {{QStringLiteral("id"), id}, {QStringLiteral("customer"), customerId},
        {QStringLiteral("kind"), kind}, {QStringLiteral("amount_micros"), amountMicros}, {QStringLiteral("memo"), memo},
        {QStringLiteral("time"), adminTime(createdAtMs)}};
}

LedgerEntry LedgerEntry::fromJson(const QJsonObject &json)
{
    return LedgerEntry {num(json, "id"), str(json, "customer"), str(json, "kind"), num(json, "amount_micros"),
        str(json, "memo"), adminTimeMs(str(json, "time"))};
}

QJsonObject Hold::toJson() const
{
    QJsonObject out {{QStringLiteral("id"), id}, {QStringLiteral("customer"), customer},
        {QStringLiteral("request_id"), requestId}, {QStringLiteral("endpoint"), endpoint},
        {QStringLiteral("price_version"), priceVersion}, {QStringLiteral("amount_micros"), amountMicros},
        {QStringLiteral("state"), state}, {QStringLiteral("reason"), reason},
        {QStringLiteral("reason_code"), reasonCode}, {QStringLiteral("debit_micros"), debitMicros},
        {QStringLiteral("shortfall_micros"), shortfallMicros}, {QStringLiteral("created"), adminTime(createdMs)}};
    if (resolvedMs)
        out.insert(QStringLiteral("resolved"), adminTime(*resolvedMs));
    return out;
}

Hold Hold::fromJson(const QJsonObject &json)
{
    return Hold {num(json, "id"), str(json, "customer"), str(json, "request_id"), str(json, "endpoint"),
        num(json, "price_version"), num(json, "amount_micros"), str(json, "state"), str(json, "reason"),
        num(json, "debit_micros"), num(json, "shortfall_micros"), adminTimeMs(str(json, "created")),
        optionalTime(json, "resolved"), str(json, "reason_code")};
}

QJsonObject StatementLine::toJson() const
{
    QJsonObject out {{QStringLiteral("time"), adminTime(timeMs)}, {QStringLiteral("kind"), kind},
        {QStringLiteral("request_id"), requestId}, {QStringLiteral("endpoint"), endpoint},
        {QStringLiteral("input_tokens"), inputTokens}, {QStringLiteral("output_tokens"), outputTokens},
        {QStringLiteral("cache_write_tokens"), cacheWriteTokens},
        {QStringLiteral("cache_read_tokens"), cacheReadTokens}, {QStringLiteral("price_version"), priceVersion},
        {QStringLiteral("amount_micros"), amountMicros}, {QStringLiteral("memo"), memo}};
    if (estimated)
        out.insert(QStringLiteral("estimated"), true);
    return out;
}

StatementLine StatementLine::fromJson(const QJsonObject &json)
{
    return StatementLine {adminTimeMs(str(json, "time")), str(json, "kind"), str(json, "request_id"),
        str(json, "endpoint"), num(json, "input_tokens"), num(json, "output_tokens"), num(json, "cache_write_tokens"),
        num(json, "cache_read_tokens"), num(json, "price_version"), num(json, "amount_micros"), str(json, "memo"),
        json.value(QLatin1String("estimated")).toBool()};
}

QJsonObject AccountStatement::toJson() const
{
    return QJsonObject {{QStringLiteral("customer"), customer}, {QStringLiteral("customer_name"), customerName},
        {QStringLiteral("from"), adminTime(fromMs)}, {QStringLiteral("to"), adminTime(toMs)},
        {QStringLiteral("opening_micros"), openingMicros}, {QStringLiteral("closing_micros"), closingMicros},
        {QStringLiteral("lines"), toJsonArray(lines)}};
}

AccountStatement AccountStatement::fromJson(const QJsonObject &json)
{
    return AccountStatement {str(json, "customer"), adminTimeMs(str(json, "from")), adminTimeMs(str(json, "to")),
        num(json, "opening_micros"), num(json, "closing_micros"),
        listFromJson<StatementLine>(json.value(QLatin1String("lines"))), str(json, "customer_name")};
}

QJsonObject RequestUsage::toJson() const
{
    return QJsonObject {{QStringLiteral("input_tokens"), inputTokens}, {QStringLiteral("output_tokens"), outputTokens},
        {QStringLiteral("cache_write_tokens"), cacheWriteTokens},
        {QStringLiteral("cache_read_tokens"), cacheReadTokens}, {QStringLiteral("estimated"), estimated}};
}

RequestUsage RequestUsage::fromJson(const QJsonObject &json)
{
    return RequestUsage {num(json, "input_tokens"), num(json, "output_tokens"), num(json, "cache_write_tokens"),
        num(json, "cache_read_tokens"), json.value(QLatin1String("estimated")).toBool()};
}

QJsonObject RequestLogItem::toJson() const
{
    QJsonObject out {{QStringLiteral("request_id"), requestId}, {QStringLiteral("time"), adminTime(timeMs)},
        {QStringLiteral("customer"), customer}, {QStringLiteral("protocol"), protocol},
        {QStringLiteral("model"), model}, {QStringLiteral("endpoint"), endpoint}, {QStringLiteral("status"), status},
        {QStringLiteral("billed"), billed}, {QStringLiteral("not_billed_reason"), notBilledReason},
        {QStringLiteral("not_billed_code"), notBilledCode}, {QStringLiteral("hold_micros"), holdMicros},
        {QStringLiteral("cost_micros"), costMicros}, {QStringLiteral("usage"), usage.toJson()},
        {QStringLiteral("latency_ms"), latencyMs}, {QStringLiteral("ttfb_ms"), ttfbMs},
        {QStringLiteral("hold_id"), orNull(holdId)}, {QStringLiteral("entry_id"), orNull(entryId)},
        {QStringLiteral("price_version"), priceVersion}};
    if (requestBody)
        out.insert(QStringLiteral("request_body"), *requestBody);
    return out;
}

RequestLogItem RequestLogItem::fromJson(const QJsonObject &json)
{
    RequestLogItem item {str(json, "request_id"), adminTimeMs(str(json, "time")), str(json, "customer"),
        str(json, "protocol"), str(json, "model"), str(json, "endpoint"), int(num(json, "status")),
        json.value(QLatin1String("billed")).toBool(), str(json, "not_billed_reason"), num(json, "hold_micros"),
        num(json, "cost_micros"), RequestUsage::fromJson(obj(json, "usage")), num(json, "latency_ms"),
        num(json, "ttfb_ms"), optionalInteger(json, "hold_id"), optionalInteger(json, "entry_id"),
        num(json, "price_version"), std::nullopt, str(json, "not_billed_code")};
    if (json.value(QLatin1String("request_body")).isString())
        item.requestBody = str(json, "request_body");
    return item;
}

QJsonObject AuditEntry::toJson() const
{
    return QJsonObject {{QStringLiteral("id"), id}, {QStringLiteral("time"), adminTime(timeMs)},
        {QStringLiteral("actor"), actor}, {QStringLiteral("action"), action}, {QStringLiteral("target"), target},
        {QStringLiteral("before"), before}, {QStringLiteral("after"), after}};
}

AuditEntry AuditEntry::fromJson(const QJsonObject &json)
{
    return AuditEntry {num(json, "id"), adminTimeMs(str(json, "time")), str(json, "actor"), str(json, "action"),
        str(json, "target"), json.value(QLatin1String("before")), json.value(QLatin1String("after"))};
}

QJsonObject PricingRow::toJson() const
{
    return QJsonObject {{QStringLiteral("model"), model}, {QStringLiteral("channel"), channelId},
        {QStringLiteral("channel_name"), channelName}, {QStringLiteral("input_micros_per_mtok"), inputMicrosPerMtok},
        {QStringLiteral("output_micros_per_mtok"), outputMicrosPerMtok},
        {QStringLiteral("cache_write_micros_per_mtok"), cacheWriteMicrosPerMtok},
        {QStringLiteral("cache_read_micros_per_mtok"), cacheReadMicrosPerMtok},
        {QStringLiteral("price_version"), priceVersion}};
}

PricingRow PricingRow::fromJson(const QJsonObject &json)
{
    return PricingRow {str(json, "model"), str(json, "channel"), str(json, "channel_name"),
        num(json, "input_micros_per_mtok"), num(json, "output_micros_per_mtok"),
        num(json, "cache_write_micros_per_mtok"), num(json, "cache_read_micros_per_mtok"), num(json, "price_version")};
}

QJsonObject PricingCard::toJson() const
{
    return QJsonObject {{QStringLiteral("currency"), currency}, {QStringLiteral("unit"), unit},
        {QStringLiteral("models"), toJsonArray(models)}};
}

PricingCard PricingCard::fromJson(const QJsonObject &json)
{
    return PricingCard {
        str(json, "currency"), str(json, "unit"), listFromJson<PricingRow>(json.value(QLatin1String("models")))};
}

QJsonObject MarginRow::toJson() const
{
    QJsonValue margin;
    if (marginMicrosPerMtok)
        margin = QJsonObject {{QStringLiteral("input"), marginMicrosPerMtok->inputMicrosPerMtok},
            {QStringLiteral("output"), marginMicrosPerMtok->outputMicrosPerMtok},
            {QStringLiteral("cache_write"), marginMicrosPerMtok->cacheWriteMicrosPerMtok},
            {QStringLiteral("cache_read"), marginMicrosPerMtok->cacheReadMicrosPerMtok}};
    return QJsonObject {{QStringLiteral("channel"), channel}, {QStringLiteral("channel_name"), channelName},
        {QStringLiteral("model"), model}, {QStringLiteral("price_version"), priceVersion},
        {QStringLiteral("margin_micros_per_mtok"), margin},
        {QStringLiteral("below_cost"), QJsonArray::fromStringList(belowCost)}};
}

MarginRow MarginRow::fromJson(const QJsonObject &json)
{
    MarginRow row {str(json, "channel"), str(json, "channel_name"), str(json, "model"), num(json, "price_version"),
        std::nullopt, {}};
    if (const QJsonValue m = json.value(QLatin1String("margin_micros_per_mtok")); m.isObject()) {
        const QJsonObject o = m.toObject();
        row.marginMicrosPerMtok
            = TokenPrices {num(o, "input"), num(o, "output"), num(o, "cache_write"), num(o, "cache_read")};
    }
    for (const QJsonValue &v : json.value(QLatin1String("below_cost")).toArray())
        row.belowCost.append(v.toString());
    return row;
}

QJsonObject Margins::toJson() const
{
    return QJsonObject {
        {QStringLiteral("margins"), toJsonArray(margins)}, {QStringLiteral("models_below_cost"), modelsBelowCost}};
}

Margins Margins::fromJson(const QJsonObject &json)
{
    return Margins {listFromJson<MarginRow>(json.value(QLatin1String("margins"))), int(num(json, "models_below_cost"))};
}

QJsonObject SecretStored::toJson() const
{
    return QJsonObject {{QStringLiteral("name"), name}, {QStringLiteral("stored"), stored}};
}

SecretStored SecretStored::fromJson(const QJsonObject &json)
{
    return SecretStored {str(json, "name"), json.value(QLatin1String("stored")).toBool()};
}

namespace {

std::optional<double> optionalDouble(const QJsonObject &json, const char *key)
{
    const QJsonValue v = json.value(QLatin1String(key));
    if (!v.isDouble())
        return std::nullopt;
    return v.toDouble();
}

std::optional<LatencyPercentiles> optionalPercentiles(const QJsonObject &json, const char *key)
{
    const QJsonValue v = json.value(QLatin1String(key));
    if (!v.isObject())
        return std::nullopt;
    return LatencyPercentiles::fromJson(v.toObject());
}

} // namespace

LatencyPercentiles LatencyPercentiles::fromJson(const QJsonObject &json)
{
    return LatencyPercentiles {optionalDouble(json, "p50"), optionalDouble(json, "p95"), optionalDouble(json, "p99")};
}

WindowMetrics WindowMetrics::fromJson(const QJsonObject &json)
{
    WindowMetrics out;
    out.requests = num(json, "requests");
    out.requestsPerS = json.value(QLatin1String("requests_per_s")).toDouble();
    const QJsonObject errors = obj(json, "errors");
    for (auto it = errors.begin(); it != errors.end(); ++it)
        out.errors.insert(it.key(), it.value().toInteger());
    out.errorCount = num(json, "error_count");
    out.errorRate = json.value(QLatin1String("error_rate")).toDouble();
    out.inputTokens = num(json, "input_tokens");
    out.outputTokens = num(json, "output_tokens");
    out.inputTokensPerS = json.value(QLatin1String("input_tokens_per_s")).toDouble();
    out.outputTokensPerS = json.value(QLatin1String("output_tokens_per_s")).toDouble();
    out.spendMicros = num(json, "spend_micros");
    out.spendMicrosPerS = num(json, "spend_micros_per_s");
    out.seconds = num(json, "seconds");
    out.latencyMs = optionalPercentiles(json, "latency_ms");
    out.ttfbMs = optionalPercentiles(json, "ttfb_ms");
    return out;
}

WindowMetrics SeriesMetrics::window(const QString &name) const
{
    return WindowMetrics::fromJson(windows.value(name).toObject());
}

namespace {

QJsonObject counts(const QMap<QString, qint64> &map)
{
    QJsonObject out;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        out.insert(it.key(), it.value());
    return out;
}

QMap<QString, qint64> readCounts(const QJsonObject &json)
{
    QMap<QString, qint64> out;
    for (auto it = json.begin(); it != json.end(); ++it)
        out.insert(it.key(), it.value().toInteger());
    return out;
}

QJsonObject nestedCounts(const QMap<QString, QMap<QString, qint64>> &map)
{
    QJsonObject out;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        out.insert(it.key(), counts(it.value()));
    return out;
}

QMap<QString, QMap<QString, qint64>> readNestedCounts(const QJsonObject &json)
{
    QMap<QString, QMap<QString, qint64>> out;
    for (auto it = json.begin(); it != json.end(); ++it)
        out.insert(it.key(), readCounts(it.value().toObject()));
    return out;
}

} // namespace

QJsonObject LimitRefusals::toJson() const
{
    return QJsonObject {{QStringLiteral("refused"), counts(byKind)}, {QStringLiteral("keys"), nestedCounts(byKey)},
        {QStringLiteral("customers"), nestedCounts(byCustomer)}};
}

LimitRefusals LimitRefusals::fromJson(const QJsonObject &json)
{
    return LimitRefusals {readCounts(obj(json, "refused")), readNestedCounts(obj(json, "keys")),
        readNestedCounts(obj(json, "customers"))};
}

QJsonObject MetricsSnapshot::toJson() const
{
    QJsonArray endpointList;
    for (const SeriesMetrics &e : endpoints)
        endpointList.append(QJsonObject {{QStringLiteral("endpoint"), e.endpoint},
            {QStringLiteral("channel"), e.channel}, {QStringLiteral("model"), e.model},
            {QStringLiteral("active_streams"), e.activeStreams}, {QStringLiteral("windows"), e.windows}});
    QJsonValue customerList;
    if (customers) {
        QJsonArray list;
        for (const SeriesMetrics &c : *customers)
            list.append(QJsonObject {{QStringLiteral("customer"), c.customer},
                {QStringLiteral("pending_holds"), c.pendingHolds}, {QStringLiteral("windows"), c.windows}});
        customerList = list;
    }
    return QJsonObject {{QStringLiteral("time"), adminTime(timeMs)}, {QStringLiteral("enabled"), enabled},
        {QStringLiteral("uptime_s"), uptimeS}, {QStringLiteral("windows"), QJsonArray::fromStringList(windowNames)},
        {QStringLiteral("total"),
            QJsonObject {{QStringLiteral("active_streams"), total.activeStreams},
                {QStringLiteral("pending_holds"), total.pendingHolds}, {QStringLiteral("windows"), total.windows}}},
        {QStringLiteral("endpoints"), endpointList}, {QStringLiteral("refused"), counts(refused)},
        {QStringLiteral("limits"), limits.toJson()}, {QStringLiteral("customers"), customerList}};
}

MetricsSnapshot MetricsSnapshot::fromJson(const QJsonObject &json)
{
    MetricsSnapshot out;
    out.timeMs = adminTimeMs(str(json, "time"));
    out.enabled = json.value(QLatin1String("enabled")).toBool();
    out.uptimeS = num(json, "uptime_s");
    for (const QJsonValue &w : json.value(QLatin1String("windows")).toArray())
        out.windowNames << w.toString();
    const QJsonObject total = obj(json, "total");
    out.total.activeStreams = num(total, "active_streams");
    out.total.pendingHolds = num(total, "pending_holds");
    out.total.windows = obj(total, "windows");
    for (const QJsonValue &v : json.value(QLatin1String("endpoints")).toArray()) {
        const QJsonObject e = v.toObject();
        out.endpoints.append(SeriesMetrics {str(e, "endpoint"), str(e, "channel"), str(e, "model"), QString(),
            num(e, "active_streams"), 0, obj(e, "windows")});
    }
    out.refused = readCounts(obj(json, "refused"));
    out.limits = LimitRefusals::fromJson(obj(json, "limits"));
    if (json.value(QLatin1String("customers")).isArray()) {
        out.customers.emplace();
        for (const QJsonValue &v : json.value(QLatin1String("customers")).toArray()) {
            const QJsonObject c = v.toObject();
            out.customers->append(SeriesMetrics {
                QString(), QString(), QString(), str(c, "customer"), 0, num(c, "pending_holds"), obj(c, "windows")});
        }
    }
    return out;
}

ErrorEnvelope ErrorEnvelope::fromJson(const QJsonObject &json)
{
    const QJsonObject error = obj(json, "error");
    return ErrorEnvelope {str(error, "type"), str(error, "message")};
}

} // namespace bytespike
