// ChatRequest::scan: the usual OpenAI request (a conversation in text, sampling, streaming)
// translated in one pass over its bytes and written exactly as translateDocument writes it,
// without building either document. Anything else is left to translateDocument.
#include "ChatRequest.h"

#include "protocol/JsonScanner.h"
#include "protocol/JsonWrite.h"

#include <QVarLengthArray>

#include <algorithm>

namespace bytespike {

namespace {

// Members that are read, so that a repeated one (where the reference's answer depends on which
// one wins) makes the scan give up.
enum KeyBit : unsigned {
    kModel = 1u << 0,
    kMessages = 1u << 1,
    kMaxTokens = 1u << 2,
    kMaxCompletionTokens = 1u << 3,
    kStream = 1u << 4,
    kStreamOptions = 1u << 5,
    kTemperature = 1u << 6,
    kTopP = 1u << 7,
    kStop = 1u << 8,
    kN = 1u << 9,
    kUser = 1u << 10,
    kSafetyIdentifier = 1u << 11,
    kRole = 1u << 12,
    kContent = 1u << 13,
    kRefusal = 1u << 14,
    kType = 1u << 15,
    kText = 1u << 16,
    kIncludeUsage = 1u << 17,
};

// A message's content (or refusal): absent or null, a string, or text parts.
struct Content
{
    bool present = false; // a string or an array, not null
    QVarLengthArray<JsonScanner::Text, 2> pieces;

    bool empty() const
    {
        return std::all_of(pieces.begin(), pieces.end(), [](const JsonScanner::Text &p) { return p.raw.isEmpty(); });
    }
    void appendJoined(QByteArray &out) const
    {
        for (const JsonScanner::Text &p : pieces)
            JsonWrite::appendScannedText(out, p.raw, p.escaped);
    }
};

struct Turn
{
    QByteArrayView role; // "user" or "assistant"
    QByteArray blocks; // the content blocks, comma-separated
};

class ChatRequestScanner : public JsonScanner
{
public:
    explicit ChatRequestScanner(const QByteArray &body)
        : JsonScanner(body)
    { }

    bool run(ChatRequest *out)
    {
        unsigned seen = 0;
        if (next() != '{' || !members(1, [&](QByteArrayView key) { return member(key, &seen); }) || !atEnd())
            return false;
        if (!(seen & kModel) || m_model.raw.isEmpty() || m_turns.isEmpty())
            return false;
        if (const std::optional<Text> &user = m_user ? m_user : m_safetyIdentifier; user && user->utf16Units > 256)
            return false; // cut to 256 characters by the reference

        write(out);
        return true;
    }

private:
    bool member(QByteArrayView key, unsigned *seen)
    {
        if (is(key, "model"))
            return once(seen, kModel) && at() == '"' && string(&m_model) && !m_model.escaped;
        if (is(key, "messages"))
            return once(seen, kMessages) && at() == '[' && messages();
        if (is(key, "max_completion_tokens"))
            return once(seen, kMaxCompletionTokens) && count(&m_maxCompletionTokens);
        if (is(key, "max_tokens"))
            return once(seen, kMaxTokens) && count(&m_maxTokens);
        if (is(key, "n")) {
            std::optional<qint64> n;
            return once(seen, kN) && count(&n) && n.value_or(1) == 1;
        }
        if (is(key, "stream"))
            return once(seen, kStream) && boolean(&m_stream);
        if (is(key, "stream_options"))
            return once(seen, kStreamOptions) && streamOptions();
        if (is(key, "temperature"))
            return once(seen, kTemperature) && sampling(&m_temperature);
        if (is(key, "top_p"))
            return once(seen, kTopP) && sampling(&m_topP);
        if (is(key, "stop"))
            return once(seen, kStop) && stops();
        if (is(key, "user"))
            return once(seen, kUser) && optionalString(&m_user);
        if (is(key, "safety_identifier"))
            return once(seen, kSafetyIdentifier) && optionalString(&m_safetyIdentifier);
        // What translateDocument reads beyond a plain conversation is left to it, unless null.
        if (is(key, "tools") || is(key, "tool_choice") || is(key, "parallel_tool_calls") || is(key, "reasoning_effort")
            || is(key, "response_format"))
            return literal("null");
        return skipValue(1);
    }

    // null, or a positive integer.
    bool count(std::optional<qint64> *out)
    {
        if (at() == 'n')
            return literal("null");
        bool integer = false;
        qint64 value = 0;
        if (!number(&value, &integer) || !integer || value < 1)
            return false;
        *out = value;
        return true;
    }

    bool boolean(bool *out)
    {
        if (at() == 'n')
            return literal("null");
        *out = at() == 't';
        return literal(*out ? "true" : "false");
    }

    bool optionalString(std::optional<Text> *out)
    {
        if (at() == 'n')
            return literal("null");
        out->emplace();
        return at() == '"' && string(&**out);
    }

    // A number (written back as QJsonDocument writes the value it reads), or null.
    bool sampling(std::optional<QByteArrayView> *out)
    {
        if (at() == 'n')
            return literal("null");
        out->emplace();
        return numberText(&**out);
    }

    bool streamOptions()
    {
        if (at() == 'n')
            return literal("null");
        unsigned seen = 0;
        return at() == '{' && members(2, [&](QByteArrayView key) {
            if (!is(key, "include_usage"))
                return skipValue(2);
            return once(&seen, kIncludeUsage) && boolean(&m_includeUsage);
        });
    }

    // null, a string or an array of strings; blank ones are dropped (as trimmed() would find them).
    bool stops()
    {
        if (at() == 'n')
            return literal("null");
        auto one = [&] {
            Text stop;
            if (at() != '"' || !string(&stop))
                return false;
            std::optional<bool> blank = isBlank(stop);
            if (!blank)
                return false;
            if (!*blank)
                m_stops.append(stop);
            return true;
        };
        return at() == '[' ? elements(2, one) : one();
    }

    // Whether QString::trimmed() would leave the string empty; nullopt for characters beyond
    // ASCII, whose spacing is left to the reference.
    static std::optional<bool> isBlank(const Text &text)
    {
        const QByteArrayView raw = text.raw;
        for (qsizetype i = 0; i < raw.size(); ++i) {
            char32_t c = uchar(raw[i]);
            if (c == '\\') {
                const char e = raw[++i];
                c = e == 'n'   ? '\n'
                    : e == 't' ? '\t'
                    : e == 'r' ? '\r'
                    : e == 'f' ? '\f'
                    : e == 'b' ? '\b'
                               : char32_t(e);
                if (e == 'u') {
                    c = raw.sliced(i + 1, 4).toByteArray().toUInt(nullptr, 16);
                    i += 4;
                }
            }
            if (c >= 0x80)
                return std::nullopt;
            if (c != ' ' && (c < '\t' || c > '\r'))
                return false;
        }
        return true;
    }

    bool messages()
    {
        return elements(2, [&] { return at() == '{' && message(); });
    }

    bool message()
    {
        unsigned seen = 0;
        Text role;
        Content content;
        Content refusal;
        const bool read = members(3, [&](QByteArrayView key) {
            if (is(key, "role"))
                return once(&seen, kRole) && at() == '"' && string(&role) && !role.escaped;
            if (is(key, "content"))
                return once(&seen, kContent) && readContent(&content);
            if (is(key, "refusal"))
                return once(&seen, kRefusal) && (at() == 'n' || at() == '"') && readContent(&refusal);
            if (is(key, "tool_calls"))
                return literal("null");
            return skipValue(3);
        });
        if (!read || !(seen & kRole))
            return false;
        if (is(role.raw, "system") || is(role.raw, "developer")) {
            if (!content.empty()) {
                if (!m_system.isEmpty())
                    m_system.append("\\n");
                content.appendJoined(m_system);
            }
            return true;
        }
        if (is(role.raw, "user"))
            return content.present && userTurn(content);
        if (is(role.raw, "assistant")) {
            const Content &text = content.empty() ? refusal : content;
            QByteArray block;
            if (!text.empty())
                textBlock(block, text);
            appendTurn("assistant", std::move(block));
            return true;
        }
        return false; // tool messages, unknown roles
    }

    bool userTurn(const Content &content)
    {
        QByteArray blocks;
        for (const JsonScanner::Text &piece : content.pieces) {
            if (piece.raw.isEmpty())
                continue;
            if (!blocks.isEmpty())
                blocks.append(',');
            Content one;
            one.pieces.append(piece);
            textBlock(blocks, one);
        }
        appendTurn("user", std::move(blocks));
        return true;
    }

    static void textBlock(QByteArray &out, const Content &text)
    {
        out.append("{\"text\":\"");
        text.appendJoined(out);
        out.append("\",\"type\":\"text\"}");
    }

    // A turn after one of the same role merges with it, as appendMessage does; no blocks, no turn.
    void appendTurn(QByteArrayView role, QByteArray &&blocks)
    {
        if (blocks.isEmpty())
            return;
        if (!m_turns.isEmpty() && m_turns.last().role == role) {
            m_turns.last().blocks.append(',').append(blocks);
            return;
        }
        m_turns.append(Turn {role, std::move(blocks)});
    }

    // null, a string, or an array of text parts.
    bool readContent(Content *out)
    {
        if (at() == 'n')
            return literal("null");
        out->present = true;
        if (at() == '"') {
            Text text;
            if (!string(&text))
                return false;
            out->pieces.append(text);
            return true;
        }
        return at() == '[' && elements(4, [&] {
            unsigned seen = 0;
            Text type;
            Text text;
            const bool read = at() == '{' && members(5, [&](QByteArrayView key) {
                if (is(key, "type"))
                    return once(&seen, kType) && at() == '"' && string(&type) && !type.escaped;
                if (is(key, "text"))
                    return once(&seen, kText) && at() == '"' && string(&text);
                return skipValue(5);
            });
            if (!read || !(seen & kText) || !is(type.raw, "text"))
                return false;
            out->pieces.append(text);
            return true;
        });
    }

    // The canonical request, its members in the order QJsonDocument writes them.
    void write(ChatRequest *out) const
    {
        QByteArray &b = out->messagesBody;
        b.reserve(qsizetype(m_end - m_begin) + 64);
        b.append("{\"max_tokens\":")
            .append(QByteArray::number(
                m_maxCompletionTokens.value_or(m_maxTokens.value_or(ChatRequest::kDefaultMaxTokens))))
            .append(",\"messages\":[");
        for (const Turn &turn : m_turns) {
            b.append(&turn != m_turns.begin() ? ",{\"content\":[" : "{\"content\":[")
                .append(turn.blocks)
                .append("],\"role\":\"")
                .append(turn.role)
                .append("\"}");
        }
        b.append(']');
        const std::optional<Text> &user = m_user ? m_user : m_safetyIdentifier;
        if (user && !user->raw.isEmpty())
            writeString(b, ",\"metadata\":{\"user_id\":\"", *user, "\"}");
        writeString(b, ",\"model\":\"", m_model, "\"");
        if (!m_stops.isEmpty()) {
            b.append(",\"stop_sequences\":[");
            for (const JsonScanner::Text &stop : m_stops) {
                b.append(&stop != m_stops.begin() ? ",\"" : "\"");
                JsonWrite::appendScannedText(b, stop.raw, stop.escaped);
                b.append('"');
            }
            b.append(']');
        }
        if (m_stream)
            b.append(",\"stream\":true");
        if (!m_system.isEmpty())
            b.append(",\"system\":\"").append(m_system).append('"');
        if (m_temperature) {
            b.append(",\"temperature\":");
            const double t = QByteArray::fromRawData(m_temperature->data(), m_temperature->size()).toDouble();
            JsonWrite::appendNumber(b, std::clamp(t, 0.0, 1.0));
        }
        if (m_topP)
            JsonWrite::appendScannedNumber(b.append(",\"top_p\":"), *m_topP);
        b.append('}');
        out->model = QString::fromUtf8(m_model.raw);
        out->stream = m_stream;
        out->includeUsage = m_stream && m_includeUsage;
        out->exposeReasoning = false;
    }

    static void writeString(QByteArray &b, const char *before, const Text &text, const char *after)
    {
        b.append(before);
        JsonWrite::appendScannedText(b, text.raw, text.escaped);
        b.append(after);
    }

    Text m_model;
    std::optional<qint64> m_maxTokens;
    std::optional<qint64> m_maxCompletionTokens;
    bool m_stream = false;
    bool m_includeUsage = false;
    std::optional<QByteArrayView> m_temperature;
    std::optional<QByteArrayView> m_topP;
    QVarLengthArray<JsonScanner::Text, 2> m_stops;
    std::optional<Text> m_user;
    std::optional<Text> m_safetyIdentifier;
    QByteArray m_system; // the system prompt's text, as written between its quotes
    QVarLengthArray<Turn, 4> m_turns;
};

} // namespace

bool ChatRequest::scan(const QByteArray &openAiBody, ChatRequest *out)
{
    ChatRequestScanner scanner(openAiBody);
    ChatRequest result;
    if (!scanner.run(&result))
        return false;
    *out = std::move(result);
    return true;
}

} // namespace bytespike
