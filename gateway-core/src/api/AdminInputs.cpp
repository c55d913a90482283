// The admin API's errors, request bodies and query strings: what the server reads strictly (the
// refusal names the field, the value is never repeated) and the client writes.
#include "bytespike/AdminTypes.h"

#include "InputReaders.h"
#include "protocol/InputRules.h"

#include <QDateTime>

namespace bytespike {

int adminErrorStatus(AdminError error)
{
    switch (error) {
    case AdminError::BadInput: return 400;
    case AdminError::Unauthorized: return 401;
    case AdminError::Forbidden: return 403;
    case AdminError::NotFound: return 404;
    case AdminError::Conflict: return 409;
    case AdminError::Internal: return 500;
    case AdminError::Unavailable: return 503;
    }
    return 500;
}

AdminError adminErrorForStatus(int status)
{
    for (AdminError e : {AdminError::BadInput, AdminError::Unauthorized, AdminError::Forbidden, AdminError::NotFound,
             AdminError::Conflict, AdminError::Internal, AdminError::Unavailable}) {
        if (adminErrorStatus(e) == status)
            return e;
    }
    return status >= 500 || status < 400 ? AdminError::Internal : AdminError::BadInput;
}

namespace {

using InputReaders::badInput;
using InputReaders::unknownField;

// An optional string field (a name or memo): absent reads as empty, and the text keeps the rule
// for names (InputRules::checkName).
QString readOptionalName(const QJsonObject &json, const QString &field, QString *out)
{
    const QJsonValue value = json.value(field);
    if (!value.isUndefined() && !value.isString())
        return QStringLiteral("%1 must be a string").arg(field);
    *out = value.toString();
    return InputRules::checkName(field, *out);
}

// An ISO 8601 date or date-time (UTC when no offset is given) as epoch milliseconds.
bool parseIsoTime(const QString &text, qint64 *ms)
{
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::ISODate);
    if (!t.isValid())
        return false;
    if (t.timeSpec() == Qt::LocalTime)
        t.setTimeSpec(Qt::UTC);
    *ms = t.toMSecsSinceEpoch();
    return true;
}

} // namespace

QJsonObject NewCustomer::toJson() const
{
    return QJsonObject {{QStringLiteral("name"), name}};
}

AdminResult<NewCustomer> NewCustomer::fromJson(const QJsonObject &json)
{
    const QJsonValue name = json.value(QStringLiteral("name"));
    if (!name.isString() || name.toString().trimmed().isEmpty())
        return badInput<NewCustomer>(QStringLiteral("name is required (a non-empty string)"));
    if (const QString error = InputRules::checkName(QStringLiteral("name"), name.toString()); !error.isEmpty())
        return badInput<NewCustomer>(error);
    if (const QString error = unknownField(json, {QStringLiteral("name")}); !error.isEmpty())
        return badInput<NewCustomer>(error);
    return NewCustomer {name.toString()};
}

QJsonObject NewKey::toJson() const
{
    QJsonObject out = name.isEmpty() ? QJsonObject() : QJsonObject {{QStringLiteral("name"), name}};
    limits.writeJson(out);
    return out;
}

AdminResult<NewKey> NewKey::fromJson(const QJsonObject &json)
{
    NewKey key;
    if (const QString error = unknownField(json, KeyLimits::fieldNames() + QStringList {QStringLiteral("name")});
        !error.isEmpty())
        return badInput<NewKey>(error);
    if (const QString error = readOptionalName(json, QStringLiteral("name"), &key.name); !error.isEmpty())
        return badInput<NewKey>(error);
    const AdminResult<KeyLimits> limits = KeyLimits::fromJson(json);
    if (!limits.ok())
        return limits.failure();
    key.limits = limits.value();
    return key;
}

QJsonObject NewCredit::toJson() const
{
    QJsonObject out {{QStringLiteral("amount_micros"), amountMicros}};
    if (!memo.isEmpty())
        out.insert(QStringLiteral("memo"), memo);
    return out;
}

AdminResult<NewCredit> NewCredit::fromJson(const QJsonObject &json)
{
    NewCredit credit;
    const InputRules::Integer read
        = InputRules::readInteger(json.value(QStringLiteral("amount_micros")), &credit.amountMicros);
    if (read == InputRules::Integer::TooLarge)
        return badInput<NewCredit>(InputRules::integerError(QStringLiteral("amount_micros"), read));
    if (read != InputRules::Integer::Ok || credit.amountMicros <= 0)
        return badInput<NewCredit>(QStringLiteral("amount_micros must be a positive integer (micro-dollars)"));
    if (const QString error = readOptionalName(json, QStringLiteral("memo"), &credit.memo); !error.isEmpty())
        return badInput<NewCredit>(error);
    return credit;
}

QJsonObject SecretValue::toJson() const
{
    return QJsonObject {{QStringLiteral("value"), value}};
}

AdminResult<SecretValue> SecretValue::fromJson(const QJsonObject &json)
{
    if (const QString error = unknownField(json, {QStringLiteral("value")}); !error.isEmpty())
        return badInput<SecretValue>(error);
    const QString value = json.value(QStringLiteral("value")).toString().trimmed();
    if (value.isEmpty())
        return badInput<SecretValue>(QStringLiteral("value is required (a non-empty string)"));
    return SecretValue {value};
}

QUrlQuery HoldQuery::toQuery() const
{
    QUrlQuery q;
    if (!states.isEmpty())
        q.addQueryItem(QStringLiteral("state"), states.join(QLatin1Char(',')));
    if (!customer.isEmpty())
        q.addQueryItem(QStringLiteral("customer"), customer);
    if (!request.isEmpty())
        q.addQueryItem(QStringLiteral("request"), request);
    q.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    return q;
}

AdminResult<HoldQuery> HoldQuery::fromQuery(const QUrlQuery &query)
{
    // One state, or several separated by commas (state=voided,expired).
    static const QStringList known {
        QStringLiteral("pending"), QStringLiteral("posted"), QStringLiteral("voided"), QStringLiteral("expired")};
    HoldQuery out;
    out.states = query.queryItemValue(QStringLiteral("state")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &one : std::as_const(out.states)) {
        if (!known.contains(one))
            return badInput<HoldQuery>(QStringLiteral("state must be pending, posted, voided or expired"));
    }
    bool ok = false;
    out.limit = query.queryItemValue(QStringLiteral("limit")).toInt(&ok);
    if (!ok || out.limit <= 0 || out.limit > 1000)
        out.limit = 200;
    out.customer = query.queryItemValue(QStringLiteral("customer"));
    out.request = query.queryItemValue(QStringLiteral("request"));
    return out;
}

QUrlQuery RequestQuery::toQuery() const
{
    QUrlQuery q;
    const auto add = [&q](const char *key, const QString &value) {
        if (!value.isEmpty())
            q.addQueryItem(QLatin1String(key), value);
    };
    add("customer", customer);
    add("model", model);
    add("channel", channel);
    add("request", request);
    if (status)
        q.addQueryItem(QStringLiteral("status"), QString::number(*status));
    if (billed)
        q.addQueryItem(QStringLiteral("billed"), *billed ? QStringLiteral("true") : QStringLiteral("false"));
    q.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    if (offset != 0)
        q.addQueryItem(QStringLiteral("offset"), QString::number(offset));
    return q;
}

AdminResult<RequestQuery> RequestQuery::fromQuery(const QUrlQuery &q)
{
    RequestQuery out;
    out.customer = q.queryItemValue(QStringLiteral("customer"));
    out.model = q.queryItemValue(QStringLiteral("model"));
    out.channel = q.queryItemValue(QStringLiteral("channel"));
    out.request = q.queryItemValue(QStringLiteral("request"));
    bool ok = true;
    if (q.hasQueryItem(QStringLiteral("status"))) {
        out.status = q.queryItemValue(QStringLiteral("status")).toInt(&ok);
        if (!ok)
            return badInput<RequestQuery>(QStringLiteral("status must be an HTTP status number"));
    }
    const QString billed = q.queryItemValue(QStringLiteral("billed"));
    if (!billed.isEmpty() && billed != QLatin1String("true") && billed != QLatin1String("false"))
        return badInput<RequestQuery>(QStringLiteral("billed must be true or false"));
    if (!billed.isEmpty())
        out.billed = billed == QLatin1String("true");
    if (q.hasQueryItem(QStringLiteral("limit"))) {
        out.limit = q.queryItemValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || out.limit < 1 || out.limit > 1000)
            return badInput<RequestQuery>(QStringLiteral("limit must be between 1 and 1000"));
    }
    if (q.hasQueryItem(QStringLiteral("offset"))) {
        out.offset = q.queryItemValue(QStringLiteral("offset")).toInt(&ok);
        if (!ok || out.offset < 0)
            return badInput<RequestQuery>(QStringLiteral("offset must be a non-negative integer"));
    }
    return out;
}

QUrlQuery StatementQuery::toQuery() const
{
    QUrlQuery q;
    if (fromMs)
        q.addQueryItem(QStringLiteral("from"), adminTime(*fromMs));
    if (toMs)
        q.addQueryItem(QStringLiteral("to"), adminTime(*toMs));
    return q;
}

AdminResult<StatementQuery> StatementQuery::fromQuery(const QUrlQuery &query)
{
    // Both ends come back filled in: from the beginning, to now.
    qint64 fromMs = 0;
    qint64 toMs = QDateTime::currentMSecsSinceEpoch() + 1;
    if (query.hasQueryItem(QStringLiteral("from"))
        && !parseIsoTime(query.queryItemValue(QStringLiteral("from"), QUrl::FullyDecoded), &fromMs))
        return badInput<StatementQuery>(QStringLiteral("from must be an ISO 8601 date or date-time"));
    if (query.hasQueryItem(QStringLiteral("to"))
        && !parseIsoTime(query.queryItemValue(QStringLiteral("to"), QUrl::FullyDecoded), &toMs))
        return badInput<StatementQuery>(QStringLiteral("to must be an ISO 8601 date or date-time"));
    if (toMs < fromMs)
        return badInput<StatementQuery>(QStringLiteral("to is before from"));
    return StatementQuery {fromMs, toMs};
}

QUrlQuery AuditQuery::toQuery() const
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    if (!target.isEmpty())
        q.addQueryItem(QStringLiteral("target"), target);
    return q;
}

AdminResult<AuditQuery> AuditQuery::fromQuery(const QUrlQuery &q)
{
    bool ok = true;
    AuditQuery out;
    if (q.hasQueryItem(QStringLiteral("limit")))
        out.limit = q.queryItemValue(QStringLiteral("limit")).toInt(&ok);
    if (!ok || out.limit < 1 || out.limit > 1000)
        return badInput<AuditQuery>(QStringLiteral("limit must be an integer from 1 to 1000"));
    out.target = q.queryItemValue(QStringLiteral("target"));
    return out;
}

} // namespace bytespike
