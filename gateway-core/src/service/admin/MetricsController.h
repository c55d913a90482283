#pragma once

#include "service/RouteTable.h"

namespace bytespike {

class GatewayRuntime;

// Live rates: /admin/metrics (the snapshot), /metrics (Prometheus text), /admin/events (the
// snapshot once a second as server-sent events) and /admin/instances.
class MetricsController
{
public:
    explicit MetricsController(GatewayRuntime &runtime);
    void addRoutes(RouteTable &table);

private:
    void subscribe(HttpExchange *exchange);
    // GET /admin/instances: the live instances on this database, with what each has leased.
    void listInstances(HttpExchange *exchange);

    GatewayRuntime &m_runtime;
};

} // namespace bytespike
