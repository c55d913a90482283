#include "LeaseKeeper.h"

#include "GatewayRuntime.h"
#include "store/Database.h"
#include "store/PostgresListener.h"
#include "store/StoreWriter.h"

#include <QCoreApplication>
#include <QDir>
#include <QHostInfo>
#include <QLoggingCategory>
#include <QTimer>

Q_DECLARE_LOGGING_CATEGORY(lcGateway)

namespace bytespike {

namespace {

const char *const kConfigChannel = "bytespike_config";
const char *const kRecallChannel = "bytespike_recall";
const char *const kRecalledChannel = "bytespike_recalled";
// How long a refused hold waits at most for the recalled instances' answers (one that is frozen
// or cut off never answers).
constexpr int kRecallWaitMs = 1000;

QString configVersion(Database &db, QString *error)
{
    Statement st = db.prepare("SELECT value FROM meta WHERE key = 'config_version'");
    const QString version = st.next() ? st.text(0) : QString();
    if (!st.error().isEmpty())
        *error = st.error();
    return version;
}

} // namespace

LeaseKeeper::LeaseKeeper(GatewayRuntime &runtime)
    : QObject(&runtime)
    , m_runtime(runtime)
    , m_holds(runtime.holds())
    , m_ttlMs(runtime.config().leaseTtlMs)
{ }

LeaseKeeper::~LeaseKeeper()
{
    if (m_listener)
        m_listener->stop();
}

bool LeaseKeeper::open(Database &db, qint64 *firstHoldId, QString *error)
{
    m_self.id = m_runtime.epoch();
    // The host and the data directory: a restart of the same installation has the same name.
    const QString name
        = QHostInfo::localHostName().left(64) + QLatin1Char(':') + QDir(m_runtime.config().dataDir).canonicalPath();
    m_self.name = name.left(256);
    m_self.version = QCoreApplication::applicationVersion().left(32);
    if (m_self.version.isEmpty())
        m_self.version = QStringLiteral("unknown");
    if (!Leases::registerInstance(db, &m_self, error))
        return false;
    const int reaped = Leases::reap(db, staleMs(), error);
    if (reaped < 0)
        return false;
    if (reaped > 0)
        qCWarning(lcGateway) << "the reaper ended" << reaped << "lease(s) and hold(s) left by stopped instances";
    m_configVersion = configVersion(db, error);
    *firstHoldId = (m_self.number << 40) + 1;
    m_holds.setLeased(true);
    return error->isEmpty();
}

void LeaseKeeper::start(const QString &location)
{
    m_listener = new PostgresListener(location,
        {QLatin1String(kConfigChannel), QLatin1String(kRecallChannel), QLatin1String(kRecalledChannel)}, this);
    connect(m_listener, &PostgresListener::notified, this, &LeaseKeeper::onNotified);
    connect(m_listener, &PostgresListener::connected, this, &LeaseKeeper::checkConfigVersion);
    m_listener->start();
    m_timer = new QTimer(this);
    m_timer->setInterval(int(m_ttlMs / 3));
    connect(m_timer, &QTimer::timeout, this, &LeaseKeeper::tick);
    m_timer->start();
}

void LeaseKeeper::wait(HoldRequest &&request)
{
    const QString customerId = request.caller.customerId;
    m_waiting[customerId].push_back(std::move(request));
    if (!m_asking.contains(customerId))
        ask(customerId, false);
}

void LeaseKeeper::ask(const QString &customerId, bool recalled)
{
    const auto queue = m_waiting.constFind(customerId);
    if (queue == m_waiting.cend() || queue->empty()) {
        m_waiting.remove(customerId);
        return;
    }
    const HoldRequest &front = queue->front();
    qint64 waitingMicros = 0;
    for (const HoldRequest &r : *queue)
        waitingMicros += r.amountMicros;
    const qint64 unused = m_holds.leaseUnused(customerId);
    Leases::Ask question;
    question.customerId = customerId;
    question.instance = m_self.id;
    question.needMicros = std::max<qint64>(1, front.amountMicros - unused);
    // Enough for every hold that waits, for twice the customer's recent demand over a renewal
    // period, and at least a handful of this one, within the instance's share.
    const qint64 demand = 2 * m_holds.recentDemand(customerId, m_ttlMs / 3);
    question.wantedMicros
        = std::max(question.needMicros, std::max({waitingMicros, demand, 4 * front.amountMicros}) - unused);
    question.ttlMs = m_ttlMs;
    question.staleMs = staleMs();
    question.direct = HoldBook::Hold {m_holds.takeHoldId(), customerId, front.requestId, front.endpoint,
        front.priceVersion, front.amountMicros, m_self.id, front.createdAtMs, true};
    m_asking.insert(customerId);
    const qint64 askedAt = HoldBook::leaseClockMs();
    m_runtime.store().submit<Leases::Answer>(
        this, [question](Database &db) { return Leases::acquire(db, question); },
        [this, customerId, recalled, askedAt, direct = question.direct](
            Leases::Answer answer) { answered(customerId, recalled, askedAt, direct, answer); },
        StoreWriter::Wait::Committed, StoreWriter::Pace::Now);
}

void LeaseKeeper::answered(const QString &customerId, bool recalled, qint64 askedAtMs, const HoldBook::Hold &direct,
    const Leases::Answer &answer)
{
    m_asking.remove(customerId);
    using Kind = Leases::Answer::Kind;
    switch (answer.kind) {
    case Kind::Lease:
        m_holds.leaseGranted(customerId, answer.leaseId, answer.grantedMicros, deadlineFrom(askedAtMs));
        break;
    case Kind::Direct: {
        // The hold asked for was the first waiting one's, which only this function takes away.
        auto &queue = m_waiting[customerId];
        Q_ASSERT(!queue.empty() && queue.front().requestId == direct.requestId);
        HoldRequest request = std::move(queue.front());
        queue.pop_front();
        m_holds.addDirect(direct);
        m_runtime.finishReservation(
            std::move(request), HoldBook::Reservation {HoldBook::Reservation::Outcome::Ok, direct.id, 0, {}});
        break;
    }
    case Kind::Insufficient:
        if (!answer.othersLeasing.isEmpty() && !recalled) {
            // Other instances hold leases of this customer: ask them for their unused parts and try
            // once more when they have all answered (at most once per question, so at most a few
            // lines a second).
            qCInfo(lcGateway).noquote() << "customer" << customerId
                                        << "needs more than is free: recalling the other instances' unused leases";
            m_runtime.store().post([self = m_self.id, customerId](Database &db) {
                QString error;
                if (!Leases::recall(db, self, customerId, &error))
                    qCWarning(lcGateway).noquote() << "cannot recall leases:" << error;
            });
            m_asking.insert(customerId);
            const quint64 serial = ++m_recallSerial;
            m_recalls.insert(
                customerId, Recall {QSet<QString>(answer.othersLeasing.cbegin(), answer.othersLeasing.cend()), serial});
            QTimer::singleShot(kRecallWaitMs, this, [this, customerId, serial] { recallEnded(customerId, serial); });
            return;
        }
        refuseWaiting(customerId, HoldBook::Reservation::Outcome::Insufficient,
            answer.freeMicros + m_holds.leaseUnused(customerId));
        break;
    case Kind::Failed:
        qCWarning(lcGateway).noquote() << "cannot ask the database for a lease:" << answer.error;
        refuseWaiting(customerId, HoldBook::Reservation::Outcome::LedgerFailing, 0);
        break;
    }
    serve(customerId);
    if (!m_asking.contains(customerId))
        ask(customerId, recalled && answer.kind == Kind::Insufficient);
}

void LeaseKeeper::recallEnded(const QString &customerId, quint64 serial)
{
    const auto recall = m_recalls.constFind(customerId);
    if (recall == m_recalls.cend() || recall->serial != serial)
        return; // ended already, by the answers or the wait
    m_recalls.erase(recall);
    m_asking.remove(customerId);
    ask(customerId, true);
}

void LeaseKeeper::serve(const QString &customerId)
{
    for (;;) {
        auto queue = m_waiting.find(customerId);
        if (queue == m_waiting.end() || queue->empty())
            return;
        HoldRequest &front = queue->front();
        const HoldBook::Reservation reserved = m_holds.reserve(customerId, front.requestId, front.endpoint,
            front.priceVersion, front.amountMicros, m_self.id, front.createdAtMs);
        if (reserved.outcome == HoldBook::Reservation::Outcome::NeedsLease)
            return;
        HoldRequest request = std::move(front);
        queue->pop_front();
        m_runtime.finishReservation(std::move(request), reserved);
    }
}

void LeaseKeeper::refuseWaiting(
    const QString &customerId, HoldBook::Reservation::Outcome outcome, qint64 availableMicros)
{
    // Holds that what is available could still cover wait for the next question.
    std::deque<HoldRequest> queue = std::move(m_waiting[customerId]);
    std::deque<HoldRequest> kept;
    for (HoldRequest &request : queue) {
        if (outcome == HoldBook::Reservation::Outcome::Insufficient && request.amountMicros <= availableMicros) {
            kept.push_back(std::move(request));
            continue;
        }
        m_runtime.finishReservation(std::move(request), HoldBook::Reservation {outcome, 0, availableMicros, {}});
    }
    m_waiting[customerId] = std::move(kept);
}

void LeaseKeeper::tick()
{
    if (m_retired)
        return;
    care(m_holds.leaseCare(HoldBook::leaseClockMs() - m_ttlMs));
    // The reaper on every pass: a stopped instance's unused lease is free within a TTL and a third.
    m_runtime.store().post([stale = staleMs()](Database &db) {
        QString error;
        const int ended = Leases::reap(db, stale, &error);
        if (ended < 0)
            qCWarning(lcGateway).noquote() << "the lease reaper failed:" << error;
        else if (ended > 0)
            qCInfo(lcGateway) << "the reaper ended" << ended << "lease(s) and hold(s) of stopped instances";
    });
    checkConfigVersion();
}

void LeaseKeeper::care(const QList<HoldBook::LeaseCare> &leases)
{
    QList<Leases::Keep> keeps;
    for (const HoldBook::LeaseCare &lease : leases) {
        using Action = Leases::Keep::Action;
        const Action action = lease.giveBack ? Action::Return : lease.shrinkMicros ? Action::Shrink : Action::Renew;
        keeps.append(Leases::Keep {lease.leaseId, lease.customerId, action, lease.shrinkMicros});
    }
    struct Kept
    {
        QList<qint64> lost;
        QString error;
    };
    const qint64 askedAt = HoldBook::leaseClockMs();
    m_runtime.store().submit<Kept>(
        this,
        [self = m_self.id, ttl = m_ttlMs, keeps](Database &db) {
            Kept kept;
            if (!Leases::keep(db, self, ttl, keeps, &kept.lost, &kept.error) && kept.error.isEmpty())
                kept.error = QStringLiteral("unknown error");
            return kept;
        },
        [this, keeps, askedAt](Kept kept) {
            if (!kept.error.isEmpty()) {
                // Nothing was renewed: the leases run out at their deadlines, and no hold is taken
                // on them after that.
                qCWarning(lcGateway).noquote() << "cannot renew the leases:" << kept.error;
                return;
            }
            for (const Leases::Keep &k : keeps) {
                if (kept.lost.contains(k.leaseId))
                    m_holds.leaseLost(k.leaseId);
                else if (k.action != Leases::Keep::Action::Return)
                    m_holds.leaseRenewed(k.leaseId, deadlineFrom(askedAt));
            }
        },
        StoreWriter::Wait::Committed, StoreWriter::Pace::Now);
}

void LeaseKeeper::checkConfigVersion()
{
    struct Read
    {
        QString version;
        QString error;
    };
    m_runtime.store().submit<Read>(
        this,
        [](Database &db) {
            Read read;
            read.version = configVersion(db, &read.error);
            return read;
        },
        [this](Read read) {
            if (read.error.isEmpty() && !read.version.isEmpty() && read.version != m_configVersion)
                Q_EMIT configChanged(read.version);
        },
        StoreWriter::Wait::Committed, StoreWriter::Pace::Now);
}

void LeaseKeeper::onNotified(const QString &channel, const QString &payload)
{
    if (channel == QLatin1String(kConfigChannel)) {
        if (payload != m_configVersion)
            Q_EMIT configChanged(payload);
        return;
    }
    // A recall, "instance customer", or an answer to one, "requester instance customer"; only
    // the answers to this instance's own recalls, and only the others' recalls, concern it.
    const QStringList fields = payload.split(QLatin1Char(' '));
    if (channel == QLatin1String(kRecalledChannel) && fields.size() >= 3 && fields[0] == m_self.id)
        recallAnswered(fields[1], payload.section(QLatin1Char(' '), 2));
    else if (channel == QLatin1String(kRecallChannel) && fields.size() >= 2 && fields[0] != m_self.id)
        answerRecall(fields[0], payload.section(QLatin1Char(' '), 1));
}

void LeaseKeeper::answerRecall(const QString &requester, const QString &customerId)
{
    if (const std::optional<HoldBook::LeaseCare> unused = m_holds.recall(customerId))
        care({*unused});
    // The writer runs jobs in order: the answer is sent when what care() gave back is committed.
    m_runtime.store().post([requester, self = m_self.id, customerId](Database &db) {
        QString error;
        if (!Leases::answerRecall(db, requester, self, customerId, &error))
            qCWarning(lcGateway).noquote() << "cannot answer a recall:" << error;
    });
}

void LeaseKeeper::recallAnswered(const QString &instance, const QString &customerId)
{
    const auto recall = m_recalls.find(customerId);
    if (recall == m_recalls.end())
        return;
    recall->awaited.remove(instance);
    if (recall->awaited.isEmpty())
        recallEnded(customerId, recall->serial);
}

void LeaseKeeper::retire()
{
    if (m_retired)
        return;
    m_retired = true;
    if (m_timer)
        m_timer->stop();
    if (m_listener)
        m_listener->stop();
    m_runtime.store().post([self = m_self.id](Database &db) {
        QString error;
        if (!Leases::retire(db, self, &error))
            qCWarning(lcGateway).noquote() << "cannot return the leases on shutdown:" << error;
    });
}

} // namespace bytespike
