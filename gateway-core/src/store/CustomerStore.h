#pragma once

#include "bytespike/AdminTypes.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace bytespike {

class Database;

// A customer and a ledger entry are the admin API's own types (AdminTypes.h).
using CustomerRecord = Customer;
using LedgerEntryRecord = LedgerEntry;

struct ApiKeyRecord
{
    QString id;
    QString customerId;
    QByteArray digest;
    KeyLimits limits;
};

// A key to insert: its HMAC digest and hint, never the key.
struct KeyRow
{
    QString id;
    QString customerId;
    QString name;
    QByteArray digest;
    QString hint;
    KeyLimits limits;
};

// SQL for customers, their keys and credits. Runs on the writer thread.
namespace CustomerStore {

QList<CustomerRecord> loadCustomers(Database &db, QString *error);
bool findCustomer(Database &db, const QString &id, CustomerRecord *out, QString *error);
// A customer's keys, newest first: id, name, hint (never the key), created, revoked (if so).
QList<ApiKey> keys(Database &db, const QString &customerId, QString *error);
bool insertCustomer(Database &db, const QString &id, const QString &name, QString *error);
bool insertKey(Database &db, const KeyRow &key, QString *error);
// Replaces a live key's limits (and its name, when given); false with an empty error when the
// customer has no such live key.
bool updateKey(
    Database &db, const QString &customerId, const QString &keyId, const KeySettings &settings, QString *error);
// Replaces a customer's limits (and its name, when given); false with an empty error when there is
// no such customer.
bool updateCustomer(Database &db, const QString &customerId, const CustomerSettings &settings, QString *error);
// What the key's debits since sinceMs add up to (its budget's spend in the period).
bool keySpentSince(Database &db, const QString &keyId, qint64 sinceMs, qint64 *spentMicros, QString *error);
// Returns false with an empty error when the key does not exist (or is already revoked).
bool revokeKey(Database &db, const QString &customerId, const QString &keyId, QString *error);
QList<ApiKeyRecord> loadActiveKeys(Database &db, QString *error);
// A credit: its entry and the posted balance, in one transaction. Refused, with overLimit set when
// given, when it would take the customer's posted balance or its lifetime credited total past
// kMaxMoneyMicros (so no balance and no sum of a statement can overflow).
bool addCredit(Database &db, const QString &customerId, qint64 amountMicros, const QString &memo,
    LedgerEntryRecord *entry, QString *error, bool *overLimit = nullptr);
// How much credit the customer can still take: kMaxMoneyMicros minus the larger of its posted
// balance and its lifetime credited total (0 or less when there is no room).
bool creditRoom(Database &db, const QString &customerId, qint64 *room, QString *error);

} // namespace CustomerStore
} // namespace bytespike
