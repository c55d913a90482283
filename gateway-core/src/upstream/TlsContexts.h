#pragma once

#include <QDateTime>
#include <QHash>
#include <QString>

using SSL = struct ssl_st;
using SSL_CTX = struct ssl_ctx_st;
using SSL_SESSION = struct ssl_session_st;

namespace bytespike {

// OpenSSL client contexts for the upstream connections, one per trust source: the system store
// (OpenSSL's default paths, which SSL_CERT_FILE and SSL_CERT_DIR can point elsewhere) and one per
// channel ca_file, whose certificates are then the only ones trusted. Every context verifies the
// peer (there is no way to turn that off), speaks TLS 1.2 or 1.3, offers only http/1.1 by ALPN
// and reads ahead (one receive per burst of records instead of two per record).
//
// It also keeps the newest TLS session per origin, so a new connection resumes instead of
// doing a full handshake. Owned by the upstream pool, used on the gateway thread only.
class TlsContexts
{
public:
    TlsContexts();
    ~TlsContexts();
    TlsContexts(const TlsContexts &) = delete;
    TlsContexts &operator=(const TlsContexts &) = delete;

    // A new client connection object for host (SNI for names, and the certificate must name host
    // or, for a literal address, carry it), trusting caFile or the system store, with the
    // origin's last session offered for resumption. Null with a reason when the trust cannot be
    // loaded (a missing or unreadable ca_file). A changed ca_file is read again.
    SSL *newConnection(const QString &host, const QString &caFile, const QString &originKey, QString *error);
    // Frees a connection object made by newConnection.
    void release(SSL *ssl);
    // Drops the origin's session (after a failed handshake: it is not offered again).
    void forgetSession(const QString &originKey);

    // True when caFile can be read and holds at least one certificate; else one sentence that
    // names the path.
    static bool checkCaFile(const QString &caFile, QString *error);

    // Why a handshake or a read failed, in words for an operator: the certificate problem
    // ("certificate verify failed: certificate has expired") or OpenSSL's reason. Empties the
    // thread's OpenSSL error queue.
    static QString failureText(SSL *ssl, int sslError, int savedErrno);
    // Empties the thread's OpenSSL error queue, as SSL_get_error needs before each I/O call.
    // An empty queue is left alone: ERR_clear_error frees every slot's strings whether set or not,
    // about two thousand instructions, three or four times per request on an https channel.
    static void clearErrors();

private:
    struct Trust
    {
        SSL_CTX *context = nullptr;
        QDateTime modified;
        qint64 size = -1;
    };
    SSL_CTX *context(const QString &caFile, QString *error);
    static SSL_CTX *newContext();
    static int onNewSession(SSL *ssl, SSL_SESSION *session);

    QHash<QString, Trust> m_trust; // by ca_file; "" is the system store
    QHash<QString, SSL_SESSION *> m_sessions; // by origin key
    QHash<SSL *, QString> m_originOf; // the live connection objects' origins
};

} // namespace bytespike
