#include "bytespike/GatewayConfig.h"

#include "wire/UpstreamOrigin.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHostAddress>
#include <QStandardPaths>

#include <sys/resource.h>

namespace bytespike {

QString GatewayConfig::defaultDataDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/bytespike");
}

qint64 GatewayConfig::raiseDescriptorLimit()
{
    rlimit limit {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return 1024;
    if (limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0)
            limit = raised;
    }
    return limit.rlim_cur == RLIM_INFINITY ? qint64(1) << 20 : qint64(limit.rlim_cur);
}

int GatewayConfig::effectiveMaxConnections() const
{
    if (maxConnections > 0)
        return maxConnections;
    // Descriptors the process keeps besides client and upstream connections: the database and its
    // journal, the listeners, the loop's own, the log, the keychain's bus connection, with room.
    constexpr qint64 kReserve = 64;
    rlimit limit {};
    const qint64 soft = ::getrlimit(RLIMIT_NOFILE, &limit) != 0 ? 1024
        : limit.rlim_cur == RLIM_INFINITY                       ? qint64(1) << 20
                                                                : qint64(limit.rlim_cur);
    return int(std::clamp<qint64>((soft - kReserve) / 2, 16, 1 << 20));
}

bool GatewayConfig::parseHostPort(const QString &text, QString *host, quint16 *port, QString *error)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0) {
        *error = QStringLiteral("\"%1\" is not HOST:PORT").arg(text);
        return false;
    }
    QString h = text.left(colon);
    if (h.startsWith(QLatin1Char('[')) && h.endsWith(QLatin1Char(']')))
        h = h.mid(1, h.size() - 2);
    bool ok = false;
    const uint p = text.mid(colon + 1).toUInt(&ok);
    if (!ok || p > 65535) {
        *error = QStringLiteral("\"%1\" has no valid port (0-65535)").arg(text);
        return false;
    }
    if (h != QLatin1String("localhost") && QHostAddress(h).isNull()) {
        *error = QStringLiteral("\"%1\" is not an IP address (or localhost)").arg(h);
        return false;
    }
    *host = h == QLatin1String("localhost") ? QStringLiteral("127.0.0.1") : h;
    *port = quint16(p);
    return true;
}

namespace {

const std::pair<LogLevel, const char *> kLogLevels[]
    = {{LogLevel::Error, "error"}, {LogLevel::Warn, "warn"}, {LogLevel::Info, "info"}, {LogLevel::Debug, "debug"}};

bool parseSubnets(const char *variable, QList<QPair<QHostAddress, int>> *subnets, QString *error)
{
    subnets->clear();
    for (const QString &item : qEnvironmentVariable(variable).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString cidr = item.trimmed();
        const QPair<QHostAddress, int> subnet = QHostAddress::parseSubnet(cidr);
        if (subnet.first.isNull() || !cidr.contains(QLatin1Char('/'))) {
            *error = QStringLiteral("%1: \"%2\" is not a subnet in CIDR form (10.0.0.0/8, fd00::/8)")
                         .arg(QLatin1String(variable), cidr.left(64));
            return false;
        }
        subnets->append(subnet);
    }
    return true;
}

} // namespace

std::optional<LogLevel> GatewayConfig::parseLogLevel(const QString &name)
{
    for (const auto &[level, text] : kLogLevels) {
        if (name == QLatin1String(text))
            return level;
    }
    return std::nullopt;
}

QString GatewayConfig::logLevelName(LogLevel level)
{
    for (const auto &[candidate, text] : kLogLevels) {
        if (candidate == level)
            return QLatin1String(text);
    }
    return {};
}

QString GatewayConfig::databaseLocation() const
{
    return database == QLatin1String("sqlite") ? dataDir + QStringLiteral("/bytespike.db") : database;
}

void addGatewayOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("data-dir"),
        QCoreApplication::translate("GatewayOptions", "Where bytespike.db and logs live."), QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("database"),
        QCoreApplication::translate("GatewayOptions",
            "sqlite (default: DATA_DIR/bytespike.db) or a PostgreSQL database as a postgresql:// URI."),
        QStringLiteral("URL")});
    parser.addOption({QStringLiteral("listen"),
        QCoreApplication::translate(
            "GatewayOptions", "Public API address (default 127.0.0.1:8787; port 0 picks a free port)."),
        QStringLiteral("HOST:PORT")});
    parser.addOption({QStringLiteral("admin-listen"),
        QCoreApplication::translate("GatewayOptions", "Separate admin API address (default: the public listener)."),
        QStringLiteral("HOST:PORT")});
    parser.addOption({QStringLiteral("log-level"),
        QCoreApplication::translate("GatewayOptions", "error, warn, info or debug (default info)."),
        QStringLiteral("LEVEL")});
}

namespace {
bool configFromEnvironment(GatewayConfig *config, QString *error);

// "sqlite" or a libpq URI. Never echoed back in an error: a URI may carry a password.
bool parseDatabase(const QString &value, GatewayConfig *config, QString *error)
{
    if (value == QLatin1String("sqlite")) {
        config->database = value;
        return true;
    }
    const bool uri = value.startsWith(QLatin1String("postgresql://")) || value.startsWith(QLatin1String("postgres://"));
    if (!uri) {
        *error = QStringLiteral("--database must be sqlite or a postgresql:// URI");
        return false;
    }
    if (value.size() > 2048 || std::any_of(value.cbegin(), value.cend(), [](QChar c) { return c.unicode() < 0x20; })) {
        *error = QStringLiteral("--database: the URI is longer than 2048 characters or has a control character");
        return false;
    }
    config->database = value;
    return true;
}
} // namespace

bool gatewayConfigFromParser(const QCommandLineParser &parser, GatewayConfig *config, QString *error)
{
    config->dataDir = parser.isSet(QStringLiteral("data-dir")) ? parser.value(QStringLiteral("data-dir"))
                                                               : GatewayConfig::defaultDataDir();
    if (config->dataDir.isEmpty()) {
        *error = QStringLiteral("--data-dir must not be empty");
        return false;
    }
    if (parser.isSet(QStringLiteral("database"))
        && !parseDatabase(parser.value(QStringLiteral("database")), config, error))
        return false;
    if (parser.isSet(QStringLiteral("listen"))
        && !GatewayConfig::parseHostPort(
            parser.value(QStringLiteral("listen")), &config->listenHost, &config->listenPort, error))
        return false;
    if (parser.isSet(QStringLiteral("admin-listen"))) {
        if (!GatewayConfig::parseHostPort(
                parser.value(QStringLiteral("admin-listen")), &config->adminHost, &config->adminPort, error))
            return false;
        config->separateAdmin = true;
    }
    if (parser.isSet(QStringLiteral("log-level"))) {
        const std::optional<LogLevel> level = GatewayConfig::parseLogLevel(parser.value(QStringLiteral("log-level")));
        if (!level) {
            *error = QStringLiteral("--log-level must be error, warn, info or debug");
            return false;
        }
        config->logLevel = *level;
    }
    return configFromEnvironment(config, error);
}

namespace {

// Tuning knobs without flags (tests and demos use them; operators rarely need to).
bool configFromEnvironment(GatewayConfig *config, QString *error)
{
    if (qEnvironmentVariable("BYTESPIKE_METRICS") == QLatin1String("0"))
        config->metricsEnabled = false;
    const QString synchronous = qEnvironmentVariable("BYTESPIKE_LEDGER_SYNCHRONOUS").toUpper();
    if (synchronous == QLatin1String("FULL"))
        config->ledgerSynchronousFull = true;
    else if (!synchronous.isEmpty() && synchronous != QLatin1String("NORMAL")) {
        *error = QStringLiteral("BYTESPIKE_LEDGER_SYNCHRONOUS must be FULL or NORMAL");
        return false;
    }
    if (qEnvironmentVariable("BYTESPIKE_CAPTURE_BODIES") == QLatin1String("1"))
        config->captureBodies = true;
    // The proxy variables are read again where they are used (GatewayRuntime); a typo in one
    // stops the start here rather than sending every request the wrong way.
    if (ProxySettings proxies; !ProxySettings::fromEnvironment(&proxies, error))
        return false;
    bool ok = false;
    const double scale = qEnvironmentVariable("BYTESPIKE_SIMULATOR_LATENCY_SCALE").toDouble(&ok);
    if (ok && scale >= 0)
        config->simulatorLatencyScale = scale;
    // Every number is checked: a typo in an operator's environment file stops the start with a
    // message instead of running on a default nobody chose.
    const struct
    {
        const char *name;
        int *field;
    } numbers[] = {{"BYTESPIKE_CONNECT_TIMEOUT_MS", &config->connectTimeoutMs},
        {"BYTESPIKE_FIRST_BYTE_TIMEOUT_MS", &config->firstByteTimeoutMs},
        {"BYTESPIKE_IDLE_TIMEOUT_MS", &config->idleTimeoutMs}, {"BYTESPIKE_DRAIN_GRACE_MS", &config->drainGraceMs},
        {"BYTESPIKE_HOLD_DEADLINE_MS", &config->holdDeadlineMs},
        {"BYTESPIKE_HOLD_WRITE_DELAY_MS", &config->holdWriteDelayMs},
        {"BYTESPIKE_SETTLE_BACKLOG_MS", &config->settleBacklogMs}, {"BYTESPIKE_LEASE_TTL_MS", &config->leaseTtlMs},
        {"BYTESPIKE_BREAKER_FAILURES", &config->breakerFailures},
        {"BYTESPIKE_BREAKER_COOLDOWN_MS", &config->breakerCooldownMs},
        {"BYTESPIKE_STREAM_PING_MS", &config->streamPingMs},
        {"BYTESPIKE_REQUEST_RETENTION_DAYS", &config->requestRetentionDays},
        {"BYTESPIKE_TEST_SLOW_SERVICE_MS", &config->testServiceDelayMs},
        {"BYTESPIKE_CLIENT_HEADER_TIMEOUT_MS", &config->clientHeaderTimeoutMs},
        {"BYTESPIKE_CLIENT_BODY_TIMEOUT_MS", &config->clientBodyTimeoutMs},
        {"BYTESPIKE_KEEPALIVE_TIMEOUT_MS", &config->keepAliveTimeoutMs},
        {"BYTESPIKE_SEND_TIMEOUT_MS", &config->sendTimeoutMs}, {"BYTESPIKE_MAX_CONNECTIONS", &config->maxConnections},
        {"BYTESPIKE_DB_BUSY_TIMEOUT_MS", &config->dbBusyTimeoutMs}, {"BYTESPIKE_DB_MAX_PAGES", &config->dbMaxPages}};
    for (const auto &n : numbers) {
        const QByteArray text = qgetenv(n.name).trimmed();
        if (text.isEmpty())
            continue;
        const int value = text.toInt(&ok);
        if (!ok || value <= 0) {
            *error = QStringLiteral("%1 must be a positive integer, not \"%2\"")
                         .arg(QLatin1String(n.name), QString::fromUtf8(text.left(32)));
            return false;
        }
        *n.field = value;
    }
    if (config->leaseTtlMs < 1000) {
        *error = QStringLiteral("BYTESPIKE_LEASE_TTL_MS must be at least 1000");
        return false;
    }
    if (!parseSubnets("BYTESPIKE_UPSTREAM_ALLOW", &config->upstreamAllow, error)
        || !parseSubnets("BYTESPIKE_TRUSTED_PROXIES", &config->trustedProxies, error))
        return false;
    const QString denyPrivate = qEnvironmentVariable("BYTESPIKE_UPSTREAM_DENY_PRIVATE");
    if (!denyPrivate.isEmpty() && denyPrivate != QLatin1String("0") && denyPrivate != QLatin1String("1")) {
        *error = QStringLiteral("BYTESPIKE_UPSTREAM_DENY_PRIVATE must be 0 or 1");
        return false;
    }
    config->upstreamDenyPrivate = denyPrivate == QLatin1String("1");
    return true;
}

} // namespace

} // namespace bytespike
