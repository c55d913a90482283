// ChatUpstream::requestFromMessagesBytes: the usual canonical request (a text conversation,
// sampling, stop sequences, the end user, streaming) written for an OpenAI-speaking channel in
// one pass over its bytes, exactly as requestFromMessages writes it from the document. Anything
// else (tools, thinking, images, documents, tool results, structured output, mid-conversation
// system messages, rare JSON forms, a member given twice) is left to requestFromMessages.
#include "ChatUpstream.h"

#include "protocol/JsonScanner.h"
#include "protocol/JsonWrite.h"

#include <QVarLengthArray>

namespace bytespike {

namespace {

enum KeyBit : unsigned {
    kSystem = 1u << 0,
    kMessages = 1u << 1,
    kMaxTokens = 1u << 2,
    kTemperature = 1u << 3,
    kTopP = 1u << 4,
    kStopSequences = 1u << 5,
    kMetadata = 1u << 6,
    kStream = 1u << 7,
    kRole = 1u << 8,
    kContent = 1u << 9,
    kType = 1u << 10,
    kText = 1u << 11,
    kUserId = 1u << 12,
};

class OutboundScanner : public JsonScanner
{
public:
    explicit OutboundScanner(QByteArrayView canonical)
        : JsonScanner(canonical)
    { }

    bool run()
    {
        unsigned seen = 0;
        m_out.reserve(qsizetype(m_end - m_begin) + 64);
        if (next() != '{' || !members(1, [&](QByteArrayView key) { return member(key, &seen); }) || !atEnd())
            return false;
        return (seen & kMessages) && m_maxTokens;
    }

    // The OpenAI request, its members in the order QJsonDocument writes them.
    QByteArray write(const QString &upstreamModel, QByteArrayView maxTokensField, bool streamUsage)
    {
        QByteArray b;
        b.reserve(m_out.size() + 160);
        JsonWrite::appendScannedNumber(b.append("{\"").append(maxTokensField).append("\":"), *m_maxTokens);
        b.append(",\"messages\":[");
        if (!m_systemText.isEmpty())
            b.append("{\"content\":\"")
                .append(m_systemText)
                .append(m_out.isEmpty() ? "\",\"role\":\"system\"}" : "\",\"role\":\"system\"},");
        b.append(m_out).append("],\"model\":");
        JsonWrite::appendString(b, upstreamModel);
        if (!m_stops.isEmpty()) {
            b.append(",\"stop\":[");
            for (const Text &stop : m_stops) {
                b.append(&stop == m_stops.begin() ? "\"" : ",\"");
                JsonWrite::appendScannedText(b, stop.raw, stop.escaped);
                b.append('"');
            }
            b.append(']');
        }
        if (m_stream) {
            b.append(",\"stream\":true");
            if (streamUsage)
                b.append(",\"stream_options\":{\"include_usage\":true}");
        }
        if (m_temperature)
            JsonWrite::appendScannedNumber(b.append(",\"temperature\":"), *m_temperature);
        if (m_topP)
            JsonWrite::appendScannedNumber(b.append(",\"top_p\":"), *m_topP);
        if (m_user && !m_user->raw.isEmpty()) {
            b.append(",\"user\":\"");
            JsonWrite::appendScannedText(b, m_user->raw, m_user->escaped);
            b.append('"');
        }
        b.append('}');
        return b;
    }

private:
    bool member(QByteArrayView key, unsigned *seen)
    {
        if (is(key, "messages"))
            return once(seen, kMessages) && at() == '[' && elements(2, [&] { return at() == '{' && message(); });
        if (is(key, "system"))
            return once(seen, kSystem) && texts(2, "\\n", &m_systemText);
        if (is(key, "max_tokens")) {
            QByteArrayView raw;
            if (!once(seen, kMaxTokens) || !numberText(&raw) || raw.contains('.'))
                return false;
            m_maxTokens = raw;
            return true;
        }
        if (is(key, "temperature"))
            return once(seen, kTemperature) && sampling(&m_temperature);
        if (is(key, "top_p"))
            return once(seen, kTopP) && sampling(&m_topP);
        if (is(key, "stop_sequences"))
            return once(seen, kStopSequences) && at() == '[' && elements(2, [&] {
                Text stop;
                if (at() != '"' || !string(&stop))
                    return false;
                m_stops.append(stop);
                return m_stops.size() <= 4;
            });
        if (is(key, "metadata"))
            return once(seen, kMetadata) && metadata();
        if (is(key, "stream")) {
            if (!once(seen, kStream))
                return false;
            m_stream = at() == 't';
            return literal(m_stream ? "true" : "false");
        }
        // What requestFromMessages reads beyond a text conversation is left to it.
        if (is(key, "tools") || is(key, "thinking") || is(key, "output_config"))
            return false;
        return skipValue(1);
    }

    // A number, copied as QJsonDocument copies the value.
    bool sampling(std::optional<QByteArrayView> *out)
    {
        out->emplace();
        return numberText(&**out);
    }

    bool metadata()
    {
        unsigned seen = 0;
        return at() == '{' && members(2, [&](QByteArrayView key) {
            if (!is(key, "user_id"))
                return skipValue(2);
            Text id;
            if (!once(&seen, kUserId) || at() != '"' || !string(&id) || id.utf16Units > 64)
                return false; // longer ids are hashed by the reference
            m_user = id;
            return true;
        });
    }

    // A string, or text blocks joined by separator (blockText); other blocks are left to the
    // reference. Writes the text as it goes between quotes.
    bool texts(int depth, QByteArrayView separator, QByteArray *out, bool *blocks = nullptr)
    {
        if (at() == '"') {
            Text text;
            if (!string(&text))
                return false;
            JsonWrite::appendScannedText(*out, text.raw, text.escaped);
            return true;
        }
        if (blocks)
            *blocks = true;
        bool first = true;
        return at() == '[' && elements(depth + 1, [&] {
            Text text;
            if (!textBlock(depth + 2, &text))
                return false;
            if (!std::exchange(first, false))
                out->append(separator);
            JsonWrite::appendScannedText(*out, text.raw, text.escaped);
            return true;
        });
    }

    // {"type":"text","text":"..."} with any other members (cache_control, citations) skipped.
    bool textBlock(int depth, Text *text)
    {
        unsigned seen = 0;
        Text type;
        return at() == '{'
            && members(depth,
                [&](QByteArrayView key) {
                    if (is(key, "type"))
                        return once(&seen, kType) && at() == '"' && string(&type) && !type.escaped;
                    if (is(key, "text"))
                        return once(&seen, kText) && at() == '"' && string(text);
                    return skipValue(depth);
                })
            && (seen & kText) && is(type.raw, "text");
    }

    // A user or assistant message. User content: a string as it is, or its text blocks as text
    // parts; assistant content: its text joined, the message dropped when there is none.
    bool message()
    {
        unsigned seen = 0;
        Text role;
        QByteArray content;
        bool blocks = false;
        const char *contentAt = nullptr;
        if (!members(3, [&](QByteArrayView key) {
                if (is(key, "role"))
                    return once(&seen, kRole) && at() == '"' && string(&role) && !role.escaped;
                if (is(key, "content")) {
                    contentAt = m_p;
                    return once(&seen, kContent) && skipValue(3);
                }
                return skipValue(3);
            }))
            return false;
        if (!contentAt)
            return false;
        const bool assistant = is(role.raw, "assistant");
        if (!assistant && !is(role.raw, "user"))
            return false;
        // The content again, now that the role is known.
        const char *after = m_p;
        m_p = contentAt;
        bool read = false;
        if (assistant)
            read = texts(3, {}, &content, &blocks);
        else
            read = userContent(&content, &blocks);
        m_p = after;
        if (!read)
            return false;
        const bool quoted = assistant || !blocks;
        if (content.isEmpty() && (assistant || blocks))
            return true; // an assistant message without text, a user message without parts
        if (!m_out.isEmpty())
            m_out.append(',');
        m_out.append(quoted ? "{\"content\":\"" : "{\"content\":[").append(content);
        m_out.append(quoted ? "\"" : "]").append(assistant ? ",\"role\":\"assistant\"}" : ",\"role\":\"user\"}");
        return true;
    }

    bool userContent(QByteArray *out, bool *blocks)
    {
        if (at() == '"')
            return texts(3, {}, out, blocks);
        *blocks = true;
        return at() == '[' && elements(4, [&] {
            Text text;
            if (!textBlock(5, &text))
                return false;
            out->append(out->isEmpty() ? "{\"text\":\"" : ",{\"text\":\"");
            JsonWrite::appendScannedText(*out, text.raw, text.escaped);
            out->append("\",\"type\":\"text\"}");
            return true;
        });
    }

    QByteArray m_out; // the conversation's messages, comma-separated
    QByteArray m_systemText;
    std::optional<QByteArrayView> m_maxTokens;
    std::optional<QByteArrayView> m_temperature;
    std::optional<QByteArrayView> m_topP;
    QVarLengthArray<Text, 4> m_stops;
    std::optional<Text> m_user;
    bool m_stream = false;
};

} // namespace

namespace ChatUpstream {

std::optional<QByteArray> requestFromMessagesBytes(
    QByteArrayView canonical, const QString &upstreamModel, const QJsonObject &options, ChatAnswerOptions *answer)
{
    const QString field
        = options.value(QStringLiteral("max_tokens_field")).toString(QStringLiteral("max_completion_tokens"));
    // Either name sorts before "messages"; any other would move in the document's order.
    if (field != QLatin1String("max_completion_tokens") && field != QLatin1String("max_tokens"))
        return std::nullopt;
    OutboundScanner scanner(canonical);
    if (!scanner.run())
        return std::nullopt;
    const bool streamUsage = options.value(QStringLiteral("stream_usage")).toBool(true);
    if (answer) {
        *answer = ChatAnswerOptions();
        answer->liveTools = options.value(QStringLiteral("tool_streaming")).toString() == QLatin1String("live");
        answer->usageRequested = streamUsage;
    }
    return scanner.write(upstreamModel, field.toLatin1(), streamUsage);
}

} // namespace ChatUpstream

} // namespace bytespike
