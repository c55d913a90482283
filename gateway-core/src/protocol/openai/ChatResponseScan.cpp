// ChatResponse::fromMessageBytes: a whole Anthropic message read in one pass over its bytes
// (JsonScanner) for what fromMessage reads from its document, and the chat.completion written
// from that through the same completionBody.
#include "ChatResponse.h"

#include "protocol/JsonScanner.h"
#include "protocol/JsonWrite.h"

namespace bytespike {

namespace {

using Text = JsonScanner::Text;

// What fromMessage reads from a message, as found in its bytes.
struct MessageFacts
{
    QByteArray text; // the text blocks' texts, joined and written as QJsonDocument writes them
    QByteArray reasoning; // the same for the thinking blocks' thinking
    std::optional<Text> id; // a string
    QByteArrayView stopReason; // a string without escapes, else empty
    // usage's counts: 0 when absent or not numbers.
    qint64 input = 0;
    qint64 cacheWrite = 0;
    qint64 cacheRead = 0;
    qint64 output = 0;
};

class MessageScanner : public JsonScanner
{
public:
    MessageScanner(QByteArrayView data, MessageFacts *facts)
        : JsonScanner(data)
        , m_facts(facts)
    { }

    // The top level: content, id, stop_reason and usage are read, everything else only checked.
    bool run()
    {
        enum : unsigned { kContent = 1, kId = 2, kStop = 4, kUsage = 8 };
        unsigned seen = 0;
        if (!take('{'))
            return false;
        if (take('}'))
            return atEnd();
        do {
            Text key;
            if (!readKey(&key))
                return false;
            unsigned bit = 0;
            if (is(key.raw, "content"))
                bit = kContent;
            else if (is(key.raw, "id"))
                bit = kId;
            else if (is(key.raw, "stop_reason"))
                bit = kStop;
            else if (is(key.raw, "usage"))
                bit = kUsage;
            if (seen & bit)
                return false;
            seen |= bit;
            bool ok = false;
            switch (bit) {
            case kContent: ok = readContent(); break;
            case kId: ok = readId(); break;
            case kStop: ok = readStopReason(); break;
            case kUsage: ok = readUsage(); break;
            default: ok = skipValue(1);
            }
            if (!ok)
                return false;
        } while (take(','));
        return take('}') && atEnd();
    }

private:
    // Keys on the read paths: an escaped one might spell a name that is read.
    bool readKey(Text *key) { return next() == '"' && string(key) && !key->escaped && take(':'); }

    bool readContent()
    {
        if (next() != '[')
            return skipValue(1); // not an array: no blocks
        ++m_p;
        if (take(']'))
            return true;
        do {
            if (next() == '{') {
                ++m_p;
                if (!readBlock())
                    return false;
            } else if (!skipValue(2)) { // not an object: a block of no type
                return false;
            }
        } while (take(','));
        return take(']');
    }

    // A content block, after its '{': text and thinking blocks add their strings, a tool_use
    // block is left to the document path, other blocks are skipped.
    bool readBlock()
    {
        std::optional<Text> type;
        std::optional<Text> text;
        std::optional<Text> thinking;
        bool typeSeen = false;
        bool textSeen = false;
        bool thinkingSeen = false;
        if (!take('}')) {
            do {
                Text key;
                if (!readKey(&key))
                    return false;
                bool ok = false;
                if (is(key.raw, "type"))
                    ok = !std::exchange(typeSeen, true) && readString(&type);
                else if (is(key.raw, "text"))
                    ok = !std::exchange(textSeen, true) && readString(&text);
                else if (is(key.raw, "thinking"))
                    ok = !std::exchange(thinkingSeen, true) && readString(&thinking);
                else
                    ok = skipValue(3);
                if (!ok)
                    return false;
            } while (take(','));
            if (!take('}'))
                return false;
        }
        if (!type)
            return true;
        if (type->escaped || is(type->raw, "tool_use"))
            return false;
        if (is(type->raw, "text") && text)
            JsonWrite::appendScannedText(m_facts->text, text->raw, text->escaped);
        if (is(type->raw, "thinking") && thinking)
            JsonWrite::appendScannedText(m_facts->reasoning, thinking->raw, thinking->escaped);
        return true;
    }

    // A string goes to *slot; any other value reads as "".
    bool readString(std::optional<Text> *slot)
    {
        if (next() != '"')
            return skipValue(3);
        Text text;
        if (!string(&text))
            return false;
        *slot = text;
        return true;
    }

    bool readId()
    {
        if (next() != '"')
            return skipValue(1);
        Text id;
        if (!string(&id))
            return false;
        m_facts->id = id;
        return true;
    }

    bool readStopReason()
    {
        if (next() != '"')
            return skipValue(1); // not a string: read as ""
        Text reason;
        if (!string(&reason) || reason.escaped)
            return false;
        m_facts->stopReason = reason.raw;
        return true;
    }

    bool readUsage()
    {
        if (next() != '{')
            return skipValue(1); // not an object: its counts read as 0
        ++m_p;
        enum : unsigned { kInput = 1, kCacheWrite = 2, kCacheRead = 4, kOutput = 8 };
        unsigned seen = 0;
        if (take('}'))
            return true;
        do {
            Text key;
            if (!readKey(&key))
                return false;
            qint64 *count = nullptr;
            unsigned bit = 0;
            if (is(key.raw, "input_tokens"))
                count = &m_facts->input, bit = kInput;
            else if (is(key.raw, "cache_creation_input_tokens"))
                count = &m_facts->cacheWrite, bit = kCacheWrite;
            else if (is(key.raw, "cache_read_input_tokens"))
                count = &m_facts->cacheRead, bit = kCacheRead;
            else if (is(key.raw, "output_tokens"))
                count = &m_facts->output, bit = kOutput;
            if (seen & bit)
                return false;
            seen |= bit;
            if (!(count ? readCount(count) : skipValue(2)))
                return false;
        } while (take(','));
        return take('}');
    }

    // An integer count; any other value but a number reads as 0, and a fraction is left to the
    // document path.
    bool readCount(qint64 *out)
    {
        const char c = next();
        if (c != '-' && !isDigit(c))
            return skipValue(2);
        bool integer = false;
        return number(out, &integer) && integer;
    }

    MessageFacts *m_facts;
};

} // namespace

namespace ChatResponse {

std::optional<QByteArray> fromMessageBytes(QByteArrayView body, const QString &model, bool exposeReasoning)
{
    MessageFacts f;
    if (!MessageScanner(body, &f).run())
        return std::nullopt;
    QByteArray id;
    if (f.id)
        JsonWrite::appendScannedText(id, f.id->raw, f.id->escaped);
    CompletionParts parts;
    parts.stopReason = QUtf8StringView(f.stopReason.data(), f.stopReason.size());
    parts.text = f.text;
    parts.reasoning = f.reasoning;
    parts.id = id;
    parts.inputTokens = f.input;
    parts.cacheWriteTokens = f.cacheWrite;
    parts.cacheReadTokens = f.cacheRead;
    parts.outputTokens = f.output;
    return completionBody(parts, model, exposeReasoning);
}

} // namespace ChatResponse

} // namespace bytespike
