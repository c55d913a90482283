#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringView>

namespace bytespike {

// The rules every name, identifier and integer an operator gives the admin API must keep, in one
// place: the channel JSON, customers, keys, credits and the admin router's path segments all
// check with these, so a rule and its wording cannot drift between them.
namespace InputRules {

// Identifiers given by an operator (channel ids) and the ids the router expects in a path:
// [A-Za-z0-9][A-Za-z0-9._-]{0,63}. Generated ids (ch_, cus_, key_ and hex) keep it too.
constexpr qsizetype kIdMaxLength = 64;
// Model names (public and upstream), in UTF-8 bytes.
constexpr qsizetype kModelMaxBytes = 128;
// Channel, customer and key names and credit memos, in UTF-8 bytes.
constexpr qsizetype kNameMaxBytes = 256;
// A JSON number is an IEEE double: from 2^53 on, neighbouring integers share one value (2^53 + 1
// arrives as 2^53), so an integer field refuses any magnitude at or above it instead of rounding.
constexpr double kJsonIntegerLimit = 9007199254740992.0;

bool isId(QStringView text);
// Whether text holds a character no name may hold: a C0 control (below U+0020), DEL (U+007F), a
// C1 control (U+0080 to U+009F), the line and paragraph separators U+2028 and U+2029, or half
// of a surrogate pair (not text at all).
bool hasControl(QStringView text);
// The same set, one UTF-16 unit at a time (surrogates aside).
constexpr bool isControl(char16_t u)
{
    return u < 0x20 || (u >= 0x7F && u <= 0x9F) || u == 0x2028 || u == 0x2029;
}
qsizetype utf8Size(QStringView text);

// Each returns an empty string when value keeps the rule, else a message that names field (as the
// caller wrote it, "models[0].model") and says the rule. The value itself is never repeated.
QString checkId(const QString &field, QStringView value);
QString checkModel(const QString &field, QStringView value);
QString checkName(const QString &field, QStringView value);

enum class Integer { Ok, NotANumber, Fractional, TooLarge };
// Reads a JSON number that is an exact integer of magnitude below 2^53.
Integer readInteger(const QJsonValue &value, qint64 *out);
// The message for a refused integer field: "amount_micros must be an integer ..." .
QString integerError(const QString &field, Integer problem);

} // namespace InputRules
} // namespace bytespike
