#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace bytespike {

template <typename T> class AdminResult;

// What a customer key may do (docs/api.md, "Limits and operators"). Every setting is optional:
// zero, empty or absent means no limit of that kind. Written into the key's JSON (ApiKey) and read
// strictly from a key's create or replace body.
struct KeyLimits
{
    // The largest values accepted: beyond them a limit is a typo, not a policy.
    static constexpr qint64 kMaxRpm = 1'000'000;
    static constexpr qint64 kMaxTpm = 10'000'000'000;
    static constexpr qint64 kMaxConcurrent = 100'000;
    static constexpr int kMaxModels = 256;
    static constexpr int kMaxCidrs = 64;

    enum class Period { Total, Day, Week, Month };

    QStringList models; // the public model names the key may call; empty: all of them
    std::optional<qint64> expiresAtMs;
    qint64 rpm = 0;
    qint64 tpm = 0;
    qint64 maxConcurrent = 0;
    std::optional<qint64> budgetMicros;
    Period budgetPeriod = Period::Total;
    QStringList ipAllow; // CIDR blocks (an address alone is one host)

    // Whether anything limits the key (a key without limits costs the request path nothing).
    bool any() const;
    // Adds the set fields to out (the key's JSON, or a create/replace body).
    void writeJson(QJsonObject &out) const;
    // The limit fields of a body; fields outside them are left to the caller.
    static AdminResult<KeyLimits> fromJson(const QJsonObject &json);
    static const QStringList &fieldNames();
    bool operator==(const KeyLimits &) const = default;
};

QString periodName(KeyLimits::Period period);
std::optional<KeyLimits::Period> periodFromName(const QString &name);

// A customer's limits across all of its keys.
struct CustomerLimits
{
    qint64 rpm = 0;
    qint64 tpm = 0;
    qint64 maxConcurrent = 0;

    bool any() const { return rpm > 0 || tpm > 0 || maxConcurrent > 0; }
    void writeJson(QJsonObject &out) const;
    static AdminResult<CustomerLimits> fromJson(const QJsonObject &json);
    bool operator==(const CustomerLimits &) const = default;
};

// A key's live usage against its limits: requests and tokens in the last minute, requests in
// flight, and what its budget has spent in the current period (debits committed plus the open
// holds reserved against it).
struct KeyUsage
{
    qint64 rpm = 0;
    qint64 tpm = 0;
    qint64 concurrent = 0;
    qint64 budgetSpentMicros = 0;
    qint64 budgetReservedMicros = 0;
    qint64 budgetPeriodStartMs = 0;

    QJsonObject toJson() const;
    static KeyUsage fromJson(const QJsonObject &json);
    bool operator==(const KeyUsage &) const = default;
};

// PUT /admin/customers/{id}/keys/{key_id}: the key's name (kept when absent) and its limits,
// which replace the old ones whole.
struct KeySettings
{
    std::optional<QString> name;
    KeyLimits limits;

    QJsonObject toJson() const;
    static AdminResult<KeySettings> fromJson(const QJsonObject &json);
};

// PUT /admin/customers/{id}: the name (kept when absent) and the limits, replaced whole.
struct CustomerSettings
{
    std::optional<QString> name;
    CustomerLimits limits;

    QJsonObject toJson() const;
    static AdminResult<CustomerSettings> fromJson(const QJsonObject &json);
};

// Who may do what on the admin API. viewer reads; pricing also changes channels, prices and
// secrets; billing also changes customers, keys and credits; admin does everything, operators
// included.
enum class OperatorRole { Viewer, Pricing, Billing, Admin };
QString roleName(OperatorRole role);
std::optional<OperatorRole> roleFromName(const QString &name);
// Whether a caller holding `held` may call a route that asks for `needed`: admin may call
// everything, pricing and billing what viewer may and their own routes.
bool roleAllows(OperatorRole held, OperatorRole needed);

// A named operator as listed (never its token).
struct Operator
{
    static constexpr const char *kListKey = "operators";

    QString id;
    QString name;
    OperatorRole role = OperatorRole::Viewer;
    qint64 createdMs = 0;
    std::optional<qint64> revokedMs;

    QJsonObject toJson() const;
    static Operator fromJson(const QJsonObject &json);
    bool operator==(const Operator &) const = default;
};

// POST /admin/operators.
struct NewOperator
{
    QString name;
    OperatorRole role = OperatorRole::Viewer;

    QJsonObject toJson() const;
    static AdminResult<NewOperator> fromJson(const QJsonObject &json);
};

// An operator just made: the only time its token is shown.
struct CreatedOperator
{
    QString id;
    QString token;
    QString name;
    OperatorRole role = OperatorRole::Viewer;

    QJsonObject toJson() const;
    static CreatedOperator fromJson(const QJsonObject &json);
};

struct OperatorRevoked
{
    QString id;
    QJsonObject toJson() const;
    static OperatorRevoked fromJson(const QJsonObject &json);
};

} // namespace bytespike
