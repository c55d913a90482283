#pragma once

#include "protocol/openai/ChatUpstream.h"
#include "wire/SseParser.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <concepts>
#include <optional>
#include <variant>

namespace bytespike {

// The upstream edge of an answer. Whatever protocol a channel speaks, its answer leaves the
// decoder canonical: a stream as Anthropic event frames (SseParser::Frame), a whole answer as an
// Anthropic Message body. The relay in the middle reads and relays only that form. One decoder per
// upstream protocol; each has this shape:
template <typename D>
concept AnswerDecoder = requires(D d, const D cd, const QByteArray &chunk, QByteArray &body)
{
    // The frames that the next bytes of a stream complete.
    {
        d.feed(chunk)
        } -> std::same_as<QList<SseParser::Frame>>;
    // The upstream's stream ended (or will not be waited for any longer): the frames that close it.
    {
        d.finish()
        } -> std::same_as<QList<SseParser::Frame>>;
    // Bytes of an unfinished frame are waiting for their end (the stream was cut in a frame).
    {
        cd.hasPartialFrame()
        } -> std::same_as<bool>;
    // The answer finished but its usage may still follow: worth a short wait before finish().
    {
        cd.awaitingUsage()
        } -> std::same_as<bool>;
    // The stream's usage figures are the decoder's estimates, not the upstream's.
    {
        cd.usageEstimated()
        } -> std::same_as<bool>;
    // Turns a whole answer's body into an Anthropic Message body in place; false when the body is
    // not an answer of the protocol.
    {
        d.decodeBody(body)
        } -> std::same_as<bool>;
};

// Anthropic channels and the simulator: their answers are canonical already. A stream's frames
// keep the bytes they arrived as (relayed verbatim by the Anthropic client encoder, never
// re-serialised) and a body is left as it is.
class AnthropicDecoder
{
public:
    QList<SseParser::Frame> feed(const QByteArray &chunk) { return m_sse.feed(chunk); }
    QList<SseParser::Frame> finish() { return {}; }
    bool hasPartialFrame() const { return m_sse.hasPartialFrame(); }
    bool awaitingUsage() const { return false; }
    bool usageEstimated() const { return false; }
    bool decodeBody(QByteArray &) { return true; }

private:
    SseParser m_sse;
};

// OpenAI Chat Completions channels: chunk streams through ChatStreamToMessages, completions
// through ChatUpstream::messageBodyFromCompletionBytes or messageBodyFromCompletion
// (docs/protocols.md has the rules).
class OpenAiDecoder
{
public:
    // model: the client's model name, which the Anthropic answer carries. streamInputEstimate:
    // for a stream, the local estimate of the prompt's tokens that message_start reports until the
    // upstream's usage arrives; nullopt for a whole answer.
    OpenAiDecoder(QString model, ChatAnswerOptions options, std::optional<qint64> streamInputEstimate);

    QList<SseParser::Frame> feed(const QByteArray &chunk);
    QList<SseParser::Frame> finish();
    bool hasPartialFrame() const { return m_sse.hasPartialFrame(); }
    bool awaitingUsage() const { return m_stream && m_stream->finishSeen() && !m_stream->done(); }
    bool usageEstimated() const { return m_stream && !m_stream->usageReported(); }
    // False for a body that is not a completion with at least one choice.
    bool decodeBody(QByteArray &body);

private:
    QString m_model;
    ChatAnswerOptions m_options;
    SseParser m_sse;
    std::optional<ChatStreamToMessages> m_stream;
};

static_assert(AnswerDecoder<AnthropicDecoder>);
static_assert(AnswerDecoder<OpenAiDecoder>);

// The decoder of one attempt, whichever its channel's protocol. A variant rather than a virtual
// base: the decoder lives inside the request (no allocation per attempt) and each call is a test
// of the alternative, not an indirect call.
class UpstreamDecoder
{
    // Each call tests for the Anthropic pass-through first: it is the path that carries the traffic.
    template <typename F> decltype(auto) visit(F &&f)
    {
        if (auto *anthropic = std::get_if<AnthropicDecoder>(&m_impl)) [[likely]]
            return f(*anthropic);
        return f(*std::get_if<OpenAiDecoder>(&m_impl));
    }
    template <typename F> decltype(auto) visit(F &&f) const
    {
        if (const auto *anthropic = std::get_if<AnthropicDecoder>(&m_impl)) [[likely]]
            return f(*anthropic);
        return f(*std::get_if<OpenAiDecoder>(&m_impl));
    }

public:
    UpstreamDecoder() = default; // Anthropic
    UpstreamDecoder(AnthropicDecoder decoder)
        : m_impl(std::move(decoder))
    { }
    UpstreamDecoder(OpenAiDecoder decoder)
        : m_impl(std::move(decoder))
    { }

    QList<SseParser::Frame> feed(const QByteArray &chunk)
    {
        return visit([&](auto &d) { return d.feed(chunk); });
    }
    QList<SseParser::Frame> finish()
    {
        return visit([](auto &d) { return d.finish(); });
    }
    bool hasPartialFrame() const
    {
        return visit([](const auto &d) { return d.hasPartialFrame(); });
    }
    bool awaitingUsage() const
    {
        return visit([](const auto &d) { return d.awaitingUsage(); });
    }
    bool usageEstimated() const
    {
        return visit([](const auto &d) { return d.usageEstimated(); });
    }
    bool decodeBody(QByteArray &body)
    {
        return visit([&](auto &d) { return d.decodeBody(body); });
    }

private:
    std::variant<AnthropicDecoder, OpenAiDecoder> m_impl;
};

} // namespace bytespike
