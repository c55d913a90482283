#pragma once

#include "routing/RoutingSnapshot.h"
#include "upstream/UpstreamCall.h"

namespace bytespike {

class GatewayRuntime;

struct ChannelCallOptions
{
    bool stream = false;
    bool countTokens = false; // anthropic channels: /v1/messages/count_tokens
    QByteArray anthropicVersion; // forwarded; 2023-06-01 when empty
    QByteArray anthropicBeta; // forwarded when set
    // The marks of the gateways the request passed through (its bytespike-via header); this
    // gateway's own is added to them.
    QByteArray via;
};

// Fills the channel's upstream addresses from its base URL and protocol, and their origin: its
// ca_file, and its proxy (the channel's own with proxyCredentials, "direct", or the environment's
// from proxies). Once per snapshot.
void setUpstreamTargets(ChannelRuntime *channel, const ProxySettings &proxies, const QByteArray &proxyCredentials);

// The one place that turns a request body into a call on a channel: the simulator, or HTTP with
// the protocol's path, content headers, timeouts and the channel's secret as x-api-key
// (anthropic) or a bearer token (openai). body is what goes upstream: the canonical request for
// anthropic and simulator channels, the translated one for openai channels. The call is
// parented to parent and not started.
UpstreamCall *createChannelCall(GatewayRuntime &runtime, const ChannelRuntime &channel, QByteArray body,
    const ChannelCallOptions &options, QObject *parent);

} // namespace bytespike
