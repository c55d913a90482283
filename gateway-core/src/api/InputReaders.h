#pragma once

#include "bytespike/AdminTypes.h"

#include <QJsonObject>
#include <QStringList>

namespace bytespike::InputReaders {

// The shared pieces of the admin API's strict body readers (AdminInputs, LimitTypes).

template <typename T> AdminResult<T> badInput(const QString &message)
{
    return AdminResult<T>::fail(AdminError::BadInput, message);
}

// "unknown field NAME" for the first field of json outside known; empty when there is none.
inline QString unknownField(const QJsonObject &json, const QStringList &known)
{
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (!known.contains(it.key()))
            return QStringLiteral("unknown field %1").arg(it.key());
    }
    return {};
}

// A field of a JSON object the server wrote, read leniently: absent reads as "" or 0.
inline QString str(const QJsonObject &json, const char *key)
{
    return json.value(QLatin1String(key)).toString();
}

inline qint64 num(const QJsonObject &json, const char *key)
{
    return json.value(QLatin1String(key)).toInteger();
}

} // namespace bytespike::InputReaders
