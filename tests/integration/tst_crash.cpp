// Crash safety (issue: credit ledger, item 8): bytespike-gatewayd is killed with SIGKILL at
// random points under streaming load, 50 times. After every restart: no pending hold is left,
// no request the client did not receive in full was debited, the auditor (and on SQLite PRAGMA
// integrity_check) is clean. Its _postgres variant runs the same on PostgreSQL. The figures are printed for
// docs/RELIABILITY.md.
#include "GatewayHarness.h"
#include "store/Database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSet>
#include <QTest>

#include <csignal>

using namespace bytespike;
using namespace bytespike::testing;

class TestCrash : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void killUnderLoad();
    void longHoldLeavesARecordForTheReaper();
};

void TestCrash::killUnderLoad()
{
    const int cycles = qEnvironmentVariableIntValue("BYTESPIKE_CRASH_CYCLES") > 0
        ? qEnvironmentVariableIntValue("BYTESPIKE_CRASH_CYCLES")
        : 50;
    const int streamsPerCycle = 8;
    MockUpstream mock;
    QString error;
    QVERIFY2(mock.start(&error), qPrintable(error));
    GatewayProcess gateway;
    gateway.env.insert(QStringLiteral("MOCK_UPSTREAM_KEY"), QStringLiteral("sk-mock-secret"));
    QRandomGenerator rng(20261124);
    QSet<QByteArray> completedAtClient;
    QSet<QByteArray> allRequests;
    int interrupted = 0;
    int orphanedHolds = 0;

    for (int cycle = 0; cycle < cycles; ++cycle) {
        QVERIFY2(gateway.start(&error), qPrintable(error));
        HttpClient admin;
        if (cycle == 0) {
            QVERIFY(!gateway
                         .addChannel(admin,
                             mockChannel(QStringLiteral("slow"), mock.url(),
                                 {{QStringLiteral("claude-mock"), QStringLiteral("mock-model+fault=trickle:40")}}))
                         .isEmpty());
        }
        // After the restart the reaper has voided whatever the killed process left pending.
        const QJsonArray pending
            = admin.get(gateway.url() + QStringLiteral("/admin/ledger/holds?state=pending"), gateway.adminHeaders())
                  .json()
                  .value(QStringLiteral("holds"))
                  .toArray();
        orphanedHolds += int(pending.size());
        QCOMPARE(pending.size(), 0);

        std::vector<std::unique_ptr<HttpClient>> clients;
        std::vector<std::unique_ptr<QNetworkReply>> replies;
        std::vector<QByteArray> bodies(streamsPerCycle);
        for (int i = 0; i < streamsPerCycle; ++i) {
            clients.push_back(std::make_unique<HttpClient>());
            replies.emplace_back(clients.back()->start("POST", gateway.url() + QStringLiteral("/v1/messages"),
                gateway.customerHeaders(), messagesBody(QStringLiteral("claude-mock"), true)));
            QNetworkReply *reply = replies.back().get();
            QByteArray *sink = &bodies[size_t(i)];
            connect(reply, &QNetworkReply::readyRead, reply, [reply, sink] { *sink += reply->readAll(); });
        }
        // Kill somewhere between "nothing started" and "several streams finished".
        QTest::qWait(int(rng.bounded(20, 1400)));
        ::kill(pid_t(gateway.process().processId()), SIGKILL);
        QVERIFY(gateway.process().waitForFinished(10000) || gateway.process().state() == QProcess::NotRunning);
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(replies.begin(), replies.end(), [](const auto &r) { return r->isFinished(); }), 10000);
        for (size_t i = 0; i < replies.size(); ++i) {
            const QByteArray id = replies[i]->rawHeader("request-id");
            bodies[i] += replies[i]->readAll();
            if (id.isEmpty())
                continue; // never reached the gateway's answer
            allRequests.insert(id);
            if (replies[i]->error() == QNetworkReply::NoError && bodies[i].contains("event: message_stop"))
                completedAtClient.insert(id);
            else
                ++interrupted;
        }
        replies.clear();
        QByteArray report;
        QVERIFY2(gateway.ledgerClean(&report), report.constData());
    }

    // Every debit belongs to a request the client received in full.
    QVERIFY2(gateway.start(&error), qPrintable(error));
    HttpClient admin;
    const QJsonObject statement
        = admin.get(gateway.url() + QStringLiteral("/admin/customers/cus_demo/statement"), gateway.adminHeaders())
              .json();
    int billedFailures = 0;
    QSet<QByteArray> debited;
    for (const QJsonValue &v : statement.value(QStringLiteral("lines")).toArray()) {
        const QJsonObject line = v.toObject();
        if (line.value(QStringLiteral("kind")).toString() != QLatin1String("debit"))
            continue;
        const QByteArray id = line.value(QStringLiteral("request_id")).toString().toLatin1();
        debited.insert(id);
        if (!completedAtClient.contains(id))
            ++billedFailures;
    }
    const int unbilledSuccesses = int((completedAtClient - debited).size());
    qInfo("crash test: %d cycles, %lld requests answered, %lld delivered in full, %d interrupted, %d billed failures, "
          "%d unbilled successes, %d orphaned holds",
        cycles, qint64(allRequests.size()), qint64(completedAtClient.size()), interrupted, billedFailures,
        unbilledSuccesses, orphanedHolds);
    QCOMPARE(billedFailures, 0);
    QCOMPARE(orphanedHolds, 0);
    QVERIFY(interrupted > 0); // the kills really hit requests in flight
    QVERIFY(!completedAtClient.isEmpty()); // and some requests completed between them
    QCOMPARE(gateway.terminate(), 0);
    QByteArray report;
    QVERIFY2(gateway.ledgerClean(&report), report.constData());
}

// Holds live in memory (docs/RELIABILITY.md, "Holds in memory"); one that stays open past the
// write delay gets its pending row, so a kill still leaves a record that the reaper voids.
void TestCrash::longHoldLeavesARecordForTheReaper()
{
    MockUpstream mock;
    GatewayProcess gateway;
    gateway.env.insert(QStringLiteral("BYTESPIKE_HOLD_WRITE_DELAY_MS"), QStringLiteral("200"));
    HttpClient http;
    QString error;
    QVERIFY2(startWithMockChannel(mock, gateway, http, &error), qPrintable(error));
    HttpClient streamer;
    // Three events, then the upstream stays open and silent.
    std::unique_ptr<QNetworkReply> reply(streamer.start("POST", gateway.url() + QStringLiteral("/v1/messages"),
        gateway.customerHeaders(),
        messagesBody(QStringLiteral("claude-mock"), true,
            QJsonObject {
                {QStringLiteral("mock"), QJsonObject {{QStringLiteral("fault"), QStringLiteral("idle_after:3")}}}})));
    QTRY_VERIFY_WITH_TIMEOUT(!reply->rawHeader("request-id").isEmpty(), 10000);
    const QByteArray requestId = reply->rawHeader("request-id");

    // The open hold is listed at once (from memory) ...
    const QJsonArray open = http.get(gateway.url() + QStringLiteral("/admin/ledger/holds?state=pending&request=")
                                        + QString::fromLatin1(requestId),
                                    gateway.adminHeaders())
                                .json()
                                .value(QStringLiteral("holds"))
                                .toArray();
    QCOMPARE(open.size(), 1);
    // ... and reaches the database as a pending row once it has been open for the write delay.
    Database db;
    QVERIFY2(
        db.open(gateway.database().isEmpty() ? gateway.dataDir() + QStringLiteral("/bytespike.db") : gateway.database(),
            &error),
        qPrintable(error));
    const auto stateInDatabase = [&] {
        Statement st = db.prepare("SELECT state FROM holds WHERE request_id = ?");
        st.bind(1, QString::fromLatin1(requestId));
        return st.next() ? st.text(0) : QString();
    };
    QTRY_COMPARE_WITH_TIMEOUT(stateInDatabase(), QStringLiteral("pending"), 10000);
    db.close();

    ::kill(pid_t(gateway.process().processId()), SIGKILL);
    QVERIFY(gateway.process().waitForFinished(10000) || gateway.process().state() == QProcess::NotRunning);
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
    reply.reset();

    QVERIFY2(gateway.start(&error), qPrintable(error));
    const QJsonArray after
        = http.get(gateway.url() + QStringLiteral("/admin/ledger/holds?request=") + QString::fromLatin1(requestId),
                  gateway.adminHeaders())
              .json()
              .value(QStringLiteral("holds"))
              .toArray();
    QCOMPARE(after.size(), 1);
    QCOMPARE(after.first().toObject().value(QStringLiteral("state")).toString(), QStringLiteral("voided"));
    QVERIFY(after.first().toObject().value(QStringLiteral("reason")).toString().contains(QLatin1String("reaper")));
    QCOMPARE(gateway.terminate(), 0);
    QByteArray report;
    QVERIFY2(gateway.ledgerClean(&report), report.constData());
}

QTEST_GUILESS_MAIN(TestCrash)
#include "tst_crash.moc"
