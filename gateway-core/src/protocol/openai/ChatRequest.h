#pragma once

#include "protocol/anthropic/ApiError.h"

#include <QByteArray>
#include <QJsonObject>

namespace bytespike {

// An OpenAI Chat Completions request translated into the canonical Anthropic Messages request
// (protocols.md#openai-request-in). What cannot be translated is a 400 naming the parameter; what is dropped is
// listed in docs/protocols.md.
struct ChatRequest
{
    QByteArray messagesBody; // the canonical Anthropic request
    QString model;
    bool stream = false;
    bool includeUsage = false; // stream_options.include_usage
    // reasoning_effort asked for thinking: thinking in the answer becomes reasoning_content.
    bool exposeReasoning = false;

    // Default max_tokens when the client sends neither max_completion_tokens nor max_tokens.
    static constexpr qint64 kDefaultMaxTokens = 8192;

    static ApiError translate(const QByteArray &openAiBody, ChatRequest *out);
};

} // namespace bytespike
