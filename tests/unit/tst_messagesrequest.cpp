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

    // A refusal names the place in the body, down to the content block.
    void errorsNameTheField_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("message");
        const QByteArray head = R"({"model":"m","max_tokens":5,)";
        QTest::newRow("second message not an object") << head + R"("messages":[{"role":"user","content":"a"},1]})"
                                                      << QStringLiteral("messages.1: Input should be an object");
        QTest::newRow("role missing") << head + R"("messages":[{"content":"a"}]})"
                                      << QStringLiteral("messages.0.role: Field required");
        QTest::newRow("bad role") << head + R"("messages":[{"role":"x","content":"a"}]})"
                                  << QStringLiteral("messages.0.role: Input should be 'user', 'assistant' or 'system'");
        QTest::newRow("content missing") << head + R"("messages":[{"role":"user"}]})"
                                         << QStringLiteral("messages.0.content: Field required");
        QTest::newRow("content a number")
            << head + R"("messages":[{"role":"user","content":3}]})"
            << QStringLiteral("messages.0: content must be a string or an array of content blocks");
        QTest::newRow("block not an object") << head
                + R"("messages":[{"role":"user","content":"a"},{"role":"user","content":[{"type":"text","text":"b"},"c"]}]})"
                                             << QStringLiteral("messages.1.content.1: content blocks must be objects");
        QTest::newRow("block without type") << head + R"("messages":[{"role":"user","content":[{}]}]})"
                                            << QStringLiteral("messages.0.content.0.type: Field required");
        QTest::newRow("text block without text")
            << head + R"("messages":[{"role":"user","content":[{"type":"text"}]}]})"
            << QStringLiteral("messages.0.content.0.text: Field required (a string)");
        QTest::newRow("system") << head + R"("system":[1],"messages":[{"role":"user","content":"a"}]})"
                                << QStringLiteral("system: Input should be a string or a list of text blocks");
    }

    void errorsNameTheField()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, message);
        MessagesRequest request;
        const ApiError error = MessagesRequest::parse(body, MessagesRequest::Endpoint::Messages, &request);
        QVERIFY(error.isError());
        QCOMPARE(error.message, message);
    }
};

QTEST_GUILESS_MAIN(MessagesRequestTest)
#include "tst_messagesrequest.moc"
