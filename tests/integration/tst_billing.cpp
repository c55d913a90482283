// Rule 2 end to end: a hold before any upstream call, a debit only after the whole answer
// reached the client, and every failure voided - never on the statement. Each case checks the
// request log, the holds and the statement, and the ledger auditor runs at the end.
#include "GatewayHarness.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace bytespike::testing;

class TestBilling : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void insufficientBalanceIsRejectedBeforeUpstream();
    void nonStreamDebitMatchesCost();
    void streamDebitMatchesUsage();
    void failuresAreVoided_data();
    void failuresAreVoided();
    void clientDisconnectsAreVoided_data();
    void clientDisconnectsAreVoided();
    void missingUsageIsEstimatedAndFlagged();
    void statementBalancesAndHasNoRefunds();
    void usageSumsTheDebits();
    void csvStatement();
    void printedStatementIsLocalised();
    void exactlyTenOfTwoHundred();
    void holdExpiresAtItsDeadline();

private:
    QString newCustomer(qint64 creditMicros, QByteArray *key);
    QJsonObject requestLog(const QByteArray &requestId);
    QJsonObject statement(const QString &customer, const QString &format = QStringLiteral("json"));
    HttpResult post(const QByteArray &key, const QByteArray &body);

    MockUpstream m_mock;
    GatewayProcess m_gateway;
    HttpClient m_http;
    QString m_customer;
    QByteArray m_key;
};

void TestBilling::initTestCase()
{
    m_gateway.env.insert(QStringLiteral("BYTESPIKE_FIRST_BYTE_TIMEOUT_MS"), QStringLiteral("600"));
    m_gateway.env.insert(QStringLiteral("BYTESPIKE_IDLE_TIMEOUT_MS"), QStringLiteral("600"));
    QString error;
    QVERIFY2(startWithMockChannel(m_mock, m_gateway, m_http, &error), qPrintable(error));
    m_customer = newCustomer(10000000, &m_key);
}

void TestBilling::cleanupTestCase()
{
    const QJsonArray pending
        = m_http.get(m_gateway.url() + QStringLiteral("/admin/ledger/holds?state=pending"), m_gateway.adminHeaders())
              .json()
              .value(QStringLiteral("holds"))
              .toArray();
    QCOMPARE(pending.size(), 0);
    QCOMPARE(m_gateway.terminate(), 0);
    QByteArray report;
    QVERIFY2(m_gateway.ledgerClean(&report), report.constData());
}

QString TestBilling::newCustomer(qint64 creditMicros, QByteArray *key)
{
    return createCustomer(m_http, m_gateway, creditMicros, key);
}

QJsonObject TestBilling::requestLog(const QByteArray &requestId)
{
    return requestLogEntry(m_http, m_gateway, requestId);
}

QJsonObject TestBilling::statement(const QString &customer, const QString &format)
{
    return customerStatement(m_http, m_gateway, customer, format);
}

HttpResult TestBilling::post(const QByteArray &key, const QByteArray &body)
{
    return m_http.send("POST", m_gateway.url() + QStringLiteral("/v1/messages"), m_gateway.customerHeaders(key), body);
}

void TestBilling::insufficientBalanceIsRejectedBeforeUpstream()
{
    QByteArray key;
    const QString poor = newCustomer(1, &key);
    m_mock.clearRequests();
    const HttpResult r = post(key, messagesBody(QStringLiteral("claude-mock")));
    QCOMPARE(r.status, 402);
    QCOMPARE(r.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("type")).toString(),
        QStringLiteral("billing_error"));
    QVERIFY(!r.header("bytespike-hold").isEmpty());
    QCOMPARE(m_mock.requests().size(), 0);
    const QJsonObject customer
        = m_http.get(m_gateway.url() + QStringLiteral("/admin/customers/") + poor, m_gateway.adminHeaders()).json();
    QCOMPARE(customer.value(QStringLiteral("pending_micros")).toInt(), 0);
    QCOMPARE(customer.value(QStringLiteral("posted_micros")).toInt(), 1);
    const QJsonObject log = requestLog(r.header("request-id"));
    QCOMPARE(log.value(QStringLiteral("billed")).toBool(), false);
    QVERIFY(log.value(QStringLiteral("hold_id")).isNull());
}

void TestBilling::nonStreamDebitMatchesCost()
{
    const HttpResult r = post(m_key, messagesBody(QStringLiteral("claude-mock")));
    QCOMPARE(r.status, 200);
    const QJsonObject usage = r.json().value(QStringLiteral("usage")).toObject();
    // Prices of mockChannel: $3 in, $15 out per Mtok.
    const qint64 expected = (usage.value(QStringLiteral("input_tokens")).toInteger() * 3000000
                                + usage.value(QStringLiteral("output_tokens")).toInteger() * 15000000 + 999999)
        / 1000000;
    QCOMPARE(r.header("bytespike-cost").toLongLong(), expected);
    QVERIFY(r.header("bytespike-cost").toLongLong() <= r.header("bytespike-hold").toLongLong());
    const QJsonObject log = requestLog(r.header("request-id"));
    QCOMPARE(log.value(QStringLiteral("billed")).toBool(), true);
    QCOMPARE(log.value(QStringLiteral("cost_micros")).toInteger(), expected);
    QVERIFY(log.value(QStringLiteral("entry_id")).toInteger() > 0);
    QVERIFY(log.value(QStringLiteral("hold_id")).toInteger() > 0);
    bool onStatement = false;
    for (const QJsonValue &line : statement(m_customer).value(QStringLiteral("lines")).toArray()) {
        if (line.toObject().value(QStringLiteral("request_id")).toString().toLatin1() == r.header("request-id")) {
            onStatement = true;
            QCOMPARE(line.toObject().value(QStringLiteral("amount_micros")).toInteger(), expected);
            QCOMPARE(line.toObject().value(QStringLiteral("price_version")).toInteger(),
                r.header("bytespike-price-version").toLongLong());
        }
    }
    QVERIFY(onStatement);
}

void TestBilling::streamDebitMatchesUsage()
{
    const HttpResult r = post(m_key, messagesBody(QStringLiteral("claude-mock"), true));
    QCOMPARE(r.status, 200);
    const QList<SseEvent> events = sseEvents(r.body);
    const StreamUsage used = streamUsage(events);
    const QJsonObject log = requestLog(r.header("request-id"));
    QCOMPARE(log.value(QStringLiteral("billed")).toBool(), true);
    QCOMPARE(log.value(QStringLiteral("cost_micros")).toInteger(),
        (used.input * 3000000 + used.output * 15000000 + 999999) / 1000000);
}

void TestBilling::failuresAreVoided_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<bool>("stream");
    QTest::addColumn<QString>("fault");
    QTest::addColumn<int>("status");
    QTest::newRow("500 after failover") << QStringLiteral("claude-mock+fault=status:500") << false << QString() << 500;
    QTest::newRow("429") << QStringLiteral("claude-mock") << false << QStringLiteral("status:429") << 429;
    QTest::newRow("529") << QStringLiteral("claude-mock") << true << QStringLiteral("status:529") << 529;
    QTest::newRow("refusal, non-stream") << QStringLiteral("claude-mock") << false << QStringLiteral("refusal") << 200;
    QTest::newRow("refusal, stream") << QStringLiteral("claude-mock") << true << QStringLiteral("refusal") << 200;
    QTest::newRow("first-byte timeout") << QStringLiteral("claude-mock") << false << QStringLiteral("hang") << 504;
    QTest::newRow("idle timeout mid-stream")
        << QStringLiteral("claude-mock") << true << QStringLiteral("idle_after:3") << 200;
    QTest::newRow("drop mid-stream") << QStringLiteral("claude-mock") << true << QStringLiteral("drop_after:3") << 200;
    QTest::newRow("malformed json") << QStringLiteral("claude-mock") << false << QStringLiteral("malformed_json")
                                    << 529;
    QTest::newRow("malformed sse mid-stream")
        << QStringLiteral("claude-mock") << true << QStringLiteral("trickle:30,malformed_sse") << 200;
    QTest::newRow("headers then silence")
        << QStringLiteral("claude-mock") << true << QStringLiteral("hang_after_headers") << 529;
}

void TestBilling::failuresAreVoided()
{
    QFETCH(QString, model);
    QFETCH(bool, stream);
    QFETCH(QString, fault);
    QFETCH(int, status);
    QJsonObject extra;
    if (!fault.isEmpty())
        extra.insert(QStringLiteral("mock"), QJsonObject {{QStringLiteral("fault"), fault}});
    if (model.contains(QLatin1Char('+'))) {
        // A model served only by failing channels: add them once.
        const QString name = model;
        m_gateway.addChannel(m_http,
            mockChannel(
                QStringLiteral("failing"), m_mock.url(), {{name, QStringLiteral("mock-model+fault=status:500")}}, 1));
        m_gateway.addChannel(m_http,
            mockChannel(
                QStringLiteral("failing-2"), m_mock.url(), {{name, QStringLiteral("mock-model+fault=status:500")}}, 0));
    }
    const qint64 postedBefore
        = m_http.get(m_gateway.url() + QStringLiteral("/admin/customers/") + m_customer, m_gateway.adminHeaders())
              .json()
              .value(QStringLiteral("posted_micros"))
              .toInteger();
    const HttpResult r = post(m_key, messagesBody(model, stream, extra));
    QCOMPARE(r.status, status);
    if (status == 200 && stream && fault != QLatin1String("refusal"))
        QCOMPARE(sseEvents(r.body).last().event, QByteArray("error"));
    const QJsonObject log = requestLog(r.header("request-id"));
    QCOMPARE(log.value(QStringLiteral("billed")).toBool(), false);
    QVERIFY2(!log.value(QStringLiteral("not_billed_reason")).toString().isEmpty(), "a reason is recorded");
    QVERIFY(log.value(QStringLiteral("hold_id")).toInteger() > 0);
    QVERIFY(log.value(QStringLiteral("entry_id")).isNull());
    const QJsonObject customer
        = m_http.get(m_gateway.url() + QStringLiteral("/admin/customers/") + m_customer, m_gateway.adminHeaders())
              .json();
    QCOMPARE(customer.value(QStringLiteral("posted_micros")).toInteger(), postedBefore);
    QCOMPARE(customer.value(QStringLiteral("pending_micros")).toInteger(), 0);
    for (const QJsonValue &line : statement(m_customer).value(QStringLiteral("lines")).toArray())
        QVERIFY(line.toObject().value(QStringLiteral("request_id")).toString().toLatin1() != r.header("request-id"));
}

void TestBilling::clientDisconnectsAreVoided_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<QByteArray>("abortAfter"); // abort once this text arrived; empty: before the first byte
    QTest::newRow("before the first byte") << QStringLiteral("hang") << QByteArray();
    QTest::newRow("mid-stream") << QStringLiteral("trickle:150") << QByteArray("content_block_delta");
    QTest::newRow("after the last content event, before message_stop")
        << QStringLiteral("trickle:150") << QByteArray("content_block_stop");
}

void TestBilling::clientDisconnectsAreVoided()
{
    QFETCH(QString, fault);
    QFETCH(QByteArray, abortAfter);
    m_mock.clearRequests();
    std::unique_ptr<QNetworkReply> reply(
        m_http.start("POST", m_gateway.url() + QStringLiteral("/v1/messages"), m_gateway.customerHeaders(m_key),
            messagesBody(QStringLiteral("claude-mock"), true,
                {{QStringLiteral("mock"), QJsonObject {{QStringLiteral("fault"), fault}}}})));
    QByteArray received;
    if (abortAfter.isEmpty()) {
        QTRY_COMPARE_WITH_TIMEOUT(m_mock.requests().size(), 1, 5000);
    } else {
        QTRY_VERIFY_WITH_TIMEOUT((received += reply->readAll()).contains(abortAfter), 10000);
        QVERIFY(!received.contains("message_stop"));
    }
    QTRY_VERIFY_WITH_TIMEOUT(!reply->rawHeader("request-id").isEmpty() || abortAfter.isEmpty(), 5000);
    const QByteArray requestId = reply->rawHeader("request-id");
    reply->abort();
    QTRY_VERIFY_WITH_TIMEOUT(m_mock.requests().first().toObject().value(QStringLiteral("aborted")).toBool(), 5000);
    // No pending hold is left, and nothing was billed.
    QTRY_COMPARE_WITH_TIMEOUT(
        m_http.get(m_gateway.url() + QStringLiteral("/admin/customers/") + m_customer, m_gateway.adminHeaders())
            .json()
            .value(QStringLiteral("pending_micros"))
            .toInteger(),
        0, 5000);
    const QJsonObject newest
        = m_http
              .get(m_gateway.url() + QStringLiteral("/admin/requests?limit=1&customer=") + m_customer,
                  m_gateway.adminHeaders())
              .json()
              .value(QStringLiteral("requests"))
              .toArray()
              .first()
              .toObject();
    if (!requestId.isEmpty())
        QCOMPARE(newest.value(QStringLiteral("request_id")).toString().toLatin1(), requestId);
    QCOMPARE(newest.value(QStringLiteral("billed")).toBool(), false);
    QCOMPARE(newest.value(QStringLiteral("not_billed_reason")).toString(), QStringLiteral("client disconnected"));
    QCOMPARE(newest.value(QStringLiteral("not_billed_code")).toString(), QStringLiteral("client_disconnected"));
}

void TestBilling::missingUsageIsEstimatedAndFlagged()
{
    const HttpResult r = post(m_key,
        messagesBody(QStringLiteral("claude-mock"), true,
            {{QStringLiteral("mock"), QJsonObject {{QStringLiteral("fault"), QStringLiteral("no_usage")}}}}));
    QCOMPARE(r.status, 200);
    const QJsonObject log = requestLog(r.header("request-id"));
    QCOMPARE(log.value(QStringLiteral("billed")).toBool(), true);
    QCOMPARE(log.value(QStringLiteral("usage")).toObject().value(QStringLiteral("estimated")).toBool(), true);
    QVERIFY(log.value(QStringLiteral("cost_micros")).toInteger() > 0);
    QVERIFY(
        log.value(QStringLiteral("cost_micros")).toInteger() <= log.value(QStringLiteral("hold_micros")).toInteger());
    bool flagged = false;
    for (const QJsonValue &line : statement(m_customer).value(QStringLiteral("lines")).toArray()) {
        if (line.toObject().value(QStringLiteral("request_id")).toString().toLatin1() == r.header("request-id"))
            flagged = line.toObject().value(QStringLiteral("estimated")).toBool();
    }
    QVERIFY(flagged);
}

void TestBilling::statementBalancesAndHasNoRefunds()
{
    const QJsonObject st = statement(m_customer);
    qint64 credits = 0;
    qint64 debits = 0;
    for (const QJsonValue &v : st.value(QStringLiteral("lines")).toArray()) {
        const QJsonObject line = v.toObject();
        const QString kind = line.value(QStringLiteral("kind")).toString();
        QVERIFY2(kind == QLatin1String("credit") || kind == QLatin1String("debit"), qPrintable(kind));
        (kind == QLatin1String("credit") ? credits : debits) += line.value(QStringLiteral("amount_micros")).toInteger();
    }
    QVERIFY(debits > 0);
    const qint64 opening = st.value(QStringLiteral("opening_micros")).toInteger();
    QCOMPARE(st.value(QStringLiteral("closing_micros")).toInteger(), opening + credits - debits);
    QCOMPARE(st.value(QStringLiteral("closing_micros")).toInteger(),
        m_http.get(m_gateway.url() + QStringLiteral("/admin/customers/") + m_customer, m_gateway.adminHeaders())
            .json()
            .value(QStringLiteral("posted_micros"))
            .toInteger());
    // A period in the future has the same opening as today's closing and no lines.
    const QJsonObject later
        = m_http
              .get(m_gateway.url()
                      + QStringLiteral("/admin/customers/%1/statement?from=2099-01-01&to=2099-02-01").arg(m_customer),
                  m_gateway.adminHeaders())
              .json();
    QCOMPARE(later.value(QStringLiteral("opening_micros")).toInteger(),
        st.value(QStringLiteral("closing_micros")).toInteger());
    QCOMPARE(later.value(QStringLiteral("lines")).toArray().size(), 0);
    QCOMPARE(m_http
                 .get(m_gateway.url() + QStringLiteral("/admin/customers/%1/statement?from=yesterday").arg(m_customer),
                     m_gateway.adminHeaders())
                 .status,
        400);
}

void TestBilling::usageSumsTheDebits()
{
    // A customer of its own with two billed requests and one refused before routing.
    QByteArray key;
    const QString customer = newCustomer(10000000, &key);
    QCOMPARE(post(key, messagesBody(QStringLiteral("claude-mock"))).status, 200);
    QCOMPARE(post(key, messagesBody(QStringLiteral("claude-mock"), true)).status, 200);
    QCOMPARE(post(key, messagesBody(QStringLiteral("no-such-model"))).status, 404);
    qint64 debits = 0;
    const auto settled = [&] {
        debits = 0;
        int lines = 0;
        for (const QJsonValue &v : statement(customer).value(QStringLiteral("lines")).toArray()) {
            if (v.toObject().value(QStringLiteral("kind")).toString() == QLatin1String("debit")) {
                debits += v.toObject().value(QStringLiteral("amount_micros")).toInteger();
                ++lines;
            }
        }
        return lines == 2;
    };
    QVERIFY(QTest::qWaitFor(settled, 10000));
    const auto usage = [&](const QString &query) {
        return m_http.get(m_gateway.url() + QStringLiteral("/admin/usage") + query, m_gateway.adminHeaders());
    };
    const HttpResult all = usage(QStringLiteral("?limit=100"));
    QCOMPARE(all.status, 200);
    const QJsonObject summary = all.json();
    bool found = false;
    qint64 byCustomer = 0;
    for (const QJsonValue &v : summary.value(QStringLiteral("by_customer")).toArray()) {
        const QJsonObject row = v.toObject();
        byCustomer += row.value(QStringLiteral("spend_micros")).toInteger();
        if (row.value(QStringLiteral("customer_id")).toString() != customer)
            continue;
        found = true;
        QCOMPARE(row.value(QStringLiteral("requests")).toInteger(), 2);
        QCOMPARE(row.value(QStringLiteral("spend_micros")).toInteger(), debits);
        QCOMPARE(row.value(QStringLiteral("customer_name")).toString(), QStringLiteral("test customer"));
    }
    QVERIFY(found);
    qint64 byModel = 0;
    for (const QJsonValue &v : summary.value(QStringLiteral("by_model")).toArray())
        byModel += v.toObject().value(QStringLiteral("spend_micros")).toInteger();
    // Every billed request has a model and a customer: both lists add up to the total.
    QCOMPARE(byModel, summary.value(QStringLiteral("spend_micros")).toInteger());
    QCOMPARE(byCustomer, summary.value(QStringLiteral("spend_micros")).toInteger());
    // The largest spend first, at most limit of each; nothing in a later period.
    const QJsonArray top = usage(QStringLiteral("?limit=1")).json().value(QStringLiteral("by_customer")).toArray();
    QCOMPARE(top.size(), 1);
    for (const QJsonValue &v : summary.value(QStringLiteral("by_customer")).toArray())
        QVERIFY(v.toObject().value(QStringLiteral("spend_micros")).toInteger()
            <= top.first().toObject().value(QStringLiteral("spend_micros")).toInteger());
    const QJsonObject later = usage(QStringLiteral("?from=2099-01-01&to=2099-02-01")).json();
    QCOMPARE(later.value(QStringLiteral("requests")).toInteger(), 0);
    QCOMPARE(later.value(QStringLiteral("by_model")).toArray().size(), 0);
    // Bad input is refused in the admin error envelope.
    for (const char *bad :
        {"?limit=0", "?limit=101", "?limit=ten", "?from=2026-02-01&to=2026-01-01", "?from=yesterday"}) {
        const HttpResult refused = usage(QString::fromLatin1(bad));
        QCOMPARE(refused.status, 400);
        QCOMPARE(refused.json().value(QStringLiteral("type")).toString(), QStringLiteral("error"));
    }
    QCOMPARE(m_http.get(m_gateway.url() + QStringLiteral("/admin/usage")).status, 401);
}

void TestBilling::csvStatement()
{
    const HttpResult csv
        = m_http.get(m_gateway.url() + QStringLiteral("/admin/customers/%1/statement?format=csv").arg(m_customer),
            m_gateway.adminHeaders());
    QCOMPARE(csv.status, 200);
    QVERIFY(csv.header("content-type").startsWith("text/csv"));
    const QList<QByteArray> rows = csv.body.trimmed().split('\n');
    QVERIFY(rows.first().startsWith("time,kind,request_id,endpoint,input_tokens"));
    QVERIFY(rows.at(1).contains(",opening,"));
    QVERIFY(rows.last().contains(",closing,"));
    const int lines = int(statement(m_customer).value(QStringLiteral("lines")).toArray().size());
    QCOMPARE(rows.size(), lines + 3);
}

void TestBilling::printedStatementIsLocalised()
{
    // At least one debit on the statement (the customer was credited at the start).
    const HttpResult billed = post(m_key, messagesBody(QStringLiteral("claude-mock")));
    QCOMPARE(billed.status, 200);
    QCOMPARE(requestLog(billed.header("request-id")).value(QStringLiteral("billed")).toBool(), true);
    const QJsonObject json = statement(m_customer);
    const int lines = int(json.value(QStringLiteral("lines")).toArray().size());
    const HttpResult de = m_http.get(
        m_gateway.url() + QStringLiteral("/admin/customers/%1/statement?format=html&locale=de").arg(m_customer),
        m_gateway.adminHeaders());
    QCOMPARE(de.status, 200);
    QVERIFY(de.header("content-type").startsWith("text/html"));
    const QString page = QString::fromUtf8(de.body);
    for (const char *word : {"Kontoauszug", "Anfangssaldo", "Endsaldo", "Betrag", "Belastung", "Gutschrift"})
        QVERIFY2(page.contains(QString::fromUtf8(word)), word);
    // German money: decimal comma, the sign after the amount. A summary (opening, credits, debits,
    // closing), the debits per day and per model, then one row per line under the header.
    static const QRegularExpression germanMoney(QStringLiteral("[0-9.]+,[0-9]{2,6}\\x{00a0}\\$"));
    QVERIFY(page.contains(germanMoney));
    for (const char *section : {"Übersicht", "Belastungen pro Tag", "Belastungen pro Modell", "Buchungen"})
        QVERIFY2(page.contains(QString::fromUtf8(section)), section);
    const QString summary = page.mid(page.indexOf(QLatin1String("class=\"summary\"")));
    QCOMPARE(int(summary.left(summary.indexOf(QLatin1String("</table>"))).count(QLatin1String("<tr"))), 4);
    QCOMPARE(int(page.mid(page.indexOf(QLatin1String("class=\"wide lines\""))).count(QLatin1String("<tr"))), lines + 1);
    QVERIFY(!page.contains(QLatin1String("src=")) && !page.contains(QLatin1String("href=")));
    QVERIFY(page.contains(QLatin1String("--color-background:")));
    // Every custom property the page uses is one it declares.
    static const QRegularExpression used(QStringLiteral("var\\((--[a-z0-9-_]+)\\)"));
    for (auto match = used.globalMatch(page); match.hasNext();) {
        const QString name = match.next().captured(1);
        QVERIFY2(
            page.contains(name + QLatin1Char(':')), qPrintable(name + QStringLiteral(" is used but not declared")));
    }
    const HttpResult en
        = m_http.get(m_gateway.url() + QStringLiteral("/admin/customers/%1/statement?format=html").arg(m_customer),
            m_gateway.adminHeaders());
    QVERIFY(en.body.contains("Opening balance"));
    QVERIFY(QString::fromUtf8(en.body).contains(QRegularExpression(QStringLiteral("\\$[0-9,]+\\.[0-9]{2,6}"))));
    QCOMPARE(m_http
                 .get(m_gateway.url()
                         + QStringLiteral("/admin/customers/%1/statement?format=html&locale=xx").arg(m_customer),
                     m_gateway.adminHeaders())
                 .status,
        400);
}

void TestBilling::exactlyTenOfTwoHundred()
{
    // Its own gateway with default timeouts: the admitted requests stay in flight (the mock
    // answers after 1.5 s) until every one of the 200 has been admitted or refused.
    GatewayProcess gateway;
    gateway.env.insert(QStringLiteral("MOCK_UPSTREAM_KEY"), QStringLiteral("sk-mock-secret"));
    QString error;
    QVERIFY2(gateway.start(&error), qPrintable(error));
    QVERIFY(!gateway
                 .addChannel(m_http,
                     mockChannel(QStringLiteral("slow"), m_mock.url(),
                         {{QStringLiteral("claude-mock"), QStringLiteral("mock-model+fault=delay:1500")}}))
                 .isEmpty());
    auto admin = [&](const QString &path, const QJsonObject &body) {
        return m_http
            .send("POST", gateway.url() + path, gateway.adminHeaders(),
                QJsonDocument(body).toJson(QJsonDocument::Compact))
            .json();
    };
    const QByteArray body = messagesBody(QStringLiteral("claude-mock"));
    const qint64 hold
        = m_http.send("POST", gateway.url() + QStringLiteral("/v1/messages"), gateway.customerHeaders(), body)
              .header("bytespike-hold")
              .toLongLong();
    QVERIFY(hold > 0);
    for (int round = 0; round < 20; ++round) {
        const QString customer
            = admin(QStringLiteral("/admin/customers"), {{QStringLiteral("name"), QStringLiteral("round")}})
                  .value(QStringLiteral("id"))
                  .toString();
        admin(QStringLiteral("/admin/customers/%1/credits").arg(customer),
            {{QStringLiteral("amount_micros"), hold * 10}});
        const QByteArray key = admin(QStringLiteral("/admin/customers/%1/keys").arg(customer), {})
                                   .value(QStringLiteral("key"))
                                   .toString()
                                   .toLatin1();
        const QList<HttpResult> answers
            = burst(gateway.url() + QStringLiteral("/v1/messages"), gateway.customerHeaders(key), body, 200);
        int ok = 0;
        int rejected = 0;
        for (const HttpResult &r : answers) {
            ok += r.status == 200;
            rejected += r.status == 402;
        }
        QVERIFY2(ok == 10 && rejected == 190,
            qPrintable(QStringLiteral("round %1: %2 admitted, %3 refused").arg(round).arg(ok).arg(rejected)));
        QTRY_COMPARE(m_http.get(gateway.url() + QStringLiteral("/admin/customers/") + customer, gateway.adminHeaders())
                         .json()
                         .value(QStringLiteral("pending_micros"))
                         .toInteger(),
            0);
        QVERIFY(m_http.get(gateway.url() + QStringLiteral("/admin/customers/") + customer, gateway.adminHeaders())
                    .json()
                    .value(QStringLiteral("available_micros"))
                    .toInteger()
            >= 0);
    }
    QCOMPARE(gateway.terminate(), 0);
    QByteArray report;
    QVERIFY2(gateway.ledgerClean(&report), report.constData());
}

void TestBilling::holdExpiresAtItsDeadline()
{
    // A request still running at its hold deadline ends, and its hold expires unbilled.
    GatewayProcess gateway;
    gateway.env.insert(QStringLiteral("MOCK_UPSTREAM_KEY"), QStringLiteral("sk-mock-secret"));
    gateway.env.insert(QStringLiteral("BYTESPIKE_HOLD_DEADLINE_MS"), QStringLiteral("400"));
    QString error;
    QVERIFY2(gateway.start(&error), qPrintable(error));
    QVERIFY(!gateway
                 .addChannel(m_http,
                     mockChannel(QStringLiteral("stuck"), m_mock.url(),
                         {{QStringLiteral("claude-mock"), QStringLiteral("mock-model+fault=hang")}}))
                 .isEmpty());
    const HttpResult r = m_http.send("POST", gateway.url() + QStringLiteral("/v1/messages"), gateway.customerHeaders(),
        messagesBody(QStringLiteral("claude-mock")));
    QCOMPARE(r.status, 529);
    QVERIFY(r.json()
                .value(QStringLiteral("error"))
                .toObject()
                .value(QStringLiteral("message"))
                .toString()
                .contains(QLatin1String("deadline")));
    QJsonArray expired;
    QTRY_VERIFY(
        (expired
            = m_http.get(gateway.url() + QStringLiteral("/admin/ledger/holds?state=expired"), gateway.adminHeaders())
                  .json()
                  .value(QStringLiteral("holds"))
                  .toArray())
            .size()
        == 1);
    QCOMPARE(m_http.get(gateway.url() + QStringLiteral("/admin/customers/cus_demo"), gateway.adminHeaders())
                 .json()
                 .value(QStringLiteral("pending_micros"))
                 .toInteger(),
        0);
    QCOMPARE(gateway.terminate(), 0);
    QByteArray report;
    QVERIFY2(gateway.ledgerClean(&report), report.constData());
}

QTEST_GUILESS_MAIN(TestBilling)
#include "tst_billing.moc"
