#pragma once

#include "base/Money.h"
#include "bytespike/AdminTypes.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace bytespike {

class Database;
class Statement;

// Which request log items to list (GET /admin/requests); empty fields match all.
struct RequestFilter
{
    QString customer;
    QString model;
    QString endpoint; // a channel id matches every endpoint of that channel
    int status = 0;
    int billed = -1; // -1 any, 0 not billed, 1 billed
    int limit = 100;
    int offset = 0;
    QString requestId; // one request, by its request-id
};

// One finished request as the request log records it (its row in requests). The ledger's
// settlement fills billed, the debit entry and the cost in the transaction that ends the hold.
struct RequestRow
{
    QString id; // the request-id
    QString customerId; // empty when the request never reached an account (written as NULL)
    QString protocol; // the client's: "anthropic" or "openai"
    QString model; // as the client named it (quoted)
    QString endpoint; // channel/model, empty when no channel was tried
    int status = 0;
    bool billed = false;
    QString notBilledReason; // written only when not billed
    TokenCounts usage; // as the upstream reported it
    qint64 latencyMs = 0;
    qint64 ttfbMs = 0;
    qint64 holdId = 0; // 0: no hold (written as NULL)
    qint64 entryId = 0; // the debit entry, 0 when none (written as NULL)
    qint64 holdMicros = 0;
    qint64 costMicros = 0;
    qint64 priceVersion = 0;
    bool usageEstimated = false;
    QString body; // the captured request body (redacted), or null
    qint64 timeMs = 0; // epoch milliseconds (the settlement writes its own time)
};

// The request log: one row per request that reached the messages handler, written by the ledger
// writer after the request ended.
namespace RequestLog {

// Writes one row (a statement cached on the connection, so a settlement parses no SQL). False with
// the database's error when it refused.
bool insert(Database &db, const RequestRow &row, QString *error);
// Binds the row's values as parameters offset + 1 to offset + 22 (id, time, customer, model, endpoint, status,
// billed, reason, tokens, latencies, hold, entry, hold and cost micros, price version, estimated,
// protocol, body: see the INSERT in RequestLog.cpp), for a statement that writes the row too.
void bindRow(Statement &st, const RequestRow &row, int offset = 0);

QList<RequestLogItem> query(Database &db, const RequestFilter &filter);
// What query() found as csv (GET /admin/requests?format=csv): a header line and one line per item
// with the JSON item's fields as columns in the same order, usage flattened (input_tokens,
// output_tokens, cache_write_tokens, cache_read_tokens, usage_estimated), money as integer
// micro-dollars, booleans as true / false, an absent hold or entry id as an empty cell.
QByteArray csv(const QJsonObject &queried);
// The billed requests of query's period in total and by model and by customer (GET /admin/usage);
// *error set when the store failed.
UsageSummary usage(Database &db, const UsageQuery &query, QString *error);
// Deletes the rows older than cutoffMs (epoch milliseconds); returns how many, or -1.
qint64 prune(Database &db, qint64 cutoffMs, QString *error);
// A request body as the log may keep it: API keys, bearer tokens and the values of fields named
// like keys, tokens, passwords or secrets replaced by "[redacted]", and the given exact secrets
// too; at most 256 KiB.
QString redactBody(const QByteArray &body, const QList<QByteArray> &secrets);

} // namespace RequestLog
} // namespace bytespike
