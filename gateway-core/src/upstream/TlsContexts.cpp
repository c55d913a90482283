#include "TlsContexts.h"

#include <QFile>
#include <QFileInfo>
#include <QHostAddress>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <cstring>

namespace bytespike {

namespace {
constexpr unsigned char kAlpnHttp11[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1'};

QString lastErrorText()
{
    const unsigned long code = ERR_peek_last_error();
    QString text;
    if (code != 0) {
        const char *reason = ERR_reason_error_string(code);
        text = reason ? QString::fromLatin1(reason) : QStringLiteral("error %1").arg(code);
    }
    ERR_clear_error();
    return text;
}
} // namespace

void TlsContexts::clearErrors()
{
    if (ERR_peek_error() != 0)
        ERR_clear_error();
}

TlsContexts::TlsContexts() = default;

TlsContexts::~TlsContexts()
{
    for (SSL_SESSION *session : std::as_const(m_sessions))
        SSL_SESSION_free(session);
    for (const Trust &trust : std::as_const(m_trust))
        SSL_CTX_free(trust.context);
}

SSL_CTX *TlsContexts::newContext()
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx)
        return nullptr;
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    SSL_CTX_set_read_ahead(ctx, 1);
    SSL_CTX_set_alpn_protos(ctx, kAlpnHttp11, sizeof kAlpnHttp11);
    // Sessions are kept by the pool per origin (onNewSession), not in OpenSSL's own cache.
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
    SSL_CTX_sess_set_new_cb(ctx, &TlsContexts::onNewSession);
    return ctx;
}

SSL_CTX *TlsContexts::context(const QString &caFile, QString *error)
{
    const QFileInfo file(caFile);
    const QDateTime modified = caFile.isEmpty() ? QDateTime() : file.lastModified();
    const qint64 size = caFile.isEmpty() ? -1 : file.size();
    auto it = m_trust.find(caFile);
    if (it != m_trust.end() && it->modified == modified && it->size == size)
        return it->context;
    ERR_clear_error();
    SSL_CTX *ctx = newContext();
    const bool loaded = ctx
        && (caFile.isEmpty() ? SSL_CTX_set_default_verify_paths(ctx) == 1
                             : SSL_CTX_load_verify_locations(ctx, QFile::encodeName(caFile).constData(), nullptr) == 1);
    if (!loaded) {
        const QString why = lastErrorText();
        *error = caFile.isEmpty() ? QStringLiteral("cannot load the system's trusted certificates: ") + why
                                  : QStringLiteral("cannot load ca_file %1: %2").arg(caFile, why);
        SSL_CTX_free(ctx);
        return nullptr;
    }
    SSL_CTX_set_app_data(ctx, this);
    if (it != m_trust.end()) {
        // Connections made with the old context keep their reference to it (OpenSSL counts them).
        SSL_CTX_free(it->context);
        *it = Trust {ctx, modified, size};
        // A session verified under the old trust is not resumed under the new one.
        const QString marker = QStringLiteral("|ca=") + caFile;
        m_sessions.removeIf([&](const QHash<QString, SSL_SESSION *>::iterator session) {
            const qsizetype at = session.key().indexOf(marker);
            const qsizetype end = at + marker.size();
            const bool stale = at >= 0 && (end == session.key().size() || session.key().at(end) == QLatin1Char('|'));
            if (stale)
                SSL_SESSION_free(session.value());
            return stale;
        });
    } else {
        m_trust.insert(caFile, Trust {ctx, modified, size});
    }
    return ctx;
}

SSL *TlsContexts::newConnection(const QString &host, const QString &caFile, const QString &originKey, QString *error)
{
    SSL_CTX *ctx = context(caFile, error);
    if (!ctx)
        return nullptr;
    SSL *ssl = SSL_new(ctx);
    if (!ssl) {
        *error = QStringLiteral("cannot start TLS: ") + lastErrorText();
        return nullptr;
    }
    const QByteArray name = host.toUtf8();
    const bool literal = !QHostAddress(host).isNull();
    const bool named = literal
        ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), name.constData()) == 1
        : SSL_set_tlsext_host_name(ssl, name.constData()) == 1 && SSL_set1_host(ssl, name.constData()) == 1;
    if (!named) {
        *error = QStringLiteral("cannot verify the host name %1: %2").arg(host, lastErrorText());
        SSL_free(ssl);
        return nullptr;
    }
    if (SSL_SESSION *session = m_sessions.value(originKey))
        SSL_set_session(ssl, session);
    m_originOf.insert(ssl, originKey);
    return ssl;
}

void TlsContexts::release(SSL *ssl)
{
    if (!ssl)
        return;
    m_originOf.remove(ssl);
    SSL_free(ssl);
}

void TlsContexts::forgetSession(const QString &originKey)
{
    if (SSL_SESSION *session = m_sessions.take(originKey))
        SSL_SESSION_free(session);
}

bool TlsContexts::checkCaFile(const QString &caFile, QString *error)
{
    ERR_clear_error();
    X509_STORE *store = X509_STORE_new();
    const bool loaded = store && X509_STORE_load_file(store, QFile::encodeName(caFile).constData()) == 1;
    STACK_OF(X509_OBJECT) *objects = loaded ? X509_STORE_get0_objects(store) : nullptr;
    const bool any = objects && sk_X509_OBJECT_num(objects) > 0;
    X509_STORE_free(store);
    if (!any) {
        // One sentence for every reason, like a secret file's: the answer does not tell whether
        // an arbitrary path exists.
        ERR_clear_error();
        *error = QStringLiteral("ca_file %1 is not a readable file of PEM certificates").arg(caFile);
        return false;
    }
    return true;
}

int TlsContexts::onNewSession(SSL *ssl, SSL_SESSION *session)
{
    auto *self = static_cast<TlsContexts *>(SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl)));
    const auto origin = self ? self->m_originOf.constFind(ssl) : QHash<SSL *, QString>::const_iterator();
    if (!self || origin == self->m_originOf.cend())
        return 0; // not kept: OpenSSL frees it
    SSL_SESSION *&slot = self->m_sessions[*origin];
    if (slot)
        SSL_SESSION_free(slot);
    slot = session;
    return 1; // the reference is ours now
}

QString TlsContexts::failureText(SSL *ssl, int sslError, int savedErrno)
{
    const long verify = ssl ? SSL_get_verify_result(ssl) : X509_V_OK;
    if (verify != X509_V_OK) {
        ERR_clear_error();
        return QStringLiteral("TLS certificate verify failed: %1")
            .arg(QString::fromLatin1(X509_verify_cert_error_string(verify)));
    }
    QString why = lastErrorText();
    if (sslError == SSL_ERROR_SYSCALL && why.isEmpty())
        why = savedErrno != 0 ? QString::fromLocal8Bit(std::strerror(savedErrno))
                              : QStringLiteral("the connection closed during TLS");
    if (sslError == SSL_ERROR_ZERO_RETURN)
        why = QStringLiteral("the upstream ended the TLS session");
    return QStringLiteral("TLS error: ") + (why.isEmpty() ? QStringLiteral("unknown") : why);
}

} // namespace bytespike
