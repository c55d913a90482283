#pragma once

#include "service/RouteTable.h"

namespace bytespike {

class GatewayRuntime;

// Live rates: /admin/metrics (the snapshot), /metrics (Prometheus text) and /admin/events (the
// snapshot once a second as server-sent events).
class MetricsController
{
public:
    explicit MetricsController(GatewayRuntime &runtime);
    void addRoutes(RouteTable &table);

private:
    void subscribe(HttpExchange *exchange);

    GatewayRuntime &m_runtime;
};

} // namespace bytespike
