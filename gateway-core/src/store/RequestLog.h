#pragma once

#include "bytespike/AdminTypes.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace bytespike {

class Database;

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

// The request log: one row per request that reached the messages handler, written by the ledger
// writer after the request ended.
namespace RequestLog {

QList<RequestLogItem> query(Database &db, const RequestFilter &filter);
// What query() found as csv (GET /admin/requests?format=csv): a header line and one line per item
// with the JSON item's fields as columns in the same order, usage flattened (input_tokens,
// output_tokens, cache_write_tokens, cache_read_tokens, usage_estimated), money as integer
// micro-dollars, booleans as true / false, an absent hold or entry id as an empty cell.
QByteArray csv(const QJsonObject &queried);
// Deletes the rows older than cutoffMs (epoch milliseconds); returns how many, or -1.
qint64 prune(Database &db, qint64 cutoffMs, QString *error);
// A request body as the log may keep it: API keys, bearer tokens and the values of fields named
// like keys, tokens, passwords or secrets replaced by "[redacted]", and the given exact secrets
// too; at most 256 KiB.
QString redactBody(const QByteArray &body, const QList<QByteArray> &secrets);

} // namespace RequestLog
} // namespace bytespike
