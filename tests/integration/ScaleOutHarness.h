#pragma once

// Fixtures for running several bytespike-gatewayd instances on one PostgreSQL database: a private
// cluster the test may restart, a fleet of gateways sharing one key pepper and one admin token,
// nginx as a round-robin reverse proxy in front of them, and requests sent all at once that the
// test reads while they run.

#include "GatewayHarness.h"

#include <QElapsedTimer>
#include <QTemporaryDir>

#include <functional>
#include <memory>
#include <vector>

namespace bytespike::testing {

// Why the scale-out tests cannot run here (PostgreSQL 15 or nginx missing), or empty.
QString scaleOutMissing();

// A PostgreSQL 15 cluster of this test alone (tests/fixtures/postgres/cluster.sh in a temporary
// directory): one test restarts it, which must not disturb the cluster other tests share.
class PostgresCluster
{
public:
    ~PostgresCluster();
    bool start(QString *error);
    // pg_ctl restart -m immediate: the server stops as if it crashed, then starts again.
    bool restart(QString *error);
    void stop();
    QString uri() const { return m_uri; }
    // A new empty database of the cluster; its URI.
    QString createDatabase(QString *error);

private:
    bool run(const QString &command, QByteArray *out, QString *error);
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_uri;
};

// The rows of sql on the database at uri, each a list of column texts, with params as $1, $2...;
// empty with *error set when the query fails.
QList<QByteArrayList> sqlRows(
    const QString &uri, const QByteArray &sql, const QByteArrayList &params = {}, QString *error = nullptr);
// The first column of the first row ("" when there is none or the query failed).
QByteArray sqlValue(const QString &uri, const QByteArray &sql, const QByteArrayList &params = {});
// The request ids debited to a customer, one per debit (a request debited twice is there twice).
QByteArrayList debitedRequests(const QString &uri, const QString &customer);
// A customer's balance columns, leases and holds as the database has them, to print on a failure.
QString ledgerState(const QString &uri, const QString &customer);

// A TCP port on 127.0.0.1 that nothing listens on right now.
quint16 freeLoopbackPort();

// Gateways on one database. The first seeds it; the others get its key pepper before their first
// start, and all take the same admin token. Each keeps its loopback port across restarts, so the
// proxy in front of them needs no new configuration after a kill.
class GatewayFleet
{
public:
    // env is added to every gateway's environment (MOCK_UPSTREAM_KEY, BYTESPIKE_LEASE_TTL_MS).
    // seed runs once the first gateway is up, before the others start (channels made there are
    // then in the database when they load their configuration).
    bool start(int count, const QString &database, const QProcessEnvironment &env,
        const std::function<bool(GatewayProcess &first, QString *error)> &seed, QString *error);
    int size() const { return int(m_gateways.size()); }
    GatewayProcess &at(int i) { return *m_gateways.at(size_t(i)); }
    QList<quint16> ports() const { return m_ports; }
    // Starts gateway i again (same data directory, database and port) and waits until it answers.
    bool restart(int i, QString *error);
    void stop();

private:
    bool startOne(int i, QString *error);
    std::vector<std::unique_ptr<GatewayProcess>> m_gateways;
    QList<quint16> m_ports;
};

// nginx in front of the gateways, round robin, with its prefix, configuration, pid and logs in a
// temporary directory. Streams pass unbuffered; a gateway that refuses the connection (killed, not
// yet back) is skipped for the next one, and never taken out of the rotation for long.
class NginxProxy
{
public:
    ~NginxProxy();
    bool start(const QList<quint16> &upstreamPorts, QString *error);
    void stop();
    QString url() const { return m_url; }
    QByteArray errorLog() const;

private:
    bool writeConfig(const QList<quint16> &upstreamPorts, quint16 port, QString *error);
    QTemporaryDir m_dir;
    QProcess m_process;
    QString m_url;
};

// count POSTs of body to url at once, each on a connection of its own, read while they run:
// finished() counts the answers so far, and a stream's body collects what arrived before a break.
class Volley
{
public:
    Volley(const QString &url, const QList<Header> &headers, const QByteArray &body, int count);
    ~Volley();
    int count() const { return int(m_replies.size()); }
    int finished() const;
    bool wait(int timeoutMs);
    // Every request's answer; those still open are aborted first (status 0).
    QList<HttpResult> results();

private:
    std::vector<std::unique_ptr<HttpClient>> m_clients;
    std::vector<std::unique_ptr<QNetworkReply>> m_replies;
    std::vector<QByteArray> m_bodies;
};

// One request of a SteadyLoad: when it was sent and answered (ms on the load's clock), and how.
struct Exchange
{
    qint64 sentMs = 0;
    qint64 answeredMs = 0;
    int status = 0;
    QByteArray requestId;
    QByteArray body; // kept for answers other than 200 only
};

// workers clients each sending body to url again as soon as their last answer came (a little later
// after a failure, so that a refusing gateway is not asked thousands of times a second).
class SteadyLoad
{
public:
    SteadyLoad(const QString &url, const QList<Header> &headers, const QByteArray &body, int workers);
    ~SteadyLoad();
    qint64 now() const { return m_clock.elapsed(); }
    // Sends nothing more and waits for the answers still due.
    bool stop(int timeoutMs);
    const QList<Exchange> &exchanges() const { return m_exchanges; }

private:
    void send(int worker);
    QString m_url;
    QList<Header> m_headers;
    QByteArray m_body;
    QElapsedTimer m_clock;
    bool m_stopping = false;
    int m_inFlight = 0;
    std::vector<std::unique_ptr<HttpClient>> m_clients;
    QList<Exchange> m_exchanges;
};

// How many answers had each status.
QMap<int, int> statusCounts(const QList<HttpResult> &answers);
QString describe(const QMap<int, int> &counts);

} // namespace bytespike::testing
