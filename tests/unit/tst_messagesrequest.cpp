// MessagesRequest::bodyWithModel: only the model value changes, byte for byte, and the result is
// the JSON the customer sent with the upstream model in it, whatever characters the name has.
#include "protocol/anthropic/MessagesRequest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace bytespike;

class MessagesRequestTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bodyWithModel_data()
    {
        QTest::addColumn<QString>("upstream");
        QTest::newRow("plain") << QStringLiteral("claude-sonnet-4-5-20250929");
        QTest::newRow("slash and dots") << QStringLiteral("org/model-v1.2:latest");
        QTest::newRow("non-ascii") << QStringLiteral("modèle-日本");
        QTest::newRow("quote") << QStringLiteral("a\"b");
        QTest::newRow("backslash") << QStringLiteral("a\\b");
        QTest::newRow("control") << QStringLiteral("a\tb\nc");
        QTest::newRow("delete") << QStringLiteral("a\x7f"
                                                  "b");
        QTest::newRow("line separator") << QString::fromUtf8("a\u2028b");
        QTest::newRow("empty") << QString();
    }

    void bodyWithModel()
    {
        QFETCH(QString, upstream);
        const QByteArray body = R"({"max_tokens": 16, "model" : "alias", "x_unknown": {"keep": [1, 2.50]},)"
                                R"( "messages": [{"role": "user", "content": "hi"}]})";
        MessagesRequest request;
        QVERIFY(!MessagesRequest::parse(body, MessagesRequest::Endpoint::Messages, &request).isError());
        const QByteArray out = request.bodyWithModel(body, upstream);

        // Everything around the model's value is the customer's bytes.
        QVERIFY(out.startsWith(body.left(request.modelBegin)));
        QVERIFY(out.endsWith(body.mid(request.modelEnd)));
        // And the whole is JSON whose model is the upstream name, the rest untouched.
        QJsonParseError error;
        const QJsonObject sent = QJsonDocument::fromJson(out, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(sent.value(QStringLiteral("model")).toString(), upstream);
        QJsonObject expected = QJsonDocument::fromJson(body).object();
        expected.insert(QStringLiteral("model"), upstream);
        QCOMPARE(sent, expected);
        // The literal is what QJsonDocument itself writes for the name.
        const QByteArray quoted = QJsonDocument(QJsonArray {upstream}).toJson(QJsonDocument::Compact);
        QCOMPARE(out.mid(request.modelBegin, out.size() - request.modelBegin - (body.size() - request.modelEnd)),
            quoted.mid(1, quoted.size() - 2));
    }
};

QTEST_GUILESS_MAIN(MessagesRequestTest)
#include "tst_messagesrequest.moc"
