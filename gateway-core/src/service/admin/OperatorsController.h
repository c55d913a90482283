#pragma once

#include "service/RouteTable.h"

namespace bytespike {

class Operators;

// /admin/operators: the named operators and their tokens, for the admin role only.
class OperatorsController
{
public:
    explicit OperatorsController(Operators &operators);
    void addRoutes(RouteTable &table);

private:
    void list(HttpExchange *exchange);
    void create(HttpExchange *exchange);
    void revoke(HttpExchange *exchange, const QString &id);

    Operators &m_operators;
};

} // namespace bytespike
