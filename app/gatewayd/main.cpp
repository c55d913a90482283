// bytespike-gatewayd: the headless gateway. A thin composition root over bytespike_core.
#include "bytespike/EpollEventDispatcher.h"
#include "bytespike/GatewayService.h"
#include "bytespike/Logging.h"
#include "bytespike/Maintenance.h"
#include "bytespike/Version.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTimer>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int g_signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalPipe[1], &byte, 1);
}

void printLine(const QString &line)
{
    std::fputs(qPrintable(line + QLatin1Char('\n')), stdout);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char *argv[])
{
    // The gateway thread (this one) waits in epoll: Qt's poll-based dispatcher costs each turn of
    // the loop in proportion to the open sockets, pooled idle ones included. The ledger's threads
    // get Qt's own dispatcher rather than GLib's, which wakes its loop through an eventfd for
    // every posted event and every socket notifier switched on or off (docs/architecture.md). An
    // explicit QT_NO_GLIB in the environment is left as it is.
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication::setEventDispatcher(new bytespike::EpollEventDispatcher);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("bytespike-gatewayd"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(bytespike::kVersion));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("ByteSpike LLM API gateway (headless)"));
    parser.addHelpOption();
    parser.addVersionOption();
    bytespike::addGatewayOptions(parser);
    parser.addOption(
        {QStringLiteral("check-ledger"), QStringLiteral("Audit the ledger, print findings, exit 0 only if clean.")});
    parser.addOption(
        {QStringLiteral("backup"), QStringLiteral("Online backup of the database to FILE."), QStringLiteral("FILE")});
    parser.process(app);

    bytespike::GatewayConfig config;
    QString error;
    if (!bytespike::gatewayConfigFromParser(parser, &config, &error)) {
        std::fprintf(stderr, "bytespike-gatewayd: %s\n", qPrintable(error));
        return 2;
    }
    if (parser.isSet(QStringLiteral("check-ledger"))) {
        QStringList findings;
        if (!bytespike::checkLedger(config.databaseLocation(), &findings, &error)) {
            std::fprintf(stderr, "bytespike-gatewayd: %s\n", qPrintable(error));
            return 2;
        }
        for (const QString &finding : std::as_const(findings))
            printLine(finding);
        printLine(
            findings.isEmpty() ? QStringLiteral("ledger clean") : QStringLiteral("%1 finding(s)").arg(findings.size()));
        return findings.isEmpty() ? 0 : 1;
    }
    if (parser.isSet(QStringLiteral("backup"))) {
        const QString file = parser.value(QStringLiteral("backup"));
        int pages = 0;
        if (!bytespike::backupDatabase(config.databaseLocation(), file, &pages, &error)) {
            std::fprintf(stderr, "bytespike-gatewayd: %s\n", qPrintable(error));
            return 2;
        }
        printLine(pages < 0 ? QStringLiteral("backup written to %1 (pg_dump custom format)").arg(file)
                            : QStringLiteral("backup written to %1 (%2 pages)").arg(file).arg(pages));
        return 0;
    }
    bytespike::installLogHandler(config.logLevel);

    // SIGTERM/SIGINT arrive through a socket pair so the handler only writes one byte.
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalPipe) != 0) {
        std::perror("socketpair");
        return 1;
    }
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    bytespike::GatewayService service(config);
    QSocketNotifier notifier(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &service, [&service, &notifier] {
        char byte;
        [[maybe_unused]] const auto n = ::read(g_signalPipe[0], &byte, 1);
        notifier.setEnabled(false);
        qInfo("signal received: draining in-flight requests");
        service.stop();
    });
    QObject::connect(&service, &bytespike::GatewayService::started, &service,
        [&config](const QString &publicUrl, const QString &adminUrl) {
            printLine(QStringLiteral("listening on ") + publicUrl);
            if (config.separateAdmin)
                printLine(QStringLiteral("admin on ") + adminUrl);
        });
    QObject::connect(&service, &bytespike::GatewayService::startFailed, &app, [](const QString &message) {
        std::fprintf(stderr, "bytespike-gatewayd: %s\n", qPrintable(message));
        QCoreApplication::exit(1);
    });
    QObject::connect(&service, &bytespike::GatewayService::stopped, &app, [] { QCoreApplication::exit(0); });
    QTimer::singleShot(0, &service, &bytespike::GatewayService::start);
    return app.exec();
}
