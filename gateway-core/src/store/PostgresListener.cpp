#include "PostgresListener.h"

#include <QLoggingCategory>

#include <libpq-fe.h>
#include <poll.h>

Q_LOGGING_CATEGORY(lcNotifications, "bytespike.store")

namespace bytespike {

namespace {

// Connects and LISTENs; null when either fails (the reason is logged without the URI).
PGconn *listen(const QByteArray &uri, const QStringList &channels)
{
    const char *const keywords[] = {"connect_timeout", "dbname", "application_name", nullptr};
    const char *const values[] = {"5", uri.constData(), "bytespike-listen", nullptr};
    PGconn *conn = PQconnectdbParams(keywords, values, 1);
    if (PQstatus(conn) == CONNECTION_OK) {
        QByteArray sql;
        for (const QString &channel : channels)
            sql += "LISTEN " + channel.toLatin1() + ';';
        PGresult *result = PQexec(conn, sql.constData());
        const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
        PQclear(result);
        if (ok)
            return conn;
    }
    qCWarning(lcNotifications).noquote() << "cannot listen for other instances' changes:"
                                         << QString::fromUtf8(PQerrorMessage(conn)).trimmed();
    PQfinish(conn);
    return nullptr;
}

} // namespace

PostgresListener::PostgresListener(const QString &uri, const QStringList &channels, QObject *parent)
    : QObject(parent)
    , m_uri(uri.toUtf8())
    , m_channels(channels)
{ }

PostgresListener::~PostgresListener()
{
    stop();
}

void PostgresListener::start()
{
    if (!m_thread.joinable())
        m_thread = std::thread([this] { run(); });
}

void PostgresListener::stop()
{
    m_stopping = true;
    if (m_thread.joinable())
        m_thread.join();
}

void PostgresListener::run()
{
    PGconn *conn = nullptr;
    bool wasLost = false;
    while (!m_stopping) {
        if (!conn) {
            conn = listen(m_uri, m_channels);
            if (!conn) {
                wasLost = true;
                std::this_thread::sleep_for(std::chrono::milliseconds(250));
                continue;
            }
            if (wasLost)
                qCInfo(lcNotifications) << "listening for other instances' changes again";
            Q_EMIT connected();
        }
        // Wakes at least every 200 ms to see whether it is to stop.
        pollfd fd {PQsocket(conn), POLLIN, 0};
        if (poll(&fd, 1, 200) < 0 && errno != EINTR)
            break;
        if (PQconsumeInput(conn) == 0 || PQstatus(conn) != CONNECTION_OK) {
            qCWarning(lcNotifications).noquote()
                << "lost the listening connection:" << QString::fromUtf8(PQerrorMessage(conn)).trimmed();
            PQfinish(conn);
            conn = nullptr;
            wasLost = true;
            continue;
        }
        while (PGnotify *n = PQnotifies(conn)) {
            Q_EMIT notified(QString::fromUtf8(n->relname), QString::fromUtf8(n->extra));
            PQfreemem(n);
        }
    }
    PQfinish(conn);
}

} // namespace bytespike
