#pragma once

#include "RouteTable.h"

namespace bytespike {

class GatewayRuntime;

// The public routes: /healthz, the Messages and Chat Completions endpoints (each request its
// MessagesExchange) and /v1/models. The rate card (/v1/pricing) is the PricingController's.
class PublicController
{
public:
    explicit PublicController(GatewayRuntime &runtime);
    void addRoutes(RouteTable &table);

private:
    void messages(HttpExchange *exchange, bool countTokens, bool openAi);
    void models(HttpExchange *exchange);

    GatewayRuntime &m_runtime;
};

} // namespace bytespike
