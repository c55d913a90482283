#include "RequestLog.h"

#include "Database.h"
#include "base/ReasonCodes.h"
#include "export/Document.h"

#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>

namespace bytespike::RequestLog {

namespace {
const CachedSql kInsert("INSERT INTO requests (id, time, customer_id, protocol, model, endpoint, status, billed,"
                        " not_billed_reason, input_tokens, output_tokens, cache_write_tokens, cache_read_tokens,"
                        " latency_ms, ttfb_ms, hold_id, entry_id, hold_micros, cost_micros, price_version,"
                        " usage_estimated, request_body)"
                        " VALUES (?1, ?2, ?3, ?21, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
                        " ?19, ?20, ?22)");
} // namespace

bool insert(Database &db, const RequestRow &row, QString *error)
{
    Statement &st = db.cached(kInsert);
    bindRow(st, row);
    if (!st.exec()) {
        *error = st.error();
        return false;
    }
    return true;
}

void bindRow(Statement &st, const RequestRow &row, int offset)
{
    const int o = offset;
    st.bind(o + 1, row.id).bind(o + 2, row.timeMs).bind(o + 21, row.protocol);
    if (row.customerId.isEmpty())
        st.bindNull(o + 3);
    else
        st.bind(o + 3, row.customerId);
    st.bind(o + 4, row.model).bind(o + 5, row.endpoint).bind(o + 6, qint64(row.status));
    st.bind(o + 7, qint64(row.billed ? 1 : 0)).bind(o + 8, row.billed ? QString() : row.notBilledReason);
    st.bind(o + 9, row.usage.input).bind(o + 10, row.usage.output);
    st.bind(o + 11, row.usage.cacheWrite).bind(o + 12, row.usage.cacheRead);
    st.bind(o + 13, row.latencyMs).bind(o + 14, row.ttfbMs);
    if (row.holdId)
        st.bind(o + 15, row.holdId);
    else
        st.bindNull(o + 15);
    if (row.entryId)
        st.bind(o + 16, row.entryId);
    else
        st.bindNull(o + 16);
    st.bind(o + 17, row.holdMicros).bind(o + 18, row.costMicros).bind(o + 19, row.priceVersion);
    st.bind(o + 20, qint64(row.usageEstimated ? 1 : 0));
    if (row.body.isNull())
        st.bindNull(o + 22);
    else
        st.bind(o + 22, row.body);
}

UsageSummary usage(Database &db, const UsageQuery &query, QString *error)
{
    // The requests_time index bounds each scan to the period; ties in spend go by name.
    UsageSummary out {query.period.fromMs.value_or(0), query.period.toMs.value_or(0), 0, 0, {}, {}};
    const auto read = [&](const char *sql, QList<UsageRow> *rows) {
        Statement st = db.prepare(sql);
        st.bind(1, out.fromMs).bind(2, out.toMs).bind(3, qint64(query.limit));
        while (st.next())
            rows->append(UsageRow {st.text(0), st.text(1), st.int64(2), st.int64(3), st.int64(4), st.int64(5)});
        if (!st.error().isEmpty())
            *error = st.error();
    };
    QList<UsageRow> total;
    read("SELECT '', '', COUNT(*), COALESCE(SUM(input_tokens), 0), COALESCE(SUM(output_tokens), 0),"
         " COALESCE(SUM(cost_micros), 0) FROM requests WHERE time >= ?1 AND time < ?2 AND billed = 1 AND ?3 > 0",
        &total);
    read("SELECT model, '', COUNT(*), COALESCE(SUM(input_tokens), 0), COALESCE(SUM(output_tokens), 0),"
         " COALESCE(SUM(cost_micros), 0) FROM requests WHERE time >= ?1 AND time < ?2 AND billed = 1"
         " GROUP BY model ORDER BY 6 DESC, 1 LIMIT ?3",
        &out.byModel);
    read("SELECT r.customer_id, COALESCE(MAX(c.name), ''), COUNT(*), COALESCE(SUM(r.input_tokens), 0),"
         " COALESCE(SUM(r.output_tokens), 0), COALESCE(SUM(r.cost_micros), 0) FROM requests r"
         " LEFT JOIN customers c ON c.id = r.customer_id WHERE r.time >= ?1 AND r.time < ?2 AND r.billed = 1"
         " AND r.customer_id IS NOT NULL GROUP BY r.customer_id ORDER BY 6 DESC, 1 LIMIT ?3",
        &out.byCustomer);
    if (!total.isEmpty()) {
        out.requests = total.first().requests;
        out.spendMicros = total.first().spendMicros;
    }
    return out;
}

QList<RequestLogItem> query(Database &db, const RequestFilter &f)
{
    // Rows of one millisecond in the order they were written: SQLite's rowid; PostgreSQL has no
    // such order, and there the id (time first, then random) decides.
#define BYTESPIKE_REQUESTS_QUERY(tiebreak)                                                                             \
    "SELECT id, time, COALESCE(customer_id, ''), protocol, model, endpoint, status, billed, not_billed_reason,"        \
    " hold_micros, cost_micros, input_tokens, output_tokens, cache_write_tokens, cache_read_tokens, latency_ms,"       \
    " ttfb_ms, COALESCE(hold_id, 0), COALESCE(entry_id, 0), price_version, usage_estimated, request_body"              \
    " FROM requests"                                                                                                   \
    " WHERE (?1 = '' OR customer_id = ?1) AND (?2 = '' OR model = ?2)"                                                 \
    " AND (?3 = '' OR endpoint = ?3 OR endpoint LIKE ?3 || '/%') AND (?4 = 0 OR status = ?4)"                          \
    " AND (?5 < 0 OR billed = ?5) AND (?8 = '' OR id = ?8) ORDER BY time DESC, " tiebreak " DESC LIMIT ?6 OFFSET ?7"
    Statement st = db.prepare(db.dialect(BYTESPIKE_REQUESTS_QUERY("rowid"), BYTESPIKE_REQUESTS_QUERY("id")));
#undef BYTESPIKE_REQUESTS_QUERY
    st.bind(1, f.customer).bind(2, f.model).bind(3, f.endpoint).bind(4, qint64(f.status)).bind(5, qint64(f.billed));
    st.bind(6, qint64(f.limit)).bind(7, qint64(f.offset)).bind(8, f.requestId);
    QList<RequestLogItem> items;
    while (st.next()) {
        RequestLogItem item {st.text(0), st.int64(1), st.text(2), st.text(3), st.text(4), st.text(5), int(st.int64(6)),
            st.int64(7) != 0, st.text(8), st.int64(9), st.int64(10),
            RequestUsage {st.int64(11), st.int64(12), st.int64(13), st.int64(14), st.int64(20) != 0}, st.int64(15),
            st.int64(16), std::nullopt, std::nullopt, st.int64(19), std::nullopt,
            ReasonCodes::notBilled(int(st.int64(6)), st.text(8))};
        if (st.int64(17))
            item.holdId = st.int64(17);
        if (st.int64(18))
            item.entryId = st.int64(18);
        if (!st.isNull(21))
            item.requestBody = st.text(21);
        items.append(item);
    }
    return items;
}

QByteArray csv(const QJsonObject &queried)
{
    // The JSON item's fields in order; the usage object's fields where it stands.
    static const char *const columns[]
        = {"request_id", "time", "customer", "protocol", "model", "endpoint", "status", "billed", "not_billed_reason",
            "hold_micros", "cost_micros", "input_tokens", "output_tokens", "cache_write_tokens", "cache_read_tokens",
            "usage_estimated", "latency_ms", "ttfb_ms", "hold_id", "entry_id", "price_version", "request_body"};
    QStringList cells;
    for (const char *column : columns)
        cells << QLatin1String(column);
    QString out = cells.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    for (const QJsonValue &value : queried.value(QStringLiteral("requests")).toArray()) {
        const QJsonObject item = value.toObject();
        const QJsonObject usage = item.value(QStringLiteral("usage")).toObject();
        cells.clear();
        for (const char *column : columns) {
            const QLatin1String name(column);
            QJsonValue v = item.value(name);
            if (name == QLatin1String("usage_estimated"))
                v = usage.value(QStringLiteral("estimated"));
            else if (v.isUndefined() && usage.contains(name))
                v = usage.value(name);
            if (v.isBool())
                cells << (v.toBool() ? QStringLiteral("true") : QStringLiteral("false"));
            else if (v.isDouble())
                cells << Document::csvNumber(v.toInteger());
            else
                cells << Document::csvField(v.toString()); // text, or empty for null and absent
        }
        out += cells.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    }
    return out.toUtf8();
}

qint64 prune(Database &db, qint64 cutoffMs, QString *error)
{
    Statement st = db.prepare("DELETE FROM requests WHERE time < ?1");
    st.bind(1, cutoffMs);
    if (!st.exec()) {
        *error = st.error();
        return -1;
    }
    return st.changes();
}

QString redactBody(const QByteArray &body, const QList<QByteArray> &secrets)
{
    constexpr qsizetype kMaxCapture = 256 * 1024;
    QString text = QString::fromUtf8(body.left(kMaxCapture));
    for (const QByteArray &secret : secrets) {
        if (secret.size() >= 8)
            text.replace(QString::fromUtf8(secret), QStringLiteral("[redacted]"));
    }
    static const QRegularExpression keys(QStringLiteral("\\b(?:sk|bsk|pk|rk)-[A-Za-z0-9_\\-]{8,}"));
    static const QRegularExpression bearer(QStringLiteral("\\b[Bb]earer\\s+[A-Za-z0-9._~+/\\-]{8,}=*"));
    static const QRegularExpression fields(
        QStringLiteral("(\"[^\"]*(?:api[_-]?key|apikey|authorization|password|passwd|secret|token)[^\"]*\"\\s*:\\s*)\"("
                       "?:[^\"\\\\]|\\\\.)*\""),
        QRegularExpression::CaseInsensitiveOption);
    text.replace(fields, QStringLiteral("\\1\"[redacted]\""));
    text.replace(keys, QStringLiteral("[redacted]"));
    text.replace(bearer, QStringLiteral("Bearer [redacted]"));
    if (body.size() > kMaxCapture)
        text += QStringLiteral("\n[truncated at 256 KiB]");
    return text;
}

} // namespace bytespike::RequestLog
