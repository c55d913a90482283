#pragma once

#include "bytespike/GatewayConfig.h"

#include <QJsonObject>
#include <QObject>

#include <memory>

namespace bytespike {

class GatewayRuntime;

// The one facade over the gateway: the daemon, the console and the HTTP handlers all go through
// it. It lives on the gateway thread (the main thread in the daemon, a worker thread in the
// console); call it from elsewhere only through queued invocations and listen to its signals.
class GatewayService : public QObject
{
    Q_OBJECT
public:
    enum class State { Stopped, Starting, Running, Stopping, Failed };
    Q_ENUM(State)

    explicit GatewayService(GatewayConfig config, QObject *parent = nullptr);
    ~GatewayService() override;

    State state() const { return m_state; }
    const GatewayConfig &config() const { return m_config; }
    QString publicUrl() const { return m_publicUrl; }
    QString adminUrl() const { return m_adminUrl; }
    QString lastError() const { return m_lastError; }

public Q_SLOTS:
    // Opens the database, voids what an earlier process left, then opens the listeners.
    // Emits started() or startFailed().
    void start();
    // Stops accepting, lets in-flight requests finish for the grace period, cancels the rest,
    // then emits stopped().
    void stop();

Q_SIGNALS:
    void stateChanged(bytespike::GatewayService::State state);
    void started(const QString &publicUrl, const QString &adminUrl);
    void startFailed(const QString &message);
    void stopped();
    // About once a second while running: live rates per endpoint and customer (the shape of
    // GET /admin/metrics).
    void metricsSnapshot(const QJsonObject &snapshot);

private:
    void setState(State state);

    GatewayConfig m_config;
    State m_state = State::Stopped;
    QString m_publicUrl;
    QString m_adminUrl;
    QString m_lastError;
    std::unique_ptr<GatewayRuntime> m_runtime;
};

// Runs a GatewayService on its own thread for the console; the GUI thread only ever talks to it
// through queued calls and signals, so it never waits on the network, disk or database.
class EmbeddedGateway : public QObject
{
    Q_OBJECT
public:
    explicit EmbeddedGateway(GatewayConfig config, QObject *parent = nullptr);
    ~EmbeddedGateway() override;

    const GatewayConfig &config() const { return m_config; }

public Q_SLOTS:
    void start();
    void stop();
    void restart();

Q_SIGNALS:
    void stateChanged(bytespike::GatewayService::State state);
    void started(const QString &publicUrl, const QString &adminUrl);
    void startFailed(const QString &message);
    void stopped();
    void metricsSnapshot(const QJsonObject &snapshot);

private:
    GatewayConfig m_config;
    std::unique_ptr<QThread> m_thread;
    GatewayService *m_service = nullptr;
    bool m_restartPending = false;
};

} // namespace bytespike
