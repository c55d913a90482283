#pragma once

#include <QByteArray>
#include <QString>

namespace bytespike {

// Turns a channel's secret reference into the secret itself. The value lives only in memory;
// errors describe the reference, never the value (ARCHITECTURE.md "Secrets").
class SecretResolver
{
public:
    struct Result
    {
        bool ok = false;
        QByteArray secret;
        QString error; // what is wrong, safe to show an operator
    };

    // env:VAR and file:PATH (the file must be a regular file with mode 0600 or stricter).
    // keychain:NAME is asynchronous and resolved by Keychain instead.
    static Result resolve(const QString &reference);
};

} // namespace bytespike
