#pragma once

#include "Authenticator.h"
#include "LeaseKeeper.h"
#include "RefusalGate.h"
#include "auth/KeyDigest.h"
#include "bytespike/GatewayConfig.h"
#include "ledger/HoldBook.h"
#include "ledger/Settlement.h"
#include "limits/LimitBook.h"
#include "metrics/Metrics.h"
#include "protocol/anthropic/ApiError.h"
#include "routing/CircuitBreakers.h"
#include "routing/RoutingSnapshot.h"
#include "wire/HeaderPairs.h"
#include "wire/UpstreamOrigin.h"

#include <QDateTime>
#include <QHash>
#include <QMutex>
#include <QObject>
#include <QRandomGenerator>
#include <QSet>

#include <deque>
#include <functional>
#include <memory>
#include <vector>

class QThreadPool;
class QTimer;

namespace bytespike {
class Database;
} // namespace bytespike

namespace bytespike {

class ConnectionTable;
class HttpExchange;
class HttpListener;
class StoreWriter;
class UpstreamPolicy;
class UpstreamClient;
class Keychain;
class Router;

// Everything a running gateway owns, built by GatewayService::start() and torn down by stop():
// the store writer, the in-memory routing snapshot, hold book, key ring and metrics, the upstream
// client and the listeners, and the drain. Requests are routed by its Router (the route table and
// the controllers) and authenticated by its Authenticator. Request handlers receive a reference
// to it; nothing here is global.
class GatewayRuntime : public QObject
{
    Q_OBJECT
public:
    explicit GatewayRuntime(const GatewayConfig &config, QObject *parent = nullptr);
    ~GatewayRuntime() override;

    // Prepares the data dir, opens and migrates the database, seeds a fresh one, loads state.
    bool open(QString *error);
    bool listen(QString *publicUrl, QString *adminUrl, QString *error);
    // Stops accepting, waits up to the grace period for in-flight requests, cancels the rest.
    void drain(std::function<void()> done);

    const GatewayConfig &config() const { return m_config; }
    StoreWriter &store() { return *m_store; }
    UpstreamClient &upstream() { return *m_upstream; }
    QRandomGenerator &rng() { return m_rng; }
    const KeyDigest &keyDigest() const { return m_keyDigest; }
    // Identifies this process in every hold it takes; the start-up reaper voids other epochs.
    const QString &epoch() const { return m_epoch; }
    qint64 startedAtMs() const { return m_startedAtMs; }

    SnapshotPtr snapshot() const { return m_snapshot; }
    // Swaps in a new routing snapshot for these channels, resolving their secrets. Keychain
    // references that are not read yet are unavailable until the read completes (the snapshot is
    // rebuilt then); failed keychain reads are tried again.
    void setChannels(const QList<Channel> &channels);
    Keychain &keychain() { return *m_keychain; }
    CircuitBreakers &breakers() { return m_breakers; }
    Metrics &metrics() { return m_metrics; }

    // The balances and open holds (HoldBook). A hold is taken here, in memory; its row is written
    // by settle(), or as pending once it has been open for the configured write delay.
    HoldBook &holds() { return m_holds; }
    // The oldest finished request has waited for the ledger writer longer than settleBacklogMs:
    // new requests are refused (LedgerBehind), and refusals are not logged, until it catches up.
    bool ledgerBehind() const;
    // Reserves the hold against the key's budget (if it has one) and the customer's balance (with
    // leases: its lease, asking the database when the lease cannot cover it). request.done gets
    // the outcome, at once or once the database answered.
    void reserveHold(HoldRequest &&request);
    // Hands a reservation to its request: a refusal gives back the key's budget; a hold whose
    // request is gone meanwhile is given back (abandonHold).
    void finishReservation(HoldRequest &&request, const HoldBook::Reservation &reserved);
    // Several instances on one PostgreSQL database: this instance's leases (null on SQLite).
    LeaseKeeper *leases() const { return m_leases; }
    // The keys' and customers' limits and their live usage (LimitBook).
    LimitBook &limits() { return m_limits; }

    // Writes how a request ended (its hold's end, the debit and its log row: Settlement::write)
    // in the writer's next group commit. Once durable, the book drops the hold and the metrics take
    // the sample, completed with what was billed. If the database refuses the write, it is tried
    // again every second and no new hold is taken meanwhile, so the gateway fails closed instead
    // of serving requests it cannot bill.
    void settle(SettlementRecord &&record, RequestSample &&sample);

    using KeyCheck = Authenticator::KeyCheck;
    // The customer key of a request (x-api-key or Authorization: Bearer) looked up by digest.
    KeyCheck authenticate(const HttpExchange &exchange, Caller *caller) const
    {
        return m_auth.authenticate(exchange, caller);
    }
    // The caller of an admin route (Authenticator::identify).
    std::optional<AdminIdentity> identify(const HttpExchange &exchange) const { return m_auth.identify(exchange); }
    // A request refused for its key (or admin token): counted by reason, logged at a bounded
    // rate. Returns whether it may also have a request-log row (RefusalGate).
    bool noteRefused(const HttpExchange &exchange, Metrics::RefusedFor refusal);
    // A finished request that writes no request-log row: its sample goes to the metrics at once.
    void recordUnlogged(const RequestSample &sample, Metrics::Unlogged why);

    // This process's mark on every upstream request (bytespike-via): a request that comes back
    // carrying it went round in a loop (a channel that points at this gateway) and is refused.
    const QByteArray &instanceMark() const { return m_instanceMark; }
    // Where large request bodies are parsed, off the gateway thread.
    QThreadPool &intakePool();
    // Where channels may point; null until the gateway listens (its own addresses are part of it).
    const UpstreamPolicy *upstreamPolicy() const { return m_upstreamPolicy.get(); }
    void addKey(const QByteArray &digest, const Caller &caller) { m_auth.addKey(digest, caller); }
    void removeKey(const QString &keyId) { m_auth.removeKey(keyId); }
    // The named operators' tokens, changed after each committed operator change.
    void addOperator(const QByteArray &digest, const AdminIdentity &identity) { m_auth.addOperator(digest, identity); }
    void removeOperator(const QString &operatorId) { m_auth.removeOperator(operatorId); }

    // In-flight request bookkeeping for the drain.
    void track(QObject *request);
    bool isDraining() const { return m_draining; }

    // Routes one exchange (from a listener, or in-process from GatewayService::call) through the
    // Router; takes it.
    void dispatch(HttpExchange *exchange, bool publicRoutes, bool adminRoutes);

Q_SIGNALS:
    // About once a second while listening: Metrics::snapshot() (the console's live feed and
    // GET /admin/events).
    void metricsSnapshot(const QJsonObject &snapshot);
    // The drain began: long-lived admin streams end now.
    void draining();

private:
    bool prepareDataDir(QString *error);
    bool loadSecrets(QString *error);
    bool seedIfFresh(class Database &db, QString *error);
    void maybeFinishDrain();

    GatewayConfig m_config;
    KeyDigest m_keyDigest;
    Authenticator m_auth;
    QRandomGenerator m_rng;
    QString m_epoch;
    qint64 m_startedAtMs = QDateTime::currentMSecsSinceEpoch();
    QByteArray m_instanceMark;
    RefusalGate m_refusals;
    QThreadPool *m_intakePool = nullptr;
    std::shared_ptr<const UpstreamPolicy> m_upstreamPolicy;
    ProxySettings m_proxies; // HTTP_PROXY, HTTPS_PROXY, NO_PROXY as the gateway started with them
    std::unique_ptr<StoreWriter> m_store;
    UpstreamClient *m_upstream = nullptr;
    std::unique_ptr<Router> m_router;
    CircuitBreakers m_breakers;
    Metrics m_metrics;
    Keychain *m_keychain;
    QList<Channel> m_channels; // what the snapshot was last built from
    void rebuildSnapshot(bool retryKeychain);
    // A channel's secret (or its proxy's credentials) for the snapshot; empty, with the reason
    // in runtime->unavailableReason, when it cannot be read (runtime->pending while the keychain
    // has not answered yet).
    QByteArray readSecret(const QString &ref, bool retryKeychain, ChannelRuntime *runtime);
    QList<HttpListener *> m_listeners;
    std::unique_ptr<ConnectionTable> m_connections; // every listener's client connections
    SnapshotPtr m_snapshot;
    QSet<QObject *> m_inFlight;
    std::function<void()> m_drainDone;
    bool m_draining = false;
    QTimer *m_metricsTimer = nullptr;
    QTimer *m_pruneTimer = nullptr;
    HoldBook m_holds;
    LimitBook m_limits;
    QTimer *m_holdWriteTimer = nullptr;
    int m_settlesRetrying = 0;
    // When each settlement now with the writer was submitted (steady clock, ms), oldest first:
    // the writer commits and answers in order.
    std::deque<qint64> m_settlesQueued;
    void writeLongHolds();
    // A hold taken for a request that went away before it could use it.
    void abandonHold(qint64 holdId);
    // The hold's end is committed (or it was never written): its budget and book entry go.
    void releaseHold(qint64 holdId, qint64 debitMicros, bool leaseCharged);
    LeaseKeeper *m_leases = nullptr;
    // Configuration another instance changed: channels, keys, limits and operators read again.
    void reloadConfig(const QString &version);
    // What open() and reloadConfig() take from the database.
    struct ConfigLoad;
    static bool loadConfig(Database &db, ConfigLoad *load, QString *error);
    void applyConfig(const ConfigLoad &load);
    // Finished requests for one settle job (Settlement::writeMany) and their metrics samples.
    // They gather in the inbox until the job, queued with the first of them, runs and takes every
    // one there (taken), so that writeMany can write them together.
    struct SettleBatch
    {
        std::vector<SettlementRecord> records;
        std::vector<RequestSample> samples;
        bool taken = false;
    };
    struct SettleInbox
    {
        QMutex mutex;
        SettleBatch pending;
    };
    const std::shared_ptr<SettleInbox> m_settleInbox = std::make_shared<SettleInbox>();
    void queueSettlement(SettlementRecord &&record, RequestSample &&sample);
    void submitSettlements(std::shared_ptr<SettleBatch> batch);
    qint64 retentionCutoff() const;
};

// Writes a small JSON or text response; shared by the handlers.
void respondJson(HttpExchange *exchange, int status, const QJsonObject &body);
// An error in the envelope of the protocol the path speaks (OpenAI's on /v1/chat/completions,
// Anthropic's elsewhere); the exchange is deleted soon after.
void respondError(HttpExchange *exchange, const ApiError &error, const HeaderPairs &extra = {});

} // namespace bytespike
