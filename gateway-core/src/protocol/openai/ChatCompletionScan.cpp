// ChatUpstream::messageBodyFromCompletionBytes: a whole chat.completion read in one pass over its
// bytes (JsonScanner) for what messageBodyFromCompletion reads from its document, and the message
// body written from that through the same MessageBodyWriter.
#include "ChatUpstream.h"

#include "OpenAiScanner.h"
#include "protocol/JsonWrite.h"

namespace bytespike {

namespace {

using Text = JsonScanner::Text;

// What messageBodyFromCompletion reads from a completion, as found in its bytes.
struct CompletionFacts
{
    // The first (only) choice's message: the fields that are strings.
    std::optional<Text> content;
    std::optional<Text> refusal;
    std::optional<Text> reasoningContent;
    std::optional<Text> reasoning;
    // A content of parts: their texts joined by newlines (blockText), written as QJsonDocument
    // writes them.
    QByteArray partsText;
    QByteArrayView finishReason; // a string without escapes, else empty
    OpenAiUsageFigures usage;
};

class CompletionScanner : public OpenAiScanner
{
public:
    CompletionScanner(QByteArrayView data, CompletionFacts *facts)
        : OpenAiScanner(data)
        , m_facts(facts)
    { }

    // The top level: choices and usage are read, everything else only checked.
    bool run()
    {
        bool choices = false;
        bool usage = false;
        if (!take('{') || take('}'))
            return false;
        do {
            Text key;
            if (!readKey(&key))
                return false;
            if (is(key.raw, "choices")) {
                if (std::exchange(choices, true) || !readChoices())
                    return false;
            } else if (is(key.raw, "usage")) {
                if (std::exchange(usage, true) || !readUsage(&m_facts->usage))
                    return false;
            } else if (!skipValue(1)) {
                return false;
            }
        } while (take(','));
        return choices && take('}') && atEnd();
    }

private:
    // Exactly one choice, an object (several are left to the document path).
    bool readChoices() { return take('[') && take('{') && readChoice() && take(']'); }

    // The choice, after its '{'.
    bool readChoice()
    {
        bool message = false;
        bool finish = false;
        if (take('}'))
            return true;
        do {
            Text key;
            if (!readKey(&key))
                return false;
            if (is(key.raw, "message")) {
                if (std::exchange(message, true) || !take('{') || !readMessage())
                    return false;
            } else if (is(key.raw, "finish_reason")) {
                if (std::exchange(finish, true) || !readFinish())
                    return false;
            } else if (!skipValue(3)) {
                return false;
            }
        } while (take(','));
        return take('}');
    }

    bool readFinish()
    {
        if (next() != '"')
            return skipValue(3); // not a string: read as ""
        Text reason;
        if (!string(&reason) || reason.escaped)
            return false;
        m_facts->finishReason = reason.raw;
        return true;
    }

    // The message, after its '{'.
    bool readMessage()
    {
        enum : unsigned { kContent = 1, kRefusal = 2, kReasoningContent = 4, kReasoning = 8, kToolCalls = 16 };
        unsigned seen = 0;
        if (take('}'))
            return true;
        do {
            Text key;
            if (!readKey(&key))
                return false;
            std::optional<Text> *slot = nullptr;
            unsigned bit = 0;
            if (is(key.raw, "content"))
                slot = &m_facts->content, bit = kContent;
            else if (is(key.raw, "refusal"))
                slot = &m_facts->refusal, bit = kRefusal;
            else if (is(key.raw, "reasoning_content"))
                slot = &m_facts->reasoningContent, bit = kReasoningContent;
            else if (is(key.raw, "reasoning"))
                slot = &m_facts->reasoning, bit = kReasoning;
            else if (is(key.raw, "tool_calls"))
                bit = kToolCalls;
            if (seen & bit)
                return false;
            seen |= bit;
            if (bit == kContent && next() == '[') {
                if (!readParts())
                    return false;
            } else if (!(bit == kToolCalls ? readToolCalls() : slot ? readString(slot, 4) : skipValue(4))) {
                return false;
            }
        } while (take(','));
        return take('}');
    }

    // A string goes to *slot; any other value reads as "". depth: that of its container.
    bool readString(std::optional<Text> *slot, int depth)
    {
        if (next() != '"')
            return skipValue(depth);
        Text text;
        if (!string(&text))
            return false;
        *slot = text;
        return true;
    }

    // A content of parts, m_p at its '[': as blockText reads it, the texts of the parts of type
    // "text" joined by newlines (a part that is not an object has no type).
    bool readParts()
    {
        ++m_p;
        if (take(']'))
            return true;
        int texts = 0;
        do {
            if (next() != '{') {
                if (!skipValue(5))
                    return false;
                continue;
            }
            ++m_p;
            std::optional<Text> type;
            std::optional<Text> text;
            if (!readPart(&type, &text))
                return false;
            if (type && type->escaped)
                return false; // it might spell "text"
            if (!type || !is(type->raw, "text"))
                continue;
            if (texts++ > 0)
                m_facts->partsText.append("\\n");
            if (text)
                JsonWrite::appendScannedText(m_facts->partsText, text->raw, text->escaped);
        } while (take(','));
        return take(']');
    }

    // A content part, after its '{': its type and text when they are strings.
    bool readPart(std::optional<Text> *type, std::optional<Text> *text)
    {
        bool typeSeen = false;
        bool textSeen = false;
        if (take('}'))
            return true;
        do {
            Text key;
            if (!readKey(&key))
                return false;
            bool ok = false;
            if (is(key.raw, "type"))
                ok = !std::exchange(typeSeen, true) && readString(type, 6);
            else if (is(key.raw, "text"))
                ok = !std::exchange(textSeen, true) && readString(text, 6);
            else
                ok = skipValue(6);
            if (!ok)
                return false;
        } while (take(','));
        return take('}');
    }

    // An empty array or a value that is not an array: no calls. Calls are left to the document path.
    bool readToolCalls()
    {
        if (next() != '[')
            return skipValue(4);
        ++m_p;
        return take(']');
    }

    CompletionFacts *m_facts;
};

// A string as QJsonDocument writes it, quoted.
void appendQuoted(QByteArray &out, const Text &text)
{
    out.append('"');
    JsonWrite::appendScannedText(out, text.raw, text.escaped);
    out.append('"');
}

} // namespace

namespace ChatUpstream {

std::optional<QByteArray> messageBodyFromCompletionBytes(
    QByteArrayView completion, const QString &model, const ChatAnswerOptions &options)
{
    CompletionFacts f;
    if (!CompletionScanner(completion, &f).run())
        return std::nullopt;
    MessageBodyWriter out(completion.size());
    // reasoning_content when it is a string, even an empty one; else reasoning.
    const std::optional<Text> &reasoning = f.reasoningContent ? f.reasoningContent : f.reasoning;
    if (options.exposeReasoning && reasoning && !reasoning->raw.isEmpty()) {
        appendQuoted(out.openThinking(), *reasoning);
        out.closeThinking();
    }
    const bool refused = f.refusal && !f.refusal->raw.isEmpty();
    const Text *text = f.content && !f.content->raw.isEmpty() ? &*f.content : refused ? &*f.refusal : nullptr;
    if (!f.partsText.isEmpty()) {
        out.openText().append('"').append(f.partsText).append('"');
        out.closeText();
    } else if (text) {
        appendQuoted(out.openText(), *text);
        out.closeText();
    }
    const UsageCounts counts = UsageCounts::fromFigures(f.usage);
    return out.finish(refused ? QStringLiteral("refusal")
                              : stopReason(QUtf8StringView(f.finishReason.data(), f.finishReason.size()), false),
        model, f.usage.isObject ? &counts : nullptr);
}

} // namespace ChatUpstream

} // namespace bytespike
