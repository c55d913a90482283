#include "ChannelEdge.h"

namespace bytespike {

UpstreamBody UpstreamBody::make(
    const MessagesRequest &request, const QByteArray &canonical, const Channel &channel, const QString &upstreamModel)
{
    UpstreamBody out;
    if (channel.protocol == ChannelProtocol::OpenAI) {
        std::optional<QByteArray> body
            = ChatUpstream::requestFromMessagesBytes(canonical, upstreamModel, channel.options, &out.chatAnswer);
        out.body = body
            ? std::move(*body)
            : ChatUpstream::requestFromMessages(request.json(), upstreamModel, channel.options, &out.chatAnswer);
    } else if (channel.protocol == ChannelProtocol::Anthropic && request.hasUnsignedThinking())
        out.body = request.bodyWithoutUnsignedThinking(upstreamModel);
    else
        out.body = request.bodyWithModel(canonical, upstreamModel);
    return out;
}

UpstreamDecoder decoderFor(const Channel &channel, const MessagesRequest &request, ChatAnswerOptions &&chatAnswer)
{
    if (channel.protocol != ChannelProtocol::OpenAI)
        return AnthropicDecoder();
    return OpenAiDecoder(request.model, std::move(chatAnswer),
        request.stream ? std::optional<qint64>(request.estimateInputTokens()) : std::nullopt);
}

} // namespace bytespike
