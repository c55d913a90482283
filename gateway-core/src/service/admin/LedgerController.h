#pragma once

#include "service/RouteTable.h"

namespace bytespike {

class LedgerQueries;

// /admin/ledger/holds, /admin/requests (json or csv) and /admin/audit.
class LedgerController
{
public:
    explicit LedgerController(LedgerQueries &ledger);
    void addRoutes(RouteTable &table);

private:
    void holds(HttpExchange *exchange);
    void requests(HttpExchange *exchange);
    void audit(HttpExchange *exchange);
    void usage(HttpExchange *exchange);

    LedgerQueries &m_ledger;
};

} // namespace bytespike
