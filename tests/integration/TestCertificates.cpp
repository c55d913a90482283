#include "TestCertificates.h"

#include <QFile>

#include <functional>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include <memory>

namespace bytespike::testing {

namespace {
using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using Certificate = std::unique_ptr<X509, decltype(&X509_free)>;

QString openSslError(const char *what)
{
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    return QStringLiteral("%1: %2").arg(
        QLatin1String(what), code ? QString::fromLatin1(ERR_reason_error_string(code)) : QStringLiteral("failed"));
}

bool addExtension(X509 *certificate, X509 *issuer, int nid, const QByteArray &value)
{
    X509V3_CTX context;
    X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
    X509_EXTENSION *extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value.constData());
    const bool added = extension && X509_add_ext(certificate, extension, -1) == 1;
    X509_EXTENSION_free(extension);
    return added;
}

bool writePem(const QString &path, const std::function<int(BIO *)> &write)
{
    BIO *bio = BIO_new_file(QFile::encodeName(path).constData(), "w");
    const bool ok = bio && write(bio) == 1;
    BIO_free(bio);
    return ok;
}

Key readKey(const QString &path)
{
    BIO *bio = BIO_new_file(QFile::encodeName(path).constData(), "r");
    Key key(bio ? PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr) : nullptr, EVP_PKEY_free);
    BIO_free(bio);
    return key;
}

Certificate readCertificate(const QString &path)
{
    BIO *bio = BIO_new_file(QFile::encodeName(path).constData(), "r");
    Certificate certificate(bio ? PEM_read_bio_X509(bio, nullptr, nullptr, nullptr) : nullptr, X509_free);
    BIO_free(bio);
    return certificate;
}

// A new certificate for key with subject CN=commonName, a random serial and the validity window.
Certificate newCertificate(EVP_PKEY *key, const QByteArray &commonName, qint64 fromSeconds, qint64 toSeconds)
{
    Certificate certificate(X509_new(), X509_free);
    unsigned char serial[16];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7f; // positive
    BIGNUM *number = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(number, X509_get_serialNumber(certificate.get()));
    BN_free(number);
    X509_set_version(certificate.get(), 2);
    X509_gmtime_adj(X509_getm_notBefore(certificate.get()), long(fromSeconds));
    X509_gmtime_adj(X509_getm_notAfter(certificate.get()), long(toSeconds));
    X509_set_pubkey(certificate.get(), key);
    X509_NAME *subject = X509_get_subject_name(certificate.get());
    X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8,
        reinterpret_cast<const unsigned char *>(commonName.constData()), int(commonName.size()), -1, 0);
    return certificate;
}
} // namespace

TestCertificates::TestCertificates(QString directory)
    : m_directory(std::move(directory))
{ }

bool TestCertificates::makeAuthority(const QString &name, QString *error)
{
    Key key(EVP_EC_gen("P-256"), EVP_PKEY_free);
    if (!key) {
        *error = openSslError("EVP_EC_gen");
        return false;
    }
    // A subject of its own: two test CAs with one name in one trust store would be mistaken for
    // each other.
    unsigned char unique[8];
    RAND_bytes(unique, sizeof unique);
    const QByteArray subject = "ByteSpike test CA " + name.toUtf8() + ' '
        + QByteArray(reinterpret_cast<const char *>(unique), sizeof unique).toHex();
    Certificate ca = newCertificate(key.get(), subject, -3600, 7 * 86400);
    X509_set_issuer_name(ca.get(), X509_get_subject_name(ca.get()));
    if (!addExtension(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE")
        || !addExtension(ca.get(), ca.get(), NID_key_usage, "critical,keyCertSign,cRLSign")
        || !addExtension(ca.get(), ca.get(), NID_subject_key_identifier, "hash")
        || X509_sign(ca.get(), key.get(), EVP_sha256()) == 0) {
        *error = openSslError("signing the CA");
        return false;
    }
    if (!writePem(certificate(name), [&](BIO *bio) { return PEM_write_bio_X509(bio, ca.get()); })
        || !writePem(this->key(name), [&](BIO *bio) {
               return PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
           })) {
        *error = QStringLiteral("cannot write the CA's files in ") + m_directory;
        return false;
    }
    return true;
}

bool TestCertificates::makeServer(const QString &name, const QString &issuer, const QStringList &names, QString *error,
    qint64 fromSeconds, qint64 toSeconds)
{
    const Key issuerKey = readKey(key(issuer));
    const Certificate issuerCertificate = readCertificate(certificate(issuer));
    Key serverKey(EVP_EC_gen("P-256"), EVP_PKEY_free);
    if (!issuerKey || !issuerCertificate || !serverKey) {
        *error = QStringLiteral("no CA named %1 in %2").arg(issuer, m_directory);
        return false;
    }
    Certificate server = newCertificate(serverKey.get(), name.toUtf8(), fromSeconds, toSeconds);
    X509_set_issuer_name(server.get(), X509_get_subject_name(issuerCertificate.get()));
    if (!addExtension(server.get(), issuerCertificate.get(), NID_basic_constraints, "critical,CA:FALSE")
        || !addExtension(server.get(), issuerCertificate.get(), NID_ext_key_usage, "serverAuth")
        || !addExtension(
            server.get(), issuerCertificate.get(), NID_subject_alt_name, names.join(QLatin1Char(',')).toUtf8())
        || X509_sign(server.get(), issuerKey.get(), EVP_sha256()) == 0) {
        *error = openSslError("signing the server certificate");
        return false;
    }
    if (!writePem(certificate(name), [&](BIO *bio) { return PEM_write_bio_X509(bio, server.get()); })
        || !writePem(key(name), [&](BIO *bio) {
               return PEM_write_bio_PrivateKey(bio, serverKey.get(), nullptr, nullptr, 0, nullptr, nullptr);
           })) {
        *error = QStringLiteral("cannot write the server certificate's files in ") + m_directory;
        return false;
    }
    return true;
}

} // namespace bytespike::testing
