// The non-stream answer path of an OpenAI-speaking channel read from bytes, against the document
// path: ChatUpstream::messageBodyFromCompletionBytes against messageBodyFromCompletion, and
// ChatResponse::fromMessageBytes against fromMessage. Whenever a byte reader answers, its answer is
// byte for byte the document's (the random message id and the clock's created normalised); on
// typical answers it does answer; and on bytes near them it never disagrees.
#include "protocol/openai/ChatResponse.h"
#include "protocol/openai/ChatUpstream.h"

#include "JsonMutations.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace bytespike;

namespace {

const QString kModel = QStringLiteral("bench-\u00e9\"oa");

// The message id a message body is written with is random: replaced by a fixed one.
QByteArray normalisedMessage(QByteArray body)
{
    static const QByteArray kId = "],\"id\":\"msg_";
    const qsizetype at = body.lastIndexOf(kId);
    if (at >= 0 && body.size() >= at + kId.size() + 24)
        body.replace(at + kId.size(), 24, "XXXXXXXXXXXXXXXXXXXXXXXX");
    return body;
}

// The completion's created is the clock's: replaced by 0.
QByteArray normalisedCompletion(QByteArray body)
{
    static const QRegularExpression created(QStringLiteral("\\],\"created\":[0-9]+,"));
    return QString::fromUtf8(body).replace(created, QStringLiteral("],\"created\":0,")).toUtf8();
}

// The byte reader of a completion against the document path, with and without reasoning exposed.
bool agreesCompletion(const QByteArray &data)
{
    for (const bool expose : {false, true}) {
        ChatAnswerOptions options;
        options.exposeReasoning = expose;
        const std::optional<QByteArray> fast = ChatUpstream::messageBodyFromCompletionBytes(data, kModel, options);
        if (!fast)
            continue;
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(data, &error);
        // The document path takes a completion with at least one choice only.
        if (error.error != QJsonParseError::NoError || !doc.isObject()
            || doc.object().value(QStringLiteral("choices")).toArray().isEmpty())
            return false;
        const QByteArray reference = ChatUpstream::messageBodyFromCompletion(doc.object(), kModel, options);
        if (normalisedMessage(*fast) != normalisedMessage(reference)) {
            qWarning().noquote() << "bytes:   " << *fast << "\ndocument:" << reference;
            return false;
        }
    }
    return true;
}

bool agreesMessage(const QByteArray &data)
{
    for (const bool expose : {false, true}) {
        const std::optional<QByteArray> fast = ChatResponse::fromMessageBytes(data, kModel, expose);
        if (!fast)
            continue;
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(data, &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject())
            return false;
        const QByteArray reference = ChatResponse::fromMessage(doc.object(), kModel, expose);
        if (normalisedCompletion(*fast) != normalisedCompletion(reference)) {
            qWarning().noquote() << "bytes:   " << *fast << "\ndocument:" << reference;
            return false;
        }
    }
    return true;
}

const QByteArray kUsage = "\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":10,\"total_tokens\":29,"
                          "\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},"
                          "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
                          "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}";

QByteArray completion(
    const QByteArray &message, const QByteArray &finish = "\"stop\"", const QByteArray &usage = kUsage)
{
    return "{\"id\":\"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT\",\"object\":\"chat.completion\",\"created\":1741569952,"
           "\"model\":\"gpt-4.1-2025-04-14\",\"choices\":[{\"index\":0,\"message\":"
        + message + ",\"logprobs\":null,\"finish_reason\":" + finish + "}]"
        + (usage.isEmpty() ? QByteArray() : QByteArray("," + usage))
        + ",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_3aa7262c27\"}";
}

// Completions the byte reader answers.
const QList<QByteArray> kCommonCompletions {
    completion("{\"role\":\"assistant\",\"content\":\"Hello! How can I assist you today?\",\"refusal\":null,"
               "\"annotations\":[]}"),
    // The mock upstream's.
    "{\"id\":\"chatcmpl-abcdefghijklmnopqrstuvwx\",\"object\":\"chat.completion\",\"created\":1765000000,\"model\":"
    "\"mock-model\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Mock reply to: "
    "benchmark\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,"
    "\"completion_tokens\":4,\"total_tokens\":13,\"prompt_tokens_details\":{\"cached_tokens\":0}}}",
    completion("{\"role\":\"assistant\",\"content\":\"a \\\"b\\\"\\n\\\\ \\/ caf\\u00e9 \\u4f60\\u597d \\u0001\\u001f"
               "\\t\\b\\f\\r \\u000a \\u0022 \\u005C \\u007f \\u00A0\",\"refusal\":null}"),
    completion("{\"role\":\"assistant\",\"content\":\"é € 😀 ñ 中文 \\u2028\"}"),
    completion("{\"role\":\"assistant\",\"content\":null,\"refusal\":\"I'm sorry, I can't help with that.\"}"),
    completion("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", "\"length\""),
    completion("{\"role\":\"assistant\",\"content\":\"partial\",\"refusal\":\"no\"}", "\"content_filter\""),
    // DeepSeek: reasoning_content and prompt_cache_hit_tokens.
    "{\"id\":\"930c60df-bf64-41c9-a88e-3ec75f81e00e\",\"object\":\"chat.completion\",\"created\":1705651092,"
    "\"model\":\"deepseek-reasoner\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
    "\"9.11 < 9.8\",\"reasoning_content\":\"Compare 9.11 and 9.8:\\n first the integer parts.\"},\"logprobs\":null,"
    "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":16,\"completion_tokens\":10,\"total_tokens\":26,"
    "\"prompt_tokens_details\":{\"cached_tokens\":0},\"prompt_cache_hit_tokens\":12,\"prompt_cache_miss_tokens\":4},"
    "\"system_fingerprint\":\"fp_a1b2\"}",
    // OpenRouter-style reasoning, reasoning_content null.
    completion("{\"role\":\"assistant\",\"content\":\"ok\",\"reasoning_content\":null,\"reasoning\":\"think "
               "\\u00fc\",\"refusal\":null}",
        "\"stop\"",
        "\"usage\":{\"prompt_tokens\":1200,\"completion_tokens\":30,\"prompt_tokens_details\":{\"cached_tokens\":"
        "1024,\"cache_write_tokens\":100},\"completion_tokens_details\":{\"reasoning_tokens\":12}}"),
    completion("{\"role\":\"assistant\",\"content\":\"x\",\"reasoning_content\":\"\",\"reasoning\":\"unread\"}"),
    // Unknown keys, nested values, tool_calls empty, usage null, a finish of null.
    "{\"id\":\"cmpl-1\",\"x_groq\":{\"id\":\"req_01\",\"usage\":{\"queue_time\":0.01}},\"prompt_logprobs\":null,"
    "\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"hi\",\"tool_calls\":[],\"function_call\":"
    "null,\"audio\":null,\"annotations\":[{\"type\":\"url_citation\",\"url_citation\":{\"url\":\"https://x\"}}]},"
    "\"finish_reason\":\"tool_calls\",\"stop_reason\":null,\"index\":0}],\"usage\":null,\"kv_transfer_params\":null}",
    "{\"choices\":[{\"message\":{\"content\":\"no usage\"},\"finish_reason\":null}]}",
    "{\"choices\":[{\"message\":{\"content\":\"x\"},\"finish_reason\":\"stop\"}],\"usage\":{}}",
    // Odd counts: negative, strings, null, large.
    "{\"choices\":[{\"message\":{\"content\":\"x\"},\"finish_reason\":\"max_tokens\"}],\"usage\":{\"prompt_tokens\":"
    "-5,\"completion_tokens\":\"7\",\"prompt_tokens_details\":null,\"prompt_cache_hit_tokens\":999999999999999}}",
    // Pretty-printed.
    "{\n  \"id\": \"chatcmpl-1\",\n  \"choices\": [\n    {\n      \"index\": 0,\n      \"message\": {\n        "
    "\"role\": \"assistant\",\n        \"content\": \"Hello\\n\\tworld\"\n      },\n      \"finish_reason\": "
    "\"stop\"\n    }\n  ],\r\n  \"usage\": { \"prompt_tokens\" : 3 , \"completion_tokens\" : 2 }\n}\n",
    // Content parts (blockText): text parts joined by newlines, other parts and values skipped.
    completion("{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"a \\u00e9\"},{\"type\":"
               "\"image_url\",\"image_url\":{\"url\":\"https://x\"}},{\"text\":\"b\\n\",\"type\":\"text\"},7,"
               "null,{\"type\":\"text\"},{\"type\":\"thinking\",\"thinking\":\"t\"}]}"),
    completion("{\"content\":[],\"refusal\":\"no\"}"),
    completion("{\"content\":[{\"type\":\"text\",\"text\":\"\"}],\"refusal\":\"no\"}"),
    completion("{\"content\":[{\"type\":\"text\",\"text\":\"\"},{\"type\":\"text\",\"text\":null}]}"),
    // A repeated key the document path does not read.
    "{\"id\":\"a\",\"id\":\"b\",\"choices\":[{\"index\":0,\"index\":1,\"message\":{\"role\":\"assistant\",\"role\":"
    "\"x\",\"content\":\"dup\"},\"finish_reason\":\"stop\"}]}",
};

// Completions it leaves to the document path.
const QList<QByteArray> kRareCompletions {
    completion("{\"role\":\"assistant\",\"content\":\"\\ud83d\\ude00\"}"),
    completion("{\"role\":\"assistant\",\"content\":\"a\",\"content\":\"b\"}"),
    completion("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
               "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}",
        "\"tool_calls\""),
    "{\"choices\":[{\"message\":{\"content\":\"a\"}},{\"message\":{\"content\":\"b\"}}]}",
    completion("{\"content\":\"x\"}", "\"stop\"", "\"usage\":{\"prompt_tokens\":1.5}"),
    completion("{\"content\":\"x\"}", "\"stop\"", "\"usage\":{\"prompt_tokens\":12345678901234567}"),
    completion("{\"content\":\"x\"}", "\"st\\u006fp\""),
    completion("{\"con\\u0074ent\":\"x\"}"),
    completion("{\"content\":[{\"type\":\"te\\u0078t\",\"text\":\"a\"}]}"),
    completion("{\"content\":[{\"type\":\"text\",\"text\":\"a\",\"text\":\"b\"}]}"),
    "{\"choices\":[]}",
    "{\"choices\":null}",
    "[]",
    "{\"choices\":[{\"message\":{\"content\":\"x\"}}]} x",
};

const QByteArray kAnthropicUsage
    = "\"usage\":{\"input_tokens\":12,\"cache_creation_input_tokens\":3,"
      "\"cache_read_input_tokens\":40,\"cache_creation\":{\"ephemeral_5m_input_tokens\":3,"
      "\"ephemeral_1h_input_tokens\":0},\"output_tokens\":6,\"service_tier\":\"standard\"}";

QByteArray message(
    const QByteArray &content, const QByteArray &stop = "\"end_turn\"", const QByteArray &usage = kAnthropicUsage)
{
    return "{\"id\":\"msg_01XFDUDYJgAACzvnptvVoYEL\",\"type\":\"message\",\"role\":\"assistant\",\"model\":"
           "\"claude-sonnet-4-5\",\"content\":"
        + content + ",\"stop_reason\":" + stop + ",\"stop_sequence\":null"
        + (usage.isEmpty() ? QByteArray() : QByteArray("," + usage)) + "}";
}

// Messages the byte reader answers.
const QList<QByteArray> kCommonMessages {
    // As the gateway writes an OpenAI channel's answer.
    "{\"content\":[{\"text\":\"Mock reply to: benchmark\",\"type\":\"text\"}],\"id\":\"msg_abcdefghijklmnopqrstuvwx\","
    "\"model\":\"bench-oa\",\"role\":\"assistant\",\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"type\":"
    "\"message\",\"usage\":{\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"input_tokens\":9,"
    "\"output_tokens\":4}}",
    message("[{\"type\":\"text\",\"text\":\"Hello!\"}]"),
    message("[{\"type\":\"thinking\",\"thinking\":\"Let me think \\u00e9\\n\",\"signature\":\"EqQBCgIYAhIM\"},"
            "{\"type\":\"text\",\"text\":\"a \\\"b\\\" \\/ \\u0007 😀 中\",\"citations\":null}]",
        "\"max_tokens\""),
    message("[{\"type\":\"text\",\"text\":\"one \"},{\"type\":\"text\",\"text\":\"two\",\"citations\":[{\"type\":"
            "\"web_search_result_location\",\"url\":\"https://e\",\"cited_text\":\"t\"}]},{\"type\":"
            "\"redacted_thinking\",\"data\":\"abc\"},{\"type\":\"server_tool_use\",\"id\":\"srvtoolu_1\",\"name\":"
            "\"web_search\",\"input\":{\"query\":\"q\"}}]",
        "\"refusal\""),
    message("[]", "\"stop_sequence\"", ""),
    message("[{\"text\":\"\",\"type\":\"text\"}]", "null", "\"usage\":null"),
    "{\"id\":\"plain-id\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"only\"}],\"stop_reason\":\"tool_use\"}",
    "{\"id\":\"msg\\u005fesc\\u00e9\",\"content\":\"not an array\",\"stop_reason\":\"pause_turn\",\"usage\":{"
    "\"input_tokens\":\"1\",\"output_tokens\":null}}",
    "{\n \"id\" : \"msg_1\" ,\n \"content\" : [ { \"type\" : \"text\" , \"text\" : \"pretty\" } ] ,\n \"usage\" : {"
    " \"input_tokens\" : 1 , \"output_tokens\" : 2 }\n}\n",
    "{}",
};

const QList<QByteArray> kRareMessages {
    message("[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}]",
        "\"tool_use\""),
    message("[{\"type\":\"text\",\"text\":\"a\",\"text\":\"b\"}]"),
    message("[{\"type\":\"text\",\"text\":\"\\ud83d\\ude00\"}]"),
    message("[{\"type\":\"te\\u0078t\",\"text\":\"a\"}]"),
    message("[]", "\"end_turn\"", "\"usage\":{\"input_tokens\":1e3}"),
    "{\"content\":[],\"content\":[]}",
    "[]",
};

} // namespace

class TestAnswerScan : public QObject
{
    Q_OBJECT

private slots:
    void readsCommonCompletions()
    {
        for (const QByteArray &data : kCommonCompletions) {
            QVERIFY2(agreesCompletion(data), data.constData());
            QVERIFY2(ChatUpstream::messageBodyFromCompletionBytes(data, kModel).has_value(), data.constData());
        }
        // Escaped noncharacters are written back as QJsonDocument writes them (as UTF-8, which
        // the readers of the message then leave to the document).
        const QByteArray noncharacters = completion("{\"content\":\"\\uFFFF \\uFDD0\"}");
        QVERIFY(agreesCompletion(noncharacters));
        QVERIFY(ChatUpstream::messageBodyFromCompletionBytes(noncharacters, kModel).has_value());
    }

    void leavesRareCompletions()
    {
        for (const QByteArray &data : kRareCompletions) {
            QVERIFY2(agreesCompletion(data), data.constData());
            QVERIFY2(!ChatUpstream::messageBodyFromCompletionBytes(data, kModel).has_value(), data.constData());
        }
    }

    void readsCommonMessages()
    {
        for (const QByteArray &data : kCommonMessages) {
            QVERIFY2(agreesMessage(data), data.constData());
            QVERIFY2(ChatResponse::fromMessageBytes(data, kModel).has_value(), data.constData());
        }
    }

    void leavesRareMessages()
    {
        for (const QByteArray &data : kRareMessages) {
            QVERIFY2(agreesMessage(data), data.constData());
            QVERIFY2(!ChatResponse::fromMessageBytes(data, kModel).has_value(), data.constData());
        }
    }

    // The gateway's own answer to an OpenAI client is read back from the message it wrote.
    void readsItsOwnMessages()
    {
        for (const QByteArray &data : kCommonCompletions) {
            ChatAnswerOptions options;
            options.exposeReasoning = true;
            const QByteArray body = *ChatUpstream::messageBodyFromCompletionBytes(data, kModel, options);
            QVERIFY2(agreesMessage(body), body.constData());
            QVERIFY2(ChatResponse::fromMessageBytes(body, kModel).has_value(), body.constData());
        }
    }

    void agreesNearCompletions()
    {
        QRandomGenerator rng(23);
        for (const QByteArray &data : kCommonCompletions + kRareCompletions)
            jsonMutations(
                data, rng, [](const QByteArray &bytes) { QVERIFY2(agreesCompletion(bytes), bytes.constData()); });
    }

    void agreesNearMessages()
    {
        QRandomGenerator rng(29);
        for (const QByteArray &data : kCommonMessages + kRareMessages)
            jsonMutations(
                data, rng, [](const QByteArray &bytes) { QVERIFY2(agreesMessage(bytes), bytes.constData()); });
    }
};

QTEST_GUILESS_MAIN(TestAnswerScan)
#include "tst_answerscan.moc"
