// bytespike-screenshots: every console page in light and dark, and the Overview and Customers
// pages in German and Japanese, with live traffic through the simulator, written as PNG files
// (docs/screenshots/) at 1280x800. Run by tests/gui/screenshots.sh under Xvfb.
#include "ConsoleFixture.h"
#include "Language.h"
#include "MainWindow.h"
#include "Theme.h"
#include "bytespike/GatewayService.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPushButton>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <cstdio>

using namespace bytespike;

namespace {

void wait(int ms)
{
    QTest::qWait(ms);
}

void message(EmbeddedGateway &gateway, const QByteArray &key, const QByteArray &text, bool stream)
{
    const QByteArray body = R"({"model":"bytespike-simulator","max_tokens":200,"stream":)"
        + QByteArray(stream ? "true" : "false") + R"(,"messages":[{"role":"user","content":")" + text + R"("}]})";
    gateway.call(
        "POST", QStringLiteral("/v1/messages"), body, {{"x-api-key", key}, {"content-type", "application/json"}});
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("bytespike-console"));
    const QString out = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral("docs/screenshots");
    QDir().mkpath(out);
    QTemporaryDir dir;
    GatewayConfig config;
    config.dataDir = dir.path();
    config.listenPort = 0;
    config.simulatorLatencyScale = 0.2;
    Language::apply(QStringLiteral("en"));
    applyTheme(QStringLiteral("light"));
    EmbeddedGateway gateway(config);
    MainWindow window(gateway);
    window.resize(1280, 800);
    window.show();
    bool started = false;
    QObject::connect(&gateway, &EmbeddedGateway::started, [&started] { started = true; });
    gateway.start();
    if (!QTest::qWaitFor([&] { return started; }, 20000)) {
        std::fprintf(stderr, "the gateway did not start\n");
        return 1;
    }

    // Traffic: the demo customer and a second one, billed, failed, cancelled and still running.
    const QByteArray demo = testing::demoKey(dir);
    const QString acme = testing::call(gateway, "POST", QStringLiteral("/admin/customers"), R"({"name":"Acme Corp"})")
                             .json()
                             .value(QStringLiteral("id"))
                             .toString();
    testing::call(gateway, "POST", QStringLiteral("/admin/customers/%1/credits").arg(acme),
        R"({"amount_micros":25000000,"memo":"Top-up, invoice 1042"})");
    const QByteArray acmeKey = testing::call(gateway, "POST", QStringLiteral("/admin/customers/%1/keys").arg(acme),
        R"({"name":"production","rpm":600,"tpm":200000,"max_concurrent":8,"budget_micros":20000000,)"
        R"("budget_period":"month","models":["bytespike-simulator"]})")
                                   .json()
                                   .value(QStringLiteral("key"))
                                   .toString()
                                   .toLatin1();
    // Operators: two with their roles, and one revoked.
    testing::call(gateway, "POST", QStringLiteral("/admin/operators"), R"({"name":"Alice","role":"pricing"})");
    testing::call(gateway, "POST", QStringLiteral("/admin/operators"), R"({"name":"Bob","role":"billing"})");
    const QString former
        = testing::call(gateway, "POST", QStringLiteral("/admin/operators"), R"({"name":"Carol","role":"viewer"})")
              .json()
              .value(QStringLiteral("id"))
              .toString();
    testing::call(gateway, "DELETE", QStringLiteral("/admin/operators/") + former, {});
    QTimer traffic;
    int sent = 0;
    QObject::connect(&traffic, &QTimer::timeout, [&] {
        ++sent;
        message(gateway, sent % 3 ? acmeKey : demo, "Tell me about request " + QByteArray::number(sent), sent % 2);
        if (sent % 7 == 0)
            message(gateway, acmeKey, "[[simulate:error500]]", false);
    });
    traffic.start(150);
    ServiceCall *cancelled = gateway.call("POST", QStringLiteral("/v1/messages"),
        R"({"model":"bytespike-simulator","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"[[simulate:hang]]"}]})",
        {{"x-api-key", demo}, {"content-type", "application/json"}});
    wait(500);
    cancelled->cancel();
    // Stays pending until the end: a live hold on the Ledger page.
    ServiceCall *pending = gateway.call("POST", QStringLiteral("/v1/messages"),
        R"({"model":"bytespike-simulator","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"Hold on [[simulate:hang]]"}]})",
        {{"x-api-key", acmeKey}, {"content-type", "application/json"}});
    wait(8000);

    auto *pages = window.findChild<QTabWidget *>(QStringLiteral("pages"));
    const QStringList names {QStringLiteral("overview"), QStringLiteral("channels"), QStringLiteral("rates"),
        QStringLiteral("ledger"), QStringLiteral("customers"), QStringLiteral("requests"), QStringLiteral("playground"),
        QStringLiteral("operators"), QStringLiteral("settings")};
    int written = 0;
    for (const QString &theme : {QStringLiteral("light"), QStringLiteral("dark")}) {
        applyTheme(theme);
        for (int i = 0; i < pages->count() && i < names.size(); ++i) {
            pages->setCurrentIndex(i);
            QWidget *page = pages->widget(i);
            // Something chosen on the pages that show details.
            for (const char *list : {"customerList", "requestsTable"}) {
                if (auto *view = page->findChild<QAbstractItemView *>(QLatin1String(list));
                    view && view->model() && view->model()->rowCount() > 1 && !view->currentIndex().isValid())
                    view->setCurrentIndex(view->model()->index(1, 0));
            }
            if (names[i] == QLatin1String("playground") && theme == QLatin1String("light")) {
                if (auto *send = page->findChild<QPushButton *>(QStringLiteral("sendButton")))
                    send->click();
            }
            wait(1500);
            const QString file = QStringLiteral("%1/%2-%3.png").arg(out, names[i], theme);
            if (!window.grab().save(file)) {
                std::fprintf(stderr, "cannot write %s\n", qPrintable(file));
                return 1;
            }
            std::printf("%s\n", qPrintable(file));
            ++written;
        }
    }
    // The Overview and Customers pages in German and Japanese, light.
    applyTheme(QStringLiteral("light"));
    for (const QString &locale : {QStringLiteral("de"), QStringLiteral("ja")}) {
        Language::apply(locale);
        for (const QString &name : {QStringLiteral("overview"), QStringLiteral("customers")}) {
            pages->setCurrentIndex(int(names.indexOf(name)));
            wait(1500);
            const QString file = QStringLiteral("%1/%2-%3.png").arg(out, name, locale);
            if (!window.grab().save(file)) {
                std::fprintf(stderr, "cannot write %s\n", qPrintable(file));
                return 1;
            }
            std::printf("%s\n", qPrintable(file));
            ++written;
        }
    }
    Language::apply(QStringLiteral("en"));
    // An orderly end: no new traffic, the live hold's stream cancelled, the gateway drained,
    // before the window and the gateway are torn down.
    traffic.stop();
    pending->cancel();
    bool stopped = false;
    QObject::connect(&gateway, &EmbeddedGateway::stopped, [&stopped] { stopped = true; });
    gateway.stop();
    if (!QTest::qWaitFor([&] { return stopped; }, 30000))
        std::fprintf(stderr, "the gateway did not stop\n");
    std::printf("%d screenshots\n", written);
    return written == 2 * names.size() + 4 && stopped ? 0 : 1;
}
