#pragma once

#include "service/RouteTable.h"

namespace bytespike {

class Pricing;

// The rate card: /admin/pricing/export (json, csv, html), the public /v1/pricing (its json),
// /admin/pricing/margins and /admin/pricing/history.
class PricingController
{
public:
    explicit PricingController(Pricing &pricing);
    void addRoutes(RouteTable &table);

private:
    void publicCard(HttpExchange *exchange);
    void exportCard(HttpExchange *exchange);
    void margins(HttpExchange *exchange);
    void history(HttpExchange *exchange);

    Pricing &m_pricing;
};

} // namespace bytespike
