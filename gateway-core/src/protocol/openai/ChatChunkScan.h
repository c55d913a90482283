#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace bytespike {

// The chunk that carries nearly all of a streamed text answer, read straight from its bytes:
// no error, usage absent, null or an object of integer figures, and a first choice whose delta holds at most content (a
// string or null) and role. Anything else (tool calls, reasoning, refusals, usage, escaped
// keys) is left to the document path, so a value here is exactly what that path reads from the
// same bytes.
// An OpenAI usage object as read from its bytes: each figure 0 when absent or not a number (as
// QJsonValue::toDouble reads it).
struct OpenAiUsageFigures
{
    bool isObject = false;
    bool isEmpty = true;
    qint64 prompt = 0;
    qint64 completion = 0;
    qint64 cached = 0; // prompt_tokens_details.cached_tokens
    qint64 cacheHit = 0; // DeepSeek's prompt_cache_hit_tokens
    qint64 cacheWrite = 0; // prompt_tokens_details.cache_write_tokens

    bool operator==(const OpenAiUsageFigures &) const = default;
};

struct ChatTextChunk
{
    bool hasChoice = false; // choices has a first element (else the chunk is metadata only)
    // delta.content as quoted JSON, byte for byte as QJsonDocument writes it: the data's own bytes
    // when they stand so, else written again (escapes QJsonDocument writes otherwise).
    QByteArray text;
    qint64 textBytes = 0; // the content's length in UTF-8
    bool hasFinish = false; // finish_reason is a string
    QByteArrayView finishReason; // that string (it had no escapes)
    OpenAiUsageFigures usage;

    static std::optional<ChatTextChunk> scan(QByteArrayView data);
    bool operator==(const ChatTextChunk &) const = default;
};

// ChatTextChunk::scan over the chunks of one stream, which mostly differ in their text alone. A
// chunk whose bytes before and after its content string are those of the last text chunk read in
// full (without a finish reason) reads as that chunk did, with its own content: the JSON around
// a string value reads the same whichever string it is, so only the content is scanned.
class ChatChunkReader
{
public:
    std::optional<ChatTextChunk> read(QByteArrayView data);

private:
    QByteArray m_head; // the kept chunk up to its content's opening quote; empty: none kept
    QByteArray m_tail; // the kept chunk after its content's closing quote
    ChatTextChunk m_shape; // what the kept chunk read as, without its text
};

// The data of an Anthropic content_block_delta event that carries a text_delta, read straight
// from its bytes for the OpenAI encoder: its delta holds type and text only, no key is escaped
// or repeated where it is read. Otherwise nullopt, and the event goes the document's way.
struct AnthropicTextDelta
{
    QByteArray text; // delta.text as quoted JSON, as ChatTextChunk::text
    qint64 textBytes = 0; // its length in UTF-8

    static std::optional<AnthropicTextDelta> scan(QByteArrayView data);
};

// The data of an Anthropic content_block_start event, read for the OpenAI encoder, which writes
// something only for a tool_use block or a text block that starts with text.
namespace AnthropicBlockStart {
// True only when the data is a JSON object whose content_block is neither (its type and text
// read without escapes or repeats, as the document would read them); false when unsure.
bool writesNothing(QByteArrayView data);
} // namespace AnthropicBlockStart

} // namespace bytespike
