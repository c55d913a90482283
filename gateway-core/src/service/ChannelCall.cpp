#include "ChannelCall.h"

#include "GatewayRuntime.h"
#include "upstream/SimulatorCall.h"
#include "upstream/UpstreamClient.h"
#include "wire/HeaderText.h"

namespace bytespike {

void setUpstreamTargets(ChannelRuntime *channel, const ProxySettings &proxies, const QByteArray &proxyCredentials)
{
    const Channel &c = channel->channel;
    if (c.protocol == ChannelProtocol::Simulator)
        return;
    QString base = c.baseUrl;
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    if (c.protocol == ChannelProtocol::Anthropic) {
        channel->messagesTarget = UpstreamTarget(QUrl(base + QStringLiteral("/v1/messages")));
        channel->countTokensTarget = UpstreamTarget(QUrl(base + QStringLiteral("/v1/messages/count_tokens")));
    } else {
        channel->messagesTarget = UpstreamTarget(QUrl(base + QStringLiteral("/chat/completions")));
    }
    std::optional<ProxyEndpoint> proxy;
    if (c.proxy.isEmpty()) {
        proxy = proxies.forTarget(channel->messagesTarget);
    } else if (c.proxy != QLatin1String("direct")) {
        ProxyEndpoint own;
        QString error; // validated when the channel was saved
        if (parseProxyUrl(c.proxy, false, &own, &error)) {
            if (!proxyCredentials.isEmpty())
                own.authorization = basicProxyAuthorization(proxyCredentials);
            proxy = own;
        }
    }
    channel->origin = UpstreamOrigin::make(channel->messagesTarget, c.caFile, std::move(proxy));
}

UpstreamCall *createChannelCall(GatewayRuntime &runtime, const ChannelRuntime &channel, QByteArray body,
    const ChannelCallOptions &options, QObject *parent)
{
    const Channel &c = channel.channel;
    const GatewayConfig &config = runtime.config();
    if (c.protocol == ChannelProtocol::Simulator)
        return new SimulatorCall(std::move(body), options.stream, config.simulatorLatencyScale, parent);

    UpstreamRequest request;
    request.body = std::move(body);
    request.stream = options.stream;
    // Names and fixed values are literals (QByteArrayLiteral): no allocation for them per call.
    request.headers.reserve(6);
    request.headers.append({QByteArrayLiteral("content-type"), QByteArrayLiteral("application/json")});
    request.headers.append({QByteArrayLiteral("accept"),
        options.stream ? QByteArrayLiteral("text/event-stream") : QByteArrayLiteral("application/json")});
    // The loop guard: a request that comes back to this gateway through a channel carries its
    // mark and is refused there (508).
    request.headers.append({QByteArrayLiteral("bytespike-via"),
        options.via.isEmpty() ? runtime.instanceMark() : options.via + ',' + runtime.instanceMark()});
    request.connectTimeoutMs = config.connectTimeoutMs;
    request.firstByteTimeoutMs = config.firstByteTimeoutMs;
    request.idleTimeoutMs = config.idleTimeoutMs;
    request.origin = channel.origin;
    if (c.protocol == ChannelProtocol::Anthropic) {
        request.target = options.countTokens ? channel.countTokensTarget : channel.messagesTarget;
        request.headers.append({QByteArrayLiteral("anthropic-version"),
            options.anthropicVersion.isEmpty() ? QByteArrayLiteral("2023-06-01") : options.anthropicVersion});
        if (!options.anthropicBeta.isEmpty())
            request.headers.append({QByteArrayLiteral("anthropic-beta"), options.anthropicBeta});
        if (!channel.secret.isEmpty())
            request.headers.append({QByteArrayLiteral("x-api-key"), channel.secret});
    } else {
        request.target = channel.messagesTarget;
        if (!channel.secret.isEmpty())
            request.headers.append({QByteArrayLiteral("authorization"), "Bearer " + channel.secret});
    }
    // No header goes upstream with a line break in it (a secret with CR LF would add headers of
    // its own); such a channel is unavailable before routing, this is the last check.
    request.headers.removeIf([](const auto &h) { return !fitsOneHeaderLine(h.first) || !fitsOneHeaderLine(h.second); });
    return runtime.upstream().createCall(std::move(request), parent);
}

} // namespace bytespike
