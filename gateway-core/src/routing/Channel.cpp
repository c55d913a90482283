#include "bytespike/Channel.h"

#include "protocol/InputRules.h"
#include "wire/UpstreamOrigin.h"

#include <QJsonArray>
#include <QSet>
#include <QUrl>

namespace bytespike {

QString protocolName(ChannelProtocol protocol)
{
    switch (protocol) {
    case ChannelProtocol::Anthropic: return QStringLiteral("anthropic");
    case ChannelProtocol::OpenAI: return QStringLiteral("openai");
    case ChannelProtocol::Simulator: return QStringLiteral("simulator");
    }
    return {};
}

bool parseProtocol(const QString &name, ChannelProtocol *protocol)
{
    for (auto candidate : {ChannelProtocol::Anthropic, ChannelProtocol::OpenAI, ChannelProtocol::Simulator}) {
        if (protocolName(candidate) == name) {
            *protocol = candidate;
            return true;
        }
    }
    return false;
}

QJsonObject BreakerState::toJson() const
{
    QJsonObject out {{QStringLiteral("state"), state}, {QStringLiteral("consecutive_failures"), consecutiveFailures}};
    if (retryInMs)
        out.insert(QStringLiteral("retry_in_ms"), *retryInMs);
    if (!lastFailure.isEmpty()) {
        out.insert(QStringLiteral("last_failure"), lastFailure);
        out.insert(QStringLiteral("last_failure_code"), lastFailureCode);
    }
    return out;
}

BreakerState BreakerState::fromJson(const QJsonObject &json)
{
    const QJsonValue retryIn = json.value(QLatin1String("retry_in_ms"));
    const std::optional<qint64> retry = retryIn.isDouble() ? std::optional<qint64>(retryIn.toInteger()) : std::nullopt;
    return BreakerState {json.value(QLatin1String("state")).toString(),
        json.value(QLatin1String("consecutive_failures")).toInteger(), retry,
        json.value(QLatin1String("last_failure")).toString(),
        json.value(QLatin1String("last_failure_code")).toString()};
}

QJsonObject channelToJson(const Channel &channel)
{
    QJsonArray models;
    for (const ModelRoute &m : channel.models) {
        QJsonObject model {
            {QStringLiteral("model"), m.model},
            {QStringLiteral("upstream_model"), m.upstreamModel},
            {QStringLiteral("input_micros_per_mtok"), m.inputMicrosPerMtok},
            {QStringLiteral("output_micros_per_mtok"), m.outputMicrosPerMtok},
            {QStringLiteral("cache_write_micros_per_mtok"), m.cacheWriteMicrosPerMtok},
            {QStringLiteral("cache_read_micros_per_mtok"), m.cacheReadMicrosPerMtok},
            {QStringLiteral("price_version"), m.priceVersion},
        };
        if (m.hasUpstreamCost)
            model.insert(QStringLiteral("upstream_cost"),
                QJsonObject {{QStringLiteral("input_micros_per_mtok"), m.costInputMicrosPerMtok},
                    {QStringLiteral("output_micros_per_mtok"), m.costOutputMicrosPerMtok},
                    {QStringLiteral("cache_write_micros_per_mtok"), m.costCacheWriteMicrosPerMtok},
                    {QStringLiteral("cache_read_micros_per_mtok"), m.costCacheReadMicrosPerMtok}});
        models.append(model);
    }
    return QJsonObject {
        {QStringLiteral("id"), channel.id},
        {QStringLiteral("name"), channel.name},
        {QStringLiteral("protocol"), protocolName(channel.protocol)},
        {QStringLiteral("base_url"), channel.baseUrl},
        {QStringLiteral("secret_ref"), channel.secretRef},
        {QStringLiteral("enabled"), channel.enabled},
        {QStringLiteral("priority"), channel.priority},
        {QStringLiteral("weight"), channel.weight},
        {QStringLiteral("version"), channel.version},
        {QStringLiteral("options"), channel.options},
        {QStringLiteral("ca_file"), channel.caFile},
        {QStringLiteral("proxy"), channel.proxy},
        {QStringLiteral("proxy_secret_ref"), channel.proxySecretRef},
        {QStringLiteral("models"), models},
    };
}

namespace {

constexpr qsizetype kMaxPathChars = 4096;

// JSON numbers are doubles; an integer field must hold an exact integer below 2^53 in magnitude
// (InputRules: a larger one may have been rounded on the way in).
bool readInteger(
    const QJsonObject &json, const QString &key, const QString &where, qint64 *out, QString *error, qint64 minimum)
{
    qint64 value = 0;
    const InputRules::Integer read = InputRules::readInteger(json.value(key), &value);
    if (read != InputRules::Integer::Ok) {
        *error = InputRules::integerError(where + key, read);
        return false;
    }
    if (value < minimum) {
        *error = QStringLiteral("%1%2 must be at least %3").arg(where, key).arg(minimum);
        return false;
    }
    *out = value;
    return true;
}

bool readString(
    const QJsonObject &json, const QString &key, const QString &where, QString *out, QString *error, bool required)
{
    const QJsonValue value = json.value(key);
    if (value.isUndefined() && !required)
        return true;
    if (!value.isString()) {
        *error = QStringLiteral("%1%2 must be a string").arg(where, key);
        return false;
    }
    *out = value.toString();
    return true;
}

bool rejectUnknown(const QJsonObject &json, const QSet<QString> &known, const QString &where, QString *error)
{
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (!known.contains(it.key())) {
            *error = QStringLiteral("unknown field %1%2").arg(where, it.key());
            return false;
        }
    }
    return true;
}

bool validSecretRef(const QString &ref)
{
    return ref.isEmpty() || (ref.startsWith(QLatin1String("env:")) && ref.size() > 4)
        || (ref.startsWith(QLatin1String("file:")) && ref.size() > 5)
        || (ref.startsWith(QLatin1String("keychain:")) && ref.size() > 9);
}

// ca_file, proxy and proxy_secret_ref; after base_url and protocol.
bool readTransport(const QJsonObject &json, Channel *channel, QString *error)
{
    const QString top;
    channel->caFile.clear();
    channel->proxy.clear();
    channel->proxySecretRef.clear();
    if (!readString(json, QStringLiteral("ca_file"), top, &channel->caFile, error, false)
        || !readString(json, QStringLiteral("proxy"), top, &channel->proxy, error, false)
        || !readString(json, QStringLiteral("proxy_secret_ref"), top, &channel->proxySecretRef, error, false))
        return false;
    const auto refuse = [error](const QString &why) {
        *error = why;
        return false;
    };
    const bool https = QUrl(channel->baseUrl).scheme() == QLatin1String("https");
    if (!channel->caFile.isEmpty()) {
        if (channel->caFile.size() > kMaxPathChars || !channel->caFile.startsWith(QLatin1Char('/'))
            || std::any_of(channel->caFile.cbegin(), channel->caFile.cend(),
                [](QChar c) { return c.category() == QChar::Other_Control; }))
            return refuse(
                QStringLiteral("ca_file must be an absolute path of at most %1 characters").arg(kMaxPathChars));
        if (!https)
            return refuse(QStringLiteral("ca_file applies to https:// base URLs only"));
    }
    if (!channel->proxy.isEmpty() && channel->proxy != QLatin1String("direct")) {
        ProxyEndpoint proxy;
        QString why;
        if (!parseProxyUrl(channel->proxy, false, &proxy, &why))
            return refuse(
                QStringLiteral("proxy ") + why + QStringLiteral(", or \"direct\", or empty for the environment's"));
    }
    if (!validSecretRef(channel->proxySecretRef))
        return refuse(QStringLiteral("proxy_secret_ref must be empty or keychain:NAME, env:VAR or file:PATH"));
    if (!channel->proxySecretRef.isEmpty() && (channel->proxy.isEmpty() || channel->proxy == QLatin1String("direct")))
        return refuse(QStringLiteral("proxy_secret_ref needs a proxy URL in proxy"));
    if (channel->protocol == ChannelProtocol::Simulator && (!channel->caFile.isEmpty() || !channel->proxy.isEmpty()))
        return refuse(QStringLiteral("ca_file and proxy do not apply to simulator channels"));
    return true;
}

bool readModel(const QJsonValue &value, int index, ModelRoute *model, QString *error)
{
    const QString where = QStringLiteral("models[%1].").arg(index);
    if (!value.isObject()) {
        *error = QStringLiteral("models[%1] must be an object").arg(index);
        return false;
    }
    const QJsonObject json = value.toObject();
    static const QSet<QString> known = {QStringLiteral("model"), QStringLiteral("upstream_model"),
        QStringLiteral("input_micros_per_mtok"), QStringLiteral("output_micros_per_mtok"),
        QStringLiteral("cache_write_micros_per_mtok"), QStringLiteral("cache_read_micros_per_mtok"),
        QStringLiteral("price_version"), QStringLiteral("upstream_cost")};
    // price_version is accepted so a channel read with GET can be sent back with PUT; the store
    // assigns versions, so its value is ignored.
    if (!rejectUnknown(json, known, where, error)
        || !readString(json, QStringLiteral("model"), where, &model->model, error, true))
        return false;
    if (model->model.trimmed().isEmpty()) {
        *error = where + QStringLiteral("model must not be empty");
        return false;
    }
    if (*error = InputRules::checkModel(where + QStringLiteral("model"), model->model); !error->isEmpty())
        return false;
    model->upstreamModel = model->model;
    if (!readString(json, QStringLiteral("upstream_model"), where, &model->upstreamModel, error, false))
        return false;
    if (model->upstreamModel.trimmed().isEmpty()) {
        *error = where + QStringLiteral("upstream_model must not be empty");
        return false;
    }
    if (*error = InputRules::checkModel(where + QStringLiteral("upstream_model"), model->upstreamModel);
        !error->isEmpty())
        return false;
    // price_version is read-only (the store assigns it), but still an integer field of the API.
    if (const QJsonValue version = json.value(QStringLiteral("price_version"));
        !version.isUndefined() && !version.isNull()) {
        qint64 ignored = 0;
        if (const auto read = InputRules::readInteger(version, &ignored); read != InputRules::Integer::Ok) {
            *error = InputRules::integerError(where + QStringLiteral("price_version"), read);
            return false;
        }
    }
    if (!readInteger(json, QStringLiteral("input_micros_per_mtok"), where, &model->inputMicrosPerMtok, error, 0)
        || !readInteger(json, QStringLiteral("output_micros_per_mtok"), where, &model->outputMicrosPerMtok, error, 0)
        || !readInteger(
            json, QStringLiteral("cache_write_micros_per_mtok"), where, &model->cacheWriteMicrosPerMtok, error, 0)
        || !readInteger(
            json, QStringLiteral("cache_read_micros_per_mtok"), where, &model->cacheReadMicrosPerMtok, error, 0))
        return false;
    // Optional upstream cost: all four categories, or none (null or absent).
    const QJsonValue cost = json.value(QStringLiteral("upstream_cost"));
    model->hasUpstreamCost = false;
    if (cost.isUndefined() || cost.isNull())
        return true;
    if (!cost.isObject()) {
        *error = where + QStringLiteral("upstream_cost must be an object");
        return false;
    }
    static const QSet<QString> costFields
        = {QStringLiteral("input_micros_per_mtok"), QStringLiteral("output_micros_per_mtok"),
            QStringLiteral("cache_write_micros_per_mtok"), QStringLiteral("cache_read_micros_per_mtok")};
    const QJsonObject c = cost.toObject();
    const QString costWhere = where + QStringLiteral("upstream_cost.");
    model->hasUpstreamCost = true;
    return rejectUnknown(c, costFields, costWhere, error)
        && readInteger(c, QStringLiteral("input_micros_per_mtok"), costWhere, &model->costInputMicrosPerMtok, error, 0)
        && readInteger(
            c, QStringLiteral("output_micros_per_mtok"), costWhere, &model->costOutputMicrosPerMtok, error, 0)
        && readInteger(
            c, QStringLiteral("cache_write_micros_per_mtok"), costWhere, &model->costCacheWriteMicrosPerMtok, error, 0)
        && readInteger(
            c, QStringLiteral("cache_read_micros_per_mtok"), costWhere, &model->costCacheReadMicrosPerMtok, error, 0);
}

// Options an openai channel understands, each with its allowed values.
bool readOptions(const QJsonValue &value, Channel *channel, QString *error)
{
    channel->options = QJsonObject();
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isObject()) {
        *error = QStringLiteral("options must be an object");
        return false;
    }
    const QJsonObject options = value.toObject();
    if (!options.isEmpty() && channel->protocol != ChannelProtocol::OpenAI) {
        *error = QStringLiteral("options apply to openai channels only");
        return false;
    }
    for (auto it = options.begin(); it != options.end(); ++it) {
        const QString &key = it.key();
        const QJsonValue v = it.value();
        bool ok = false;
        if (key == QLatin1String("max_tokens_field"))
            ok = v.toString() == QLatin1String("max_completion_tokens") || v.toString() == QLatin1String("max_tokens");
        else if (key == QLatin1String("stream_usage") || key == QLatin1String("reasoning")
            || key == QLatin1String("reasoning_replay"))
            ok = v.isBool();
        else if (key == QLatin1String("tool_streaming"))
            ok = v.toString() == QLatin1String("buffered") || v.toString() == QLatin1String("live");
        else if (key == QLatin1String("system_messages"))
            ok = v.toString() == QLatin1String("keep") || v.toString() == QLatin1String("demote")
                || v.toString() == QLatin1String("drop");
        else {
            *error = QStringLiteral("unknown field options.%1").arg(key);
            return false;
        }
        if (!ok) {
            *error = QStringLiteral("options.%1 has an invalid value").arg(key);
            return false;
        }
    }
    channel->options = options;
    return true;
}

// The channel's models: an array, each model named once.
bool readModels(const QJsonValue &models, Channel *channel, QString *error)
{
    if (!models.isArray()) {
        *error = QStringLiteral("models must be an array");
        return false;
    }
    channel->models.clear();
    QSet<QString> seen;
    const QJsonArray array = models.toArray();
    for (int i = 0; i < array.size(); ++i) {
        ModelRoute model;
        if (!readModel(array.at(i), i, &model, error))
            return false;
        if (seen.contains(model.model)) {
            *error = QStringLiteral("models[%1].model \"%2\" appears twice in this channel").arg(i).arg(model.model);
            return false;
        }
        seen.insert(model.model);
        channel->models.append(model);
    }
    return true;
}

} // namespace

bool channelFromJson(const QJsonObject &json, Channel *channel, QString *error)
{
    static const QSet<QString> known = {QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("protocol"),
        QStringLiteral("base_url"), QStringLiteral("secret_ref"), QStringLiteral("enabled"), QStringLiteral("priority"),
        QStringLiteral("weight"), QStringLiteral("version"), QStringLiteral("options"), QStringLiteral("models"),
        QStringLiteral("ca_file"), QStringLiteral("proxy"), QStringLiteral("proxy_secret_ref"),
        QStringLiteral("state")}; // state is read-only (GET shows it); accepted so GET output can be PUT back
    const QString top;
    if (!rejectUnknown(json, known, top, error)
        || !readString(json, QStringLiteral("id"), top, &channel->id, error, false)
        || !readString(json, QStringLiteral("name"), top, &channel->name, error, true))
        return false;
    if (!channel->id.isEmpty()) {
        if (*error = InputRules::checkId(QStringLiteral("id"), channel->id); !error->isEmpty())
            return false;
    }
    if (channel->name.trimmed().isEmpty()) {
        *error = QStringLiteral("name must not be empty");
        return false;
    }
    if (*error = InputRules::checkName(QStringLiteral("name"), channel->name); !error->isEmpty())
        return false;
    QString protocol;
    if (!readString(json, QStringLiteral("protocol"), top, &protocol, error, true))
        return false;
    if (!parseProtocol(protocol, &channel->protocol)) {
        *error = QStringLiteral("unknown protocol \"%1\" (expected anthropic, openai or simulator)").arg(protocol);
        return false;
    }
    if (!readString(json, QStringLiteral("base_url"), top, &channel->baseUrl, error,
            channel->protocol != ChannelProtocol::Simulator))
        return false;
    if (channel->protocol != ChannelProtocol::Simulator) {
        const QUrl url(channel->baseUrl, QUrl::StrictMode);
        const QString scheme = url.scheme();
        if (!url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
            || url.host().isEmpty() || url.hasQuery() || url.hasFragment() || !url.userInfo().isEmpty()) {
            *error = QStringLiteral(
                "base_url must be an absolute http or https URL without query, fragment or credentials");
            return false;
        }
    }
    if (!readString(json, QStringLiteral("secret_ref"), top, &channel->secretRef, error, false))
        return false;
    if (!validSecretRef(channel->secretRef)) {
        *error = QStringLiteral("secret_ref must be empty or keychain:NAME, env:VAR or file:PATH");
        return false;
    }
    if (json.contains(QStringLiteral("enabled"))) {
        if (!json.value(QStringLiteral("enabled")).isBool()) {
            *error = QStringLiteral("enabled must be a boolean");
            return false;
        }
        channel->enabled = json.value(QStringLiteral("enabled")).toBool();
    }
    if (json.contains(QStringLiteral("priority"))
        && !readInteger(json, QStringLiteral("priority"), top, &channel->priority, error, -1000000))
        return false;
    if (json.contains(QStringLiteral("weight"))
        && !readInteger(json, QStringLiteral("weight"), top, &channel->weight, error, 0))
        return false;
    if (json.contains(QStringLiteral("version"))
        && !readInteger(json, QStringLiteral("version"), top, &channel->version, error, 1))
        return false;
    if (!readOptions(json.value(QStringLiteral("options")), channel, error) || !readTransport(json, channel, error))
        return false;
    return readModels(json.value(QStringLiteral("models")), channel, error);
}

} // namespace bytespike
