#pragma once

#include "protocol/anthropic/ApiError.h"
#include "protocol/openai/ChatResponse.h"
#include "wire/SseParser.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <concepts>
#include <optional>
#include <variant>

namespace bytespike {

// The client edge of an answer. The middle hands it canonical Anthropic frames and messages; it
// writes them in the protocol the client speaks, and words every error in that protocol's
// envelope. One encoder per client protocol; each has this shape:
template <typename E>
concept AnswerEncoder = requires(E e, const E ce, const SseParser::Frame &frame, const QJsonObject &data,
    QByteArray &out, const ApiError &error, const QByteArray &body)
{
    // Whether event() and message() need the parsed data (otherwise the relay reads the facts it
    // needs straight from the bytes and passes an empty object).
    {
        E::kReadsDocuments
        } -> std::convertible_to<bool>;
    // Appends what the client gets for one stream event.
    {e.event(frame, data, out)};
    // The client's body for a whole Anthropic message (its bytes and, when read, its document).
    {
        ce.message(body, data)
        } -> std::same_as<QByteArray>;
    // An error answer's body, and the same error in the middle of a stream.
    {
        ce.errorBody(error)
        } -> std::same_as<QByteArray>;
    {
        ce.streamError(error)
        } -> std::same_as<QByteArray>;
    // What keeps a silent stream alive.
    {
        ce.ping()
        } -> std::same_as<QByteArray>;
    // The protocol's name in the request log.
    {
        ce.protocol()
        } -> std::same_as<QString>;
};

// Anthropic clients: the canonical form is theirs. A frame goes out as the bytes it arrived as
// (appended, never re-serialised; unknown events pass through) and a message body as it is.
class AnthropicEncoder
{
public:
    static constexpr bool kReadsDocuments = false;

    explicit AnthropicEncoder(QByteArray requestId)
        : m_requestId(std::move(requestId))
    { }

    void event(const SseParser::Frame &frame, const QJsonObject &, QByteArray &out) { out.append(frame.raw); }
    QByteArray message(const QByteArray &body, const QJsonObject &) const { return body; }
    QByteArray errorBody(const ApiError &error) const { return error.envelope(m_requestId); }
    QByteArray streamError(const ApiError &error) const { return error.sseFrame(m_requestId); }
    QByteArray ping() const { return QByteArray("event: ping\ndata: {\"type\":\"ping\"}\n\n"); }
    QString protocol() const { return QStringLiteral("anthropic"); }

private:
    QByteArray m_requestId;
};

// OpenAI Chat Completions clients: streams through ChatStreamTranslator, messages through
// ChatResponse::fromMessage, errors in OpenAI's envelope (docs/protocols.md has the rules).
class OpenAiEncoder
{
public:
    static constexpr bool kReadsDocuments = true;

    // Errors can be worded from the start; answers once the request was read (setRequest).
    OpenAiEncoder() = default;
    // model: as the client named it; includeUsage: stream_options.include_usage;
    // exposeReasoning: thinking becomes reasoning_content.
    void setRequest(const QString &model, bool includeUsage, bool exposeReasoning);

    void event(const SseParser::Frame &frame, const QJsonObject &data, QByteArray &out);
    QByteArray message(const QByteArray &body, const QJsonObject &message) const;
    QByteArray errorBody(const ApiError &error) const { return ChatResponse::errorBody(error); }
    QByteArray streamError(const ApiError &error) const { return ChatStreamTranslator::error(error); }
    QByteArray ping() const { return QByteArray(": ping\n\n"); }
    QString protocol() const { return QStringLiteral("openai"); }

private:
    QString m_model;
    std::optional<ChatStreamTranslator> m_stream;
};

static_assert(AnswerEncoder<AnthropicEncoder>);
static_assert(AnswerEncoder<OpenAiEncoder>);

// The encoder of one request, whichever protocol its client speaks. A variant rather than a
// virtual base: no allocation per request, and the per-frame call is a test of the alternative
// (the Anthropic pass-through first), not an indirect call.
class ClientEncoder
{
    // Each call tests for the Anthropic pass-through first: it is the path that carries the traffic.
    template <typename F> decltype(auto) visit(F &&f)
    {
        if (auto *anthropic = std::get_if<AnthropicEncoder>(&m_impl)) [[likely]]
            return f(*anthropic);
        return f(*std::get_if<OpenAiEncoder>(&m_impl));
    }
    template <typename F> decltype(auto) visit(F &&f) const
    {
        if (const auto *anthropic = std::get_if<AnthropicEncoder>(&m_impl)) [[likely]]
            return f(*anthropic);
        return f(*std::get_if<OpenAiEncoder>(&m_impl));
    }

public:
    ClientEncoder(AnthropicEncoder encoder)
        : m_impl(std::move(encoder))
    { }
    ClientEncoder(OpenAiEncoder encoder)
        : m_impl(std::move(encoder))
    { }

    bool readsDocuments() const { return !std::holds_alternative<AnthropicEncoder>(m_impl); }
    // The OpenAI encoder, to give it the request; null for an Anthropic client.
    OpenAiEncoder *openAi() { return std::get_if<OpenAiEncoder>(&m_impl); }

    void event(const SseParser::Frame &frame, const QJsonObject &data, QByteArray &out)
    {
        visit([&](auto &e) { e.event(frame, data, out); });
    }
    QByteArray message(const QByteArray &body, const QJsonObject &message) const
    {
        return visit([&](const auto &e) { return e.message(body, message); });
    }
    QByteArray errorBody(const ApiError &error) const
    {
        return visit([&](const auto &e) { return e.errorBody(error); });
    }
    QByteArray streamError(const ApiError &error) const
    {
        return visit([&](const auto &e) { return e.streamError(error); });
    }
    QByteArray ping() const
    {
        return visit([](const auto &e) { return e.ping(); });
    }
    QString protocol() const
    {
        return visit([](const auto &e) { return e.protocol(); });
    }

private:
    std::variant<AnthropicEncoder, OpenAiEncoder> m_impl;
};

} // namespace bytespike
