// MessagesRequest::scan, which validates a Messages request in one pass over its bytes, against
// the reference that parses it with QJsonDocument (parseDocument), as tst_requestscan checks on
// fixed corruptions: whatever the scan accepts, the reference accepts with the same facts, and
// parse() answers exactly as the reference does, refusals and their wording included. Both
// endpoints (messages, count_tokens) read every input. A request the reference accepts is also
// written out the ways the gateway forwards it (the model replaced, unsigned thinking removed,
// translated for an OpenAI channel with and without its options), each of which must be JSON.
#include "FuzzCheck.h"

#include "protocol/anthropic/MessagesRequest.h"
#include "protocol/openai/ChatUpstream.h"

using namespace bytespike;
using bytespike::fuzz::require;

namespace {

using Endpoint = MessagesRequest::Endpoint;

// Every fact parse() gives, and what the exchange derives from them (tst_requestscan's list).
void compareRequests(const MessagesRequest &a, const MessagesRequest &b, const QByteArray &body)
{
    require(a.model == b.model, "model differs", body);
    require(a.maxTokens == b.maxTokens, "max_tokens differs", body);
    require(a.stream == b.stream, "stream differs", body);
    require(a.hasTools == b.hasTools, "hasTools differs", body);
    require(a.modelBegin == b.modelBegin && a.modelEnd == b.modelEnd, "model span differs", body);
    require(a.images == b.images, "image count differs", body);
    require(a.imageDataUnits == b.imageDataUnits, "image data length differs", body);
    require(a.unsignedThinking == b.unsignedThinking, "unsigned thinking differs", body);
    require(a.json() == b.json(), "document differs", body);
    require(a.worstCaseInputTokens(body.size()) == b.worstCaseInputTokens(body.size()), "worst case differs", body);
    require(a.estimateInputTokens() == b.estimateInputTokens(), "estimate differs", body);
    const QString upstream = QStringLiteral("upstream-model");
    require(a.bodyWithModel(body, upstream) == b.bodyWithModel(body, upstream), "forwarded body differs", body);
}

// What the gateway writes from an accepted request.
void forwardedBodies(const MessagesRequest &request, const QByteArray &body)
{
    const QString upstream = QStringLiteral("upstream-\"model\"");
    require(
        fuzz::isJsonObject(request.bodyWithModel(body, upstream)), "body with the model replaced is not JSON", body);
    if (request.hasUnsignedThinking())
        require(fuzz::isJsonObject(request.bodyWithoutUnsignedThinking(upstream)),
            "body without unsigned thinking is not JSON", body);
    // For an OpenAI channel with its default options, and with every option that changes the
    // translation set.
    static const QJsonObject kChannelOptions {{QStringLiteral("reasoning"), true},
        {QStringLiteral("reasoning_replay"), true}, {QStringLiteral("tool_streaming"), QStringLiteral("live")},
        {QStringLiteral("stream_usage"), false}, {QStringLiteral("system_messages"), QStringLiteral("demote")},
        {QStringLiteral("max_tokens_field"), QStringLiteral("max_tokens")}};
    for (const QJsonObject &options : {QJsonObject(), kChannelOptions}) {
        ChatAnswerOptions answer;
        const QByteArray reference = ChatUpstream::requestFromMessages(request.json(), upstream, options, &answer);
        require(fuzz::isJsonObject(reference), "OpenAI request is not JSON", body);
        ChatAnswerOptions fastAnswer;
        if (const std::optional<QByteArray> fast
            = ChatUpstream::requestFromMessagesBytes(body, upstream, options, &fastAnswer)) {
            require(*fast == reference, "the OpenAI request from the bytes differs", body);
            require(fastAnswer.exposeReasoning == answer.exposeReasoning && fastAnswer.toolNames == answer.toolNames
                    && fastAnswer.liveTools == answer.liveTools && fastAnswer.usageRequested == answer.usageRequested,
                "the answer options from the bytes differ", body);
        }
    }
}

void check(const QByteArray &body, Endpoint endpoint)
{
    if (const std::optional<qint64> bytes = MessagesRequest::scanTextBytes(body)) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
        require(error.error == QJsonParseError::NoError && doc.isObject()
                && *bytes == MessagesRequest::documentTextBytes(doc.object()),
            "the estimate's text bytes differ", body);
    }
    MessagesRequest reference;
    const ApiError referenceError = MessagesRequest::parseDocument(body, endpoint, &reference);
    MessagesRequest fast;
    if (MessagesRequest::scan(body, endpoint, &fast)) {
        require(!referenceError.isError(), "the scan accepted a body the reference refuses", body);
        compareRequests(fast, reference, body);
    }
    MessagesRequest parsed;
    const ApiError error = MessagesRequest::parse(body, endpoint, &parsed);
    require(error.status == referenceError.status && error.type == referenceError.type
            && error.message == referenceError.message,
        "parse() and the reference answer differently", body);
    if (!error.isError()) {
        compareRequests(parsed, reference, body);
        if (endpoint == Endpoint::Messages)
            forwardedBodies(parsed, body);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray body = fuzz::bytesOf(data, size);
    check(body, Endpoint::Messages);
    check(body, Endpoint::CountTokens);
    return 0;
}
