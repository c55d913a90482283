#pragma once

#include <QByteArray>
#include <QString>

namespace bytespike {

// Turns a channel's secret reference into the secret itself. The value lives only in memory;
// errors describe the reference, never the value (docs/architecture.md, "Secrets").
class SecretResolver
{
public:
    struct Result
    {
        bool ok = false;
        QByteArray secret;
        QString error; // what is wrong, safe to show an operator
    };

    // The reason of a channel whose secret holds a control character: it would be sent as an
    // HTTP header (x-api-key), where a line break could add headers of its own.
    static QString invalidCharacters() { return QStringLiteral("invalid characters"); }

    // env:VAR and file:PATH (a regular file with mode 0600 or stricter, outside dataDir: the
    // gateway's own secrets live there). keychain:NAME is asynchronous and resolved by Keychain
    // instead; its value is checked with validValue().
    static Result resolve(const QString &reference, const QString &dataDir);

    // Whether a reference may be saved with a channel: a file: reference to anything inside
    // dataDir (after following symlinks) is refused, with error saying so.
    static bool acceptable(const QString &reference, const QString &dataDir, QString *error);

    // Whether a (trimmed) secret value may be sent upstream: no control character (below 0x20,
    // DEL, C1, U+2028, U+2029), so no CR, LF or NUL.
    static bool validValue(const QByteArray &value);
};

} // namespace bytespike
