#pragma once

#include "service/RouteTable.h"

namespace bytespike {

class Accounts;
class LedgerQueries;

// /admin/customers and everything under it: customers, keys, credits and statements (json, csv,
// or the printable html page).
class CustomersController
{
public:
    CustomersController(Accounts &accounts, LedgerQueries &ledger);
    void addRoutes(RouteTable &table);

private:
    void list(HttpExchange *exchange);
    void get(HttpExchange *exchange, const QString &id);
    void create(HttpExchange *exchange);
    void update(HttpExchange *exchange, const QString &customerId);
    void createKey(HttpExchange *exchange, const QString &customerId);
    void updateKey(HttpExchange *exchange, const QString &customerId, const QString &keyId);
    void revokeKey(HttpExchange *exchange, const QString &customerId, const QString &keyId);
    void addCredit(HttpExchange *exchange, const QString &customerId);
    void statement(HttpExchange *exchange, const QString &customerId);

    Accounts &m_accounts;
    LedgerQueries &m_ledger;
};

} // namespace bytespike
