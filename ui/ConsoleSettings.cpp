#include "ConsoleSettings.h"

#include <QDir>
#include <QSettings>
#include <QStandardPaths>
#include <QtConcurrent>

namespace bytespike {

QString ConsoleSettings::defaultPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation))
        .filePath(QStringLiteral("bytespike/console.ini"));
}

ConsoleSettings ConsoleSettings::load(const QString &path)
{
    const QSettings file(path, QSettings::IniFormat);
    ConsoleSettings s;
    s.listen = file.value(QStringLiteral("gateway/listen")).toString();
    s.adminListen = file.value(QStringLiteral("gateway/admin_listen")).toString();
    s.logLevel = file.value(QStringLiteral("gateway/log_level"), s.logLevel).toString();
    s.retentionDays = file.value(QStringLiteral("gateway/retention_days"), s.retentionDays).toInt();
    s.language = file.value(QStringLiteral("console/language")).toString();
    s.theme = file.value(QStringLiteral("console/theme"), s.theme).toString();
    s.keepRunningWhenClosed = file.value(QStringLiteral("console/keep_running"), s.keepRunningWhenClosed).toBool();
    s.recentGateways = file.value(QStringLiteral("console/recent_gateways")).toStringList().mid(0, kMaxRecentGateways);
    s.gettingStarted = file.value(QStringLiteral("console/getting_started")).toStringList().mid(0, 16);
    return s;
}

void ConsoleSettings::saveInBackground(const QString &path) const
{
    const ConsoleSettings copy = *this;
    (void)QtConcurrent::run([copy, path] {
        QSettings file(path, QSettings::IniFormat);
        file.setValue(QStringLiteral("gateway/listen"), copy.listen);
        file.setValue(QStringLiteral("gateway/admin_listen"), copy.adminListen);
        file.setValue(QStringLiteral("gateway/log_level"), copy.logLevel);
        file.setValue(QStringLiteral("gateway/retention_days"), copy.retentionDays);
        file.setValue(QStringLiteral("console/language"), copy.language);
        file.setValue(QStringLiteral("console/theme"), copy.theme);
        file.setValue(QStringLiteral("console/keep_running"), copy.keepRunningWhenClosed);
        file.setValue(QStringLiteral("console/recent_gateways"), copy.recentGateways);
        file.setValue(QStringLiteral("console/getting_started"), copy.gettingStarted);
        file.sync();
    });
}

void ConsoleSettings::rememberGateway(const QString &url)
{
    recentGateways.removeAll(url);
    recentGateways.prepend(url);
    recentGateways = recentGateways.mid(0, kMaxRecentGateways);
}

bool ConsoleSettings::applyTo(GatewayConfig *config, QString *error) const
{
    if (!listen.isEmpty() && !GatewayConfig::parseHostPort(listen, &config->listenHost, &config->listenPort, error))
        return false;
    config->separateAdmin = !adminListen.isEmpty();
    if (config->separateAdmin
        && !GatewayConfig::parseHostPort(adminListen, &config->adminHost, &config->adminPort, error))
        return false;
    if (const std::optional<LogLevel> level = GatewayConfig::parseLogLevel(logLevel))
        config->logLevel = *level;
    if (retentionDays > 0)
        config->requestRetentionDays = retentionDays;
    return true;
}

} // namespace bytespike
