#pragma once

#include "RouteTable.h"

namespace bytespike {

class GatewayRuntime;

// The public routes: /healthz, the Messages and Chat Completions endpoints (each request its
// MessagesExchange), /v1/models and /openapi.json. The rate card (/v1/pricing) is the PricingController's.
class PublicController
{
public:
    explicit PublicController(GatewayRuntime &runtime);
    void addRoutes(RouteTable &table);

private:
    void messages(HttpExchange *exchange, bool countTokens, bool openAi);
    void models(HttpExchange *exchange);
    // GET /openapi.json: the compiled-in docs/openapi.json, no key needed.
    static void openApi(HttpExchange *exchange);

    GatewayRuntime &m_runtime;
};

} // namespace bytespike
