#include "bytespike/GatewayConfig.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHostAddress>
#include <QStandardPaths>

namespace bytespike {

QString GatewayConfig::defaultDataDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/bytespike");
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

void addGatewayOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("data-dir"),
        QCoreApplication::translate("GatewayOptions", "Where bytespike.db and logs live."), QStringLiteral("DIR")});
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

bool gatewayConfigFromParser(const QCommandLineParser &parser, GatewayConfig *config, QString *error)
{
    config->dataDir = parser.isSet(QStringLiteral("data-dir")) ? parser.value(QStringLiteral("data-dir"))
                                                               : GatewayConfig::defaultDataDir();
    if (config->dataDir.isEmpty()) {
        *error = QStringLiteral("--data-dir must not be empty");
        return false;
    }
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
    // Tuning knobs without flags (tests and demos use them; operators rarely need to).
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
    bool ok = false;
    const double scale = qEnvironmentVariable("BYTESPIKE_SIMULATOR_LATENCY_SCALE").toDouble(&ok);
    if (ok && scale >= 0)
        config->simulatorLatencyScale = scale;
    const struct
    {
        const char *name;
        int *field;
    } timeouts[] = {{"BYTESPIKE_CONNECT_TIMEOUT_MS", &config->connectTimeoutMs},
        {"BYTESPIKE_FIRST_BYTE_TIMEOUT_MS", &config->firstByteTimeoutMs},
        {"BYTESPIKE_IDLE_TIMEOUT_MS", &config->idleTimeoutMs}, {"BYTESPIKE_DRAIN_GRACE_MS", &config->drainGraceMs},
        {"BYTESPIKE_HOLD_DEADLINE_MS", &config->holdDeadlineMs},
        {"BYTESPIKE_HOLD_WRITE_DELAY_MS", &config->holdWriteDelayMs},
        {"BYTESPIKE_BREAKER_FAILURES", &config->breakerFailures},
        {"BYTESPIKE_BREAKER_COOLDOWN_MS", &config->breakerCooldownMs},
        {"BYTESPIKE_STREAM_PING_MS", &config->streamPingMs},
        {"BYTESPIKE_REQUEST_RETENTION_DAYS", &config->requestRetentionDays},
        {"BYTESPIKE_TEST_SLOW_SERVICE_MS", &config->testServiceDelayMs}};
    for (const auto &t : timeouts) {
        const int value = qEnvironmentVariableIntValue(t.name, &ok);
        if (ok && value > 0)
            *t.field = value;
    }
    return true;
}

} // namespace bytespike
