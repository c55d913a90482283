// bytespike-console: the desktop console. A thin composition root: parse the shared gateway
// flags (over the saved settings), hand over to a console already running on the same data
// directory, then show the main window and either attach to a running gateway (--attach, or the
// data directory's own gateway when it already runs as a service) or start the embedded gateway
// on its own thread.
#include "Attach.h"
#include "ConsoleSettings.h"
#include "Language.h"
#include "MainWindow.h"
#include "SingleInstance.h"
#include "Theme.h"
#include "bytespike/DesignTokens.h"
#include "bytespike/GatewayService.h"
#include "bytespike/Logging.h"
#include "bytespike/Version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QLocale>

#include <cstdio>
#include <optional>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("bytespike-console"));
    QApplication::setApplicationDisplayName(QStringLiteral("ByteSpike"));
    QApplication::setApplicationVersion(QString::fromLatin1(bytespike::kVersion));
    // The installed desktop entry and icon (installer/): Wayland matches windows to the entry by
    // this name, and the icon comes from the hicolor theme the package fills.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.bytespike.Console"));
    QApplication::setWindowIcon(QIcon::fromTheme(
        QStringLiteral("io.bytespike.Console"), QIcon(QStringLiteral(":/icons/io.bytespike.Console.png"))));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("ByteSpike console with the embedded gateway"));
    parser.addHelpOption();
    parser.addVersionOption();
    bytespike::addGatewayOptions(parser);
    parser.addOption(
        {QStringLiteral("locale"), QStringLiteral("Interface language, e.g. de or zh_CN."), QStringLiteral("LOCALE")});
    parser.addOption({QStringLiteral("theme"), QStringLiteral("Colour theme: light, dark or system (design tokens)."),
        QStringLiteral("THEME")});
    parser.addOption({QStringLiteral("attach"),
        QStringLiteral("Manage the gateway running at URL over its admin API; start none of its own."),
        QStringLiteral("URL")});
    parser.addOption({QStringLiteral("admin-token-file"),
        QStringLiteral("With --attach: the file holding the admin token (else the keychain's, or asked for)."),
        QStringLiteral("FILE")});
    parser.process(app);

    // Saved settings first, then whatever the command line says.
    const QString settingsPath = bytespike::ConsoleSettings::defaultPath();
    bytespike::ConsoleSettings settings = bytespike::ConsoleSettings::load(settingsPath);
    bytespike::GatewayConfig config;
    QString error;
    if (!settings.applyTo(&config, &error))
        std::fprintf(stderr, "bytespike-console: ignoring a saved setting: %s\n", qPrintable(error));
    if (!bytespike::gatewayConfigFromParser(parser, &config, &error)) {
        std::fprintf(stderr, "bytespike-console: %s\n", qPrintable(error));
        return 2;
    }
    if (parser.isSet(QStringLiteral("locale")))
        settings.language = parser.value(QStringLiteral("locale"));
    if (parser.isSet(QStringLiteral("theme")))
        settings.theme = parser.value(QStringLiteral("theme"));
    if (parser.isSet(QStringLiteral("log-level")))
        settings.logLevel = bytespike::GatewayConfig::logLevelName(config.logLevel);
    std::optional<QString> attachUrl;
    std::optional<QByteArray> attachToken;
    if (parser.isSet(QStringLiteral("attach"))) {
        attachUrl = bytespike::Attach::gatewayUrl(parser.value(QStringLiteral("attach")), &error);
        if (!attachUrl) {
            std::fprintf(stderr, "bytespike-console: --attach: %s\n", qPrintable(error));
            return 2;
        }
    }
    if (parser.isSet(QStringLiteral("admin-token-file"))) {
        if (!attachUrl) {
            std::fprintf(stderr, "bytespike-console: --admin-token-file goes with --attach\n");
            return 2;
        }
        attachToken = bytespike::Attach::readTokenFile(parser.value(QStringLiteral("admin-token-file")), &error);
        if (!attachToken) {
            std::fprintf(stderr, "bytespike-console: %s\n", qPrintable(error));
            return 2;
        }
    }
    const QStringList themes = bytespike::DesignTokens::builtIn().themes() << QStringLiteral("system");
    if (!themes.contains(settings.theme)) {
        std::fprintf(
            stderr, "bytespike-console: --theme must be one of: %s\n", qPrintable(themes.join(QLatin1String(", "))));
        return 2;
    }

    // One console per data directory: a second launch brings the first to the front.
    bytespike::SingleInstance instance(config.dataDir);
    if (instance.raiseRunning()) {
        std::printf("bytespike-console: already running for %s; brought it to the front\n", qPrintable(config.dataDir));
        return 0;
    }
    if (!instance.listen())
        std::fprintf(stderr, "bytespike-console: cannot open %s; a second launch will not find this one\n",
            qPrintable(instance.serverName()));

    bytespike::Language::apply(settings.language.isEmpty() ? QLocale::system().name() : settings.language);
    bytespike::applyTheme(settings.theme);
    bytespike::installLogHandler(config.logLevel);

    bytespike::EmbeddedGateway gateway(config);
    bytespike::MainWindow window(gateway, settings, settingsPath);
    QObject::connect(
        &instance, &bytespike::SingleInstance::raiseRequested, &window, &bytespike::MainWindow::bringToFront);
    // Closing the window may keep the gateway running; only Quit ends the process.
    QApplication::setQuitOnLastWindowClosed(false);
    window.show();
    if (attachUrl && attachToken) {
        gateway.attach(*attachUrl, *attachToken);
        gateway.start();
    } else if (attachUrl) {
        window.connectTo(*attachUrl);
    } else {
        // The data directory's gateway may already run (the user service): then it is managed,
        // and no second one is started on the same database.
        bytespike::Attach::findRunningGateway(
            config, &gateway, [&gateway](const QString &url, const QByteArray &token) {
                if (gateway.isAttached())
                    return; // the operator connected elsewhere meanwhile
                if (!url.isEmpty())
                    gateway.attach(url, token, true);
                gateway.start();
            });
    }
    return app.exec();
}
