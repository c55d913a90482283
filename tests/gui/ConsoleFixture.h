#pragma once
// Shared by the console's page tests: a real embedded gateway in a temporary data directory (an
// instant simulator, a free port) and helpers that drive it through the same in-process calls
// the pages use, waiting by spinning the event loop.
#include "bytespike/GatewayService.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

namespace bytespike::testing {

// A loopback port free at the moment of asking.
inline quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

inline GatewayConfig testConfig(const QTemporaryDir &dir)
{
    GatewayConfig config;
    config.dataDir = dir.path();
    config.listenPort = 0;
    config.simulatorLatencyScale = 0;
    return config;
}

// Starts the gateway and waits until it serves.
inline bool startAndWait(EmbeddedGateway &gateway)
{
    QSignalSpy started(&gateway, &EmbeddedGateway::started);
    gateway.start();
    return started.wait(20000) || !started.isEmpty();
}

struct CallResult
{
    int status = 0;
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    bool complete = false;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &h : headers) {
            if (h.first == name)
                return h.second;
        }
        return {};
    }
};

// One call through GatewayService::call, waited for.
inline CallResult call(EmbeddedGateway &gateway, const QByteArray &method, const QString &target,
    const QByteArray &body = {}, const QList<QPair<QByteArray, QByteArray>> &headers = {})
{
    CallResult result;
    bool done = false;
    ServiceCall *c = gateway.call(method, target, body, headers);
    QObject::connect(c, &ServiceCall::finished, c, [&] {
        result = {c->status(), c->body(), c->headers(), c->complete()};
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 20000))
        result.status = -1; // timed out
    return result;
}

inline QByteArray demoKey(const QTemporaryDir &dir)
{
    QFile file(dir.filePath(QStringLiteral("demo-key")));
    return file.open(QIODevice::ReadOnly) ? file.readAll().trimmed() : QByteArray();
}

inline CallResult sendMessage(
    EmbeddedGateway &gateway, const QByteArray &key, const QByteArray &model = "bytespike-simulator")
{
    return call(gateway, "POST", QStringLiteral("/v1/messages"),
        R"({"model":")" + model + R"(","max_tokens":32,"messages":[{"role":"user","content":"hi"}]})",
        {{"x-api-key", key}, {"content-type", "application/json"}});
}

} // namespace bytespike::testing
