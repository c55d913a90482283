// A data directory written by the first release (0.1.0, schema version 3, with real traffic and
// a crash that left a hold pending; tests/fixtures/upgrade-0.1.0/make-fixture.sh) keeps working
// under the current bytespike-gatewayd: the schema is migrated, the old balances, keys, price
// history and admin token stand, the ledger audits clean, and requests are served and billed.
#include "GatewayHarness.h"
#include "store/Migrations.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace bytespike;
using namespace bytespike::testing;

namespace {

const QString kFixture = QStringLiteral(BYTESPIKE_SOURCE_DIR "/tests/fixtures/upgrade-0.1.0");

QJsonObject expected()
{
    QFile file(kFixture + QStringLiteral("/expected.json"));
    return file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll()).object() : QJsonObject();
}

// Rebuilds the old data directory: the database from its SQL dump (a text fixture: schema
// version 3, every row, the pragma that records the version), the key files copied with the
// owner-only modes the gateway gives its files.
bool copyFixture(const QString &dataDir)
{
    QFile dump(kFixture + QStringLiteral("/bytespike.sql"));
    if (!dump.open(QIODevice::ReadOnly))
        return false;
    const QByteArray sql = dump.readAll();
    const QString dbPath = dataDir + QStringLiteral("/bytespike.db");
    sqlite3 *db = nullptr;
    const bool built = sqlite3_open(dbPath.toUtf8().constData(), &db) == SQLITE_OK
        && sqlite3_exec(db, sql.constData(), nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_close(db);
    if (!built || !QFile::setPermissions(dbPath, QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return false;
    for (const char *name : {"key-pepper", "demo-key", "admin-token"}) {
        const QString target = dataDir + QLatin1Char('/') + QLatin1String(name);
        if (!QFile::copy(kFixture + QLatin1Char('/') + QLatin1String(name), target)
            || !QFile::setPermissions(target, QFileDevice::ReadOwner | QFileDevice::WriteOwner))
            return false;
    }
    return true;
}

// One integer from the database, read-only (safe while the gateway runs: WAL readers).
qint64 queryInt(const QString &dbPath, const char *sql)
{
    sqlite3 *db = nullptr;
    qint64 value = -1;
    if (sqlite3_open_v2(dbPath.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt *st = nullptr;
        if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
            value = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return value;
}

} // namespace

class TestUpgrade : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fixtureIsTheOldSchema();
    void oldDataDirKeepsWorking();

private:
    static QList<Header> oldAdminHeaders(const QString &dataDir);
    static QJsonObject customer(HttpClient &http, GatewayProcess &gateway, const QString &id);
};

QList<Header> TestUpgrade::oldAdminHeaders(const QString &dataDir)
{
    QFile file(dataDir + QStringLiteral("/admin-token"));
    const QByteArray token = file.open(QIODevice::ReadOnly) ? file.readAll().trimmed() : QByteArray();
    return {{"authorization", "Bearer " + token}, {"content-type", "application/json"}};
}

QJsonObject TestUpgrade::customer(HttpClient &http, GatewayProcess &gateway, const QString &id)
{
    return http.get(gateway.url() + QStringLiteral("/admin/customers/") + id, oldAdminHeaders(gateway.dataDir()))
        .json();
}

void TestUpgrade::fixtureIsTheOldSchema()
{
    const QJsonObject want = expected();
    QVERIFY2(!want.isEmpty(), "tests/fixtures/upgrade-0.1.0/expected.json is missing or not JSON");
    QTemporaryDir dir;
    QVERIFY(copyFixture(dir.path()));
    const QString db = dir.filePath(QStringLiteral("bytespike.db"));
    QCOMPARE(queryInt(db, "PRAGMA user_version"), want.value(QStringLiteral("schema_version")).toInteger());
    QVERIFY(queryInt(db, "PRAGMA user_version") < Migrations::latestVersion());
    QCOMPARE(queryInt(db, "SELECT count(*) FROM holds WHERE state = 'pending'"), 1); // the crash
}

void TestUpgrade::oldDataDirKeepsWorking()
{
    const QJsonObject want = expected();
    GatewayProcess gateway;
    QVERIFY(copyFixture(gateway.dataDir()));
    gateway.env.insert(QStringLiteral("BYTESPIKE_ADMIN_TOKEN"), QString()); // the old admin-token file
    // The fixture's request log must outlive the default 30-day retention for the count below.
    gateway.env.insert(QStringLiteral("BYTESPIKE_REQUEST_RETENTION_DAYS"), QStringLiteral("100000"));
    QString error;
    QVERIFY2(gateway.start(&error), qPrintable(error));
    const QString dbPath = gateway.dataDir() + QStringLiteral("/bytespike.db");
    QCOMPARE(queryInt(dbPath, "PRAGMA user_version"), qint64(Migrations::latestVersion()));

    // The old balances stand; the start-up reaper voided the hold the crash left pending.
    HttpClient http;
    const auto admin = oldAdminHeaders(gateway.dataDir());
    const QString acme = want.value(QStringLiteral("acme_id")).toString();
    QJsonObject demo = customer(http, gateway, QStringLiteral("cus_demo"));
    QCOMPARE(demo.value(QStringLiteral("posted_micros")).toInteger(),
        want.value(QStringLiteral("demo_posted_micros")).toInteger());
    QCOMPARE(demo.value(QStringLiteral("pending_micros")).toInteger(), 0);
    QCOMPARE(customer(http, gateway, acme).value(QStringLiteral("posted_micros")).toInteger(),
        want.value(QStringLiteral("acme_posted_micros")).toInteger());
    QVERIFY(http.get(gateway.url() + QStringLiteral("/admin/ledger/holds?state=pending"), admin)
                .json()
                .value(QStringLiteral("holds"))
                .toArray()
                .isEmpty());
    QByteArray report;
    QVERIFY2(gateway.ledgerClean(&report), report.constData());

    // History kept: the request log, the ledger and both price versions of the simulator channel.
    QCOMPARE(queryInt(dbPath, "SELECT count(*) FROM requests"), want.value(QStringLiteral("requests")).toInteger());
    QCOMPARE(queryInt(dbPath, "SELECT count(*) FROM ledger_entries"),
        want.value(QStringLiteral("ledger_entries")).toInteger());
    const QString channel = want.value(QStringLiteral("simulator_channel")).toString();
    QCOMPARE(http.get(gateway.url() + QStringLiteral("/admin/pricing/history?channel=") + channel, admin)
                 .json()
                 .value(QStringLiteral("versions"))
                 .toArray()
                 .size(),
        want.value(QStringLiteral("price_versions")).toInteger());

    // The old keys: the demo key is served and billed at the changed price, Acme's key works,
    // the revoked key stays revoked, the customer without credit is still refused.
    const QByteArray body = messagesBody(QStringLiteral("bytespike-simulator"));
    const HttpResult served
        = http.send("POST", gateway.url() + QStringLiteral("/v1/messages"), gateway.customerHeaders(), body);
    QCOMPARE(served.status, 200);
    QCOMPARE(served.json().value(QStringLiteral("type")).toString(), QStringLiteral("message"));
    const qint64 cost = served.header("bytespike-cost").toLongLong();
    QVERIFY(cost > 0);
    QTRY_COMPARE(customer(http, gateway, QStringLiteral("cus_demo")).value(QStringLiteral("posted_micros")).toInteger(),
        want.value(QStringLiteral("demo_posted_micros")).toInteger() - cost);
    const auto keyHeaders = [&](const char *field) {
        return gateway.customerHeaders(want.value(QLatin1String(field)).toString().toLatin1());
    };
    QCOMPARE(
        http.send("POST", gateway.url() + QStringLiteral("/v1/messages"), keyHeaders("acme_key"), body).status, 200);
    QCOMPARE(
        http.send("POST", gateway.url() + QStringLiteral("/v1/messages"), keyHeaders("revoked_key"), body).status, 401);
    QCOMPARE(
        http.send("POST", gateway.url() + QStringLiteral("/v1/messages"), keyHeaders("broke_key"), body).status, 402);

    // Features the old schema lacked work on the upgraded data: the audit log (migration 5).
    QCOMPARE(http.send("POST", gateway.url() + QStringLiteral("/admin/customers/%1/credits").arg(acme), admin,
                     R"({"amount_micros":250000,"memo":"after the upgrade"})")
                 .status,
        201);
    const QJsonArray audit = http.get(gateway.url() + QStringLiteral("/admin/audit?target=customer/") + acme, admin)
                                 .json()
                                 .value(QStringLiteral("entries"))
                                 .toArray();
    QCOMPARE(audit.size(), 1); // the old release kept no audit log: only the new credit
    QCOMPARE(audit.first().toObject().value(QStringLiteral("action")).toString(), QStringLiteral("credit.add"));

    QCOMPARE(gateway.terminate(), 0);
    QVERIFY2(gateway.ledgerClean(&report), report.constData());
}

QTEST_GUILESS_MAIN(TestUpgrade)
#include "tst_upgrade.moc"
