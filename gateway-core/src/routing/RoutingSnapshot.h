#pragma once

#include "base/Money.h"
#include "bytespike/Channel.h"
#include "wire/HeaderPairs.h"
#include "wire/UpstreamOrigin.h"
#include "wire/UpstreamTarget.h"

#include <QHash>
#include <QList>
#include <QRandomGenerator>

#include <memory>

namespace bytespike {

// A channel as routing sees it: its definition plus its resolved secret (memory only) or the
// reason it cannot be used.
struct ChannelRuntime
{
    Channel channel;
    QByteArray secret;
    QString unavailableReason; // empty when usable
    bool pending = false; // the secret is still being read (keychain); unusable until it arrives
    // The protocol's upstream addresses under the channel's base URL (ChannelCall.h).
    UpstreamTarget messagesTarget; // anthropic /v1/messages, openai /chat/completions
    UpstreamTarget countTokensTarget; // anthropic /v1/messages/count_tokens
    // How connections to them are made: TLS trust and proxy (setUpstreamTargets).
    std::shared_ptr<const UpstreamOrigin> origin;
    bool usable() const { return channel.enabled && unavailableReason.isEmpty(); }
};

// One way to serve a public model: a channel and its model route.
struct Endpoint
{
    Endpoint() = default;
    Endpoint(const ChannelRuntime *channel, const ModelRoute *route);

    const ChannelRuntime *channel = nullptr;
    const ModelRoute *route = nullptr;
    // "channel/model", as the ledger, the metrics and the bytespike-endpoint header name it.
    const QString &name() const { return m_name; }
    // The route's customer prices.
    Prices prices() const
    {
        return {route->inputMicrosPerMtok, route->outputMicrosPerMtok, route->cacheWriteMicrosPerMtok,
            route->cacheReadMicrosPerMtok};
    }
    // The response headers that name the endpoint and its prices (docs/api.md), made once per
    // snapshot rather than per request; the request adds bytespike-hold.
    const HeaderPairs &rateHeaders() const { return m_rateHeaders; }

private:
    QString m_name;
    HeaderPairs m_rateHeaders;
};

// An immutable view of the channel registry. A request keeps the snapshot it started with, so
// an edit swaps in a new snapshot for the next request without touching requests in flight.
class RoutingSnapshot
{
public:
    explicit RoutingSnapshot(QList<ChannelRuntime> channels);

    const QList<ChannelRuntime> &channels() const { return m_channels; }
    bool knowsModel(const QString &model) const { return m_byModel.contains(model); }
    // Public models with at least one usable channel, sorted by name.
    QStringList routableModels() const;

    // The candidates for model: usable channels only, highest priority first; among equal
    // priorities a weighted random order (weight 0 is tried only after every weighted peer).
    QList<Endpoint> candidates(const QString &model, QRandomGenerator &rng) const;

private:
    QList<ChannelRuntime> m_channels;
    QHash<QString, QList<Endpoint>> m_byModel;
};

using SnapshotPtr = std::shared_ptr<const RoutingSnapshot>;

} // namespace bytespike
