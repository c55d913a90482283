#pragma once

// Throwaway X.509 certificates for the TLS tests, made at run time with OpenSSL (P-256 keys):
// certificate authorities and server certificates signed by them, valid, expired or for another
// name, written as PEM files into a directory the test owns. Nothing is committed to the
// repository and nothing expires under it.

#include <QString>
#include <QStringList>

namespace bytespike::testing {

class TestCertificates
{
public:
    explicit TestCertificates(QString directory);

    // name.pem and name.key: a self-signed CA.
    bool makeAuthority(const QString &name, QString *error);
    // name.pem and name.key: a server certificate signed by the CA issuer, for the names
    // ("DNS:localhost", "IP:127.0.0.1"), valid from now + fromSeconds to now + toSeconds.
    bool makeServer(const QString &name, const QString &issuer, const QStringList &names, QString *error,
        qint64 fromSeconds = -3600, qint64 toSeconds = 86400);

    QString certificate(const QString &name) const
    {
        return m_directory + QLatin1Char('/') + name + QStringLiteral(".pem");
    }
    QString key(const QString &name) const { return m_directory + QLatin1Char('/') + name + QStringLiteral(".key"); }

private:
    QString m_directory;
};

} // namespace bytespike::testing
