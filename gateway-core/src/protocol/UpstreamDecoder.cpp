#include "UpstreamDecoder.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace bytespike {

OpenAiDecoder::OpenAiDecoder(QString model, ChatAnswerOptions options, std::optional<qint64> streamInputEstimate)
    : m_model(std::move(model))
    , m_options(std::move(options))
{
    if (streamInputEstimate)
        m_stream.emplace(m_model, *streamInputEstimate, m_options);
}

QList<SseParser::Frame> OpenAiDecoder::feed(const QByteArray &chunk)
{
    return m_stream ? m_stream->feed(m_sse.feed(chunk)) : QList<SseParser::Frame>();
}

QList<SseParser::Frame> OpenAiDecoder::finish()
{
    return m_stream ? m_stream->finish() : QList<SseParser::Frame>();
}

bool OpenAiDecoder::decodeBody(QByteArray &body)
{
    // The common completion straight from its bytes; the document path for the rest.
    if (std::optional<QByteArray> message = ChatUpstream::messageBodyFromCompletionBytes(body, m_model, m_options)) {
        body = std::move(*message);
        return true;
    }
    const QJsonObject completion = QJsonDocument::fromJson(body).object();
    if (completion.value(QStringLiteral("choices")).toArray().isEmpty())
        return false;
    body = ChatUpstream::messageBodyFromCompletion(completion, m_model, m_options);
    return true;
}

} // namespace bytespike
