#pragma once

#include <QString>

#include <optional>

class QCommandLineParser;

namespace bytespike {

enum class LogLevel { Error, Warn, Info, Debug };

// Everything a gateway instance needs to start. Built from the command line (API.md) by the
// daemon and the console alike, so both take the same flags with the same defaults.
struct GatewayConfig
{
    QString dataDir;
    QString listenHost = QStringLiteral("127.0.0.1");
    quint16 listenPort = 8787;
    bool separateAdmin = false;
    QString adminHost = QStringLiteral("127.0.0.1");
    quint16 adminPort = 0;
    LogLevel logLevel = LogLevel::Info;

    qint64 maxBodyBytes = 32LL * 1024 * 1024; // Anthropic's own request limit
    int connectTimeoutMs = 10000;
    int firstByteTimeoutMs = 60000;
    int idleTimeoutMs = 120000;
    int drainGraceMs = 10000;
    // A hold that is still pending this long after it was taken expires and its request ends.
    int holdDeadlineMs = 15 * 60 * 1000;
    // A hold is written to the database when its request ends (one row, with the debit), or as a
    // pending row once it has been open this long, so a crash leaves a record for the reaper.
    int holdWriteDelayMs = 1000;
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
    // 1.0 gives the simulator channel realistic latency; 0 makes it answer at once (tests).
    double simulatorLatencyScale = 1.0;
    // Tests only (BYTESPIKE_TEST_SLOW_SERVICE_MS): every in-process service call first blocks the
    // gateway thread this long, to prove the console never waits on it.
    int testServiceDelayMs = 0;

    static QString defaultDataDir();
    // Parses HOST:PORT (IPv6 as [::1]:PORT). Port 0 picks a free port.
    static bool parseHostPort(const QString &text, QString *host, quint16 *port, QString *error);
    // "error", "warn", "info", "debug" and back.
    static std::optional<LogLevel> parseLogLevel(const QString &name);
    static QString logLevelName(LogLevel level);
};

// The flags shared by bytespike-gatewayd and bytespike-console (API.md).
void addGatewayOptions(QCommandLineParser &parser);
bool gatewayConfigFromParser(const QCommandLineParser &parser, GatewayConfig *config, QString *error);

} // namespace bytespike
