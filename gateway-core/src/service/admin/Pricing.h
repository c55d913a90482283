#pragma once

#include "AdminJobs.h"

class QObject;

namespace bytespike {

class GatewayRuntime;

// The rate card and what the operator earns on it, from the routing snapshot (the committed
// channel registry), and the history of price versions from the store.
class Pricing
{
public:
    explicit Pricing(GatewayRuntime &runtime);

    // Every model of every enabled channel with its customer prices; never a cost or a secret.
    PricingCard card() const;
    // Per channel and model: price minus upstream cost per category, where the cost is recorded.
    Margins margins() const;
    // Price versions, newest first; every channel's when channelId is empty.
    void history(const QString &channelId, QObject *context, AdminDone<QList<PriceVersion>> done);

private:
    GatewayRuntime &m_runtime;
};

} // namespace bytespike
