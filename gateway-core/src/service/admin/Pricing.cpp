#include "Pricing.h"

#include "pricing/PricingExport.h"
#include "service/GatewayRuntime.h"
#include "store/ChannelStore.h"
#include "store/StoreWriter.h"

namespace bytespike {

namespace {

MarginRow marginRow(const Channel &channel, const ModelRoute &m)
{
    MarginRow row {channel.id, channel.name, m.model, m.priceVersion, std::nullopt, {}};
    if (!m.hasUpstreamCost)
        return row;
    const TokenPrices margin {m.inputMicrosPerMtok - m.costInputMicrosPerMtok,
        m.outputMicrosPerMtok - m.costOutputMicrosPerMtok, m.cacheWriteMicrosPerMtok - m.costCacheWriteMicrosPerMtok,
        m.cacheReadMicrosPerMtok - m.costCacheReadMicrosPerMtok};
    const struct
    {
        const char *name;
        qint64 margin;
    } categories[] = {{"input", margin.inputMicrosPerMtok}, {"output", margin.outputMicrosPerMtok},
        {"cache_write", margin.cacheWriteMicrosPerMtok}, {"cache_read", margin.cacheReadMicrosPerMtok}};
    for (const auto &c : categories) {
        if (c.margin < 0)
            row.belowCost.append(QLatin1String(c.name));
    }
    row.marginMicrosPerMtok = margin;
    return row;
}

} // namespace

Pricing::Pricing(GatewayRuntime &runtime)
    : m_runtime(runtime)
{ }

PricingCard Pricing::card() const
{
    PricingCard card;
    card.models = PricingExport::rows(*m_runtime.snapshot());
    return card;
}

Margins Pricing::margins() const
{
    // A negative margin is flagged. Operator-only: the public export never has costs.
    Margins out;
    for (const ChannelRuntime &runtime : m_runtime.snapshot()->channels()) {
        for (const ModelRoute &m : runtime.channel.models) {
            out.margins.append(marginRow(runtime.channel, m));
            out.modelsBelowCost += out.margins.last().belowCost.isEmpty() ? 0 : 1;
        }
    }
    return out;
}

void Pricing::history(const QString &channelId, QObject *context, AdminDone<QList<PriceVersion>> done)
{
    m_runtime.store().submit<QList<PriceVersion>>(
        context,
        [channelId](Database &db) {
            QString why;
            return ChannelStore::priceHistory(db, channelId, &why);
        },
        [done](QList<PriceVersion> versions) { done(std::move(versions)); });
}

} // namespace bytespike
