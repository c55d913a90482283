#include "ClientEncoder.h"

namespace bytespike {

void OpenAiEncoder::setRequest(const QString &model, bool includeUsage, bool exposeReasoning)
{
    m_model = model;
    m_stream.emplace(model, includeUsage, exposeReasoning);
}

void OpenAiEncoder::event(const SseParser::Frame &frame, const QJsonObject &data, QByteArray &out)
{
    out.append(m_stream->onEvent(frame.event, data));
    if (frame.event == "message_stop")
        out.append(m_stream->finish());
}

QByteArray OpenAiEncoder::message(const QByteArray &, const QJsonObject &message) const
{
    return ChatResponse::fromMessage(message, m_model, m_stream->exposesReasoning());
}

} // namespace bytespike
