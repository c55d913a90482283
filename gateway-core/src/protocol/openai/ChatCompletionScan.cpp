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
        unsigned seen = 0;
        const bool read = next() == '{' && members(1, [&](QByteArrayView key) {
            if (is(key, "choices"))
                return once(&seen, 1u) && readChoices();
            if (is(key, "usage"))
                return once(&seen, 2u) && readUsage(&m_facts->usage);
            return skipValue(1);
        });
        return read && (seen & 1u) && atEnd();
    }

private:
    // Exactly one choice, an object (several are left to the document path).
    bool readChoices() { return take('[') && next() == '{' && readChoice() && take(']'); }

    // The choice (m_p at its '{'): its message and finish_reason (not a string: read as "").
    bool readChoice()
    {
        return OpenAiScanner::readChoice(
            "message", [&] { return readMessage(); }, [&] { return readName(&m_facts->finishReason, 3); });
    }

    // The message (m_p at its '{').
    bool readMessage()
    {
        enum : unsigned { kContent = 1, kRefusal = 2, kReasoningContent = 4, kReasoning = 8, kToolCalls = 16 };
        unsigned seen = 0;
        return members(4, [&](QByteArrayView key) {
            if (is(key, "content"))
                return once(&seen, kContent) && (next() == '[' ? readParts() : readString(&m_facts->content, 4));
            if (is(key, "refusal"))
                return once(&seen, kRefusal) && readString(&m_facts->refusal, 4);
            if (is(key, "reasoning_content"))
                return once(&seen, kReasoningContent) && readString(&m_facts->reasoningContent, 4);
            if (is(key, "reasoning"))
                return once(&seen, kReasoning) && readString(&m_facts->reasoning, 4);
            if (is(key, "tool_calls"))
                return once(&seen, kToolCalls) && readToolCalls();
            return skipValue(4);
        });
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

    // A content part (m_p at its '{'): its type and text when they are strings.
    bool readPart(std::optional<Text> *type, std::optional<Text> *text)
    {
        unsigned seen = 0;
        return members(6, [&](QByteArrayView key) {
            if (is(key, "type"))
                return once(&seen, 1u) && readString(type, 6);
            if (is(key, "text"))
                return once(&seen, 2u) && readString(text, 6);
            return skipValue(6);
        });
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
