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
        return next() == '{' && members(1, [&](QByteArrayView key) {
            if (is(key, "content"))
                return once(&seen, kContent) && readContent();
            if (is(key, "id"))
                return once(&seen, kId) && readId();
            if (is(key, "stop_reason"))
                return once(&seen, kStop) && readName(&m_facts->stopReason, 1);
            if (is(key, "usage"))
                return once(&seen, kUsage) && readUsage();
            return skipValue(1);
        }) && atEnd();
    }

private:
    bool readContent()
    {
        if (next() != '[')
            return skipValue(1); // not an array: no blocks
        ++m_p;
        if (take(']'))
            return true;
        do {
            if (next() == '{') {
                if (!readBlock())
                    return false;
            } else if (!skipValue(2)) { // not an object: a block of no type
                return false;
            }
        } while (take(','));
        return take(']');
    }

    // A content block (m_p at its '{'): text and thinking blocks add their strings, a tool_use
    // block is left to the document path, other blocks are skipped.
    bool readBlock()
    {
        std::optional<Text> type;
        std::optional<Text> text;
        std::optional<Text> thinking;
        unsigned seen = 0;
        const bool read = members(3, [&](QByteArrayView key) {
            if (is(key, "type"))
                return once(&seen, 1u) && readString(&type);
            if (is(key, "text"))
                return once(&seen, 2u) && readString(&text);
            if (is(key, "thinking"))
                return once(&seen, 4u) && readString(&thinking);
            return skipValue(3);
        });
        if (!read)
            return false;
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

    bool readUsage()
    {
        if (next() != '{')
            return skipValue(1); // not an object: its counts read as 0
        unsigned seen = 0;
        return members(2, [&](QByteArrayView key) {
            const std::pair<QByteArrayView, qint64 *> counts[]
                = {{"input_tokens", &m_facts->input}, {"cache_creation_input_tokens", &m_facts->cacheWrite},
                    {"cache_read_input_tokens", &m_facts->cacheRead}, {"output_tokens", &m_facts->output}};
            for (unsigned i = 0; i < std::size(counts); ++i) {
                if (key == counts[i].first)
                    return once(&seen, 1u << i) && readCount(counts[i].second, 2);
            }
            return skipValue(2);
        });
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
