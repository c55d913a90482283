#include "Accounts.h"

#include "base/Ids.h"
#include "service/GatewayRuntime.h"
#include "store/CustomerStore.h"
#include "store/StoreWriter.h"

namespace bytespike {

namespace {

AdminFailure noCustomer(const QString &id)
{
    return AdminFailure {AdminError::NotFound, QStringLiteral("no customer %1").arg(id)};
}

} // namespace

Accounts::Accounts(GatewayRuntime &runtime)
    : m_runtime(runtime)
{ }

Customer Accounts::withLiveBalance(Customer customer) const
{
    // Balances come from the hold book: posted as committed, pending with every open hold
    // (most of which have no row yet).
    const HoldBook &book = m_runtime.holds();
    if (customer.id.isEmpty() || !book.knows(customer.id))
        return customer;
    customer.postedMicros = book.postedMicros(customer.id);
    customer.pendingMicros = book.pendingMicros(customer.id);
    return customer;
}

void Accounts::list(QObject *context, AdminDone<QList<Customer>> done)
{
    m_runtime.store().submit<QList<Customer>>(
        context,
        [](Database &db) {
            QString why;
            return CustomerStore::loadCustomers(db, &why);
        },
        [this, done](QList<Customer> customers) {
            for (Customer &c : customers)
                c = withLiveBalance(c);
            done(std::move(customers));
        });
}

void Accounts::get(const QString &id, QObject *context, AdminDone<Customer> done)
{
    m_runtime.store().submit<AdminResult<Customer>>(
        context,
        [id](Database &db) -> AdminResult<Customer> {
            QString why;
            Customer c;
            if (!CustomerStore::findCustomer(db, id, &c, &why))
                return why.isEmpty() ? noCustomer(id) : storeFailure(why);
            c.keys = CustomerStore::keys(db, id, &why);
            if (!why.isEmpty())
                return storeFailure(why);
            return c;
        },
        [this, done](AdminResult<Customer> result) {
            if (result.ok())
                result.value() = withLiveBalance(result.value());
            done(std::move(result));
        });
}

void Accounts::create(const NewCustomer &customer, const QString &author, QObject *context, AdminDone<Customer> done)
{
    const QString id = Ids::newId("cus_");
    m_runtime.store().submit<AdminResult<Customer>>(
        context,
        [id, name = customer.name, author](Database &db) {
            return audited<Customer>(db, author, QStringLiteral("customer.create"), QStringLiteral("customer/") + id,
                [&](QJsonValue *, QJsonValue *after) -> AdminResult<Customer> {
                    QString why;
                    if (!CustomerStore::insertCustomer(db, id, name, &why))
                        return storeFailure(why);
                    const Customer created {id, name, 0, 0, std::nullopt, {}};
                    *after = created.toJson();
                    return created;
                });
        },
        [this, id, done](AdminResult<Customer> result) {
            if (result.ok())
                m_runtime.holds().addCustomer(id);
            done(std::move(result));
        });
}

void Accounts::createKey(
    const QString &customerId, const NewKey &key, const QString &author, QObject *context, AdminDone<CreatedKey> done)
{
    const QString secret = Ids::newCustomerKey();
    const CreatedKey created {
        Ids::newId("key_"), secret, customerId, secret.left(8) + QStringLiteral("...") + secret.right(4)};
    const QByteArray digest = m_runtime.keyDigest().digest(secret.toLatin1());
    m_runtime.store().submit<AdminResult<CreatedKey>>(
        context,
        [created, digest, name = key.name, author](Database &db) {
            return audited<CreatedKey>(db, author, QStringLiteral("key.create"),
                QStringLiteral("customer/%1/key/%2").arg(created.customer, created.id),
                [&](QJsonValue *, QJsonValue *after) -> AdminResult<CreatedKey> {
                    QString why;
                    Customer c;
                    if (!CustomerStore::findCustomer(db, created.customer, &c, &why))
                        return noCustomer(created.customer);
                    if (!CustomerStore::insertKey(db, created.id, created.customer, name, digest, created.hint, &why))
                        return storeFailure(why);
                    // The hint only: the key itself is shown once to the caller and kept nowhere.
                    *after = QJsonObject {{QStringLiteral("id"), created.id}, {QStringLiteral("name"), name},
                        {QStringLiteral("hint"), created.hint}};
                    return created;
                });
        },
        [this, digest, done](AdminResult<CreatedKey> result) {
            if (result.ok())
                m_runtime.addKey(digest, Caller {result.value().customer, result.value().id});
            done(std::move(result));
        });
}

void Accounts::revokeKey(const QString &customerId, const QString &keyId, const QString &author, QObject *context,
    AdminDone<KeyRevoked> done)
{
    m_runtime.store().submit<AdminResult<KeyRevoked>>(
        context,
        [customerId, keyId, author](Database &db) {
            return audited<KeyRevoked>(db, author, QStringLiteral("key.revoke"),
                QStringLiteral("customer/%1/key/%2").arg(customerId, keyId),
                [&](QJsonValue *before, QJsonValue *after) -> AdminResult<KeyRevoked> {
                    QString why;
                    if (!CustomerStore::revokeKey(db, customerId, keyId, &why))
                        return why.isEmpty()
                            ? AdminFailure {AdminError::NotFound, QStringLiteral("no active key %1").arg(keyId)}
                            : storeFailure(why);
                    *before = QJsonObject {{QStringLiteral("id"), keyId}, {QStringLiteral("revoked"), false}};
                    *after = KeyRevoked {keyId}.toJson();
                    return KeyRevoked {keyId};
                });
        },
        [this, keyId, done](AdminResult<KeyRevoked> result) {
            if (result.ok())
                m_runtime.removeKey(keyId);
            done(std::move(result));
        });
}

void Accounts::addCredit(const QString &customerId, const NewCredit &credit, const QString &author, QObject *context,
    AdminDone<LedgerEntry> done)
{
    m_runtime.store().submit<AdminResult<LedgerEntry>>(
        context,
        [customerId, credit, author](Database &db) {
            return audited<LedgerEntry>(db, author, QStringLiteral("credit.add"),
                QStringLiteral("customer/") + customerId,
                [&](QJsonValue *before, QJsonValue *after) -> AdminResult<LedgerEntry> {
                    QString why;
                    Customer c;
                    if (!CustomerStore::findCustomer(db, customerId, &c, &why))
                        return noCustomer(customerId);
                    LedgerEntry entry;
                    bool overLimit = false;
                    if (!CustomerStore::addCredit(
                            db, customerId, credit.amountMicros, credit.memo, &entry, &why, &overLimit))
                        return AdminFailure {overLimit ? AdminError::BadInput : AdminError::Internal, why};
                    *before = c.toJson();
                    Customer now;
                    CustomerStore::findCustomer(db, customerId, &now, &why);
                    *after = QJsonObject {
                        {QStringLiteral("entry"), entry.toJson()}, {QStringLiteral("customer"), now.toJson()}};
                    return entry;
                });
        },
        [this, customerId, amount = credit.amountMicros, done](AdminResult<LedgerEntry> result) {
            // The book takes what the database took: the same limit was kept there, in the same
            // order of credits, so it cannot refuse this one.
            if (result.ok())
                m_runtime.holds().credited(customerId, amount);
            done(std::move(result));
        });
}

} // namespace bytespike
