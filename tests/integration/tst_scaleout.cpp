// Several bytespike-gatewayd instances on one PostgreSQL database, behind nginx as a round-robin
// proxy: balances shared exactly through leases, SIGKILL and SIGSTOP of an instance, a restart of
// the database, and configuration written through one instance reaching the others. Its own
// PostgreSQL cluster (one test restarts it) and its own nginx; skipped when either is missing.
//
// Every model of the test channel has no input price and a 15 $/Mtok output price, and every
// request asks for 8 tokens, which the mock always answers in full: a request's hold and its debit
// are both 8 x 15 micro-dollars, so a balance of N holds admits exactly N requests in total, in
// one burst or in many.
//
// BYTESPIKE_SCALEOUT_INSTANCES (3) sets how many gateways run, BYTESPIKE_SCALEOUT_CYCLES (50) how
// many kills killNineUnderStreams makes; with one gateway the tests that need two are skipped.
#include "ScaleOutHarness.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSet>
#include <QTest>

#include <csignal>

using namespace bytespike::testing;

namespace {

constexpr int kLeaseTtlMs = 2000;
// A lease nobody renews is free again once it has expired and the reaper ran after that.
constexpr int kLeaseFreeMs = kLeaseTtlMs + kLeaseTtlMs / 2;
constexpr qint64 kOutputPrice = 15000000;
constexpr int kMaxTokens = 8;

// The test channel's models: the same answer with different timing, or an upstream failure (a
// probe: admitted or refused like any request, then never billed, so it spends nothing).
QJsonObject scaleChannel(const QString &name, const QString &mockUrl, const QList<QPair<QString, QString>> &models)
{
    QJsonObject channel = mockChannel(name, mockUrl, models);
    QJsonArray priced;
    for (const QJsonValue &value : channel.value(QStringLiteral("models")).toArray()) {
        QJsonObject model = value.toObject();
        for (const char *field : {"input_micros_per_mtok", "cache_write_micros_per_mtok", "cache_read_micros_per_mtok"})
            model.insert(QLatin1String(field), 0);
        model.insert(QStringLiteral("output_micros_per_mtok"), kOutputPrice);
        priced.append(model);
    }
    channel.insert(QStringLiteral("models"), priced);
    return channel;
}

QByteArray body(const QString &model, bool stream = false)
{
    return messagesBody(model, stream, {{QStringLiteral("max_tokens"), kMaxTokens}});
}

QSet<QByteArray> requestIds(const QList<HttpResult> &answers, int status)
{
    QSet<QByteArray> ids;
    for (const HttpResult &answer : answers) {
        if (answer.status == status)
            ids.insert(answer.header("request-id"));
    }
    return ids;
}

// Every 402 says why the way a client can act on: Anthropic's billing_error.
bool refusalsAreBillingErrors(const QList<HttpResult> &answers)
{
    return std::all_of(answers.begin(), answers.end(), [](const HttpResult &answer) {
        return answer.status != 402
            || answer.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("type")).toString()
            == QLatin1String("billing_error");
    });
}

QString idList(const QSet<QByteArray> &ids)
{
    QStringList out;
    for (const QByteArray &id : ids)
        out.append(QString::fromLatin1(id));
    return out.join(QLatin1Char(' '));
}

} // namespace

class TestScaleOut : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void tenHoldsTwentyRounds();
    void sixHundredOfEighteenHundred();
    void killNineUnderStreams();
    void frozenInstanceSpendsNothing();
    void recallWaitsForTheAnswers();
    void databaseRestartUnderLoad();
    void priceEditReachesEveryInstance();

private:
    GatewayProcess &admin() { return m_fleet.at(0); }
    QString proxied() const { return m_nginx.url() + QStringLiteral("/v1/messages"); }
    static QString direct(GatewayProcess &gateway) { return gateway.url() + QStringLiteral("/v1/messages"); }
    QList<Header> customer(const QByteArray &key) { return admin().customerHeaders(key); }
    QString newCustomer(qint64 holds, QByteArray *key);
    // The request ids debited to customer (one entry per debit, so a double debit shows twice).
    QByteArrayList debits(const QString &customer) { return debitedRequests(m_database, customer); }
    bool ledgerClean(QByteArray *report) { return admin().ledgerClean(report); }
    // The instances' names and leased amounts as GET /admin/instances lists them, for the log.
    QString leasesListed();
    QString balanceState(const QString &customer) { return ledgerState(m_database, customer); }
    int admittedProbes(const QString &url, const QByteArray &key, int count, const QString &model, QString *statuses);
    void leaseOfTheKilledIsFreed(int victim);
    // How long until gateway answered at price, or -1 after 5 s; last: its last answer.
    qint64 waitForPrice(GatewayProcess &gateway, const QByteArray &key, qint64 price, QString *last);
    void expectPriceEverywhere(const QByteArray &key, qint64 price, const char *step);
    void editPrice(const QString &channel, const QString &model, qint64 price);

    PostgresCluster m_cluster;
    QString m_database;
    MockUpstream m_mock;
    GatewayFleet m_fleet;
    NginxProxy m_nginx;
    HttpClient m_http;
    qint64 m_hold = 0;
    int m_probeStatus = 0;
};

void TestScaleOut::initTestCase()
{
    if (const QString missing = scaleOutMissing(); !missing.isEmpty())
        QSKIP(qPrintable(missing));
    const int instances = qEnvironmentVariableIntValue("BYTESPIKE_SCALEOUT_INSTANCES") > 0
        ? qEnvironmentVariableIntValue("BYTESPIKE_SCALEOUT_INSTANCES")
        : 3;
    QString error;
    QVERIFY2(m_cluster.start(&error), qPrintable(error));
    m_database = m_cluster.createDatabase(&error);
    QVERIFY2(!m_database.isEmpty(), qPrintable(error));
    QVERIFY2(m_mock.start(&error), qPrintable(error));
    QProcessEnvironment env;
    env.insert(QStringLiteral("MOCK_UPSTREAM_KEY"), QStringLiteral("sk-mock-secret"));
    env.insert(QStringLiteral("BYTESPIKE_LEASE_TTL_MS"), QString::number(kLeaseTtlMs));
    const QString mock = m_mock.url();
    const auto seed = [&](GatewayProcess &first, QString *failure) {
        const QJsonObject channel = scaleChannel(QStringLiteral("scale"), mock,
            {{QStringLiteral("claude-fast"), QStringLiteral("mock-model")},
                {QStringLiteral("claude-slow"), QStringLiteral("mock-model+fault=delay:300")},
                {QStringLiteral("claude-long"), QStringLiteral("mock-model+fault=delay:4000")},
                {QStringLiteral("claude-stream"), QStringLiteral("mock-model+fault=trickle:70")},
                {QStringLiteral("claude-probe"), QStringLiteral("mock-model+fault=delay:300,status:500")},
                {QStringLiteral("claude-probe-long"), QStringLiteral("mock-model+fault=delay:1500,status:500")}});
        if (!first.addChannel(m_http, channel).isEmpty())
            return true;
        *failure = QStringLiteral("could not create the test channel");
        return false;
    };
    QVERIFY2(m_fleet.start(instances, m_database, env, seed, &error), qPrintable(error));
    QVERIFY2(m_nginx.start(m_fleet.ports(), &error), qPrintable(error));

    // The hold of one request, and the premise of the exact counts: its debit is the same.
    QByteArray key;
    newCustomer(0, &key);
    const HttpResult refused = m_http.send("POST", proxied(), customer(key), body(QStringLiteral("claude-fast")));
    QCOMPARE(refused.status, 402);
    m_hold = refused.header("bytespike-hold").toLongLong();
    QCOMPARE(m_hold, kMaxTokens * kOutputPrice / 1000000);
    newCustomer(2, &key);
    const HttpResult paid = m_http.send("POST", proxied(), customer(key), body(QStringLiteral("claude-fast")));
    QCOMPARE(paid.status, 200);
    QCOMPARE(paid.header("bytespike-cost").toLongLong(), m_hold);
    const HttpResult probe = m_http.send("POST", proxied(), customer(key), body(QStringLiteral("claude-probe")));
    QVERIFY2(probe.status >= 500, probe.body.constData());
    m_probeStatus = probe.status;
    qInfo("hold %lld micro-dollars; an admitted probe is answered %d", m_hold, m_probeStatus);
}

void TestScaleOut::cleanupTestCase()
{
    m_nginx.stop();
    m_fleet.stop();
    m_mock.stop();
    m_cluster.stop();
}

// A test that failed half-way may have left an instance killed or stopped: each starts with all
// of them serving.
void TestScaleOut::init()
{
    for (int i = 0; i < m_fleet.size(); ++i) {
        QProcess &process = m_fleet.at(i).process();
        if (process.state() == QProcess::Running) {
            ::kill(pid_t(process.processId()), SIGCONT);
            continue;
        }
        QString error;
        QVERIFY2(m_fleet.restart(i, &error), qPrintable(error));
    }
}

QString TestScaleOut::newCustomer(qint64 holds, QByteArray *key)
{
    // Made through a different instance each time: every one of them writes to the same tables.
    static int next = 0;
    const QString id = createCustomer(m_http, m_fleet.at(next++ % m_fleet.size()), holds * m_hold, key);
    // Every instance knows the key before the test uses it (counting tokens is never billed).
    for (int i = 0; i < m_fleet.size(); ++i) {
        const QString url = m_fleet.at(i).url() + QStringLiteral("/v1/messages/count_tokens");
        if (!QTest::qWaitFor(
                [&] {
                    return m_http.send("POST", url, customer(*key), body(QStringLiteral("claude-fast"))).status == 200;
                },
                5000))
            qWarning("instance %d does not take the key of customer %s", i, qPrintable(id));
    }
    return id;
}

// Rounds of 200 requests at once through nginx for a balance of 10 holds: exactly 10 are served
// wherever they land, the other 190 are refused, and exactly the served ones are debited.
void TestScaleOut::tenHoldsTwentyRounds()
{
    QList<QPair<QString, QSet<QByteArray>>> served;
    for (int round = 0; round < 20; ++round) {
        QByteArray key;
        const QString id = newCustomer(10, &key);
        const QList<HttpResult> answers = burst(proxied(), customer(key), body(QStringLiteral("claude-slow")), 200);
        const QMap<int, int> counts = statusCounts(answers);
        QVERIFY2(counts.value(200) == 10 && counts.value(402) == 190,
            qPrintable(QStringLiteral("round %1: %2").arg(round).arg(describe(counts))));
        QVERIFY(refusalsAreBillingErrors(answers));
        served.append({id, requestIds(answers, 200)});
    }
    for (const auto &[id, ids] : served) {
        // Settlements are written just after the answers.
        QTRY_COMPARE_WITH_TIMEOUT(debits(id).size(), 10, 10000);
        const QByteArrayList debited = debits(id);
        QVERIFY2(QSet<QByteArray>(debited.begin(), debited.end()) == ids,
            qPrintable(QStringLiteral("%1: debited %2, served %3")
                           .arg(id, QString::fromLatin1(debited.join(' ')), idList(ids))));
    }
    QByteArray report;
    QVERIFY2(ledgerClean(&report), report.constData());
}

// 1,800 requests for a balance of 600 holds, in six waves of 300: exactly 600 served in all, and
// while they run the instances show the balance leased to them.
void TestScaleOut::sixHundredOfEighteenHundred()
{
    QByteArray key;
    const QString id = newCustomer(600, &key);
    QMap<int, int> total;
    qint64 mostLeased = 0;
    HttpResult listing;
    for (int wave = 0; wave < 6; ++wave) {
        Volley volley(proxied(), customer(key), body(QStringLiteral("claude-slow")), 300);
        while (!volley.wait(100)) {
            listing = m_http.get(admin().url() + QStringLiteral("/admin/instances"), admin().adminHeaders());
            for (const QJsonValue &row : listing.json().value(QStringLiteral("data")).toArray())
                mostLeased = qMax(mostLeased, row.toObject().value(QStringLiteral("leased_micros")).toInteger());
        }
        const QList<HttpResult> answers = volley.results();
        QVERIFY(refusalsAreBillingErrors(answers));
        const QMap<int, int> counts = statusCounts(answers);
        for (auto it = counts.cbegin(); it != counts.cend(); ++it)
            total[it.key()] += it.value();
        qInfo("wave %d: %s", wave, qPrintable(describe(counts)));
    }
    QVERIFY2(total.value(200) == 600 && total.value(402) == 1200, qPrintable(describe(total)));
    QTRY_COMPARE_WITH_TIMEOUT(debits(id).size(), 600, 10000);

    // The instances as listed while the waves ran: every one, with its lease.
    QVERIFY2(listing.status == 200, listing.body.constData());
    const QJsonArray rows = listing.json().value(QStringLiteral("data")).toArray();
    QCOMPARE(rows.size(), m_fleet.size());
    for (const QJsonValue &row : rows) {
        for (const char *field : {"id", "name", "version", "started_at", "last_seen", "leased_micros"})
            QVERIFY2(row.toObject().contains(QLatin1String(field)), QJsonDocument(row.toObject()).toJson().constData());
    }
    QVERIFY2(mostLeased > 0, "no instance showed a lease while the waves ran");
    // The last holds came from the other instances' leases, given back on a recall, or were taken
    // in the database itself (direct mode).
    bool recalled = false;
    for (int i = 0; i < m_fleet.size(); ++i)
        recalled = recalled || m_fleet.at(i).stderrText().contains("recalling the other instances' unused leases");
    QVERIFY2(recalled, "no instance recalled leases");
    QVERIFY2(
        sqlValue(m_database, "SELECT count(*) FROM holds WHERE customer_id = $1 AND lease_id IS NULL", {id.toUtf8()})
                .toInt()
            > 0,
        "no hold was taken in direct mode");
    QByteArray report;
    QVERIFY2(ledgerClean(&report), report.constData());
}

// Streams through nginx; one instance in turn is killed (SIGKILL) while they run and started again.
// Nothing the client did not receive in full is debited, the ledger stays clean, and the killed
// instance's lease comes free for the others.
void TestScaleOut::killNineUnderStreams()
{
    const int cycles = qEnvironmentVariableIntValue("BYTESPIKE_SCALEOUT_CYCLES") > 0
        ? qEnvironmentVariableIntValue("BYTESPIKE_SCALEOUT_CYCLES")
        : 50;
    const int streams = 6;
    QByteArray key;
    const QString id = newCustomer(qint64(cycles) * streams * 2, &key);
    QRandomGenerator rng(20261206);
    QSet<QByteArray> completed;
    int answered = 0;
    int interrupted = 0;
    for (int cycle = 0; cycle < cycles; ++cycle) {
        const int victim = cycle % m_fleet.size();
        Volley volley(proxied(), customer(key), body(QStringLiteral("claude-stream"), true), streams);
        // A stream lasts about 600 ms: the kill lands before, during or after the victim's ones.
        QTest::qWait(int(rng.bounded(30, 700)));
        m_fleet.at(victim).kill();
        QVERIFY2(volley.wait(15000), qPrintable(QStringLiteral("cycle %1: streams still open").arg(cycle)));
        for (const HttpResult &answer : volley.results()) {
            const QByteArray requestId = answer.header("request-id");
            if (requestId.isEmpty())
                continue; // the gateway died before its answer began
            ++answered;
            if (answer.status == 200 && answer.error == QNetworkReply::NoError
                && answer.body.contains("event: message_stop"))
                completed.insert(requestId);
            else
                ++interrupted;
        }
        QString error;
        QVERIFY2(m_fleet.restart(victim, &error), qPrintable(error));
        // The auditor runs beside the serving instances, with the victim's lease perhaps not yet
        // reaped: the invariants hold at every commit, not only once things settled.
        QByteArray report;
        QVERIFY2(ledgerClean(&report), qPrintable(QStringLiteral("cycle %1: ").arg(cycle) + QString::fromUtf8(report)));
    }
    const QByteArrayList debited = debits(id);
    const QSet<QByteArray> debitedSet(debited.begin(), debited.end());
    const QSet<QByteArray> billedFailures = debitedSet - completed;
    qInfo("%d cycles: %d streams answered, %lld received in full, %d interrupted, %lld debited, %lld full "
          "streams without a debit",
        cycles, answered, qint64(completed.size()), interrupted, qint64(debited.size()),
        qint64((completed - debitedSet).size()));
    // Delivered but not billed is the operator's loss, not the customer's: reported, with what
    // became of the hold, but not failed on.
    for (const QByteArray &unbilled : completed - debitedSet) {
        const QList<QByteArrayList> hold
            = sqlRows(m_database, "SELECT state, reason FROM holds WHERE request_id = $1", {unbilled});
        qInfo("received in full, not debited: %s, hold %s", unbilled.constData(),
            hold.isEmpty() ? "never written" : hold.first().join(": ").constData());
    }
    QVERIFY2(billedFailures.isEmpty(), qPrintable(QStringLiteral("debited, not received: ") + idList(billedFailures)));
    QCOMPARE(debited.size(), debitedSet.size());
    QVERIFY(interrupted > 0); // the kills hit streams in flight
    QVERIFY(!completed.isEmpty());
    if (m_fleet.size() > 1)
        leaseOfTheKilledIsFreed(1);
}

QString TestScaleOut::leasesListed()
{
    QStringList out;
    const HttpResult listing = m_http.get(admin().url() + QStringLiteral("/admin/instances"), admin().adminHeaders());
    for (const QJsonValue &row : listing.json().value(QStringLiteral("data")).toArray())
        out.append(QStringLiteral("%1 %2")
                       .arg(row.toObject().value(QStringLiteral("name")).toString())
                       .arg(row.toObject().value(QStringLiteral("leased_micros")).toInteger()));
    return listing.status == 200 ? out.join(QStringLiteral(", "))
                                 : QStringLiteral("no listing (%1)").arg(listing.status);
}

int TestScaleOut::admittedProbes(
    const QString &url, const QByteArray &key, int count, const QString &model, QString *statuses)
{
    Volley volley(url, customer(key), body(model), count);
    volley.wait(15000);
    const QList<HttpResult> answers = volley.results();
    const QMap<int, int> counts = statusCounts(answers);
    QSet<QString> messages;
    for (const HttpResult &answer : answers)
        messages.insert(answer.json()
                            .value(QStringLiteral("error"))
                            .toObject()
                            .value(QStringLiteral("message"))
                            .toString()
                            .section(QStringLiteral("; request-id"), 0, 0));
    *statuses = describe(counts) + QStringLiteral(" (")
        + QStringList(messages.begin(), messages.end()).join(QStringLiteral("; ")) + QLatin1Char(')');
    return counts.value(m_probeStatus);
}

// The victim leases most of a customer's balance (six probes at once, which spend nothing) and
// is killed. Its lease ends in the database within the TTL plus the reaper's period, and then the
// others admit the whole balance: exactly six of seven probes that overlap for 1.5 s (long enough
// that no probe's hold ends while another waits for a lease).
void TestScaleOut::leaseOfTheKilledIsFreed(int victim)
{
    const int holds = 6;
    QByteArray key;
    const QString id = newCustomer(holds, &key);
    QString statuses;
    QCOMPARE(admittedProbes(direct(m_fleet.at(victim)), key, holds, QStringLiteral("claude-probe"), &statuses), holds);
    const auto activeLeases = [&] {
        return sqlValue(
            m_database, "SELECT count(*) FROM leases WHERE state = 'active' AND customer_id = $1", {id.toUtf8()});
    };
    QCOMPARE(activeLeases(), QByteArray("1")); // the victim's: nobody else was asked
    m_fleet.at(victim).kill();
    QElapsedTimer sinceKill;
    sinceKill.start();
    qInfo("leases when instance %d was killed: %s", victim, qPrintable(leasesListed()));
    QVERIFY(QTest::qWaitFor([&] { return activeLeases() == "0"; }, kLeaseFreeMs + 5000));
    const qint64 freedAfter = sinceKill.elapsed();
    qInfo("the killed instance's lease ended %lld ms after the kill", freedAfter);
    QVERIFY2(freedAfter <= kLeaseFreeMs + 500, qPrintable(balanceState(id)));
    const int admitted = admittedProbes(proxied(), key, holds + 1, QStringLiteral("claude-probe-long"), &statuses);
    QVERIFY2(admitted == holds, qPrintable(statuses + QLatin1Char('\n') + balanceState(id)));
    QString error;
    QVERIFY2(m_fleet.restart(victim, &error), qPrintable(error));
}

// An instance frozen (SIGSTOP) past the lease TTL while holding a lease: the others spend the
// whole balance meanwhile, and when it wakes (SIGCONT) it admits nothing on its old lease. It may
// freeze inside one of its writer's transactions (the probes' releases): the server ends that
// session, so the rows it locked hold up neither the others nor the reaper.
void TestScaleOut::frozenInstanceSpendsNothing()
{
    if (m_fleet.size() < 2)
        QSKIP("needs two instances");
    const int holds = 6;
    const int extra = 4;
    GatewayProcess &frozen = m_fleet.at(m_fleet.size() - 1);
    QByteArray key;
    const QString id = newCustomer(holds, &key);
    QString statuses;
    QCOMPARE(admittedProbes(direct(frozen), key, holds, QStringLiteral("claude-probe"), &statuses), holds);
    const pid_t pid = pid_t(frozen.process().processId());
    QCOMPARE(::kill(pid, SIGSTOP), 0);
    auto wake = qScopeGuard([pid] { ::kill(pid, SIGCONT); });
    qInfo("leases when it froze: %s", qPrintable(leasesListed()));
    QTest::qWait(kLeaseFreeMs + 500);
    qInfo("leases %d ms later: %s", kLeaseFreeMs + 500, qPrintable(leasesListed()));

    // The others hold the whole balance: requests that take 4 s, sent straight to them (nginx
    // would pass some to the frozen one), round robin.
    std::vector<std::unique_ptr<Volley>> spenders;
    for (int i = 0; i < holds + extra; ++i)
        spenders.push_back(std::make_unique<Volley>(
            direct(m_fleet.at(i % (m_fleet.size() - 1))), customer(key), body(QStringLiteral("claude-long")), 1));
    const auto refusedSoFar = [&] {
        return std::count_if(spenders.begin(), spenders.end(), [](const auto &v) { return v->finished() == 1; });
    };
    const auto spendersState = [&] {
        QStringList out;
        for (size_t i = 0; i < spenders.size(); ++i) {
            if (spenders[i]->finished() == 1) {
                const HttpResult answer = spenders[i]->results().constFirst();
                out.append(QStringLiteral("#%1 at instance %2: %3 %4")
                               .arg(i)
                               .arg(i % (m_fleet.size() - 1))
                               .arg(answer.status)
                               .arg(QString::fromUtf8(answer.body.left(200))));
            }
        }
        for (int i = 0; i + 1 < m_fleet.size(); ++i)
            out.append(QStringLiteral("instance %1 logged: %2")
                           .arg(i)
                           .arg(QString::fromUtf8(m_fleet.at(i).stderrText().right(3000))));
        return out.join(QLatin1Char('\n'));
    };
    const bool refusedInTime = QTest::qWaitFor([&] { return refusedSoFar() >= extra; }, 3000);
    QTest::qWait(100); // a refusal beyond the expected ones would come with them
    if (!refusedInTime || refusedSoFar() != extra)
        qInfo("%s\n%s", qPrintable(spendersState()), qPrintable(balanceState(id)));
    QCOMPARE(refusedSoFar(), extra);

    ::kill(pid, SIGCONT);
    Volley woken(direct(frozen), customer(key), body(QStringLiteral("claude-fast")), extra);
    QVERIFY(woken.wait(10000));
    // Nothing is admitted on the old lease: 402; or, while the settlements queued before the
    // freeze are still being written (they look seconds old to the backlog check), 529 with
    // nothing charged; or, when it froze inside a transaction that the server then ended (which
    // freed the rows it had locked), 503 with nothing charged until it has written them again.
    const QList<HttpResult> wokenAnswers = woken.results();
    const QMap<int, int> fromWoken = statusCounts(wokenAnswers);
    const bool nothingAdmitted = std::all_of(wokenAnswers.begin(), wokenAnswers.end(), [](const HttpResult &a) {
        return a.status == 402 || ((a.status == 529 || a.status == 503) && a.body.contains("nothing was charged"));
    });
    QVERIFY2(wokenAnswers.size() == extra && nothingAdmitted,
        qPrintable(QStringLiteral("the woken instance: ") + describe(fromWoken) + QLatin1Char('\n')
            + QString::fromUtf8(frozen.stderrText().right(2000))));
    // And it serves again: the balance is spent, so that is a 402.
    QTRY_COMPARE_WITH_TIMEOUT(
        m_http.send("POST", direct(frozen), customer(key), body(QStringLiteral("claude-fast"))).status, 402, 5000);

    QList<HttpResult> answers;
    for (auto &spender : spenders) {
        QVERIFY(spender->wait(15000));
        answers += spender->results();
    }
    const QMap<int, int> counts = statusCounts(answers);
    QVERIFY2(counts.value(200) == holds && counts.value(402) == extra, qPrintable(describe(counts)));
    QTRY_COMPARE_WITH_TIMEOUT(debits(id).size(), holds, 10000);
    QByteArray report;
    QVERIFY2(ledgerClean(&report), report.constData());
}

// A recall waits for the answers of the instances it asked, not for a fixed moment: the one
// holding the unused lease is stopped (SIGSTOP) for 400 ms when the recall comes, gives the lease
// back when it runs again, and the hold that waited for it is admitted.
void TestScaleOut::recallWaitsForTheAnswers()
{
    if (m_fleet.size() < 3)
        QSKIP("needs three instances");
    QByteArray key;
    const QString id = newCustomer(3, &key);
    GatewayProcess &lender = m_fleet.at(1);
    GatewayProcess &asker = m_fleet.at(2);
    // The lender's lease: its share of the balance among three instances, one hold, unused once the
    // probe has failed.
    QString statuses;
    QCOMPARE(admittedProbes(direct(lender), key, 1, QStringLiteral("claude-probe"), &statuses), 1);
    const QByteArray oneHold = QByteArray::number(m_hold);
    QCOMPARE(sqlValue(m_database,
                 "SELECT granted_micros - spent_micros FROM leases WHERE customer_id = $1 AND state = 'active'",
                 {id.toUtf8()}),
        oneHold);
    // The asker takes the two holds that are free, in the database itself (its share covers none).
    Volley holding(direct(asker), customer(key), body(QStringLiteral("claude-long")), 2);
    QTRY_COMPARE(sqlValue(m_database, "SELECT pending_micros FROM customers WHERE id = $1", {id.toUtf8()}),
        QByteArray::number(2 * m_hold));

    const pid_t pid = pid_t(lender.process().processId());
    QCOMPARE(::kill(pid, SIGSTOP), 0);
    auto wake = qScopeGuard([pid] { ::kill(pid, SIGCONT); });
    QElapsedTimer clock;
    clock.start();
    Volley waiting(direct(asker), customer(key), body(QStringLiteral("claude-fast")), 1);
    QTest::qWait(400);
    ::kill(pid, SIGCONT);
    QVERIFY(waiting.wait(10000));
    const HttpResult answer = waiting.results().constFirst();
    qInfo("the hold that waited for the recall was answered %d after %lld ms", answer.status, clock.elapsed());
    QVERIFY2(answer.status == 200, answer.body.constData());
    QVERIFY(asker.stderrText().contains("recalling the other instances' unused leases"));
    QVERIFY(holding.wait(15000));
    QCOMPARE(statusCounts(holding.results()).value(200), 2);
    QTRY_COMPARE_WITH_TIMEOUT(debits(id).size(), 3, 10000);
    QByteArray report;
    QVERIFY2(ledgerClean(&report), report.constData());
}

// pg_ctl restart -m immediate while requests run through nginx: meanwhile they are served or
// refused with 503, each served one is debited exactly once and nothing else is, and a request is
// served again within 5 s of the database being back.
void TestScaleOut::databaseRestartUnderLoad()
{
    QByteArray key;
    const QString id = newCustomer(100000, &key);
    SteadyLoad load(proxied(), customer(key), body(QStringLiteral("claude-fast")), 8);
    QTest::qWait(1000);
    QString error;
    const qint64 restartAt = load.now();
    QVERIFY2(m_cluster.restart(&error), qPrintable(error));
    const qint64 backAt = load.now();
    QTest::qWait(6000);
    QVERIFY(load.stop(30000));
    QMap<int, int> counts;
    qint64 servedAgainAt = -1;
    for (const Exchange &exchange : load.exchanges()) {
        ++counts[exchange.status];
        if (exchange.status == 200 && exchange.sentMs >= backAt && servedAgainAt < 0)
            servedAgainAt = exchange.answeredMs;
    }
    qInfo("database down from %lld to %lld ms; answers: %s; served again at %lld ms", restartAt, backAt,
        qPrintable(describe(counts)), servedAgainAt);
    // While the database is down a request is refused with 503, nothing charged; while it
    // recovers, a settlement that waits past BYTESPIKE_SETTLE_BACKLOG_MS makes it 529, also with
    // nothing charged. Nothing else.
    for (const Exchange &exchange : load.exchanges()) {
        const bool refused
            = (exchange.status == 503 || exchange.status == 529) && exchange.body.contains("nothing was charged");
        QVERIFY2(exchange.status == 200 || refused,
            qPrintable(QStringLiteral("%1; one answered %2 at %3 ms: %4")
                           .arg(describe(counts))
                           .arg(exchange.status)
                           .arg(exchange.answeredMs)
                           .arg(QString::fromUtf8(exchange.body))));
    }
    QVERIFY2(servedAgainAt >= 0 && servedAgainAt - backAt <= 5000, qPrintable(describe(counts)));
    for (int i = 0; i < m_fleet.size(); ++i)
        QCOMPARE(m_fleet.at(i).process().state(), QProcess::Running);

    // Every served request is debited once (settlements are written just after the answers), and
    // nothing else.
    QSet<QByteArray> served;
    for (const Exchange &exchange : load.exchanges()) {
        if (exchange.status == 200)
            served.insert(exchange.requestId);
    }
    QTRY_COMPARE_WITH_TIMEOUT(debits(id).size(), served.size(), 10000);
    const QByteArrayList debited = debits(id);
    const QSet<QByteArray> once(debited.begin(), debited.end());
    QVERIFY2(once.size() == debited.size(), "a request was debited twice");
    QVERIFY2(once == served,
        qPrintable(QStringLiteral("debited, not served: %1; served, not debited: %2")
                       .arg(idList(once - served), idList(served - once))));
    QByteArray report;
    QVERIFY2(ledgerClean(&report), report.constData());
}

void TestScaleOut::editPrice(const QString &channel, const QString &model, qint64 price)
{
    const QString url = admin().adminUrl() + QStringLiteral("/admin/channels/") + channel;
    QJsonObject edited = m_http.get(url, admin().adminHeaders()).json();
    QJsonArray models = edited.value(QStringLiteral("models")).toArray();
    for (qsizetype i = 0; i < models.size(); ++i) {
        QJsonObject entry = models.at(i).toObject();
        if (entry.value(QStringLiteral("model")).toString() == model)
            entry.insert(QStringLiteral("output_micros_per_mtok"), price);
        models[i] = entry;
    }
    edited.insert(QStringLiteral("models"), models);
    const HttpResult put = m_http.send("PUT", url, admin().adminHeaders(), QJsonDocument(edited).toJson());
    QVERIFY2(put.status == 200, put.body.constData());
}

// Milliseconds until gateway serves and bills claude-price at price (-1 past 5 s).
qint64 TestScaleOut::waitForPrice(GatewayProcess &gateway, const QByteArray &key, qint64 price, QString *last)
{
    QElapsedTimer clock;
    clock.start();
    const qint64 hold = kMaxTokens * price / 1000000;
    while (clock.elapsed() < 5000) {
        const qint64 asked = clock.elapsed();
        const HttpResult r = m_http.send("POST", direct(gateway), customer(key), body(QStringLiteral("claude-price")));
        if (r.status == 200 && r.header("bytespike-rate-output").toLongLong() == price
            && r.header("bytespike-hold").toLongLong() == hold && r.header("bytespike-cost").toLongLong() == hold)
            return asked;
        *last = QStringLiteral("%1 at rate %2: %3")
                    .arg(r.status)
                    .arg(QString::fromUtf8(r.header("bytespike-rate-output")))
                    .arg(QString::fromUtf8(r.body.left(300)));
        QTest::qWait(20);
    }
    return -1;
}

void TestScaleOut::expectPriceEverywhere(const QByteArray &key, qint64 price, const char *step)
{
    for (int i = 1; i < m_fleet.size(); ++i) {
        QString last;
        const qint64 after = waitForPrice(m_fleet.at(i), key, price, &last);
        qInfo("%s: instance %d billed at %lld after %lld ms", step, i, price, after);
        QVERIFY2(after >= 0 && after <= 1000,
            qPrintable(QStringLiteral("%1: instance %2 took %3 ms; before that it answered %4\n%5")
                           .arg(QLatin1String(step))
                           .arg(i)
                           .arg(after)
                           .arg(last, QString::fromUtf8(m_fleet.at(i).stderrText().right(1500)))));
    }
}

// A channel added and its price changed twice through the first instance: each change reaches
// every other instance within a second, also after the listening connections were ended.
void TestScaleOut::priceEditReachesEveryInstance()
{
    if (m_fleet.size() < 2)
        QSKIP("needs two instances");
    QByteArray key;
    newCustomer(100000, &key);
    const QJsonObject channel = admin().addChannel(m_http,
        scaleChannel(
            QStringLiteral("pricing"), m_mock.url(), {{QStringLiteral("claude-price"), QStringLiteral("mock-model")}}));
    QVERIFY(!channel.isEmpty());
    const QString channelId = channel.value(QStringLiteral("id")).toString();
    expectPriceEverywhere(key, kOutputPrice, "the new channel");
    if (QTest::currentTestFailed())
        return;
    editPrice(channelId, QStringLiteral("claude-price"), 2 * kOutputPrice);
    expectPriceEverywhere(key, 2 * kOutputPrice, "the first edit");
    if (QTest::currentTestFailed())
        return;

    const QByteArray ended = sqlValue(m_database,
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'bytespike-listen'");
    QCOMPARE(ended, QByteArray::number(m_fleet.size()));
    editPrice(channelId, QStringLiteral("claude-price"), 3 * kOutputPrice);
    expectPriceEverywhere(key, 3 * kOutputPrice, "the edit after the listeners were ended");
    if (QTest::currentTestFailed())
        return;
    QTRY_COMPARE_WITH_TIMEOUT(
        sqlValue(m_database, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'bytespike-listen'"),
        QByteArray::number(m_fleet.size()), 5000);
    QByteArray report;
    QVERIFY2(ledgerClean(&report), report.constData());
}

QTEST_GUILESS_MAIN(TestScaleOut)
#include "tst_scaleout.moc"
