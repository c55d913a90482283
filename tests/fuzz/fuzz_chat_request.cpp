// ChatRequest::translate, the OpenAI Chat Completions request read into the canonical Anthropic
// request: it must never crash, the request it makes must be JSON, and a refusal must make a JSON
// OpenAI error body. The translated request then takes the path MessagesIntake gives it
// (MessagesRequest::parse). What the one-pass ChatRequest::scan accepts, the reference
// (translateDocument) translates byte for byte the same. The input is the client's body.
#include "FuzzCheck.h"

#include "protocol/anthropic/MessagesRequest.h"
#include "protocol/openai/ChatRequest.h"
#include "protocol/openai/ChatResponse.h"

using namespace bytespike;
using bytespike::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray body = fuzz::bytesOf(data, size);
    ChatRequest scanned;
    if (ChatRequest::scan(body, &scanned)) {
        ChatRequest reference;
        require(!ChatRequest::translateDocument(body, &reference).isError(),
            "the scan accepted a body the reference refuses", body);
        require(scanned.messagesBody == reference.messagesBody && scanned.model == reference.model
                && scanned.stream == reference.stream && scanned.includeUsage == reference.includeUsage
                && scanned.exposeReasoning == reference.exposeReasoning,
            "the scan and the reference translate differently", body);
    }
    ChatRequest chat;
    const ApiError error = ChatRequest::translate(body, &chat);
    if (error.isError()) {
        require(!error.message.isEmpty(), "a refusal without a message", body);
        require(fuzz::isJsonObject(ChatResponse::errorBody(error)), "the OpenAI error body is not JSON", body);
        return 0;
    }
    require(fuzz::isJsonObject(chat.messagesBody), "the translated request is not JSON", body);
    MessagesRequest request;
    const ApiError refused = MessagesRequest::parse(chat.messagesBody, MessagesRequest::Endpoint::Messages, &request);
    if (refused.isError())
        require(fuzz::isJsonObject(ChatResponse::errorBody(refused)), "the OpenAI error body is not JSON", body);
    return 0;
}
