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

    // Tries scan() first and takes translateDocument() when scan() cannot decide.
    static ApiError translate(const QByteArray &openAiBody, ChatRequest *out);
    // One pass over the bytes, without building a document: true when the body is valid and out
    // is filled exactly as translateDocument() fills it. False when it cannot vouch for that:
    // every invalid body, and what it leaves to the reference (tools, tool and image messages,
    // reasoning, response formats, the rare JSON forms JsonScanner refuses, a member given twice).
    static bool scan(const QByteArray &openAiBody, ChatRequest *out);
    // Through QJsonDocument: the reference, and the one that words the errors.
    static ApiError translateDocument(const QByteArray &openAiBody, ChatRequest *out);
};

} // namespace bytespike
