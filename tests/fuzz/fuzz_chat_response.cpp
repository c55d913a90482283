// The answers translated between OpenAI and Anthropic form: they must never crash, and whatever
// they write must be JSON (every event's or chunk's data, every whole answer). The first input byte
// chooses the translator (its value modulo 5) and its options (the value divided by 5, as bits);
// the rest is what it reads:
//   0  ChatUpstream::messageFromCompletion: a chat.completion from an OpenAI channel (answer
//      options under "__options", as in tests/fixtures/golden/completion-to-message); and
//      messageBodyFromCompletionBytes, which answers as messageBodyFromCompletion or not at all
//   1  ChatStreamToMessages: an OpenAI chunk stream (SSE) from an OpenAI channel; and
//      ChatChunkReader, which reads each of its chunks as ChatTextChunk::scan does
//   2  ChatResponse::fromMessage: an Anthropic message for an OpenAI client ("__options" as in
//      tests/fixtures/golden/message-to-completion); and fromMessageBytes, which answers as
//      fromMessage or not at all
//   3  ChatStreamTranslator: an Anthropic event stream (SSE) for an OpenAI client
//   4  ChatResponse::fromAnthropicError: an upstream's error body for an OpenAI client
// Option bits: 1 expose reasoning, 2 live tool streaming (or include usage, for 3), 4 usage not
// requested.
#include "FuzzCheck.h"

#include "protocol/anthropic/StreamEvent.h"
#include "protocol/openai/ChatChunkScan.h"
#include "protocol/openai/ChatResponse.h"
#include "protocol/openai/ChatUpstream.h"

#include <QJsonArray>
#include <QRegularExpression>

using namespace bytespike;
using bytespike::fuzz::require;

namespace {

const QString kModel = QStringLiteral("client-model");

// As tst_golden reads a case's "__options".
ChatAnswerOptions answerOptions(const QJsonObject &o)
{
    ChatAnswerOptions options;
    options.exposeReasoning = o.value(QStringLiteral("expose_reasoning")).toBool();
    options.liveTools = o.value(QStringLiteral("live_tools")).toBool();
    options.usageRequested = o.value(QStringLiteral("usage_requested")).toBool(true);
    const QJsonObject names = o.value(QStringLiteral("tool_names")).toObject();
    for (auto it = names.begin(); it != names.end(); ++it)
        options.toolNames.insert(it.key(), it.value().toString());
    return options;
}

// Each "data: " line of an OpenAI chunk stream is a JSON object or [DONE].
void requireChunks(const QByteArray &sse, const QByteArray &input)
{
    for (const QByteArray &line : sse.split('\n')) {
        if (line.isEmpty() || line.startsWith(':'))
            continue;
        require(line.startsWith("data: "), "a chunk stream line that is not data", input);
        const QByteArray data = line.sliced(6);
        require(data == "[DONE]" || fuzz::isJsonObject(data), "a chunk that is not JSON", input);
    }
}

// The random or clock-given digits after marker (a message's id, a completion's created),
// replaced by zeros.
QByteArray normalised(QByteArray body, QByteArrayView marker, char end)
{
    const qsizetype at = body.lastIndexOf(marker);
    if (at < 0)
        return body;
    for (qsizetype i = at + marker.size(); i < body.size() && body[i] != end; ++i)
        body[i] = '0';
    return body;
}

void completionToMessage(const QByteArray &body, const QByteArray &input)
{
    QJsonObject completion = QJsonDocument::fromJson(body).object();
    const ChatAnswerOptions options = answerOptions(completion.take(QStringLiteral("__options")).toObject());
    const QJsonObject message = ChatUpstream::messageFromCompletion(completion, kModel, options);
    const QByteArray written = QJsonDocument(message).toJson(QJsonDocument::Compact);
    require(fuzz::isJsonObject(written), "the message is not JSON", input);
    // The gateway reads it as it reads an Anthropic channel's answer.
    (void)StreamEventFacts::scanMessage(written);
    // "__options" is a key the byte reader skips, as the document path would.
    if (const std::optional<QByteArray> fast = ChatUpstream::messageBodyFromCompletionBytes(body, kModel, options)) {
        require(!completion.value(QStringLiteral("choices")).toArray().isEmpty(),
            "the byte reader read what is not a completion", input);
        const QByteArray reference = ChatUpstream::messageBodyFromCompletion(completion, kModel, options);
        require(normalised(*fast, "],\"id\":\"msg_", '"') == normalised(reference, "],\"id\":\"msg_", '"'),
            "the byte reader's message differs from the document path's", input);
    }
}

void chunksToEvents(const QByteArray &stream, unsigned flags, const QByteArray &input)
{
    ChatAnswerOptions options;
    options.exposeReasoning = flags & 1;
    options.liveTools = flags & 2;
    options.usageRequested = !(flags & 4);
    options.toolNames.insert(QStringLiteral("short_1234abcd"), QStringLiteral("a_long_client_tool_name"));
    ChatStreamToMessages translator(kModel, 10, options);
    SseParser parser;
    QList<SseParser::Frame> events;
    // Two reads, as an upstream's bytes arrive in pieces.
    const qsizetype half = stream.size() / 2;
    events += translator.feed(parser.feed(stream.first(half)));
    events += translator.feed(parser.feed(stream.sliced(half)));
    events += translator.finish();
    for (const SseParser::Frame &event : events) {
        require(!event.event.isEmpty(), "an event without a name", input);
        require(fuzz::isJsonObject(event.data), "an event whose data is not JSON", input);
        require(event.raw == "event: " + event.event + "\ndata: " + event.data + "\n\n", "an event's bytes", input);
    }
    // The decoder's chunk reader, which scans only the content of a chunk shaped as the last one
    // it read in full, reads every chunk as the whole scan does.
    ChatChunkReader reader;
    for (const SseParser::Frame &chunk : SseParser().feed(stream))
        require(reader.read(chunk.data) == ChatTextChunk::scan(chunk.data), "the chunk reader's read", input);
}

void messageToCompletion(const QByteArray &body, const QByteArray &input)
{
    QJsonParseError error;
    QJsonObject message = QJsonDocument::fromJson(body, &error).object();
    const bool expose
        = message.take(QStringLiteral("__options")).toObject().value(QStringLiteral("expose_reasoning")).toBool();
    const QByteArray reference = ChatResponse::fromMessage(message, kModel, expose);
    require(fuzz::isJsonObject(reference), "the chat.completion is not JSON", input);
    if (const std::optional<QByteArray> fast = ChatResponse::fromMessageBytes(body, kModel, expose)) {
        require(error.error == QJsonParseError::NoError && QJsonDocument::fromJson(body).isObject(),
            "the byte reader read what is not a message", input);
        require(normalised(*fast, "}}],\"created\":", ',') == normalised(reference, "}}],\"created\":", ','),
            "the byte reader's completion differs from the document path's", input);
    }
}

// The chunks with the stream's id and time taken out.
QByteArray withoutIds(const QByteArray &chunks)
{
    static const QRegularExpression id(QStringLiteral("chatcmpl-[A-Za-z0-9]+|\"created\":[0-9]+"));
    return QString::fromUtf8(chunks).replace(id, QStringLiteral("ID")).toUtf8();
}

// As AnswerRelay::relayFrames: events whose data is not JSON end the relay. A second translator
// writes every event it can from the facts read from the bytes (onFacts): the same chunks.
void eventsToChunks(const QByteArray &stream, unsigned flags, const QByteArray &input)
{
    ChatStreamTranslator translator(kModel, flags & 2, flags & 1);
    ChatStreamTranslator fromFacts(kModel, flags & 2, flags & 1);
    SseParser parser;
    QByteArray out;
    QByteArray outFromFacts;
    for (const SseParser::Frame &frame : parser.feed(stream)) {
        const std::optional<StreamEventFacts> facts = StreamEventFacts::scan(frame.event, frame.data);
        std::optional<QByteArray> written;
        if (facts && frame.event != "error")
            written = fromFacts.onFacts(frame.event, frame.data, *facts);
        QJsonObject data;
        if (!frame.data.isEmpty()) {
            const QJsonDocument doc = QJsonDocument::fromJson(frame.data);
            if (doc.isNull())
                break;
            data = doc.object();
        }
        if (frame.event == "error") {
            const QJsonObject e = data.value(QStringLiteral("error")).toObject();
            // Either way the relay ends the stream with the same error chunk.
            const QByteArray chunk = ChatStreamTranslator::error(ApiError {500,
                e.value(QStringLiteral("type")).toString().toLatin1(), e.value(QStringLiteral("message")).toString()});
            out += chunk;
            outFromFacts += chunk;
            break;
        }
        out += translator.onEvent(frame.event, data);
        if (frame.event == "message_stop")
            out += translator.finish();
        if (written) {
            outFromFacts += *written;
        } else {
            outFromFacts += fromFacts.onEvent(frame.event, data);
            if (frame.event == "message_stop")
                outFromFacts += fromFacts.finish();
        }
        if (frame.event == "message_stop")
            break;
    }
    requireChunks(out, input);
    require(withoutIds(out) == withoutIds(outFromFacts), "the chunks from the facts differ", input);
}

void upstreamError(const QByteArray &body, unsigned flags, const QByteArray &input)
{
    static const int kStatuses[] = {400, 401, 403, 404, 413, 429, 500, 502, 503, 529, 418, 599};
    const ApiError error = ChatResponse::fromAnthropicError(kStatuses[flags % std::size(kStatuses)], body);
    require(fuzz::isJsonObject(ChatResponse::errorBody(error)), "the OpenAI error body is not JSON", input);
    require(fuzz::isJsonObject(error.envelope("req_fuzz")), "the Anthropic error envelope is not JSON", input);
    requireChunks(ChatStreamTranslator::error(error), input);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const unsigned mode = data[0] % 5;
    const unsigned flags = data[0] / 5;
    const QByteArray input = fuzz::bytesOf(data, size);
    const QByteArray rest = input.sliced(1);
    switch (mode) {
    case 0: completionToMessage(rest, input); break;
    case 1: chunksToEvents(rest, flags, input); break;
    case 2: messageToCompletion(rest, input); break;
    case 3: eventsToChunks(rest, flags, input); break;
    default: upstreamError(rest, flags, input); break;
    }
    return 0;
}
