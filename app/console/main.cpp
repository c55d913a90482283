// bytespike-console: the desktop console. A thin composition root: parse the shared gateway
// flags, start the embedded gateway on its own thread, show the main window.
#include "Language.h"
#include "MainWindow.h"
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
    QApplication::setWindowIcon(QIcon::fromTheme(QStringLiteral("io.bytespike.Console")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("ByteSpike console with the embedded gateway"));
    parser.addHelpOption();
    parser.addVersionOption();
    bytespike::addGatewayOptions(parser);
    parser.addOption(
        {QStringLiteral("locale"), QStringLiteral("Interface language, e.g. de or zh_CN."), QStringLiteral("LOCALE")});
    parser.addOption({QStringLiteral("theme"), QStringLiteral("Colour theme: light or dark (design tokens)."),
        QStringLiteral("THEME"), QStringLiteral("light")});
    parser.process(app);

    bytespike::GatewayConfig config;
    QString error;
    if (!bytespike::gatewayConfigFromParser(parser, &config, &error)) {
        std::fprintf(stderr, "bytespike-console: %s\n", qPrintable(error));
        return 2;
    }
    bytespike::Language::apply(
        parser.isSet(QStringLiteral("locale")) ? parser.value(QStringLiteral("locale")) : QLocale::system().name());
    const QString theme = parser.value(QStringLiteral("theme"));
    if (!bytespike::DesignTokens::builtIn().themes().contains(theme)) {
        std::fprintf(stderr, "bytespike-console: --theme must be one of: %s\n",
            qPrintable(bytespike::DesignTokens::builtIn().themes().join(QLatin1String(", "))));
        return 2;
    }
    bytespike::applyTheme(theme);
    bytespike::installLogHandler(config.logLevel);

    bytespike::EmbeddedGateway gateway(config);
    bytespike::MainWindow window(gateway);
    window.show();
    gateway.start();
    return app.exec();
}
