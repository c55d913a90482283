#include "ChatChunkScan.h"

#include "OpenAiScanner.h"
#include "protocol/JsonWrite.h"

namespace bytespike {

namespace {

// A scanned string as quoted JSON, as QJsonDocument writes it: the data's own bytes (quote
// to quote) when its escapes are the ones QJsonDocument writes, else written again.
QByteArray writtenText(const char *quote, const JsonScanner::Text &text)
{
    const auto writtenAsQtDoes = [](QByteArrayView raw) {
        for (qsizetype i = 0; i < raw.size(); ++i) {
            if (raw[i] != '\\')
                continue;
            const char e = raw[++i]; // the scanner has checked that an escape is complete
            if (e == '"' || e == '\\' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't')
                continue;
            if (e != 'u' || raw[i + 1] != '0' || raw[i + 2] != '0')
                return false;
            const char hi = raw[i + 3];
            const char lo = raw[i + 4];
            const bool lowerHex = (lo >= '0' && lo <= '9') || (lo >= 'a' && lo <= 'f');
            if ((hi != '0' && hi != '1') || !lowerHex)
                return false;
            const int c = (hi - '0') * 16 + (lo <= '9' ? lo - '0' : lo - 'a' + 10);
            if (c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t')
                return false; // written in the short form
            i += 4;
        }
        return true;
    };
    if (!text.escaped || writtenAsQtDoes(text.raw))
        return QByteArray::fromRawData(quote, text.raw.size() + 2);
    QByteArray out;
    out.reserve(text.raw.size() + 2);
    out.append('"');
    JsonWrite::appendScannedText(out, text.raw, true);
    out.append('"');
    return out;
}

// A chunk's content as read from the data: quote at its opening quote.
void takeContent(ChatTextChunk *out, const char *quote, const JsonScanner::Text &text)
{
    out->text = writtenText(quote, text);
    out->textBytes = text.utf8Bytes;
}

class ChunkScanner : public OpenAiScanner
{
public:
    using OpenAiScanner::OpenAiScanner;

    bool run(ChatTextChunk *out)
    {
        m_out = out;
        if (next() != '{')
            return false;
        ++m_p;
        bool choices = false;
        bool usage = false;
        if (!take('}')) {
            do {
                Text key;
                if (!readKey(&key))
                    return false;
                if (is(key.raw, "choices")) {
                    if (std::exchange(choices, true) || !readChoices())
                        return false;
                } else if (is(key.raw, "usage")) {
                    if (std::exchange(usage, true) || !readUsage(&out->usage))
                        return false;
                } else if (is(key.raw, "error") || !skipValue(1)) {
                    return false;
                }
            } while (take(','));
            if (!take('}'))
                return false;
        }
        return atEnd();
    }

    // The content string as it stands in the data, quotes included (empty: not a string).
    QByteArrayView content() const { return m_content; }

private:
    bool literalAfterSpace(QByteArrayView word)
    {
        skipSpace();
        return literal(word);
    }

    bool readChoices()
    {
        if (!take('['))
            return false;
        if (take(']'))
            return true;
        m_out->hasChoice = true;
        if (next() != '{' || !readChoice())
            return false;
        while (take(',')) {
            if (!skipValue(2))
                return false;
        }
        return take(']');
    }

    // The first choice (m_p at its '{'): its delta and finish_reason.
    bool readChoice()
    {
        return OpenAiScanner::readChoice(
            "delta", [&] { return readDelta(); }, [&] { return readFinish(); });
    }

    bool readFinish()
    {
        if (next() != '"')
            return literal("null");
        Text reason;
        if (!string(&reason) || reason.escaped)
            return false;
        m_out->hasFinish = true;
        m_out->finishReason = reason.raw;
        return true;
    }

    // The delta (m_p at its '{'): content and role only.
    bool readDelta()
    {
        unsigned seen = 0;
        return members(4, [&](QByteArrayView key) {
            if (is(key, "content"))
                return once(&seen, 1u) && readContent();
            if (is(key, "role"))
                return once(&seen, 2u) && skipValue(4);
            return false;
        });
    }

    bool readContent()
    {
        if (next() != '"')
            return literal("null");
        const char *quote = m_p;
        Text text;
        if (!string(&text))
            return false;
        takeContent(m_out, quote, text);
        m_content = QByteArrayView(quote, m_p);
        return true;
    }

    ChatTextChunk *m_out = nullptr;
    QByteArrayView m_content;
};

// One string token that fills the data exactly (ChatChunkReader's content between kept bytes).
class ContentScanner : public JsonScanner
{
public:
    using JsonScanner::JsonScanner;

    bool run(ChatTextChunk *out)
    {
        const char *quote = m_p;
        Text text;
        if (at() != '"' || !string(&text) || m_p != m_end)
            return false;
        takeContent(out, quote, text);
        return true;
    }
};

class DeltaScanner : public JsonScanner
{
public:
    explicit DeltaScanner(QByteArrayView data)
        : JsonScanner(data)
    { }

    bool run(AnthropicTextDelta *out)
    {
        bool delta = false;
        if (!take('{') || take('}'))
            return false;
        do {
            Text key;
            if (next() != '"' || !string(&key) || key.escaped || !take(':'))
                return false;
            if (is(key.raw, "delta")) {
                if (std::exchange(delta, true) || !take('{') || !readDelta(out))
                    return false;
            } else if (!skipValue(1)) {
                return false;
            }
        } while (take(','));
        return delta && take('}') && atEnd();
    }

private:
    // The delta, after its '{': "type":"text_delta" and a string "text", nothing else.
    bool readDelta(AnthropicTextDelta *out)
    {
        bool type = false;
        bool text = false;
        do {
            Text key;
            Text value;
            if (next() != '"' || !string(&key) || key.escaped || !take(':') || next() != '"')
                return false;
            const char *quote = m_p;
            if (!string(&value))
                return false;
            if (is(key.raw, "type")) {
                if (std::exchange(type, true) || !is(value.raw, "text_delta"))
                    return false;
            } else if (is(key.raw, "text")) {
                if (std::exchange(text, true))
                    return false;
                out->text = writtenText(quote, value);
                out->textBytes = value.utf8Bytes;
            } else {
                return false;
            }
        } while (take(','));
        return type && text && take('}');
    }
};

class BlockStartScanner : public JsonScanner
{
public:
    using JsonScanner::JsonScanner;

    bool writesNothing()
    {
        unsigned seen = 0;
        const bool read = next() == '{' && members(1, [&](QByteArrayView key) {
            if (!is(key, "content_block"))
                return skipValue(1);
            return once(&seen, 1u) && (at() == '{' ? block() : skipValue(1));
        });
        return read && atEnd() && !m_writes;
    }

private:
    bool block()
    {
        unsigned seen = 0;
        QByteArrayView type;
        bool text = false; // a non-empty string
        const bool read = members(2, [&](QByteArrayView key) {
            const unsigned bit = is(key, "type") ? 1u : is(key, "text") ? 2u : 0u;
            if (!bit)
                return skipValue(2);
            if (!once(&seen, bit))
                return false;
            if (at() != '"')
                return skipValue(2);
            Text value;
            if (!string(&value) || value.escaped)
                return false;
            if (bit == 1u)
                type = value.raw;
            else
                text = !value.raw.isEmpty();
            return true;
        });
        m_writes = is(type, "tool_use") || (is(type, "text") && text);
        return read;
    }

    bool m_writes = false;
};

} // namespace

bool AnthropicBlockStart::writesNothing(QByteArrayView data)
{
    return BlockStartScanner(data).writesNothing();
}

std::optional<AnthropicTextDelta> AnthropicTextDelta::scan(QByteArrayView data)
{
    AnthropicTextDelta out;
    if (!DeltaScanner(data).run(&out))
        return std::nullopt;
    return out;
}

std::optional<ChatTextChunk> ChatTextChunk::scan(QByteArrayView data)
{
    ChatTextChunk out;
    if (!ChunkScanner(data).run(&out))
        return std::nullopt;
    return out;
}

std::optional<ChatTextChunk> ChatChunkReader::read(QByteArrayView data)
{
    const qsizetype kept = m_head.size() + m_tail.size();
    if (!m_head.isEmpty() && data.size() > kept && data.startsWith(m_head) && data.endsWith(m_tail)) {
        ChatTextChunk out = m_shape;
        if (ContentScanner(data.sliced(m_head.size(), data.size() - kept)).run(&out))
            return out;
    }
    ChatTextChunk out;
    ChunkScanner scanner(data);
    if (!scanner.run(&out))
        return std::nullopt;
    if (!scanner.content().isEmpty() && !out.hasFinish) {
        const qsizetype head = scanner.content().data() - data.data();
        m_head = data.first(head).toByteArray();
        m_tail = data.sliced(head + scanner.content().size()).toByteArray();
        m_shape = out;
        m_shape.text.clear();
        m_shape.textBytes = 0;
    }
    return out;
}

} // namespace bytespike
