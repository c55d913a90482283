#pragma once

#include "RateWindow.h"
#include "bytespike/LimitTypes.h"

#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QSet>
#include <QString>

#include <functional>

namespace bytespike {

// The limits of keys and customers and their live usage, in memory on the gateway thread
// (docs/limits.md): a request is checked and counted here before its hold, with no database
// round trip. Only keys and customers that have limits are in the book, so a request of a key
// without any costs two failed lookups (none at all while no limit is set anywhere).
//
// Budgets are kept like balances (HoldBook): a hold reserves its amount against the key's budget
// for the period, and the reservation becomes the debit once the request's end has committed.
// spent + reserved never exceeds the budget, so N concurrent requests are admitted against a
// budget of N holds and no more. A period starts at 00:00 UTC (day), Monday 00:00 UTC (week) or
// the 1st 00:00 UTC (month); the first request after the boundary finds spent at zero.
class LimitBook
{
public:
    // What refused a request (Refusal::None: admitted), also the metrics' limit kinds.
    enum class Refusal { None, Expired, IpNotAllowed, ModelNotAllowed, Rpm, Tpm, Concurrent, Budget };
    static const char *refusalName(Refusal refusal);
    // The HTTP status a refusal is answered with.
    static int refusalStatus(Refusal refusal);
    // An IPv4 client of a dual-stack socket arrives as ::ffff:a.b.c.d: compared as IPv4.
    static QHostAddress unmapped(const QHostAddress &address);

    // The rate state a response reports (the binding one of key and customer) for requests and
    // for tokens; a limit of 0 is not reported.
    struct RateState
    {
        qint64 limit = 0;
        qint64 remaining = 0;
        qint64 resetMs = 0;
    };
    struct RateView
    {
        RateState requests;
        RateState tokens;
    };

    // A request counted by admit(): what finish() gives back.
    struct Ticket
    {
        QString keyId;
        QString customerId;
        qint64 second = 0;
        qint64 tokens = 0;
        bool counted = false;
    };

    struct Admission
    {
        Refusal refusal = Refusal::None;
        qint64 retryAfterSeconds = 0;
        QString message;
        RateView view;
        bool reported = false; // the key or its customer has a rate limit to report
    };

    void setKey(const QString &keyId, const QString &customerId, const KeyLimits &limits);
    void removeKey(const QString &keyId);
    void setCustomer(const QString &customerId, const CustomerLimits &limits);
    // What the key's debits since periodStartMs came to (read from the ledger at start).
    void setBudgetSpent(const QString &keyId, qint64 periodStartMs, qint64 spentMicros);

    bool empty() const { return m_keys.isEmpty() && m_customers.isEmpty(); }
    bool hasKey(const QString &keyId) const { return m_keys.contains(keyId); }
    const KeyLimits *keyLimits(const QString &keyId) const;

    // Expiry and the client's address: the checks a key passes on every route, before its body
    // is read. client is only asked for a key with an ip_allow list.
    Refusal checkKey(
        const QString &keyId, const std::function<QHostAddress()> &client, qint64 nowMs, QString *message) const;
    bool modelAllowed(const QString &keyId, const QString &model) const;

    // Requests per minute, tokens per minute (tokens: the request's bound) and requests in
    // flight, for the key and its customer. Admitted requests are counted, and their ticket must
    // be given back to finish().
    Admission admit(const QString &keyId, const QString &customerId, qint64 tokens, qint64 nowMs, Ticket *ticket);
    // The request ended: it is no longer in flight, and its tokens are corrected to what it used.
    void finish(Ticket &ticket, qint64 usedTokens, qint64 nowMs);

    // Reserves a hold against the key's budget; false (with the message) when the period's budget
    // cannot take it. Keys without a budget always succeed and reserve nothing (*reserved false).
    bool reserveBudget(const QString &keyId, qint64 micros, qint64 nowMs, bool *reserved, QString *message);
    // A reservation ended: released, and debitMicros (its committed debit, 0 when voided)
    // spent in the current period.
    void budgetResolved(const QString &keyId, qint64 reservedMicros, qint64 debitMicros, qint64 nowMs);

    // A key's usage as GET /admin/customers/{id} shows it; nullopt for a key not in the book.
    std::optional<KeyUsage> usage(const QString &keyId, qint64 nowMs);

    static qint64 periodStartMs(KeyLimits::Period period, qint64 nowMs);
    // When the period that began at startMs ends (the next one's start).
    static qint64 periodEndMs(KeyLimits::Period period, qint64 startMs);

private:
    struct Usage
    {
        RateWindow requests;
        RateWindow tokens;
        qint64 inFlight = 0;
    };
    struct Budget
    {
        qint64 periodStartMs = 0; // -1: not known yet
        qint64 periodEndMs = 0;
        qint64 spent = 0;
        qint64 reserved = 0;
    };
    struct KeyState
    {
        QString customerId;
        KeyLimits limits;
        QList<QPair<QHostAddress, int>> subnets;
        QSet<QString> models;
        Usage usage;
        Budget budget;
    };
    struct CustomerState
    {
        CustomerLimits limits;
        Usage usage;
    };
    struct Limits
    {
        qint64 rpm = 0;
        qint64 tpm = 0;
        qint64 maxConcurrent = 0;
    };
    static Admission check(Usage &usage, const Limits &limits, qint64 tokens, qint64 nowSecond, const char *whose);
    static void report(Usage &usage, const Limits &limits, qint64 nowSecond, Admission *out);
    void rollOver(Budget &budget, KeyLimits::Period period, qint64 nowMs) const;

    QHash<QString, KeyState> m_keys;
    QHash<QString, CustomerState> m_customers;
};

} // namespace bytespike
