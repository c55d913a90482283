#include "ChannelTarget.h"

#include "bytespike/Channel.h"
#include "routing/UpstreamPolicy.h"

#include <QHostInfo>
#include <QUrl>

#include <memory>

namespace bytespike {

namespace {

QString firstRefusal(const UpstreamPolicy &policy, const QList<QHostAddress> &addresses, quint16 port)
{
    for (const QHostAddress &address : addresses) {
        if (const QString why = policy.refusal(address, port); !why.isEmpty())
            return QStringLiteral("base_url is refused: %1 (BYTESPIKE_UPSTREAM_ALLOW can allow a subnet)").arg(why);
    }
    return {};
}

} // namespace

void checkChannelTarget(const UpstreamPolicy *policy, const Channel &channel, QObject *context,
    std::function<void(const QString &refusal)> done)
{
    if (!policy || channel.protocol == ChannelProtocol::Simulator) {
        done({});
        return;
    }
    const QUrl url(channel.baseUrl);
    const quint16 port = quint16(url.port(url.scheme() == QLatin1String("https") ? 443 : 80));
    QHostAddress literal;
    if (literal.setAddress(url.host())) {
        done(firstRefusal(*policy, {literal}, port));
        return;
    }
    // The policy outlives the lookup only if it is held: a copy is small and immutable.
    auto held = std::make_shared<UpstreamPolicy>(*policy);
    QHostInfo::lookupHost(url.host(), context, [held, port, done = std::move(done)](const QHostInfo &info) {
        done(info.error() == QHostInfo::NoError ? firstRefusal(*held, info.addresses(), port) : QString());
    });
}

} // namespace bytespike
