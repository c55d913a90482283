// bytespike-console: the desktop console. A thin composition root: parse the shared gateway
// flags (over the saved settings), hand over to a console already running on the same data
// directory, or start the embedded gateway on its own thread and show the main window.
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
    gateway.start();
    return app.exec();
}
