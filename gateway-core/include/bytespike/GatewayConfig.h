#pragma once

#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>

#include <optional>

class QCommandLineParser;

namespace bytespike {

enum class LogLevel { Error, Warn, Info, Debug };

// Everything a gateway instance needs to start. Built from the command line (docs/api.md) by the
// daemon and the console alike, so both take the same flags with the same defaults.
struct GatewayConfig
{
    QString dataDir;
    // --database: "sqlite" (the data directory's bytespike.db) or a PostgreSQL libpq URI, which
    // several instances may share (docs/operations.md).
    QString database = QStringLiteral("sqlite");
    // What Database::open is given: the SQLite file's path or the URI.
    QString databaseLocation() const;
    QString listenHost = QStringLiteral("127.0.0.1");
    quint16 listenPort = 8787;
    bool separateAdmin = false;
    QString adminHost = QStringLiteral("127.0.0.1");
    quint16 adminPort = 0;
    LogLevel logLevel = LogLevel::Info;

    qint64 maxBodyBytes = 32LL * 1024 * 1024; // Anthropic's own request limit
    // Client connections, as nginx bounds them (docs/SECURITY.md): a request head must arrive
    // whole within the header timeout of its first byte (or of the connection's accept), a body
    // may pause no longer than the body timeout between two reads (both answered 408), an idle
    // keep-alive connection is closed after the keep-alive timeout, and a client that takes no
    // byte of its response for the send timeout is cut off (its hold voided).
    int clientHeaderTimeoutMs = 30000;
    int clientBodyTimeoutMs = 30000;
    int keepAliveTimeoutMs = 75000;
    int sendTimeoutMs = 60000;
    // Open client connections at most; 0 derives it from the descriptor limit at start
    // (effectiveMaxConnections()).
    int maxConnections = 0;
    // Where channels may point (docs/SECURITY.md "Channel targets"): link-local, metadata,
    // unspecified and multicast addresses and the gateway's own listeners are refused unless a
    // subnet here allows them; private and loopback ranges are allowed unless denyPrivate.
    QList<QPair<QHostAddress, int>> upstreamAllow;
    // BYTESPIKE_TRUSTED_PROXIES: peers whose X-Forwarded-For names the client (for keys' ip_allow).
    QList<QPair<QHostAddress, int>> trustedProxies;
    bool upstreamDenyPrivate = false;
    int connectTimeoutMs = 10000;
    int firstByteTimeoutMs = 60000;
    int idleTimeoutMs = 120000;
    int drainGraceMs = 10000;
    // A hold that is still pending this long after it was taken expires and its request ends.
    int holdDeadlineMs = 15 * 60 * 1000;
    // A hold is written to the database when its request ends (one row, with the debit), or as a
    // pending row once it has been open this long, so a crash leaves a record for the reaper.
    int holdWriteDelayMs = 1000;
    // How long the oldest finished request may wait for the ledger writer to commit its
    // settlement: past it, new requests are refused (529) until the writer catches up, so a writer
    // slower than the traffic (a PostgreSQL server far away, a slow disk) never holds an ever
    // longer queue of customers' balances and memory. Below the hold write delay, so that a
    // backlog does not also make every hold write a pending row first.
    int settleBacklogMs = 500;
    // Several instances on one PostgreSQL database (docs/scale-out.md): how long a balance lease
    // lasts unless renewed. A stopped instance's unused lease is free again within about one
    // and a half of it; BYTESPIKE_LEASE_TTL_MS, at least 1000.
    int leaseTtlMs = 10000;
    // Circuit breaker: this many consecutive failed attempts take a channel out of routing for
    // the cool-down; then one trial request decides whether it comes back.
    int breakerFailures = 5;
    int breakerCooldownMs = 30000;
    // A stream to a client that stays silent this long gets a keep-alive ping (event: ping, or an
    // SSE comment for OpenAI clients), e.g. while an OpenAI-speaking model thinks silently.
    int streamPingMs = 10000;
    // Live metrics (BYTESPIKE_METRICS=0 turns recording off, for the overhead benchmark).
    bool metricsEnabled = true;
    // BYTESPIKE_LEDGER_SYNCHRONOUS=FULL makes every ledger COMMIT fsync on the writer thread
    // (SQLite synchronous=FULL), as before the commit/durability split; the default, NORMAL,
    // commits without fsync and leaves durability to the syncer thread (StoreWriter). For the
    // benchmark that prices the split; both are durable before a debit is reported done.
    bool ledgerSynchronousFull = false;
    // The request log keeps this many days (pruned at start and hourly); bodies are stored only
    // with capture on (BYTESPIKE_CAPTURE_BODIES=1), and then redacted.
    int requestRetentionDays = 30;
    bool captureBodies = false;
    // How long a database write waits for a lock held elsewhere before the request fails closed
    // (BYTESPIKE_DB_BUSY_TIMEOUT_MS).
    int dbBusyTimeoutMs = 5000;
    // Fault injection for tests (BYTESPIKE_DB_MAX_PAGES): a page limit makes SQLite answer
    // SQLITE_FULL exactly as a full disk does. 0: no limit.
    int dbMaxPages = 0;
    // 1.0 gives the simulator channel realistic latency; 0 makes it answer at once (tests).
    double simulatorLatencyScale = 1.0;
    // Tests only (BYTESPIKE_TEST_SLOW_SERVICE_MS): every in-process service call first blocks the
    // gateway thread this long, to prove the console never waits on it.
    int testServiceDelayMs = 0;

    static QString defaultDataDir();
    // maxConnections, or when it is 0, what the process's descriptor limit leaves room for: half
    // of it after a reserve for the database, the listeners and the loop, since every client
    // connection may hold an upstream connection too.
    int effectiveMaxConnections() const;
    // Raises the soft descriptor limit to the hard one (as a server should); returns the soft
    // limit in force afterwards.
    static qint64 raiseDescriptorLimit();
    // Parses HOST:PORT (IPv6 as [::1]:PORT). Port 0 picks a free port.
    static bool parseHostPort(const QString &text, QString *host, quint16 *port, QString *error);
    // "error", "warn", "info", "debug" and back.
    static std::optional<LogLevel> parseLogLevel(const QString &name);
    static QString logLevelName(LogLevel level);
};

// The flags shared by bytespike-gatewayd and bytespike-console (docs/api.md).
void addGatewayOptions(QCommandLineParser &parser);
bool gatewayConfigFromParser(const QCommandLineParser &parser, GatewayConfig *config, QString *error);

} // namespace bytespike
