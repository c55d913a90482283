#pragma once

#include "Authenticator.h"
#include "PublicController.h"
#include "RouteTable.h"
#include "service/admin/Accounts.h"
#include "service/admin/ChannelRegistry.h"
#include "service/admin/ChannelsController.h"
#include "service/admin/CustomersController.h"
#include "service/admin/LedgerController.h"
#include "service/admin/LedgerQueries.h"
#include "service/admin/MetricsController.h"
#include "service/admin/Operators.h"
#include "service/admin/OperatorsController.h"
#include "service/admin/Pricing.h"
#include "service/admin/PricingController.h"

namespace bytespike {

class GatewayRuntime;
class HttpExchange;

// Every request's way in, from a listener or in-process: the gateway-wide refusals (draining,
// too large, a request loop), a known admin token for the admin area (which names the caller
// and its role), then the route table, the role the route asks for, and the controllers over
// the typed services. One instance per running gateway.
class Router
{
public:
    explicit Router(GatewayRuntime &runtime);

    // Takes the exchange. publicRoutes / adminRoutes: what the listener it came from serves.
    void dispatch(HttpExchange *exchange, bool publicRoutes, bool adminRoutes);
    const RouteTable &table() const { return m_table; }

private:
    bool refuseEarly(HttpExchange *exchange, bool publicRoutes);
    // 403: the caller's role does not allow the route (401 when there is no caller at all).
    void refuseRole(HttpExchange *exchange, const std::optional<AdminIdentity> &caller, OperatorRole needed);

    GatewayRuntime &m_runtime;
    ChannelRegistry m_channels;
    Accounts m_accounts;
    LedgerQueries m_ledger;
    Pricing m_pricing;
    Operators m_operators;
    PublicController m_public;
    ChannelsController m_channelsController;
    CustomersController m_customersController;
    LedgerController m_ledgerController;
    PricingController m_pricingController;
    MetricsController m_metricsController;
    OperatorsController m_operatorsController;
    RouteTable m_table;
};

// The route table with every route of the gateway, built without a running gateway: for listing
// the routes (RouteTable::routes) and checking an API description against them.
QList<RouteInfo> gatewayRoutes();

} // namespace bytespike
