#include "Accounts.h"

#include "base/Ids.h"
#include "limits/LimitBook.h"
#include "service/GatewayRuntime.h"
#include "store/CustomerStore.h"
#include "store/StoreWriter.h"

#include <QDateTime>

namespace bytespike {

namespace {

AdminFailure noCustomer(const QString &id)
{
    return AdminFailure {AdminError::NotFound, QStringLiteral("no customer %1").arg(id)};
}

AdminFailure noKey(const QString &id)
{
    return AdminFailure {AdminError::NotFound, QStringLiteral("no active key %1").arg(id)};
}

// What a key's budget has spent in its current period, read in the job that set the limits.
bool readBudgetSpent(
    Database &db, const QString &keyId, const KeyLimits &limits, qint64 *periodStartMs, qint64 *spent, QString *why)
{
    *periodStartMs = LimitBook::periodStartMs(limits.budgetPeriod, QDateTime::currentMSecsSinceEpoch());
    *spent = 0;
    return !limits.budgetMicros || CustomerStore::keySpentSince(db, keyId, *periodStartMs, spent, why);
}

} // namespace

Accounts::Accounts(GatewayRuntime &runtime)
    : m_runtime(runtime)
{ }

Customer Accounts::withLiveBalance(Customer customer) const
{
    // Balances come from the hold book: posted as committed, pending with every open hold
    // (most of which have no row yet). With leases, other instances spend the same balance: the
    // database's posted balance is the one that counts, and pending is what its pending rows
    // reserve with this instance's open holds on its lease (other instances' are in their leases).
    const HoldBook &book = m_runtime.holds();
    if (customer.id.isEmpty() || !book.knows(customer.id))
        return customer;
    if (book.leased()) {
        customer.pendingMicros += book.pendingMicros(customer.id);
        return customer;
    }
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
            if (result.ok()) {
                result.value() = withLiveBalance(result.value());
                const qint64 now = QDateTime::currentMSecsSinceEpoch();
                for (ApiKey &key : *result.value().keys)
                    key.usage = m_runtime.limits().usage(key.id, now);
            }
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
        [created, digest, name = key.name, limits = key.limits, author](Database &db) {
            return audited<CreatedKey>(db, author, QStringLiteral("key.create"),
                QStringLiteral("customer/%1/key/%2").arg(created.customer, created.id),
                [&](QJsonValue *, QJsonValue *after) -> AdminResult<CreatedKey> {
                    QString why;
                    Customer c;
                    if (!CustomerStore::findCustomer(db, created.customer, &c, &why))
                        return noCustomer(created.customer);
                    if (!CustomerStore::insertKey(
                            db, KeyRow {created.id, created.customer, name, digest, created.hint, limits}, &why))
                        return storeFailure(why);
                    // The hint only: the key itself is shown once to the caller and kept nowhere.
                    QJsonObject written {{QStringLiteral("id"), created.id}, {QStringLiteral("name"), name},
                        {QStringLiteral("hint"), created.hint}};
                    limits.writeJson(written);
                    *after = written;
                    return created;
                });
        },
        [this, digest, limits = key.limits, done](AdminResult<CreatedKey> result) {
            if (result.ok()) {
                const CreatedKey &key = result.value();
                m_runtime.addKey(digest, Caller {key.customer, key.id});
                m_runtime.limits().setKey(key.id, key.customer, limits);
                m_runtime.limits().setBudgetSpent(
                    key.id, LimitBook::periodStartMs(limits.budgetPeriod, QDateTime::currentMSecsSinceEpoch()), 0);
            }
            done(std::move(result));
        });
}

void Accounts::updateKey(const QString &customerId, const QString &keyId, const KeySettings &settings,
    const QString &author, QObject *context, AdminDone<ApiKey> done)
{
    struct Updated
    {
        ApiKey key;
        qint64 periodStartMs = 0;
        qint64 spent = 0;
    };
    m_runtime.store().submit<AdminResult<Updated>>(
        context,
        [customerId, keyId, settings, author](Database &db) {
            return audited<Updated>(db, author, QStringLiteral("key.update"),
                QStringLiteral("customer/%1/key/%2").arg(customerId, keyId),
                [&](QJsonValue *before, QJsonValue *after) -> AdminResult<Updated> {
                    QString why;
                    const auto find = [&]() -> std::optional<ApiKey> {
                        for (const ApiKey &k : CustomerStore::keys(db, customerId, &why)) {
                            if (k.id == keyId && !k.revokedMs)
                                return k;
                        }
                        return std::nullopt;
                    };
                    const std::optional<ApiKey> old = find();
                    if (!old)
                        return why.isEmpty() ? noKey(keyId) : storeFailure(why);
                    Updated out;
                    if (!CustomerStore::updateKey(db, customerId, keyId, settings, &why)
                        || !readBudgetSpent(db, keyId, settings.limits, &out.periodStartMs, &out.spent, &why))
                        return why.isEmpty() ? noKey(keyId) : storeFailure(why);
                    out.key = find().value_or(*old);
                    *before = old->toJson();
                    *after = out.key.toJson();
                    return out;
                });
        },
        [this, customerId, done](AdminResult<Updated> result) {
            if (!result.ok())
                return done(result.failure());
            ApiKey key = result.value().key;
            LimitBook &book = m_runtime.limits();
            book.setKey(key.id, customerId, key.limits);
            book.setBudgetSpent(key.id, result.value().periodStartMs, result.value().spent);
            key.usage = book.usage(key.id, QDateTime::currentMSecsSinceEpoch());
            done(std::move(key));
        });
}

void Accounts::update(const QString &customerId, const CustomerSettings &settings, const QString &author,
    QObject *context, AdminDone<Customer> done)
{
    m_runtime.store().submit<AdminResult<Customer>>(
        context,
        [customerId, settings, author](Database &db) {
            return audited<Customer>(db, author, QStringLiteral("customer.update"),
                QStringLiteral("customer/") + customerId,
                [&](QJsonValue *before, QJsonValue *after) -> AdminResult<Customer> {
                    QString why;
                    Customer old;
                    if (!CustomerStore::findCustomer(db, customerId, &old, &why))
                        return why.isEmpty() ? noCustomer(customerId) : storeFailure(why);
                    Customer now;
                    if (!CustomerStore::updateCustomer(db, customerId, settings, &why)
                        || !CustomerStore::findCustomer(db, customerId, &now, &why))
                        return storeFailure(why);
                    *before = old.toJson();
                    *after = now.toJson();
                    return now;
                });
        },
        [this, done](AdminResult<Customer> result) {
            if (result.ok()) {
                m_runtime.limits().setCustomer(result.value().id, result.value().limits);
                result.value() = withLiveBalance(result.value());
            }
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
                        return why.isEmpty() ? noKey(keyId) : storeFailure(why);
                    *before = QJsonObject {{QStringLiteral("id"), keyId}, {QStringLiteral("revoked"), false}};
                    *after = KeyRevoked {keyId}.toJson();
                    return KeyRevoked {keyId};
                });
        },
        [this, keyId, done](AdminResult<KeyRevoked> result) {
            if (result.ok()) {
                m_runtime.removeKey(keyId);
                m_runtime.limits().removeKey(keyId);
            }
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
