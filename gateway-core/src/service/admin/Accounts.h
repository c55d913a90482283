#pragma once

#include "AdminJobs.h"

class QObject;

namespace bytespike {

class GatewayRuntime;

// Customers, their keys and credits. Writes run on the ledger writer with their audit row; the
// in-memory state follows only what committed: a new customer joins the hold book, a credit is
// added to its balance there, a key joins (or leaves) the key ring. Balances are read from the
// hold book, which also counts the open holds that have no row yet.
class Accounts
{
public:
    explicit Accounts(GatewayRuntime &runtime);

    void list(QObject *context, AdminDone<QList<Customer>> done);
    // One customer with its keys (hints only).
    void get(const QString &id, QObject *context, AdminDone<Customer> done);
    void create(const NewCustomer &customer, const QString &author, QObject *context, AdminDone<Customer> done);
    // Replaces the customer's limits (and name, when given); the gateway enforces them from the
    // next request on.
    void update(const QString &customerId, const CustomerSettings &settings, const QString &author, QObject *context,
        AdminDone<Customer> done);
    // The key itself is in the answer and nowhere else.
    void createKey(const QString &customerId, const NewKey &key, const QString &author, QObject *context,
        AdminDone<CreatedKey> done);
    // Replaces the key's limits (and name, when given), never the key; a budget's spend in the
    // current period is read from the ledger with them.
    void updateKey(const QString &customerId, const QString &keyId, const KeySettings &settings, const QString &author,
        QObject *context, AdminDone<ApiKey> done);
    void revokeKey(const QString &customerId, const QString &keyId, const QString &author, QObject *context,
        AdminDone<KeyRevoked> done);
    void addCredit(const QString &customerId, const NewCredit &credit, const QString &author, QObject *context,
        AdminDone<LedgerEntry> done);

private:
    Customer withLiveBalance(Customer customer) const;

    GatewayRuntime &m_runtime;
};

} // namespace bytespike
