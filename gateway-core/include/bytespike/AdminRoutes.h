#pragma once

#include <QString>
#include <QStringList>

namespace bytespike {

// One operation of the HTTP API: its method and path pattern. A segment in braces is a path
// parameter ({channel_id}, {customer_id}, {key_id}: the id rule; {name}: any one segment). The
// server's route table is built from these and the AdminClient fills them in, so both ends name
// each path once.
struct RouteSpec
{
    const char *method;
    const char *pattern;
};

namespace Routes {

// Public routes (no admin token).
inline constexpr RouteSpec Health {"GET", "/healthz"};
inline constexpr RouteSpec Messages {"POST", "/v1/messages"};
inline constexpr RouteSpec CountTokens {"POST", "/v1/messages/count_tokens"};
inline constexpr RouteSpec ChatCompletions {"POST", "/v1/chat/completions"};
inline constexpr RouteSpec PublicPricing {"GET", "/v1/pricing"};
inline constexpr RouteSpec Models {"GET", "/v1/models"};
inline constexpr RouteSpec OpenApi {"GET", "/openapi.json"};

// Admin routes (the admin token, or an in-process call).
inline constexpr RouteSpec ListChannels {"GET", "/admin/channels"};
inline constexpr RouteSpec CreateChannel {"POST", "/admin/channels"};
inline constexpr RouteSpec GetChannel {"GET", "/admin/channels/{channel_id}"};
inline constexpr RouteSpec ReplaceChannel {"PUT", "/admin/channels/{channel_id}"};
inline constexpr RouteSpec DeleteChannel {"DELETE", "/admin/channels/{channel_id}"};
inline constexpr RouteSpec TestChannel {"POST", "/admin/channels/{channel_id}/test"};
inline constexpr RouteSpec ListCustomers {"GET", "/admin/customers"};
inline constexpr RouteSpec CreateCustomer {"POST", "/admin/customers"};
inline constexpr RouteSpec GetCustomer {"GET", "/admin/customers/{customer_id}"};
inline constexpr RouteSpec UpdateCustomer {"PUT", "/admin/customers/{customer_id}"};
inline constexpr RouteSpec CreateKey {"POST", "/admin/customers/{customer_id}/keys"};
inline constexpr RouteSpec UpdateKey {"PUT", "/admin/customers/{customer_id}/keys/{key_id}"};
inline constexpr RouteSpec RevokeKey {"DELETE", "/admin/customers/{customer_id}/keys/{key_id}"};
inline constexpr RouteSpec AddCredit {"POST", "/admin/customers/{customer_id}/credits"};
inline constexpr RouteSpec Statement {"GET", "/admin/customers/{customer_id}/statement"};
inline constexpr RouteSpec ListHolds {"GET", "/admin/ledger/holds"};
inline constexpr RouteSpec ListRequests {"GET", "/admin/requests"};
inline constexpr RouteSpec Usage {"GET", "/admin/usage"};
inline constexpr RouteSpec PriceHistory {"GET", "/admin/pricing/history"};
inline constexpr RouteSpec PricingExport {"GET", "/admin/pricing/export"};
inline constexpr RouteSpec PricingMargins {"GET", "/admin/pricing/margins"};
inline constexpr RouteSpec StoreSecret {"PUT", "/admin/secrets/{name}"};
inline constexpr RouteSpec DeleteSecret {"DELETE", "/admin/secrets/{name}"};
inline constexpr RouteSpec AdminMetrics {"GET", "/admin/metrics"};
inline constexpr RouteSpec Events {"GET", "/admin/events"};
inline constexpr RouteSpec Audit {"GET", "/admin/audit"};
inline constexpr RouteSpec Prometheus {"GET", "/metrics"};
inline constexpr RouteSpec ListInstances {"GET", "/admin/instances"};
inline constexpr RouteSpec ListOperators {"GET", "/admin/operators"};
inline constexpr RouteSpec CreateOperator {"POST", "/admin/operators"};
inline constexpr RouteSpec RevokeOperator {"DELETE", "/admin/operators/{operator_id}"};

} // namespace Routes

// Whether a path belongs to the admin area (the admin token guards all of it, routed or not).
bool isAdminPath(const QString &path);

// The route's path with its parameters filled in, in order, each percent-encoded as one segment.
QString routePath(const RouteSpec &route, const QStringList &params = {});

} // namespace bytespike
