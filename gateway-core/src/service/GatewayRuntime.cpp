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
#include "ledger/Settlement.h"
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
#include <QThreadPool>
#include <QTimer>
#include <chrono>

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

HoldBook::Reservation GatewayRuntime::reserveHold(
    const Caller &caller, const QString &requestId, const QString &endpoint, qint64 priceVersion, qint64 amountMicros)
{
    if (ledgerBehind())
        return HoldBook::Reservation {HoldBook::Reservation::Outcome::LedgerBehind, 0, 0, {}};
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    // The key's budget first, then the balance: both reserve the same amount, and a refusal by
    // the second gives back what the first took.
    bool budgetReserved = false;
    QString budgetRefusal;
    if (!m_limits.empty()
        && !m_limits.reserveBudget(caller.keyId, amountMicros, now, &budgetReserved, &budgetRefusal)) {
        m_metrics.limitRefused(LimitBook::Refusal::Budget, caller.keyId, caller.customerId);
        return HoldBook::Reservation {HoldBook::Reservation::Outcome::KeyBudget, 0, 0, budgetRefusal};
    }
    const HoldBook::Reservation reserved
        = m_holds.reserve(caller.customerId, requestId, endpoint, priceVersion, amountMicros, m_epoch, now);
    if (reserved.outcome != HoldBook::Reservation::Outcome::Ok && budgetReserved)
        m_limits.budgetResolved(caller.keyId, amountMicros, 0, now);
    if (reserved.outcome == HoldBook::Reservation::Outcome::Ok) {
        m_holds.setKey(reserved.holdId, caller.keyId, budgetReserved);
        if (!m_holdWriteTimer) {
            m_holdWriteTimer = new QTimer(this);
            m_holdWriteTimer->setInterval(std::max(10, m_config.holdWriteDelayMs / 4));
            connect(m_holdWriteTimer, &QTimer::timeout, this, &GatewayRuntime::writeLongHolds);
        }
        if (!m_holdWriteTimer->isActive())
            m_holdWriteTimer->start();
    }
    return reserved;
}

void GatewayRuntime::writeLongHolds()
{
    const QList<HoldBook::Hold> due
        = m_holds.takeUnwrittenBefore(QDateTime::currentMSecsSinceEpoch() - m_config.holdWriteDelayMs);
    if (!due.isEmpty()) {
        m_store->post(
            [due](Database &db) {
                QString error;
                if (!Ledger::writePending(db, due, &error))
                    qCWarning(lcGateway).noquote()
                        << "cannot write" << due.size() << "open hold(s) as pending:" << error;
            },
            StoreWriter::Pace::Batched);
    }
    if (!m_holds.hasUnwritten())
        m_holdWriteTimer->stop();
}

void GatewayRuntime::settle(SettlementRecord &&record, RequestSample &&sample)
{
    // Shared, not copied: the completion travels through the writer and the syncer threads, and
    // needs the job only to try it again.
    settleShared(std::make_shared<SettleJob>([record = std::move(record), sample = std::move(sample)](Database &db) {
        const SettlementResult written = Settlement::write(db, record);
        Settled settled;
        settled.holdId = written.holdId;
        settled.debitMicros = written.debitMicros;
        settled.retry = written.retry;
        settled.error = written.error;
        settled.sample = sample;
        settled.sample.billed = written.billed;
        if (written.billed) {
            const TokenCounts &usage = record.resolution.usage;
            settled.sample.inputTokens = usage.input + usage.cacheWrite + usage.cacheRead;
            settled.sample.outputTokens = usage.output;
            settled.sample.spendMicros = written.debitMicros;
        }
        return settled;
    }));
}

namespace {
qint64 steadyMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}
} // namespace

bool GatewayRuntime::ledgerBehind() const
{
    return !m_settlesQueued.empty() && steadyMs() - m_settlesQueued.front() > m_config.settleBacklogMs;
}

void GatewayRuntime::settleShared(std::shared_ptr<SettleJob> job)
{
    m_settlesQueued.push_back(steadyMs());
    m_store->submit<Settled>(
        this, [job](Database &db) { return (*job)(db); },
        [this, job](Settled settled) {
            m_settlesQueued.pop_front();
            if (settled.retry) {
                // Nothing was written; the hold stays reserved and no new one is taken until the
                // ledger can record this request again.
                if (!m_holds.failing())
                    qCCritical(lcGateway).noquote() << "the ledger cannot record a finished request, refusing new"
                                                    << "requests until it can:" << settled.error;
                m_holds.setFailing(true);
                ++m_settlesRetrying;
                QTimer::singleShot(1000, this, [this, job] {
                    --m_settlesRetrying;
                    settleShared(job);
                });
                return;
            }
            if (m_settlesRetrying == 0 && m_holds.failing()) {
                qCWarning(lcGateway) << "the ledger records again; taking requests";
                m_holds.setFailing(false);
            }
            if (settled.holdId) {
                const HoldBook::Hold *hold = m_holds.find(settled.holdId);
                if (hold && hold->budgetReserved)
                    m_limits.budgetResolved(
                        hold->keyId, hold->amountMicros, settled.debitMicros, QDateTime::currentMSecsSinceEpoch());
                m_holds.resolved(settled.holdId, settled.debitMicros);
            }
            m_metrics.record(settled.sample);
        },
        StoreWriter::Wait::Durable, StoreWriter::Pace::Batched);
}

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

bool GatewayRuntime::loadKeys(Database &db, QString *error)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const ApiKeyRecord &key : CustomerStore::loadActiveKeys(db, error)) {
        m_auth.addKey(key.digest, Caller {key.customerId, key.id});
        m_limits.setKey(key.id, key.customerId, key.limits);
        const qint64 periodStart = LimitBook::periodStartMs(key.limits.budgetPeriod, now);
        qint64 spent = 0;
        if (key.limits.budgetMicros && !CustomerStore::keySpentSince(db, key.id, periodStart, &spent, error))
            return false;
        m_limits.setBudgetSpent(key.id, periodStart, spent);
    }
    if (!error->isEmpty())
        return false;
    for (const Customer &customer : CustomerStore::loadCustomers(db, error))
        m_limits.setCustomer(customer.id, customer.limits);
    return error->isEmpty();
}

bool GatewayRuntime::seedIfFresh(Database &db, QString *error)
{
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
    if (!db->open(location, error, -1, {m_config.dbBusyTimeoutMs, m_config.dbMaxPages}) || !db->claimSoleInstance(error)
        || !seedIfFresh(*db, error))
        return false;
    // Holds left pending by an earlier process (a crash, a kill) are voided before the listener
    // opens: the customer is never billed for what may not have arrived.
    const int reaped = Ledger::reap(*db, m_epoch, error);
    if (reaped < 0)
        return false;
    if (reaped > 0)
        qCWarning(lcGateway) << "start-up reaper voided" << reaped << "hold(s) left pending by an earlier process";
    const qint64 pruned = RequestLog::prune(*db, retentionCutoff(), error);
    if (pruned < 0)
        return false;
    if (pruned > 0)
        qCInfo(lcGateway) << "pruned" << pruned << "request log row(s) older than" << m_config.requestRetentionDays
                          << "day(s)";
    const QList<Channel> channels = ChannelStore::loadAll(*db, error);
    if (!error->isEmpty())
        return false;
    setChannels(channels);
    if (!loadKeys(*db, error))
        return false;
    for (const OperatorTokenRecord &op : OperatorStore::loadActive(*db, error))
        m_auth.addOperator(op.digest, AdminIdentity {op.name, op.role, op.id});
    if (!error->isEmpty())
        return false;
    QHash<QString, qint64> balances;
    qint64 nextHoldId = 1;
    if (!Ledger::loadBalances(*db, &balances, &nextHoldId, error))
        return false;
    m_holds.reset(std::move(balances), nextHoldId);
    m_store = std::make_unique<StoreWriter>(
        std::move(db), m_config.ledgerSynchronousFull ? StoreWriter::Sync::Full : StoreWriter::Sync::Split);
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
        auto done = std::move(m_drainDone);
        m_drainDone = nullptr;
        QTimer::singleShot(0, this, [done] { done(); });
    }
}

} // namespace bytespike
