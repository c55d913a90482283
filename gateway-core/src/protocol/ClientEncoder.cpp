#include "ClientEncoder.h"

#include "protocol/openai/ChatChunkScan.h"

namespace bytespike {

void OpenAiEncoder::setRequest(const QString &model, bool includeUsage, bool exposeReasoning)
{
    m_model = model;
    m_includeUsage = includeUsage;
    m_exposeReasoning = exposeReasoning;
    m_stream.reset();
}

ChatStreamTranslator &OpenAiEncoder::stream()
{
    if (!m_stream)
        m_stream.emplace(m_model, m_includeUsage, m_exposeReasoning);
    return *m_stream;
}

void OpenAiEncoder::event(const SseParser::Frame &frame, const QJsonObject &data, QByteArray &out)
{
    out.append(stream().onEvent(frame.event, data));
    if (frame.isEvent("message_stop"))
        out.append(stream().finish());
}

bool OpenAiEncoder::eventFromBytes(const SseParser::Frame &frame, QByteArray &out, qint64 *outputBytes)
{
    if (!frame.isEvent("content_block_delta"))
        return false;
    if (frame.textBytes >= 0) { // a text delta the OpenAI decoder wrote from what it read
        *outputBytes += frame.textBytes;
        out.append(stream().textDelta(frame.textQuoted()));
        return true;
    }
    const std::optional<AnthropicTextDelta> delta = AnthropicTextDelta::scan(frame.data);
    if (!delta)
        return false;
    *outputBytes += delta->textBytes;
    out.append(stream().textDelta(delta->text));
    return true;
}

bool OpenAiEncoder::eventFromFacts(const SseParser::Frame &frame, const StreamEventFacts &facts, QByteArray &out)
{
    std::optional<QByteArray> written = stream().onFacts(frame.event, frame.data, facts);
    if (!written)
        return false;
    out.append(*written);
    return true;
}

QByteArray OpenAiEncoder::message(const QByteArray &, const QJsonObject &message) const
{
    return ChatResponse::fromMessage(message, m_model, m_exposeReasoning);
}

std::optional<QByteArray> OpenAiEncoder::messageFromBytes(const QByteArray &body) const
{
    return ChatResponse::fromMessageBytes(body, m_model, m_exposeReasoning);
}

} // namespace bytespike
