#pragma once

#include "service/RouteTable.h"

namespace bytespike {

class ChannelRegistry;

// /admin/channels and /admin/secrets: reads the request (body, path, query) into the registry's
// types, calls it, and writes its answer.
class ChannelsController
{
public:
    explicit ChannelsController(ChannelRegistry &registry);
    void addRoutes(RouteTable &table);

private:
    void list(HttpExchange *exchange);
    void get(HttpExchange *exchange, const QString &id);
    void create(HttpExchange *exchange);
    void replace(HttpExchange *exchange, const QString &id);
    void remove(HttpExchange *exchange, const QString &id);
    void test(HttpExchange *exchange, const QString &id);
    void setSecret(HttpExchange *exchange, const QString &name, bool remove);

    ChannelRegistry &m_registry;
};

} // namespace bytespike
