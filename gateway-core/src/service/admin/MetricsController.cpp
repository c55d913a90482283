#include "MetricsController.h"

#include "AdminResponses.h"
#include "http/HttpExchange.h"
#include "service/GatewayRuntime.h"
#include "service/MessagesExchange.h"

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
    table.add(Routes::Prometheus, read, [this](HttpExchange *e, const P &) {
        e->respond(200, "text/plain; version=0.0.4; charset=utf-8", m_runtime.metrics().prometheus());
        e->deleteLater();
    });
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
