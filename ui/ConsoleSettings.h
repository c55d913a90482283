#pragma once

#include "bytespike/GatewayConfig.h"

#include <QString>
#include <QStringList>

namespace bytespike {

// What the console remembers between runs (an ini file under the user's config directory):
// the gateway's listen addresses, log level and request-log retention, the interface language,
// the theme, whether closing the window keeps the gateway running, the gateways it was
// attached to and the Get started steps done. Command-line flags win
// over what is saved. Saving writes the file on a worker thread.
struct ConsoleSettings
{
    QString listen; // HOST:PORT, empty: the default
    QString adminListen; // HOST:PORT, empty: shares the public listener
    QString language; // empty: the system's
    QString theme = QStringLiteral("light");
    QString logLevel = QStringLiteral("info");
    int retentionDays = 30;
    bool keepRunningWhenClosed = true;
    static constexpr qsizetype kMaxRecentGateways = 8;
    QStringList recentGateways; // attached to, newest first
    QStringList gettingStarted; // the Overview's checklist: steps the operator did, and "hidden"

    // Puts url first among the recent gateways.
    void rememberGateway(const QString &url);

    static QString defaultPath();
    static ConsoleSettings load(const QString &path);
    void saveInBackground(const QString &path) const;
    // Puts the gateway part into config; false (with a reason) when an address does not parse.
    bool applyTo(GatewayConfig *config, QString *error) const;
};

} // namespace bytespike
