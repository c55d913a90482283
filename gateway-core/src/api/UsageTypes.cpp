// GET /admin/usage's query and answer (AdminTypes.h).
#include "bytespike/AdminTypes.h"

#include "InputReaders.h"

#include <QJsonArray>

namespace bytespike {

namespace {

using InputReaders::badInput;
using InputReaders::num;
using InputReaders::str;

constexpr int kMaxUsageRows = 100;

QJsonArray rowsJson(const QList<UsageRow> &rows, bool customers)
{
    QJsonArray out;
    for (const UsageRow &row : rows) {
        QJsonObject item;
        if (customers) {
            item.insert(QStringLiteral("customer_id"), row.key);
            item.insert(QStringLiteral("customer_name"), row.name);
        } else {
            item.insert(QStringLiteral("model"), row.key);
        }
        item.insert(QStringLiteral("requests"), row.requests);
        item.insert(QStringLiteral("input_tokens"), row.inputTokens);
        item.insert(QStringLiteral("output_tokens"), row.outputTokens);
        item.insert(QStringLiteral("spend_micros"), row.spendMicros);
        out.append(item);
    }
    return out;
}

QList<UsageRow> rowsFromJson(const QJsonArray &array, bool customers)
{
    QList<UsageRow> rows;
    for (const QJsonValue &value : array) {
        const QJsonObject item = value.toObject();
        rows.append(UsageRow {str(item, customers ? "customer_id" : "model"),
            customers ? str(item, "customer_name") : QString(), num(item, "requests"), num(item, "input_tokens"),
            num(item, "output_tokens"), num(item, "spend_micros")});
    }
    return rows;
}

} // namespace

QUrlQuery UsageQuery::toQuery() const
{
    QUrlQuery q = period.toQuery();
    q.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    return q;
}

AdminResult<UsageQuery> UsageQuery::fromQuery(const QUrlQuery &query)
{
    const AdminResult<StatementQuery> period = StatementQuery::fromQuery(query);
    if (!period.ok())
        return AdminResult<UsageQuery>(period.failure());
    UsageQuery out {period.value(), 10};
    if (query.hasQueryItem(QStringLiteral("limit"))) {
        bool ok = false;
        out.limit = query.queryItemValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || out.limit < 1 || out.limit > kMaxUsageRows)
            return badInput<UsageQuery>(QStringLiteral("limit must be from 1 to %1").arg(kMaxUsageRows));
    }
    return out;
}

QJsonObject UsageSummary::toJson() const
{
    return QJsonObject {{QStringLiteral("from"), adminTime(fromMs)}, {QStringLiteral("to"), adminTime(toMs)},
        {QStringLiteral("requests"), requests}, {QStringLiteral("spend_micros"), spendMicros},
        {QStringLiteral("by_model"), rowsJson(byModel, false)},
        {QStringLiteral("by_customer"), rowsJson(byCustomer, true)}};
}

UsageSummary UsageSummary::fromJson(const QJsonObject &json)
{
    return UsageSummary {adminTimeMs(str(json, "from")), adminTimeMs(str(json, "to")), num(json, "requests"),
        num(json, "spend_micros"), rowsFromJson(json.value(QLatin1String("by_model")).toArray(), false),
        rowsFromJson(json.value(QLatin1String("by_customer")).toArray(), true)};
}

} // namespace bytespike
