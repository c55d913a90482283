#include "ClientEncoder.h"

#include "protocol/openai/ChatChunkScan.h"

namespace bytespike {

void OpenAiEncoder::setRequest(const QString &model, bool includeUsage, bool exposeReasoning)
{
    m_model = model;
    m_stream.emplace(model, includeUsage, exposeReasoning);
}

void OpenAiEncoder::event(const SseParser::Frame &frame, const QJsonObject &data, QByteArray &out)
{
    out.append(m_stream->onEvent(frame.event, data));
    if (frame.isEvent("message_stop"))
        out.append(m_stream->finish());
}

bool OpenAiEncoder::eventFromBytes(const SseParser::Frame &frame, QByteArray &out, qint64 *outputBytes)
{
    if (!frame.isEvent("content_block_delta"))
        return false;
    if (frame.textBytes >= 0) { // a text delta the OpenAI decoder wrote from what it read
        *outputBytes += frame.textBytes;
        out.append(m_stream->textDelta(frame.textQuoted()));
        return true;
    }
    const std::optional<AnthropicTextDelta> delta = AnthropicTextDelta::scan(frame.data);
    if (!delta)
        return false;
    *outputBytes += delta->textBytes;
    out.append(m_stream->textDelta(delta->text));
    return true;
}

bool OpenAiEncoder::eventFromFacts(const SseParser::Frame &frame, const StreamEventFacts &facts, QByteArray &out)
{
    std::optional<QByteArray> written = m_stream->onFacts(frame.event, frame.data, facts);
    if (!written)
        return false;
    out.append(*written);
    return true;
}

QByteArray OpenAiEncoder::message(const QByteArray &, const QJsonObject &message) const
{
    return ChatResponse::fromMessage(message, m_model, m_stream->exposesReasoning());
}

std::optional<QByteArray> OpenAiEncoder::messageFromBytes(const QByteArray &body) const
{
    return ChatResponse::fromMessageBytes(body, m_model, m_stream->exposesReasoning());
}

} // namespace bytespike
