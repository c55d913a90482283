#pragma once

#include "bytespike/AdminClient.h"
#include "bytespike/GatewayConfig.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPair>

#include <memory>

class QThread;

namespace bytespike {

class GatewayAttachment;
class GatewayRuntime;

// One call into the gateway's own routes, in-process: the console reaches every operation of
// the HTTP API (admin and public) through it, handled by the very same code. It lives on the
// caller's thread, receives the response as it is produced (a stream arrives piece by piece)
// and deletes itself after finished().
class ServiceCall : public TransportReply
{
    Q_OBJECT
public:
    using Headers = HeaderList;

    // The body as a JSON object (empty when it is not one).
    QJsonObject json() const;
    // A failure's message: the error envelope's message (either protocol), else the status.
    QString errorMessage() const;

public Q_SLOTS:
    // Gives up, as a client closing its connection would: a request in flight is cancelled and
    // its hold voided. finished() still follows.
    void cancel() override;

Q_SIGNALS:
    void cancelRequested();

private:
    friend class GatewayService;
    friend class EmbeddedGateway;
    explicit ServiceCall(QObject *parent);
    void onAccepted(const QByteArray &requestId) { setRequestId(requestId); }
    void onHead(int status, const HeaderList &headers) { reportHead(status, headers); }
    void onData(const QByteArray &data) { reportData(data); }
    void onEnd(bool complete) { reportEnd(complete); }
};

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
    // Takes effect at the next start (addresses, retention, log level...).
    void setConfig(const bytespike::GatewayConfig &config) { m_config = config; }
    // Runs method + target (path and query) with the headers and body through the gateway's
    // routes and answers into call (which may live on another thread). A stopped gateway
    // answers 503.
    void call(bytespike::ServiceCall *call, const QByteArray &method, const QString &target,
        const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &body);

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
// through queued calls and signals, so it never waits on the network, disk or database. Once
// attach()ed it stands instead for a gateway that runs elsewhere, reached over its admin API.
class EmbeddedGateway : public QObject
{
    Q_OBJECT
public:
    // An attached gateway that cannot be reached is tried again this often.
    static constexpr int kReattachMs = 2000;

    explicit EmbeddedGateway(GatewayConfig config, QObject *parent = nullptr);
    ~EmbeddedGateway() override;

    const GatewayConfig &config() const { return m_config; }
    // The configuration for the next start; restart() to apply it now.
    void setConfig(const GatewayConfig &config);

    // A call into the gateway (see ServiceCall); never blocks. The returned object belongs to
    // the gateway object and deletes itself after finished().
    ServiceCall *call(const QByteArray &method, const QString &target, const QByteArray &body = {},
        const QList<QPair<QByteArray, QByteArray>> &headers = {});

    // From now on the gateway at url (http:// or https://, serving the admin and public routes)
    // with the admin token: the embedded one is stopped if it runs, start() connects, stop()
    // disconnects, restart() reconnects, and the signals report that gateway (live rates from its
    // GET /admin/events). Attaching again moves to another gateway. sharesDataDirectory: it is
    // this configuration's data directory's own gateway (run as a service), whose files (the demo
    // key) are the console's to read.
    void attach(const QString &url, const QByteArray &adminToken, bool sharesDataDirectory = false);
    bool isAttached() const { return m_attachment != nullptr; }
    bool sharesDataDirectory() const { return !m_attachment || m_sharesDataDirectory; }
    QString attachedUrl() const;
    // The attached gateway's client (nullptr while embedded).
    const AdminClient *attachedClient() const;

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
    GatewayAttachment *m_attachment = nullptr;
    bool m_sharesDataDirectory = false;
    bool m_restartPending = false;
};

} // namespace bytespike
