// The route table every listener and in-process call share: what it matches (ids in the path keep
// the id rule, another method is told apart from no route, legacy channel ids reach their routes),
// that it lists every route of the gateway once, and that the admin types read back what they
// write and map each error code to one status.
#include "bytespike/AdminRoutes.h"
#include "bytespike/AdminTypes.h"
#include "service/RouteTable.h"
#include "service/Router.h"

#include <QSet>
#include <QTest>

using namespace bytespike;

namespace {

// A table whose handlers record which route ran.
RouteTable recordingTable(QString *ran)
{
    RouteTable table;
    const auto add = [&](const RouteSpec &route, RouteTable::Access access) {
        const QString name = QString::fromLatin1(route.method) + QLatin1Char(' ') + QLatin1String(route.pattern);
        table.add(route, access, [ran, name](HttpExchange *, const RouteTable::Params &) { *ran = name; });
    };
    add(Routes::Health, RouteTable::Access::Public);
    add(Routes::ListChannels, RouteTable::Access::Admin);
    add(Routes::GetChannel, RouteTable::Access::Admin);
    add(Routes::DeleteChannel, RouteTable::Access::Admin);
    add(Routes::TestChannel, RouteTable::Access::Admin);
    add(Routes::RevokeKey, RouteTable::Access::Admin);
    add(Routes::StoreSecret, RouteTable::Access::Admin);
    return table;
}

} // namespace

class TestRouteTable : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void matchesByMethodAndPattern();
    void idsKeepTheRule();
    void legacyIds();
    void listsEveryRouteOnce();
    void adminRoutesAskForTheirRole();
    void rolesAllowWhatTheySay();
    void fillsPaths();
    void errorCodesMapOneToOne();
    void typesReadBackWhatTheyWrite();
};

void TestRouteTable::matchesByMethodAndPattern()
{
    QString ran;
    const RouteTable table = recordingTable(&ran);
    RouteTable::Match m = table.match("GET", QStringLiteral("/admin/channels/ch_1"), true, true);
    QCOMPARE(m.outcome, RouteTable::Match::Outcome::Found);
    QCOMPARE(m.params.value(QStringLiteral("channel_id")), QStringLiteral("ch_1"));
    m.handler(nullptr, m.params);
    QCOMPARE(ran, QStringLiteral("GET /admin/channels/{channel_id}"));

    m = table.match("DELETE", QStringLiteral("/admin/customers/cus_1/keys/key_2"), false, true);
    QCOMPARE(m.outcome, RouteTable::Match::Outcome::Found);
    QCOMPARE(m.params.value(QStringLiteral("customer_id")), QStringLiteral("cus_1"));
    QCOMPARE(m.params.value(QStringLiteral("key_id")), QStringLiteral("key_2"));

    QCOMPARE(table.match("PATCH", QStringLiteral("/admin/channels/ch_1"), true, true).outcome,
        RouteTable::Match::Outcome::WrongMethod);
    QCOMPARE(
        table.match("GET", QStringLiteral("/admin/nothing"), true, true).outcome, RouteTable::Match::Outcome::NotFound);
    // A listener serves only its own area.
    QCOMPARE(table.match("GET", QStringLiteral("/admin/channels"), true, false).outcome,
        RouteTable::Match::Outcome::NotFound);
    QCOMPARE(table.match("GET", QStringLiteral("/healthz"), false, true).outcome, RouteTable::Match::Outcome::NotFound);
    // {name} takes any one segment.
    m = table.match("PUT", QStringLiteral("/admin/secrets/any thing"), false, true);
    QCOMPARE(m.outcome, RouteTable::Match::Outcome::Found);
    QCOMPARE(m.params.value(QStringLiteral("name")), QStringLiteral("any thing"));
}

void TestRouteTable::idsKeepTheRule()
{
    QString ran;
    const RouteTable table = recordingTable(&ran);
    const RouteTable::Match m = table.match("GET", QStringLiteral("/admin/channels/bad id"), false, true);
    QCOMPARE(m.outcome, RouteTable::Match::Outcome::BadParameter);
    QVERIFY2(m.error.contains(QLatin1String("channel id")), qPrintable(m.error));
    // Whatever the method: the id is refused before the method is looked at.
    QCOMPARE(table.match("PATCH", QStringLiteral("/admin/channels/bad id"), false, true).outcome,
        RouteTable::Match::Outcome::BadParameter);
}

void TestRouteTable::legacyIds()
{
    QString ran;
    RouteTable table = recordingTable(&ran);
    table.allowLegacyIds(QStringLiteral("channel_id"), [](const QString &id) { return id == QLatin1String("../x/y"); });
    RouteTable::Match m = table.match("POST", QStringLiteral("/admin/channels/../x/y/test"), false, true);
    QCOMPARE(m.outcome, RouteTable::Match::Outcome::Found);
    QCOMPARE(m.params.value(QStringLiteral("channel_id")), QStringLiteral("../x/y"));
    m.handler(nullptr, m.params);
    QCOMPARE(ran, QStringLiteral("POST /admin/channels/{channel_id}/test"));
    // An id that is not stored gets no such leeway.
    QVERIFY(table.match("GET", QStringLiteral("/admin/channels/../z"), false, true).outcome
        != RouteTable::Match::Outcome::Found);
}

void TestRouteTable::listsEveryRouteOnce()
{
    const QList<RouteInfo> routes = gatewayRoutes();
    QSet<QString> seen;
    for (const RouteInfo &r : routes) {
        const QString key = QString::fromLatin1(r.method) + QLatin1Char(' ') + r.pattern;
        QVERIFY2(!seen.contains(key), qPrintable(key + QStringLiteral(" is listed twice")));
        seen.insert(key);
        QCOMPARE(r.adminToken, isAdminPath(r.pattern));
    }
    for (const RouteSpec &spec : {Routes::Health, Routes::Messages, Routes::CountTokens, Routes::ChatCompletions,
             Routes::PublicPricing, Routes::Models, Routes::OpenApi, Routes::ListChannels, Routes::CreateChannel,
             Routes::GetChannel, Routes::ReplaceChannel, Routes::DeleteChannel, Routes::TestChannel,
             Routes::ListCustomers, Routes::CreateCustomer, Routes::GetCustomer, Routes::CreateKey, Routes::RevokeKey,
             Routes::AddCredit, Routes::Statement, Routes::ListHolds, Routes::ListRequests, Routes::Usage,
             Routes::PriceHistory, Routes::PricingExport, Routes::PricingMargins, Routes::StoreSecret,
             Routes::DeleteSecret, Routes::AdminMetrics, Routes::Events, Routes::Audit, Routes::Prometheus,
             Routes::ListInstances, Routes::ListOperators, Routes::CreateOperator, Routes::RevokeOperator}) {
        const QString key = QLatin1String(spec.method) + QLatin1Char(' ') + QLatin1String(spec.pattern);
        QVERIFY2(seen.contains(key), qPrintable(key + QStringLiteral(" is not served")));
    }
    QCOMPARE(routes.size(), 38);
}

void TestRouteTable::adminRoutesAskForTheirRole()
{
    // The rule of docs/api.md ("Operators and roles"): every GET reads (viewer); channels and
    // secrets change with pricing, customers, keys and credits with billing; the rest is admin.
    for (const RouteInfo &r : gatewayRoutes()) {
        const QString key = QString::fromLatin1(r.method) + QLatin1Char(' ') + r.pattern;
        QCOMPARE(r.role.has_value(), r.adminToken);
        if (!r.role)
            continue;
        OperatorRole want = OperatorRole::Admin;
        if (r.pattern.startsWith(QLatin1String("/admin/operators")))
            want = OperatorRole::Admin;
        else if (r.method == "GET")
            want = OperatorRole::Viewer;
        else if (r.pattern.startsWith(QLatin1String("/admin/channels"))
            || r.pattern.startsWith(QLatin1String("/admin/secrets")))
            want = OperatorRole::Pricing;
        else if (r.pattern.startsWith(QLatin1String("/admin/customers")))
            want = OperatorRole::Billing;
        QVERIFY2(*r.role == want, qPrintable(key + QStringLiteral(" asks for ") + roleName(*r.role)));
    }
}

void TestRouteTable::rolesAllowWhatTheySay()
{
    using R = OperatorRole;
    const QList<R> all {R::Viewer, R::Pricing, R::Billing, R::Admin};
    for (const R needed : all) {
        QVERIFY(roleAllows(R::Admin, needed));
        QCOMPARE(roleAllows(R::Viewer, needed), needed == R::Viewer);
        QCOMPARE(roleAllows(R::Pricing, needed), needed == R::Viewer || needed == R::Pricing);
        QCOMPARE(roleAllows(R::Billing, needed), needed == R::Viewer || needed == R::Billing);
    }
    // A route added with Access::Admin and no role is for the admin role only.
    RouteTable table;
    table.add(Routes::ListChannels, RouteTable::Access::Admin, [](HttpExchange *, const RouteTable::Params &) {});
    table.add(Routes::GetChannel, R::Viewer, [](HttpExchange *, const RouteTable::Params &) {});
    QCOMPARE(table.routes().at(0).role, std::optional(R::Admin));
    const RouteTable::Match m = table.match("GET", QStringLiteral("/admin/channels/x"), false, true);
    QVERIFY(m.admin);
    QCOMPARE(m.role, R::Viewer);
    QVERIFY(!table.match("GET", QStringLiteral("/admin/channels/x"), true, false).admin);
}

void TestRouteTable::fillsPaths()
{
    QCOMPARE(routePath(Routes::RevokeKey, {QStringLiteral("cus_1"), QStringLiteral("key_2")}),
        QStringLiteral("/admin/customers/cus_1/keys/key_2"));
    QCOMPARE(routePath(Routes::StoreSecret, {QStringLiteral("a/b c")}), QStringLiteral("/admin/secrets/a%2Fb%20c"));
    QCOMPARE(routePath(Routes::ListChannels), QStringLiteral("/admin/channels"));
}

void TestRouteTable::errorCodesMapOneToOne()
{
    QSet<int> statuses;
    for (const AdminError e : {AdminError::BadInput, AdminError::Unauthorized, AdminError::Forbidden,
             AdminError::NotFound, AdminError::Conflict, AdminError::Internal, AdminError::Unavailable}) {
        const int status = adminErrorStatus(e);
        QVERIFY(!statuses.contains(status));
        statuses.insert(status);
        QCOMPARE(adminErrorForStatus(status), e);
    }
    QCOMPARE(statuses, (QSet<int> {400, 401, 403, 404, 409, 500, 503}));
}

void TestRouteTable::typesReadBackWhatTheyWrite()
{
    Customer customer {
        QStringLiteral("cus_1"), QStringLiteral("Ada"), 5000000, 1200, QList<ApiKey> {}, CustomerLimits {60, 0, 4}};
    customer.keys->append(ApiKey {QStringLiteral("key_1"), QStringLiteral("ci"), QStringLiteral("bsk_abcd..."),
        1700000000123, std::optional<qint64>(1700000100000), {}, {}});
    KeyLimits limits;
    limits.models = QStringList {QStringLiteral("m1"), QStringLiteral("m2")};
    limits.expiresAtMs = 1800000000000;
    limits.rpm = 5;
    limits.tpm = 1000;
    limits.maxConcurrent = 2;
    limits.budgetMicros = 10000;
    limits.budgetPeriod = KeyLimits::Period::Month;
    limits.ipAllow = QStringList {QStringLiteral("10.0.0.0/8"), QStringLiteral("::1")};
    customer.keys->append(ApiKey {QStringLiteral("key_2"), QStringLiteral("limited"), QStringLiteral("bsk_efgh..."),
        1700000000456, std::nullopt, limits, KeyUsage {3, 400, 1, 2500, 900, 1700000000000}});
    QCOMPARE(Customer::fromJson(customer.toJson()), customer);
    const AdminResult<NewKey> key = NewKey::fromJson(NewKey {QStringLiteral("n"), limits}.toJson());
    QVERIFY(key.ok());
    QCOMPARE(key.value().limits, limits);

    Hold hold {7, QStringLiteral("cus_1"), QStringLiteral("req_1"), QStringLiteral("messages"), 3, 900,
        QStringLiteral("posted"), QString(), 800, 0, 1700000000000, std::optional<qint64>(1700000000500), QString()};
    QCOMPARE(Hold::fromJson(hold.toJson()), hold);

    PriceVersion version {4, QStringLiteral("ch_1"), QStringLiteral("m"), TokenPrices {1, 2, 3, 4}, std::nullopt,
        QStringLiteral("admin-api"), 1700000000000};
    QCOMPARE(PriceVersion::fromJson(version.toJson()), version);
    version.oldPrices = TokenPrices {5, 6, 7, 8};
    QCOMPARE(PriceVersion::fromJson(version.toJson()), version);

    MetricsSnapshot metrics;
    metrics.timeMs = 1700000000123;
    metrics.uptimeS = 42;
    metrics.windowNames = QStringList {QStringLiteral("10s"), QStringLiteral("1m")};
    metrics.total = SeriesMetrics {{}, {}, {}, {}, 2, 3, QJsonObject {{QStringLiteral("10s"), QJsonObject()}}};
    metrics.endpoints.append(
        SeriesMetrics {QStringLiteral("ch_1/m"), QStringLiteral("ch_1"), QStringLiteral("m"), {}, 1, 0, {}});
    metrics.refused.insert(QStringLiteral("admin_token"), 4);
    QCOMPARE(MetricsSnapshot::fromJson(metrics.toJson()), metrics);
    QVERIFY(metrics.toJson().value(QStringLiteral("customers")).isNull());
    metrics.customers = QList<SeriesMetrics> {SeriesMetrics {{}, {}, {}, QStringLiteral("cus_1"), 0, 1, {}}};
    QCOMPARE(MetricsSnapshot::fromJson(metrics.toJson()), metrics);

    QCOMPARE(adminTimeMs(adminTime(1700000000123)), 1700000000123);
    QCOMPARE(fromJsonList<Hold>(toJsonList(QList<Hold> {hold, hold})).size(), 2);
}

QTEST_GUILESS_MAIN(TestRouteTable)
#include "tst_routetable.moc"
