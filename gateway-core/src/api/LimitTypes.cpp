// Key and customer limits and the operators' types: their JSON, read strictly (the refusal names
// the field and never repeats the value) and written once.
#include "bytespike/LimitTypes.h"

#include "InputReaders.h"
#include "base/Money.h"
#include "bytespike/AdminTypes.h"
#include "protocol/InputRules.h"

#include <QHostAddress>
#include <QJsonArray>

namespace bytespike {

namespace {

using InputReaders::badInput;
using InputReaders::num;
using InputReaders::str;
using InputReaders::unknownField;

// A count limit: absent or null reads as 0 (no limit); otherwise an integer from 0 to max.
QString readCount(const QJsonObject &json, const QString &field, qint64 max, qint64 *out)
{
    const QJsonValue value = json.value(field);
    *out = 0;
    if (value.isUndefined() || value.isNull())
        return {};
    const InputRules::Integer read = InputRules::readInteger(value, out);
    if (read != InputRules::Integer::Ok)
        return InputRules::integerError(field, read);
    if (*out < 0 || *out > max)
        return QStringLiteral("%1 must be from 0 (no limit) to %2").arg(field).arg(max);
    return {};
}

QString readStringList(const QJsonObject &json, const QString &field, int max, QStringList *out)
{
    const QJsonValue value = json.value(field);
    out->clear();
    if (value.isUndefined() || value.isNull())
        return {};
    if (!value.isArray())
        return QStringLiteral("%1 must be an array of strings").arg(field);
    const QJsonArray items = value.toArray();
    if (items.size() > max)
        return QStringLiteral("%1 holds at most %2 entries").arg(field).arg(max);
    for (const QJsonValue &item : items) {
        if (!item.isString())
            return QStringLiteral("%1 must be an array of strings").arg(field);
        if (!out->contains(item.toString()))
            out->append(item.toString());
    }
    return {};
}

QString readModels(const QJsonObject &json, QStringList *out)
{
    const QString field = QStringLiteral("models");
    if (QString error = readStringList(json, field, KeyLimits::kMaxModels, out); !error.isEmpty())
        return error;
    for (qsizetype i = 0; i < out->size(); ++i) {
        if (QString error = InputRules::checkModel(QStringLiteral("models[%1]").arg(i), out->at(i)); !error.isEmpty())
            return error;
    }
    return {};
}

QString readCidrs(const QJsonObject &json, QStringList *out)
{
    const QString field = QStringLiteral("ip_allow");
    if (QString error = readStringList(json, field, KeyLimits::kMaxCidrs, out); !error.isEmpty())
        return error;
    for (qsizetype i = 0; i < out->size(); ++i) {
        QString text = out->at(i).trimmed();
        const bool ok = text.size() <= 64 && !InputRules::hasControl(text)
            && (text.contains(QLatin1Char('/')) ? QHostAddress::parseSubnet(text).first.isNull() == false
                                                : !QHostAddress(text).isNull());
        if (!ok)
            return QStringLiteral("ip_allow[%1] must be an address or a CIDR block (10.0.0.0/8, 2001:db8::/32)").arg(i);
        (*out)[i] = text;
    }
    return {};
}

QString readExpiry(const QJsonObject &json, std::optional<qint64> *out)
{
    const QJsonValue value = json.value(QStringLiteral("expires_at"));
    out->reset();
    if (value.isUndefined() || value.isNull())
        return {};
    const qint64 ms = value.isString() && value.toString().size() <= 40 ? adminTimeMs(value.toString()) : 0;
    if (ms <= 0)
        return QStringLiteral("expires_at must be an ISO 8601 time (2027-01-31T00:00:00Z)");
    *out = ms;
    return {};
}

QString readBudget(const QJsonObject &json, KeyLimits *limits)
{
    const QJsonValue amount = json.value(QStringLiteral("budget_micros"));
    const QJsonValue period = json.value(QStringLiteral("budget_period"));
    limits->budgetMicros.reset();
    limits->budgetPeriod = KeyLimits::Period::Total;
    if (!period.isUndefined() && !period.isNull()) {
        const std::optional<KeyLimits::Period> read
            = period.isString() ? periodFromName(period.toString()) : std::nullopt;
        if (!read)
            return QStringLiteral("budget_period must be day, week, month or total");
        limits->budgetPeriod = *read;
    }
    if (amount.isUndefined() || amount.isNull())
        return {};
    qint64 micros = 0;
    const InputRules::Integer read = InputRules::readInteger(amount, &micros);
    if (read != InputRules::Integer::Ok)
        return InputRules::integerError(QStringLiteral("budget_micros"), read);
    if (micros < 0 || micros > kMaxMoneyMicros)
        return QStringLiteral("budget_micros must be from 0 to %1 (micro-dollars)").arg(kMaxMoneyMicros);
    limits->budgetMicros = micros;
    return {};
}

QString readOptionalName(const QJsonObject &json, std::optional<QString> *out)
{
    const QJsonValue value = json.value(QStringLiteral("name"));
    out->reset();
    if (value.isUndefined())
        return {};
    if (!value.isString() || value.toString().trimmed().isEmpty())
        return QStringLiteral("name must be a non-empty string");
    if (QString error = InputRules::checkName(QStringLiteral("name"), value.toString()); !error.isEmpty())
        return error;
    *out = value.toString();
    return {};
}

void putCount(QJsonObject &out, const char *key, qint64 value)
{
    if (value > 0)
        out.insert(QLatin1String(key), value);
}

} // namespace

QString periodName(KeyLimits::Period period)
{
    switch (period) {
    case KeyLimits::Period::Total: return QStringLiteral("total");
    case KeyLimits::Period::Day: return QStringLiteral("day");
    case KeyLimits::Period::Week: return QStringLiteral("week");
    case KeyLimits::Period::Month: return QStringLiteral("month");
    }
    return QStringLiteral("total");
}

std::optional<KeyLimits::Period> periodFromName(const QString &name)
{
    for (KeyLimits::Period p :
        {KeyLimits::Period::Total, KeyLimits::Period::Day, KeyLimits::Period::Week, KeyLimits::Period::Month}) {
        if (periodName(p) == name)
            return p;
    }
    return std::nullopt;
}

bool KeyLimits::any() const
{
    return !models.isEmpty() || expiresAtMs || rpm > 0 || tpm > 0 || maxConcurrent > 0 || budgetMicros
        || !ipAllow.isEmpty();
}

const QStringList &KeyLimits::fieldNames()
{
    static const QStringList names {QStringLiteral("models"), QStringLiteral("expires_at"), QStringLiteral("rpm"),
        QStringLiteral("tpm"), QStringLiteral("max_concurrent"), QStringLiteral("budget_micros"),
        QStringLiteral("budget_period"), QStringLiteral("ip_allow")};
    return names;
}

void KeyLimits::writeJson(QJsonObject &out) const
{
    if (!models.isEmpty())
        out.insert(QStringLiteral("models"), QJsonArray::fromStringList(models));
    if (expiresAtMs)
        out.insert(QStringLiteral("expires_at"), adminTime(*expiresAtMs));
    putCount(out, "rpm", rpm);
    putCount(out, "tpm", tpm);
    putCount(out, "max_concurrent", maxConcurrent);
    if (budgetMicros) {
        out.insert(QStringLiteral("budget_micros"), *budgetMicros);
        out.insert(QStringLiteral("budget_period"), periodName(budgetPeriod));
    }
    if (!ipAllow.isEmpty())
        out.insert(QStringLiteral("ip_allow"), QJsonArray::fromStringList(ipAllow));
}

AdminResult<KeyLimits> KeyLimits::fromJson(const QJsonObject &json)
{
    KeyLimits limits;
    QString error = readModels(json, &limits.models);
    if (error.isEmpty())
        error = readExpiry(json, &limits.expiresAtMs);
    if (error.isEmpty())
        error = readCount(json, QStringLiteral("rpm"), kMaxRpm, &limits.rpm);
    if (error.isEmpty())
        error = readCount(json, QStringLiteral("tpm"), kMaxTpm, &limits.tpm);
    if (error.isEmpty())
        error = readCount(json, QStringLiteral("max_concurrent"), kMaxConcurrent, &limits.maxConcurrent);
    if (error.isEmpty())
        error = readBudget(json, &limits);
    if (error.isEmpty())
        error = readCidrs(json, &limits.ipAllow);
    if (!error.isEmpty())
        return badInput<KeyLimits>(error);
    return limits;
}

void CustomerLimits::writeJson(QJsonObject &out) const
{
    putCount(out, "rpm", rpm);
    putCount(out, "tpm", tpm);
    putCount(out, "max_concurrent", maxConcurrent);
}

AdminResult<CustomerLimits> CustomerLimits::fromJson(const QJsonObject &json)
{
    CustomerLimits limits;
    QString error = readCount(json, QStringLiteral("rpm"), KeyLimits::kMaxRpm, &limits.rpm);
    if (error.isEmpty())
        error = readCount(json, QStringLiteral("tpm"), KeyLimits::kMaxTpm, &limits.tpm);
    if (error.isEmpty())
        error = readCount(json, QStringLiteral("max_concurrent"), KeyLimits::kMaxConcurrent, &limits.maxConcurrent);
    if (!error.isEmpty())
        return badInput<CustomerLimits>(error);
    return limits;
}

QJsonObject KeyUsage::toJson() const
{
    QJsonObject out {{QStringLiteral("rpm"), rpm}, {QStringLiteral("tpm"), tpm},
        {QStringLiteral("concurrent"), concurrent}, {QStringLiteral("budget_spent_micros"), budgetSpentMicros},
        {QStringLiteral("budget_reserved_micros"), budgetReservedMicros}};
    if (budgetPeriodStartMs > 0)
        out.insert(QStringLiteral("budget_period_start"), adminTime(budgetPeriodStartMs));
    return out;
}

KeyUsage KeyUsage::fromJson(const QJsonObject &json)
{
    return KeyUsage {num(json, "rpm"), num(json, "tpm"), num(json, "concurrent"), num(json, "budget_spent_micros"),
        num(json, "budget_reserved_micros"), adminTimeMs(str(json, "budget_period_start"))};
}

QJsonObject KeySettings::toJson() const
{
    QJsonObject out;
    if (name)
        out.insert(QStringLiteral("name"), *name);
    limits.writeJson(out);
    return out;
}

AdminResult<KeySettings> KeySettings::fromJson(const QJsonObject &json)
{
    KeySettings settings;
    if (QString error = unknownField(json, KeyLimits::fieldNames() + QStringList {QStringLiteral("name")});
        !error.isEmpty())
        return badInput<KeySettings>(error);
    if (QString error = readOptionalName(json, &settings.name); !error.isEmpty())
        return badInput<KeySettings>(error);
    AdminResult<KeyLimits> limits = KeyLimits::fromJson(json);
    if (!limits.ok())
        return limits.failure();
    settings.limits = limits.value();
    return settings;
}

QJsonObject CustomerSettings::toJson() const
{
    QJsonObject out;
    if (name)
        out.insert(QStringLiteral("name"), *name);
    limits.writeJson(out);
    return out;
}

AdminResult<CustomerSettings> CustomerSettings::fromJson(const QJsonObject &json)
{
    CustomerSettings settings;
    const QStringList known {
        QStringLiteral("name"), QStringLiteral("rpm"), QStringLiteral("tpm"), QStringLiteral("max_concurrent")};
    if (QString error = unknownField(json, known); !error.isEmpty())
        return badInput<CustomerSettings>(error);
    if (QString error = readOptionalName(json, &settings.name); !error.isEmpty())
        return badInput<CustomerSettings>(error);
    AdminResult<CustomerLimits> limits = CustomerLimits::fromJson(json);
    if (!limits.ok())
        return limits.failure();
    settings.limits = limits.value();
    return settings;
}

QString roleName(OperatorRole role)
{
    switch (role) {
    case OperatorRole::Viewer: return QStringLiteral("viewer");
    case OperatorRole::Pricing: return QStringLiteral("pricing");
    case OperatorRole::Billing: return QStringLiteral("billing");
    case OperatorRole::Admin: return QStringLiteral("admin");
    }
    return QStringLiteral("viewer");
}

std::optional<OperatorRole> roleFromName(const QString &name)
{
    for (OperatorRole r : {OperatorRole::Viewer, OperatorRole::Pricing, OperatorRole::Billing, OperatorRole::Admin}) {
        if (roleName(r) == name)
            return r;
    }
    return std::nullopt;
}

bool roleAllows(OperatorRole held, OperatorRole needed)
{
    return held == OperatorRole::Admin || needed == OperatorRole::Viewer || held == needed;
}

QJsonObject Operator::toJson() const
{
    QJsonObject out {{QStringLiteral("id"), id}, {QStringLiteral("name"), name},
        {QStringLiteral("role"), roleName(role)}, {QStringLiteral("created"), adminTime(createdMs)},
        {QStringLiteral("revoked"), QJsonValue::Null}};
    if (revokedMs)
        out.insert(QStringLiteral("revoked"), adminTime(*revokedMs));
    return out;
}

Operator Operator::fromJson(const QJsonObject &json)
{
    Operator op {str(json, "id"), str(json, "name"), roleFromName(str(json, "role")).value_or(OperatorRole::Viewer),
        adminTimeMs(str(json, "created")), std::nullopt};
    if (json.value(QLatin1String("revoked")).isString())
        op.revokedMs = adminTimeMs(str(json, "revoked"));
    return op;
}

QJsonObject NewOperator::toJson() const
{
    return QJsonObject {{QStringLiteral("name"), name}, {QStringLiteral("role"), roleName(role)}};
}

AdminResult<NewOperator> NewOperator::fromJson(const QJsonObject &json)
{
    if (QString error = unknownField(json, {QStringLiteral("name"), QStringLiteral("role")}); !error.isEmpty())
        return badInput<NewOperator>(error);
    const QJsonValue name = json.value(QStringLiteral("name"));
    if (!name.isString() || name.toString().trimmed().isEmpty())
        return badInput<NewOperator>(QStringLiteral("name is required (a non-empty string)"));
    if (QString error = InputRules::checkName(QStringLiteral("name"), name.toString()); !error.isEmpty())
        return badInput<NewOperator>(error);
    const std::optional<OperatorRole> role = roleFromName(json.value(QStringLiteral("role")).toString());
    if (!role)
        return badInput<NewOperator>(QStringLiteral("role must be viewer, pricing, billing or admin"));
    return NewOperator {name.toString(), *role};
}

QJsonObject CreatedOperator::toJson() const
{
    return QJsonObject {{QStringLiteral("id"), id}, {QStringLiteral("token"), token}, {QStringLiteral("name"), name},
        {QStringLiteral("role"), roleName(role)}};
}

CreatedOperator CreatedOperator::fromJson(const QJsonObject &json)
{
    return CreatedOperator {str(json, "id"), str(json, "token"), str(json, "name"),
        roleFromName(str(json, "role")).value_or(OperatorRole::Viewer)};
}

QJsonObject OperatorRevoked::toJson() const
{
    return QJsonObject {{QStringLiteral("id"), id}, {QStringLiteral("revoked"), true}};
}

OperatorRevoked OperatorRevoked::fromJson(const QJsonObject &json)
{
    return OperatorRevoked {str(json, "id")};
}

} // namespace bytespike
