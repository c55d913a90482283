#include "RoutingSnapshot.h"

#include <algorithm>

namespace bytespike {

Endpoint::Endpoint(const ChannelRuntime *channel, const ModelRoute *route)
    : channel(channel)
    , route(route)
    , m_name(channel->channel.id + QLatin1Char('/') + route->model)
    , m_rateHeaders {
          {"bytespike-endpoint", m_name.toUtf8()},
          {"bytespike-price-version", QByteArray::number(route->priceVersion)},
          {"bytespike-rate-input", QByteArray::number(route->inputMicrosPerMtok)},
          {"bytespike-rate-output", QByteArray::number(route->outputMicrosPerMtok)},
          {"bytespike-rate-cache-write", QByteArray::number(route->cacheWriteMicrosPerMtok)},
          {"bytespike-rate-cache-read", QByteArray::number(route->cacheReadMicrosPerMtok)},
      }
{ }

RoutingSnapshot::RoutingSnapshot(QList<ChannelRuntime> channels)
    : m_channels(std::move(channels))
{
    for (const ChannelRuntime &runtime : m_channels) {
        for (const ModelRoute &route : runtime.channel.models)
            m_byModel[route.model].append(Endpoint {&runtime, &route});
    }
}

QStringList RoutingSnapshot::routableModels() const
{
    QStringList models;
    for (auto it = m_byModel.begin(); it != m_byModel.end(); ++it) {
        if (std::any_of(it->begin(), it->end(), [](const Endpoint &e) { return e.channel->usable(); }))
            models.append(it.key());
    }
    models.sort();
    return models;
}

QList<Endpoint> RoutingSnapshot::candidates(const QString &model, QRandomGenerator &rng) const
{
    QList<Endpoint> usable;
    for (const Endpoint &e : m_byModel.value(model)) {
        if (e.channel->usable())
            usable.append(e);
    }
    std::stable_sort(usable.begin(), usable.end(),
        [](const Endpoint &a, const Endpoint &b) { return a.channel->channel.priority > b.channel->channel.priority; });
    // Within each priority group, draw without replacement in proportion to weight.
    QList<Endpoint> ordered;
    ordered.reserve(usable.size());
    qsizetype groupStart = 0;
    while (groupStart < usable.size()) {
        qsizetype groupEnd = groupStart;
        const qint64 priority = usable[groupStart].channel->channel.priority;
        while (groupEnd < usable.size() && usable[groupEnd].channel->channel.priority == priority)
            ++groupEnd;
        QList<Endpoint> group = usable.mid(groupStart, groupEnd - groupStart);
        while (!group.isEmpty()) {
            qint64 total = 0;
            for (const Endpoint &e : group)
                total += e.channel->channel.weight;
            qsizetype pick = 0;
            if (total > 0) {
                qint64 ticket = qint64(rng.bounded(quint64(total)));
                for (qsizetype i = 0; i < group.size(); ++i) {
                    ticket -= group[i].channel->channel.weight;
                    if (ticket < 0) {
                        pick = i;
                        break;
                    }
                }
            }
            ordered.append(group.takeAt(pick));
        }
        groupStart = groupEnd;
    }
    return ordered;
}

} // namespace bytespike
