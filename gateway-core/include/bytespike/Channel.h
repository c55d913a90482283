#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace bytespike {

enum class ChannelProtocol { Anthropic, OpenAI, Simulator };

// Customer prices for one public model on one channel, in integer micro-dollars per million
// tokens per category (docs/architecture.md, "Ledger").
struct ModelRoute
{
    QString model;
    QString upstreamModel;
    qint64 inputMicrosPerMtok = 0;
    qint64 outputMicrosPerMtok = 0;
    qint64 cacheWriteMicrosPerMtok = 0;
    qint64 cacheReadMicrosPerMtok = 0;
    // The immutable price version these prices belong to (assigned by the store; read-only in
    // the admin API).
    qint64 priceVersion = 0;
    // What the provider charges the operator, per million tokens, when the operator recorded it
    // (optional; only for the margin view, never exported or billed).
    bool hasUpstreamCost = false;
    qint64 costInputMicrosPerMtok = 0;
    qint64 costOutputMicrosPerMtok = 0;
    qint64 costCacheWriteMicrosPerMtok = 0;
    qint64 costCacheReadMicrosPerMtok = 0;

    bool operator==(const ModelRoute &) const = default;
};

// A channel as the admin API and the database know it.
struct Channel
{
    QString id;
    QString name;
    ChannelProtocol protocol = ChannelProtocol::Anthropic;
    QString baseUrl;
    QString secretRef;
    bool enabled = true;
    qint64 priority = 0;
    qint64 weight = 1;
    qint64 version = 1;
    // Per-channel wire options (openai channels only; see docs/protocols.md): max_tokens_field,
    // stream_usage, system_messages. Validated by channelFromJson; empty means the defaults.
    QJsonObject options;
    // TLS and proxy (docs/api.md, "Channels"): a PEM file whose CAs are the only ones trusted
    // for an https:// base URL (empty: the system store); the proxy ("" the environment's,
    // "direct" none, or http://host:port) and the secret reference of its "user:password".
    QString caFile;
    QString proxy;
    QString proxySecretRef;
    QList<ModelRoute> models;

    bool operator==(const Channel &) const = default;
};

// A channel's circuit breaker as the admin API shows it (CircuitBreakers::state): closed, open
// (with retry_in_ms) or half_open.
struct BreakerState
{
    QString state = QStringLiteral("closed");
    qint64 consecutiveFailures = 0;
    std::optional<qint64> retryInMs;
    // Why the last attempt in the current run of failures failed ("TLS certificate verify
    // failed: certificate has expired"); empty once an attempt succeeds.
    QString lastFailure;
    QString lastFailureCode; // lastFailure as a code (docs/api.md, "Reason codes")

    QJsonObject toJson() const;
    static BreakerState fromJson(const QJsonObject &json);
    bool operator==(const BreakerState &) const = default;
};

QString protocolName(ChannelProtocol protocol);
bool parseProtocol(const QString &name, ChannelProtocol *protocol);

// Strict JSON mapping of the Channel shape: unknown fields, wrong types, negative or
// non-integer prices, integers of magnitude 2^53 or more, bad URLs, duplicate models, an id
// outside [A-Za-z0-9][A-Za-z0-9._-]{0,63}, model names that are not printable or longer than 128
// bytes and channel names with control characters or longer than 256 bytes are rejected with a
// message that names the field (the rules: src/protocol/InputRules). `id` and `version` are read
// when present and left to the caller otherwise.
QJsonObject channelToJson(const Channel &channel);
bool channelFromJson(const QJsonObject &json, Channel *channel, QString *error);

} // namespace bytespike
