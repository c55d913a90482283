#include "InputRules.h"

#include <cmath>

namespace bytespike::InputRules {

namespace {

bool idStart(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'A' && u <= u'Z') || (u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9');
}

bool idPart(QChar c)
{
    return idStart(c) || c == u'.' || c == u'_' || c == u'-';
}

} // namespace

bool isId(QStringView text)
{
    if (text.isEmpty() || text.size() > kIdMaxLength || !idStart(text.front()))
        return false;
    for (const QChar c : text) {
        if (!idPart(c))
            return false;
    }
    return true;
}

bool hasControl(QStringView text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t u = text[i].unicode();
        if (isControl(u))
            return true;
        if (QChar::isHighSurrogate(u)) {
            if (i + 1 >= text.size() || !QChar::isLowSurrogate(text[i + 1].unicode()))
                return true;
            ++i; // a whole pair: one character outside the Basic Multilingual Plane
        } else if (QChar::isLowSurrogate(u)) {
            return true;
        }
    }
    return false;
}

qsizetype utf8Size(QStringView text)
{
    qsizetype bytes = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t u = text[i].unicode();
        if (u < 0x80)
            bytes += 1;
        else if (u < 0x800)
            bytes += 2;
        else if (QChar::isHighSurrogate(u) && i + 1 < text.size() && QChar::isLowSurrogate(text[i + 1].unicode())) {
            bytes += 4;
            ++i;
        } else
            bytes += 3; // the rest of the plane, and a lone surrogate as its replacement character
    }
    return bytes;
}

QString checkId(const QString &field, QStringView value)
{
    if (isId(value))
        return {};
    return QStringLiteral("%1 must be 1 to %2 characters of A-Z a-z 0-9 . _ -, starting with a letter or digit")
        .arg(field)
        .arg(kIdMaxLength);
}

QString checkModel(const QString &field, QStringView value)
{
    if (!hasControl(value) && utf8Size(value) <= kModelMaxBytes)
        return {};
    return QStringLiteral("%1 must be at most %2 bytes of printable text").arg(field).arg(kModelMaxBytes);
}

QString checkName(const QString &field, QStringView value)
{
    if (!hasControl(value) && utf8Size(value) <= kNameMaxBytes)
        return {};
    return QStringLiteral("%1 must be at most %2 bytes of text without control characters or line breaks")
        .arg(field)
        .arg(kNameMaxBytes);
}

Integer readInteger(const QJsonValue &value, qint64 *out)
{
    if (!value.isDouble())
        return Integer::NotANumber;
    const double d = value.toDouble();
    if (!std::isfinite(d) || std::trunc(d) != d)
        return Integer::Fractional;
    if (std::fabs(d) >= kJsonIntegerLimit)
        return Integer::TooLarge;
    *out = qint64(d);
    return Integer::Ok;
}

QString integerError(const QString &field, Integer problem)
{
    switch (problem) {
    case Integer::Ok: return {};
    case Integer::NotANumber:
    case Integer::Fractional: return QStringLiteral("%1 must be an integer").arg(field);
    case Integer::TooLarge:
        return QStringLiteral("%1 must be an integer of magnitude below 2^53 (9007199254740992): larger JSON numbers"
                              " are not exact")
            .arg(field);
    }
    return {};
}

} // namespace bytespike::InputRules
