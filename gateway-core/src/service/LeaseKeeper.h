#pragma once

#include "Authenticator.h"
#include "ledger/HoldBook.h"
#include "ledger/Leases.h"

#include <QHash>
#include <QObject>
#include <QSet>

#include <deque>
#include <functional>

class QTimer;

namespace bytespike {

class Database;
class GatewayRuntime;
class PostgresListener;

// A hold the runtime is asked for (GatewayRuntime::reserveHold). done receives the outcome, at
// once or once the database answered; it returns false when the request is gone meanwhile, and a
// hold taken for it is then given back.
struct HoldRequest
{
    Caller caller;
    QString requestId;
    QString endpoint;
    qint64 priceVersion = 0;
    qint64 amountMicros = 0;
    qint64 createdAtMs = 0;
    bool budgetReserved = false; // its amount is reserved against the key's budget too
    std::function<bool(const HoldBook::Reservation &)> done;
};

// This instance's side of balance leases when several instances share one PostgreSQL database
// (docs/scale-out.md): it registers the instance, asks the database for a lease (or a direct hold)
// when the hold book's lease of a customer cannot cover a hold, one question per customer at a
// time with the holds that wait for it queued, renews its leases at a third of their TTL and gives
// back idle ones, runs the reaper, recalls other instances' unused leases and answers their
// recalls, and follows configuration changed elsewhere (NOTIFY, and a version check that also
// covers a lost listening connection).
class LeaseKeeper : public QObject
{
    Q_OBJECT
public:
    explicit LeaseKeeper(GatewayRuntime &runtime);
    ~LeaseKeeper() override;

    // On the open database, before the writer takes it: registers the instance, runs the reaper
    // (which ends what stopped instances left) and reads the configuration version. The first
    // hold id of this instance is number << 40.
    bool open(Database &db, qint64 *firstHoldId, QString *error);
    // After the writer has the connection: the listener and the periodic pass.
    void start(const QString &location);
    // A hold the lease cannot cover (HoldBook's NeedsLease).
    void wait(HoldRequest &&request);
    // On shutdown, before the writer drains: every lease returned, the instance marked stopped.
    void retire();

    const Leases::Instance &self() const { return m_self; }
    qint64 staleMs() const { return m_ttlMs; }
    // Records the configuration version that the runtime now runs.
    void setConfigVersion(const QString &version) { m_configVersion = version; }

Q_SIGNALS:
    // Another instance changed configuration: the runtime reloads it (version: the new one).
    void configChanged(const QString &version);

private:
    void ask(const QString &customerId, bool recalled);
    void answered(const QString &customerId, bool recalled, qint64 askedAtMs, const HoldBook::Hold &direct,
        const Leases::Answer &answer);
    // Takes holds for the waiting requests of the customer from its lease, in order, while it covers them.
    void serve(const QString &customerId);
    void refuseWaiting(const QString &customerId, HoldBook::Reservation::Outcome outcome, qint64 availableMicros);
    // The recall for the customer is over (every recalled instance answered, or the wait ran
    // out): the waiting holds ask once more.
    void recallEnded(const QString &customerId, quint64 serial);
    // Another instance's recall: this one gives back its unused lease of the customer, then says so.
    void answerRecall(const QString &requester, const QString &customerId);
    // An answer to this instance's recall.
    void recallAnswered(const QString &instance, const QString &customerId);
    void tick();
    void care(const QList<HoldBook::LeaseCare> &leases);
    void checkConfigVersion();
    void onNotified(const QString &channel, const QString &payload);
    qint64 deadlineFrom(qint64 askedAtMs) const { return askedAtMs + m_ttlMs - m_ttlMs / 5; }

    GatewayRuntime &m_runtime;
    HoldBook &m_holds;
    const qint64 m_ttlMs;
    Leases::Instance m_self;
    QString m_configVersion;
    QHash<QString, std::deque<HoldRequest>> m_waiting;
    QSet<QString> m_asking; // customers with a question to the database open
    // Customers whose leases on other instances were recalled: the instances yet to answer.
    struct Recall
    {
        QSet<QString> awaited;
        quint64 serial = 0;
    };
    QHash<QString, Recall> m_recalls;
    quint64 m_recallSerial = 0;
    PostgresListener *m_listener = nullptr;
    QTimer *m_timer = nullptr;
    bool m_retired = false;
};

} // namespace bytespike
