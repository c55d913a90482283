#include "MetricsController.h"

#include "AdminResponses.h"
#include "http/HttpExchange.h"
#include "service/GatewayRuntime.h"
#include "service/MessagesExchange.h"

#include "ledger/Leases.h"
#include "store/StoreWriter.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>

namespace bytespike {

MetricsController::MetricsController(GatewayRuntime &runtime)
    : m_runtime(runtime)
{ }

void MetricsController::addRoutes(RouteTable &table)
{
    using P = RouteTable::Params;
    constexpr auto read = OperatorRole::Viewer; // every GET of the admin API
    table.add(Routes::AdminMetrics, read,
        [this](HttpExchange *e, const P &) { respondJson(e, 200, m_runtime.metrics().snapshot()); });
    table.add(Routes::Events, read, [this](HttpExchange *e, const P &) { subscribe(e); });
    table.add(Routes::ListInstances, read, [this](HttpExchange *e, const P &) { listInstances(e); });
    table.add(Routes::Prometheus, read, [this](HttpExchange *e, const P &) {
        e->respond(200, "text/plain; version=0.0.4; charset=utf-8", m_runtime.metrics().prometheus());
        e->deleteLater();
    });
}

namespace {
QJsonObject instanceJson(const Leases::Instance &instance)
{
    return QJsonObject {{QStringLiteral("id"), instance.id}, {QStringLiteral("name"), instance.name},
        {QStringLiteral("version"), instance.version}, {QStringLiteral("started_at"), adminTime(instance.startedAtMs)},
        {QStringLiteral("last_seen"), adminTime(instance.lastSeenMs)},
        {QStringLiteral("leased_micros"), instance.leasedMicros}};
}
} // namespace

void MetricsController::listInstances(HttpExchange *exchange)
{
    // On SQLite the gateway is the only instance; on PostgreSQL every instance registers itself.
    LeaseKeeper *leases = m_runtime.leases();
    if (!leases) {
        Leases::Instance self {m_runtime.epoch(), 0, QStringLiteral("this process"),
            QCoreApplication::applicationVersion(), m_runtime.startedAtMs(), QDateTime::currentMSecsSinceEpoch(), 0};
        respondJson(exchange, 200, QJsonObject {{QStringLiteral("data"), QJsonArray {instanceJson(self)}}});
        return;
    }
    struct Listed
    {
        QList<Leases::Instance> instances;
        QString error;
    };
    QPointer<HttpExchange> guard(exchange);
    m_runtime.store().submit<Listed>(
        exchange,
        [stale = leases->staleMs()](Database &db) {
            Listed listed;
            listed.instances = Leases::liveInstances(db, stale, &listed.error);
            return listed;
        },
        [guard](Listed listed) {
            if (!guard)
                return;
            if (!listed.error.isEmpty()) {
                respondAdminError(guard, 500, QStringLiteral("cannot list the instances: ") + listed.error);
                return;
            }
            QJsonArray data;
            for (const Leases::Instance &instance : std::as_const(listed.instances))
                data.append(instanceJson(instance));
            respondJson(guard, 200, QJsonObject {{QStringLiteral("data"), data}});
        },
        StoreWriter::Wait::Committed, StoreWriter::Pace::Now);
}

void MetricsController::subscribe(HttpExchange *exchange)
{
    // Server-sent events: the current snapshot at once, then one `metrics` event a second.
    exchange->beginStream(200, "text/event-stream", {{"cache-control", "no-cache"}});
    const auto frame = [](const QJsonObject &snapshot) -> QByteArray {
        return "event: metrics\ndata: " + QJsonDocument(snapshot).toJson(QJsonDocument::Compact) + "\n\n";
    };
    exchange->writeChunk(frame(m_runtime.metrics().snapshot(false)));
    QPointer<HttpExchange> guard(exchange);
    const auto subscription = QObject::connect(
        &m_runtime, &GatewayRuntime::metricsSnapshot, exchange, [guard, frame](const QJsonObject &snapshot) {
            // A subscriber that is a whole megabyte behind misses snapshots until it catches up
            // (each one replaces the last); the send timeout ends one that reads nothing.
            if (guard && guard->clientConnected() && guard->pendingOutput() <= MessagesExchange::kOutputHighWaterBytes)
                guard->writeChunk(frame(snapshot));
        });
    QObject::connect(exchange, &HttpExchange::clientDisconnected, exchange, [exchange, subscription] {
        QObject::disconnect(subscription);
        exchange->deleteLater();
    });
    QObject::connect(&m_runtime, &GatewayRuntime::draining, exchange, [guard] {
        if (guard) {
            guard->endStream();
            guard->deleteLater();
        }
    });
}

} // namespace bytespike
