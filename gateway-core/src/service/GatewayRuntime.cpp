#include "GatewayRuntime.h"

#include "secrets/Keychain.h"
#include "store/RequestLog.h"

#include "ChannelCall.h"
#include "MessagesExchange.h"
#include "Router.h"
#include "base/Ids.h"
#include "http/ConnectionTable.h"
#include "http/HttpExchange.h"
#include "http/HttpListener.h"
#include "ledger/Ledger.h"
#include "loop/TurnEnd.h"
#include "protocol/ClientText.h"
#include "protocol/openai/ChatResponse.h"
#include "routing/UpstreamPolicy.h"
#include "secrets/SecretResolver.h"
#include "store/ChannelStore.h"
#include "store/CustomerStore.h"
#include "store/Database.h"
#include "store/Migrations.h"
#include "store/OperatorStore.h"
#include "store/StoreWriter.h"
#include "store/UnitOfWork.h"
#include "upstream/SimulatorCall.h"
#include "upstream/UpstreamClient.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QScopeGuard>
#include <QThreadPool>
#include <QTimer>

Q_LOGGING_CATEGORY(lcGateway, "bytespike.gateway")

namespace bytespike {

namespace {

constexpr auto kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

// Reads DATA_DIR/name, creating it (mode 0600) with make() when absent.
bool readOrCreateSecretFile(
    const QString &path, const std::function<QByteArray()> &make, QByteArray *value, bool *created, QString *error)
{
    QFile file(path);
    *created = false;
    if (file.exists()) {
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read %1").arg(path);
            return false;
        }
        *value = file.readAll().trimmed();
        if (value->isEmpty()) {
            *error = QStringLiteral("%1 is empty").arg(path);
            return false;
        }
        return true;
    }
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
        *error = QStringLiteral("cannot create %1").arg(path);
        return false;
    }
    file.setPermissions(kOwnerOnly);
    *value = make();
    if (file.write(*value + '\n') < 0 || !file.flush()) {
        *error = QStringLiteral("cannot write %1").arg(path);
        return false;
    }
    *created = true;
    return true;
}

QString urlFor(const QString &host, quint16 port)
{
    const bool v6 = host.contains(QLatin1Char(':'));
    return QStringLiteral("http://%1:%2").arg(v6 ? QLatin1Char('[') + host + QLatin1Char(']') : host).arg(port);
}

} // namespace

void respondJson(HttpExchange *exchange, int status, const QJsonObject &body)
{
    exchange->respond(status, "application/json", QJsonDocument(body).toJson(QJsonDocument::Compact));
    deleteSoon(exchange);
}

void respondError(HttpExchange *exchange, const ApiError &error, const HeaderPairs &extra)
{
    const bool openAi = exchange->path() == QLatin1String("/v1/chat/completions");
    exchange->respond(error.status, "application/json",
        openAi ? ChatResponse::errorBody(error) : error.envelope(exchange->requestId()), extra);
    deleteSoon(exchange);
}

GatewayRuntime::GatewayRuntime(const GatewayConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_auth(m_keyDigest)
    , m_rng(QRandomGenerator::securelySeeded())
    , m_epoch(QString::fromLatin1(Ids::randomToken(16)))
    , m_instanceMark(Ids::randomToken(16))
    , m_breakers(config.breakerFailures, config.breakerCooldownMs)
    , m_metrics(config.metricsEnabled)
    , m_keychain(new Keychain(this))
{
    m_metrics.setHoldBook(&m_holds);
    connect(m_keychain, &Keychain::changed, this, [this] { rebuildSnapshot(false); });
}

GatewayRuntime::~GatewayRuntime()
{
    if (m_intakePool)
        m_intakePool->waitForDone();
    qDeleteAll(m_listeners);
    m_listeners.clear();
    m_store.reset();
}

bool GatewayRuntime::prepareDataDir(QString *error)
{
    QDir dir(m_config.dataDir);
    if (!dir.exists() && !dir.mkpath(QStringLiteral("."))) {
        *error = QStringLiteral("cannot create data directory %1").arg(m_config.dataDir);
        return false;
    }
    QFile::setPermissions(m_config.dataDir, kOwnerOnly | QFileDevice::ExeOwner);
    return true;
}

bool GatewayRuntime::loadSecrets(QString *error)
{
    QByteArray pepper;
    bool created = false;
    if (!readOrCreateSecretFile(
            m_config.dataDir + QStringLiteral("/key-pepper"), []() -> QByteArray { return Ids::randomToken(48); },
            &pepper, &created, error))
        return false;
    m_keyDigest = KeyDigest(pepper);

    QByteArray adminToken = qgetenv("BYTESPIKE_ADMIN_TOKEN").trimmed();
    if (adminToken.isEmpty()) {
        const QString path = m_config.dataDir + QStringLiteral("/admin-token");
        if (!readOrCreateSecretFile(
                path, []() -> QByteArray { return "bsa-" + Ids::randomToken(40); }, &adminToken, &created, error))
            return false;
        qCInfo(lcGateway).noquote() << (created ? "admin token generated at" : "admin token read from") << path;
    } else {
        qCInfo(lcGateway) << "admin token taken from BYTESPIKE_ADMIN_TOKEN";
    }
    m_auth.setAdminTokenDigest(m_keyDigest.digest(adminToken));
    return true;
}

struct GatewayRuntime::ConfigLoad
{
    struct Key
    {
        ApiKeyRecord record;
        qint64 periodStartMs = 0;
        qint64 spentMicros = 0; // the key's debits in its budget's period so far
    };
    QList<Channel> channels;
    QList<Key> keys;
    QList<Customer> customers;
    QList<OperatorTokenRecord> operators;
};

bool GatewayRuntime::loadConfig(Database &db, ConfigLoad *load, QString *error)
{
    load->channels = ChannelStore::loadAll(db, error);
    if (!error->isEmpty())
        return false;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const ApiKeyRecord &key : CustomerStore::loadActiveKeys(db, error)) {
        ConfigLoad::Key loaded {key, LimitBook::periodStartMs(key.limits.budgetPeriod, now), 0};
        if (key.limits.budgetMicros
            && !CustomerStore::keySpentSince(db, key.id, loaded.periodStartMs, &loaded.spentMicros, error))
            return false;
        load->keys.append(loaded);
    }
    if (!error->isEmpty())
        return false;
    load->customers = CustomerStore::loadCustomers(db, error);
    if (error->isEmpty())
        load->operators = OperatorStore::loadActive(db, error);
    return error->isEmpty();
}

void GatewayRuntime::applyConfig(const ConfigLoad &load)
{
    setChannels(load.channels);
    QHash<QByteArray, Caller> keys;
    QSet<QString> keyIds;
    for (const ConfigLoad::Key &key : load.keys) {
        const ApiKeyRecord &r = key.record;
        keys.insert(r.digest, Caller {r.customerId, r.id});
        keyIds.insert(r.id);
        // A key this instance already follows keeps the budget it has counted (with its open holds).
        const bool known = m_limits.hasKey(r.id);
        m_limits.setKey(r.id, r.customerId, r.limits);
        if (!known)
            m_limits.setBudgetSpent(r.id, key.periodStartMs, key.spentMicros);
    }
    for (const QString &gone : m_auth.keyIds()) {
        if (!keyIds.contains(gone))
            m_limits.removeKey(gone);
    }
    m_auth.setKeys(std::move(keys));
    for (const Customer &customer : load.customers) {
        m_limits.setCustomer(customer.id, customer.limits);
        m_holds.addCustomer(customer.id);
    }
    QHash<QByteArray, AdminIdentity> operators;
    for (const OperatorTokenRecord &op : load.operators)
        operators.insert(op.digest, AdminIdentity {op.name, op.role, op.id});
    m_auth.setOperators(std::move(operators));
}

void GatewayRuntime::reloadConfig(const QString &version)
{
    struct Loaded
    {
        ConfigLoad load;
        QString error;
    };
    m_store->submit<std::shared_ptr<Loaded>>(
        this,
        [](Database &db) {
            auto loaded = std::make_shared<Loaded>();
            loadConfig(db, &loaded->load, &loaded->error);
            return loaded;
        },
        [this, version](const std::shared_ptr<Loaded> &loaded) {
            if (!loaded->error.isEmpty()) {
                // The version is not taken: the next check tries again.
                qCWarning(lcGateway).noquote() << "cannot reload the configuration:" << loaded->error;
                return;
            }
            applyConfig(loaded->load);
            m_leases->setConfigVersion(version);
            qCInfo(lcGateway).noquote() << "configuration version" << version << "loaded";
        },
        StoreWriter::Wait::Committed, StoreWriter::Pace::Now);
}

bool GatewayRuntime::seedIfFresh(Database &db, QString *error)
{
    // Instances started together on a new PostgreSQL database seed it once: the others wait for
    // the first (the migrations' lock, held for the session here) and then find it seeded.
    const bool shared = db.engine() == Database::Engine::Postgres;
    if (shared && !db.exec("SELECT pg_advisory_lock(7461797065)", error))
        return false;
    const auto unlock = qScopeGuard([&db, shared] {
        if (shared)
            db.exec("SELECT pg_advisory_unlock(7461797065)");
    });
    if (Migrations::isSeeded(db))
        return true;

    // The demo key file is written first: if the process dies before the commit, the next start
    // seeds again with a new key and overwrites nothing that a customer holds.
    const QString demoKey = Ids::newCustomerKey();
    const QString keyPath = m_config.dataDir + QStringLiteral("/demo-key");
    QFile keyFile(keyPath);
    if (!keyFile.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        *error = QStringLiteral("cannot write %1").arg(keyPath);
        return false;
    }
    keyFile.setPermissions(kOwnerOnly);
    keyFile.write(demoKey.toLatin1() + '\n');
    keyFile.close();

    Channel simulator;
    simulator.id = QStringLiteral("simulator");
    simulator.name = QStringLiteral("Built-in simulator");
    simulator.protocol = ChannelProtocol::Simulator;
    for (const QString &model : SimulatorCall::simulatorModels())
        simulator.models.append(ModelRoute {model, model, 3000000, 15000000, 3750000, 300000});
    if (!ChannelStore::insert(db, &simulator, QStringLiteral("first start"), error))
        return false;

    const QString customerId = QStringLiteral("cus_demo");
    LedgerEntryRecord entry;
    const QByteArray digest = m_keyDigest.digest(demoKey.toLatin1());
    const auto seed = [&] {
        return CustomerStore::insertCustomer(db, customerId, QStringLiteral("Demo customer"), error)
            && CustomerStore::insertKey(db,
                KeyRow {QStringLiteral("key_demo"), customerId, QStringLiteral("demo"), digest,
                    demoKey.left(8) + QStringLiteral("..."), {}},
                error)
            && Migrations::markSeeded(db, error);
    };
    UnitOfWork work(db);
    const bool ok = work.begun(error) && seed() && work.commit(error);
    if (!ok || !CustomerStore::addCredit(db, customerId, 5000000, QStringLiteral("Demo credit"), &entry, error))
        return false;
    qCInfo(lcGateway).noquote()
        << "fresh data directory: created the simulator channel and the demo customer; demo key at" << keyPath;
    return true;
}

bool GatewayRuntime::open(QString *error)
{
    if (!prepareDataDir(error) || !loadSecrets(error) || !ProxySettings::fromEnvironment(&m_proxies, error))
        return false;
    // SQLite gives the -wal and -shm files the main file's mode, so creating it 0600 first keeps
    // all three private.
    const QString location = m_config.databaseLocation();
    if (Database::engineOf(location) == Database::Engine::Sqlite && !QFile::exists(location)) {
        QFile file(location);
        if (file.open(QIODevice::WriteOnly | QIODevice::NewOnly))
            file.setPermissions(kOwnerOnly);
    }
    auto db = std::make_unique<Database>();
    // An instance frozen inside a transaction must not hold the rows it locked (a customer's,
    // its instance row) for longer than the others wait for a lock or its lease lives: the
    // server ends its session well before either, and the reaper can then end its lease.
    const int idleInTransactionMs = std::min(m_config.dbBusyTimeoutMs, m_config.leaseTtlMs) / 2;
    if (!db->open(location, error, -1, {m_config.dbBusyTimeoutMs, m_config.dbMaxPages, idleInTransactionMs})
        || !seedIfFresh(*db, error))
        return false;
    // Holds left pending by an earlier process (a crash, a kill) are voided before the listener
    // opens: the customer is never billed for what may not have arrived. On PostgreSQL, which
    // several instances may share, only those of instances that stopped (LeaseKeeper::open).
    qint64 firstHoldId = 0;
    if (db->engine() == Database::Engine::Postgres) {
        m_leases = new LeaseKeeper(*this);
        if (!m_leases->open(*db, &firstHoldId, error))
            return false;
    } else {
        const int reaped = Ledger::reap(*db, m_epoch, error);
        if (reaped < 0)
            return false;
        if (reaped > 0)
            qCWarning(lcGateway) << "start-up reaper voided" << reaped << "hold(s) left pending by an earlier process";
    }
    const qint64 pruned = RequestLog::prune(*db, retentionCutoff(), error);
    if (pruned < 0)
        return false;
    if (pruned > 0)
        qCInfo(lcGateway) << "pruned" << pruned << "request log row(s) older than" << m_config.requestRetentionDays
                          << "day(s)";
    ConfigLoad config;
    if (!loadConfig(*db, &config, error))
        return false;
    QHash<QString, qint64> balances;
    qint64 nextHoldId = 1;
    if (!Ledger::loadBalances(*db, &balances, &nextHoldId, error))
        return false;
    m_holds.reset(std::move(balances), std::max(nextHoldId, firstHoldId));
    applyConfig(config);
    m_store = std::make_unique<StoreWriter>(
        std::move(db), m_config.ledgerSynchronousFull ? StoreWriter::Sync::Full : StoreWriter::Sync::Split);
    if (m_leases) {
        connect(m_leases, &LeaseKeeper::configChanged, this, &GatewayRuntime::reloadConfig);
        m_leases->start(location);
    }
    m_upstream = new UpstreamClient(this);
    m_router = std::make_unique<Router>(*this);
    return true;
}

bool GatewayRuntime::listen(QString *publicUrl, QString *adminUrl, QString *error)
{
    if (!m_pruneTimer) {
        // The request log's retention, hourly after the start-up pass.
        m_pruneTimer = new QTimer(this);
        m_pruneTimer->setInterval(60 * 60 * 1000);
        connect(m_pruneTimer, &QTimer::timeout, this, [this] {
            const qint64 cutoff = retentionCutoff();
            m_store->post([cutoff](Database &db) {
                QString why;
                RequestLog::prune(db, cutoff, &why);
            });
        });
        m_pruneTimer->start();
    }
    if (!m_metricsTimer) {
        m_metricsTimer = new QTimer(this);
        m_metricsTimer->setInterval(1000);
        connect(m_metricsTimer, &QTimer::timeout, this, [this] { Q_EMIT metricsSnapshot(m_metrics.snapshot(false)); });
        m_metricsTimer->start();
    }
    if (!m_connections) {
        const qint64 descriptors = GatewayConfig::raiseDescriptorLimit();
        m_connections = std::make_unique<ConnectionTable>(m_config.effectiveMaxConnections());
        qCInfo(lcGateway) << "at most" << m_connections->maxConnections() << "client connections (descriptor limit"
                          << descriptors << ")";
    }
    ClientLimits limits;
    limits.maxBodyBytes = m_config.maxBodyBytes;
    limits.headerTimeoutMs = m_config.clientHeaderTimeoutMs;
    limits.bodyTimeoutMs = m_config.clientBodyTimeoutMs;
    limits.keepAliveTimeoutMs = m_config.keepAliveTimeoutMs;
    limits.sendTimeoutMs = m_config.sendTimeoutMs;
    auto open = [&](const QString &host, quint16 port, bool publicRoutes, bool adminRoutes, QString *url) {
        auto *listener
            = new HttpListener([this, publicRoutes, adminRoutes](
                                   HttpExchange *exchange) { dispatch(exchange, publicRoutes, adminRoutes); },
                limits, m_connections.get(), this);
        const quint16 bound = listener->listen(QHostAddress(host), port, error);
        if (bound == 0) {
            delete listener;
            return false;
        }
        m_listeners.append(listener);
        *url = urlFor(host, bound);
        return true;
    };
    if (!open(m_config.listenHost, m_config.listenPort, true, !m_config.separateAdmin, publicUrl))
        return false;
    if (m_config.separateAdmin) {
        if (!open(m_config.adminHost, m_config.adminPort, false, true, adminUrl))
            return false;
    } else {
        *adminUrl = *publicUrl;
    }
    // Channels may not point at these listeners (nor at metadata and link-local addresses).
    QList<QPair<QHostAddress, quint16>> own;
    for (const HttpListener *listener : std::as_const(m_listeners))
        own.append({listener->address(), listener->port()});
    m_upstreamPolicy
        = std::make_shared<const UpstreamPolicy>(m_config.upstreamAllow, m_config.upstreamDenyPrivate, std::move(own));
    m_upstream->setPolicy(m_upstreamPolicy);
    return true;
}

qint64 GatewayRuntime::retentionCutoff() const
{
    return QDateTime::currentMSecsSinceEpoch() - qint64(m_config.requestRetentionDays) * 24 * 60 * 60 * 1000;
}

void GatewayRuntime::setChannels(const QList<Channel> &channels)
{
    // An edited channel gets a fresh breaker: the operator may just have fixed it.
    for (const Channel &channel : channels) {
        const auto previous = std::find_if(
            m_channels.cbegin(), m_channels.cend(), [&](const Channel &c) { return c.id == channel.id; });
        if (previous == m_channels.cend() || !(*previous == channel))
            m_breakers.reset(channel.id);
    }
    m_channels = channels;
    rebuildSnapshot(true);
}

void GatewayRuntime::rebuildSnapshot(bool retryKeychain)
{
    QList<ChannelRuntime> runtimes;
    for (const Channel &channel : std::as_const(m_channels)) {
        ChannelRuntime runtime;
        runtime.channel = channel;
        QByteArray proxyCredentials;
        if (channel.protocol != ChannelProtocol::Simulator) {
            runtime.secret = readSecret(channel.secretRef, retryKeychain, &runtime);
            if (!channel.proxySecretRef.isEmpty() && runtime.unavailableReason.isEmpty()) {
                proxyCredentials = readSecret(channel.proxySecretRef, retryKeychain, &runtime);
                if (!runtime.unavailableReason.isEmpty())
                    runtime.unavailableReason.prepend(QStringLiteral("proxy_secret_ref: "));
            }
        }
        setUpstreamTargets(&runtime, m_proxies, proxyCredentials);
        runtimes.append(runtime);
    }
    m_snapshot = std::make_shared<const RoutingSnapshot>(std::move(runtimes));
}

QByteArray GatewayRuntime::readSecret(const QString &ref, bool retryKeychain, ChannelRuntime *runtime)
{
    if (ref.startsWith(QLatin1String("keychain:"))) {
        const Keychain::Entry entry = m_keychain->lookup(ref.mid(9), retryKeychain);
        const bool ok = entry.state == Keychain::Entry::State::Ok;
        runtime->pending = runtime->pending || entry.state == Keychain::Entry::State::Pending;
        if (ok && SecretResolver::validValue(entry.secret))
            return entry.secret;
        runtime->unavailableReason = ok ? SecretResolver::invalidCharacters() : entry.error;
        return {};
    }
    const SecretResolver::Result secret = SecretResolver::resolve(ref, m_config.dataDir);
    if (!secret.ok)
        runtime->unavailableReason = secret.error;
    return secret.ok ? secret.secret : QByteArray();
}

bool GatewayRuntime::noteRefused(const HttpExchange &exchange, Metrics::RefusedFor refusal)
{
    m_metrics.refused(refusal);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    qint64 leftOut = 0;
    if (m_refusals.admitLine(now, &leftOut))
        qCInfo(lcGateway).noquote() << exchange.requestId() << ClientText::quote(exchange.path())
                                    << "refused:" << Metrics::refusalName(refusal)
                                    << (leftOut > 0 ? QStringLiteral("(%1 more refusal(s) not logged)").arg(leftOut)
                                                    : QString());
    const bool row = m_refusals.admitRow(now);
    if (!row)
        m_metrics.unlogged(Metrics::Sampled);
    return row;
}

void GatewayRuntime::recordUnlogged(const RequestSample &sample, Metrics::Unlogged why)
{
    if (why != Metrics::Sampled) // a sampled-out refusal was counted when it was refused
        m_metrics.unlogged(why);
    m_metrics.record(sample);
}

QThreadPool &GatewayRuntime::intakePool()
{
    if (!m_intakePool) {
        m_intakePool = new QThreadPool(this);
        m_intakePool->setMaxThreadCount(std::max(1, QThread::idealThreadCount()));
        m_intakePool->setObjectName(QStringLiteral("bytespike-intake"));
    }
    return *m_intakePool;
}

void GatewayRuntime::track(QObject *request)
{
    m_inFlight.insert(request);
    connect(request, &QObject::destroyed, this, [this, request] {
        m_inFlight.remove(request);
        maybeFinishDrain();
    });
}

void GatewayRuntime::dispatch(HttpExchange *exchange, bool publicRoutes, bool adminRoutes)
{
    m_router->dispatch(exchange, publicRoutes, adminRoutes);
}

void GatewayRuntime::drain(std::function<void()> done)
{
    m_draining = true;
    if (m_metricsTimer)
        m_metricsTimer->stop();
    Q_EMIT draining();
    m_drainDone = std::move(done);
    for (HttpListener *listener : std::as_const(m_listeners))
        listener->stopAccepting();
    QTimer::singleShot(m_config.drainGraceMs, this, [this] {
        const auto requests = m_inFlight.values();
        for (QObject *request : requests) {
            if (auto *messages = qobject_cast<MessagesExchange *>(request))
                messages->cancel(QStringLiteral("the gateway is shutting down"));
        }
    });
    maybeFinishDrain();
}

void GatewayRuntime::maybeFinishDrain()
{
    if (m_draining && m_inFlight.isEmpty() && m_drainDone) {
        if (m_leases)
            m_leases->retire();
        auto done = std::move(m_drainDone);
        m_drainDone = nullptr;
        QTimer::singleShot(0, this, [done] { done(); });
    }
}

} // namespace bytespike
