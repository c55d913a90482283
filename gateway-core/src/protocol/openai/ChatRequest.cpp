#include "ChatRequest.h"

#include "ChatUpstream.h"
#include "protocol/ClientText.h"
#include "protocol/JsonCount.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>

#include <cmath>

namespace bytespike {

namespace {

ApiError bad(const QString &message)
{
    return ApiError::invalidRequest(message);
}

// Text of a string-or-parts content (system, developer and tool messages).
bool collectText(const QJsonValue &content, const QString &where, QString *text, ApiError *error)
{
    if (content.isString()) {
        *text = content.toString();
        return true;
    }
    if (content.isNull() || content.isUndefined())
        return true;
    if (!content.isArray()) {
        *error = bad(where + QStringLiteral(".content must be a string or an array of text parts"));
        return false;
    }
    QStringList parts;
    for (const QJsonValue &part : content.toArray()) {
        const QJsonObject p = part.toObject();
        if (p.value(QStringLiteral("type")).toString() != QLatin1String("text")) {
            *error = bad(where + QStringLiteral(".content may only hold text parts"));
            return false;
        }
        parts << p.value(QStringLiteral("text")).toString();
    }
    *text = parts.join(QString());
    return true;
}

bool imageBlock(const QJsonObject &part, const QString &where, QJsonObject *block, ApiError *error)
{
    const QString url = part.value(QStringLiteral("image_url")).toObject().value(QStringLiteral("url")).toString();
    if (url.startsWith(QLatin1String("data:"))) {
        static const QRegularExpression dataUrl(
            QStringLiteral("^data:([^;,]+);base64,(.*)$"), QRegularExpression::DotMatchesEverythingOption);
        const QRegularExpressionMatch m = dataUrl.match(url);
        if (!m.hasMatch()) {
            *error = bad(where + QStringLiteral(".image_url.url: a data URL must be data:<media type>;base64,<data>"));
            return false;
        }
        QString mediaType = m.captured(1).toLower();
        if (mediaType == QLatin1String("image/jpg"))
            mediaType = QStringLiteral("image/jpeg");
        static const QSet<QString> allowed = {QStringLiteral("image/jpeg"), QStringLiteral("image/png"),
            QStringLiteral("image/gif"), QStringLiteral("image/webp")};
        if (!allowed.contains(mediaType)) {
            *error = bad(where
                + QStringLiteral(".image_url.url: unsupported image type %1 (jpeg, png, gif or webp)")
                      .arg(ClientText::quote(mediaType)));
            return false;
        }
        *block = QJsonObject {{QStringLiteral("type"), QStringLiteral("image")},
            {QStringLiteral("source"),
                QJsonObject {{QStringLiteral("type"), QStringLiteral("base64")},
                    {QStringLiteral("media_type"), mediaType}, {QStringLiteral("data"), m.captured(2)}}}};
        return true;
    }
    if (url.startsWith(QLatin1String("http://")) || url.startsWith(QLatin1String("https://"))) {
        *block = QJsonObject {{QStringLiteral("type"), QStringLiteral("image")},
            {QStringLiteral("source"),
                QJsonObject {{QStringLiteral("type"), QStringLiteral("url")}, {QStringLiteral("url"), url}}}};
        return true;
    }
    *error = bad(where + QStringLiteral(".image_url.url must be an http(s) URL or a base64 data URL"));
    return false;
}

bool userBlocks(const QJsonValue &content, const QString &where, QJsonArray *blocks, ApiError *error)
{
    if (content.isString()) {
        if (!content.toString().isEmpty())
            blocks->append(QJsonObject {
                {QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), content.toString()}});
        return true;
    }
    if (!content.isArray()) {
        *error = bad(where + QStringLiteral(".content must be a string or an array of parts"));
        return false;
    }
    const QJsonArray parts = content.toArray();
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QJsonObject part = parts.at(i).toObject();
        const QString type = part.value(QStringLiteral("type")).toString();
        const QString at = QStringLiteral("%1.content[%2]").arg(where).arg(i);
        if (type == QLatin1String("text")) {
            const QString text = part.value(QStringLiteral("text")).toString();
            if (!text.isEmpty())
                blocks->append(
                    QJsonObject {{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), text}});
        } else if (type == QLatin1String("image_url")) {
            QJsonObject block;
            if (!imageBlock(part, at, &block, error))
                return false;
            blocks->append(block);
        } else {
            *error = bad(at
                + QStringLiteral(".type \"%1\" is not supported (text and image_url are)")
                      .arg(ClientText::quote(type)));
            return false;
        }
    }
    return true;
}

bool toolCallBlocks(const QJsonArray &calls, const QString &where, QJsonArray *blocks, ApiError *error)
{
    for (qsizetype i = 0; i < calls.size(); ++i) {
        const QJsonObject call = calls.at(i).toObject();
        const QJsonObject function = call.value(QStringLiteral("function")).toObject();
        const QString arguments = function.value(QStringLiteral("arguments")).toString().trimmed();
        QJsonObject input;
        if (!arguments.isEmpty()) {
            const QJsonDocument parsed = QJsonDocument::fromJson(arguments.toUtf8());
            if (!parsed.isObject()) {
                *error = bad(
                    QStringLiteral("%1.tool_calls[%2].function.arguments is not a JSON object").arg(where).arg(i));
                return false;
            }
            input = parsed.object();
        }
        blocks->append(QJsonObject {{QStringLiteral("type"), QStringLiteral("tool_use")},
            {QStringLiteral("id"),
                ChatUpstream::toolId(call.value(QStringLiteral("id")).toString(), QStringLiteral("toolu_missing"))},
            {QStringLiteral("name"), function.value(QStringLiteral("name")).toString()},
            {QStringLiteral("input"), input}});
    }
    return true;
}

bool translateToolChoice(const QJsonValue &choice, bool parallel, QJsonObject *out, ApiError *error)
{
    if (choice.isUndefined() || choice.isNull()) {
        if (!parallel)
            *out = QJsonObject {
                {QStringLiteral("type"), QStringLiteral("auto")}, {QStringLiteral("disable_parallel_tool_use"), true}};
        return true;
    }
    if (choice.isString()) {
        const QString c = choice.toString();
        if (c == QLatin1String("auto"))
            *out = QJsonObject {{QStringLiteral("type"), QStringLiteral("auto")}};
        else if (c == QLatin1String("required"))
            *out = QJsonObject {{QStringLiteral("type"), QStringLiteral("any")}};
        else if (c == QLatin1String("none"))
            *out = QJsonObject {{QStringLiteral("type"), QStringLiteral("none")}};
        else {
            *error = bad(QStringLiteral("tool_choice \"%1\" is not supported (auto, required, none or a function)")
                             .arg(ClientText::quote(c)));
            return false;
        }
    } else {
        const QJsonObject o = choice.toObject();
        if (o.value(QStringLiteral("type")).toString() != QLatin1String("function")) {
            *error = bad(QStringLiteral("tool_choice of type \"%1\" is not supported")
                             .arg(ClientText::quote(o.value(QStringLiteral("type")).toString())));
            return false;
        }
        const QString name = o.value(QStringLiteral("function")).toObject().value(QStringLiteral("name")).toString();
        if (name.isEmpty()) {
            *error = bad(QStringLiteral("tool_choice.function.name is required"));
            return false;
        }
        *out = QJsonObject {{QStringLiteral("type"), QStringLiteral("tool")}, {QStringLiteral("name"), name}};
    }
    if (!parallel && out->value(QStringLiteral("type")).toString() != QLatin1String("none"))
        out->insert(QStringLiteral("disable_parallel_tool_use"), true);
    return true;
}

// Appends to the message list, merging with the previous message when the role repeats.
void appendMessage(QJsonArray *messages, const QString &role, const QJsonArray &blocks)
{
    if (blocks.isEmpty())
        return;
    if (!messages->isEmpty()) {
        QJsonObject last = messages->last().toObject();
        if (last.value(QStringLiteral("role")).toString() == role) {
            QJsonArray merged = last.value(QStringLiteral("content")).toArray();
            for (const QJsonValue &b : blocks)
                merged.append(b);
            last.insert(QStringLiteral("content"), merged);
            (*messages)[messages->size() - 1] = last;
            return;
        }
    }
    messages->append(QJsonObject {{QStringLiteral("role"), role}, {QStringLiteral("content"), blocks}});
}

bool assistantMessage(
    const QJsonObject &m, const QString &where, QJsonArray *messages, QStringList *unanswered, ApiError *error)
{
    QJsonArray blocks;
    QString text;
    if (!collectText(m.value(QStringLiteral("content")), where, &text, error))
        return false;
    if (text.isEmpty())
        text = m.value(QStringLiteral("refusal")).toString();
    if (!text.isEmpty())
        blocks.append(QJsonObject {{QStringLiteral("type"), QStringLiteral("text")}, {QStringLiteral("text"), text}});
    if (!toolCallBlocks(m.value(QStringLiteral("tool_calls")).toArray(), where, &blocks, error))
        return false;
    for (const QJsonValue &call : m.value(QStringLiteral("tool_calls")).toArray())
        *unanswered << QLatin1Char('"') + call.toObject().value(QStringLiteral("id")).toString() + QLatin1Char('"');
    appendMessage(messages, QStringLiteral("assistant"), blocks);
    return true;
}

bool toolResult(
    const QJsonObject &m, const QString &where, QJsonArray *pending, QStringList *unanswered, ApiError *error)
{
    const QJsonValue id = m.value(QStringLiteral("tool_call_id"));
    if (!id.isString() || id.toString().isEmpty()) {
        *error = bad(where + QStringLiteral(".tool_call_id is required"));
        return false;
    }
    if (!unanswered->removeOne(QLatin1Char('"') + id.toString() + QLatin1Char('"'))) {
        *error = bad(where
            + QStringLiteral(".tool_call_id \"%1\" does not answer a tool call of the preceding assistant message")
                  .arg(ClientText::quote(id.toString())));
        return false;
    }
    QString text;
    if (!collectText(m.value(QStringLiteral("content")), where, &text, error))
        return false;
    pending->append(QJsonObject {{QStringLiteral("type"), QStringLiteral("tool_result")},
        {QStringLiteral("tool_use_id"), ChatUpstream::toolId(id.toString(), QStringLiteral("toolu_missing"))},
        {QStringLiteral("content"), text}});
    return true;
}

// The conversation: system and developer messages become the system prompt, tool messages
// become tool_result blocks of one user turn, and the rest keep their roles.
ApiError translateMessages(const QJsonArray &list, QStringList *system, QJsonArray *messages)
{
    ApiError error;
    QJsonArray pendingToolResults;
    // Tool calls of the last assistant message still waiting for their tool message: Anthropic
    // refuses orphan results and unanswered calls, so both are a 400 here (protocols.md#edge-cases case 47).
    QStringList unanswered;
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString where = QStringLiteral("messages[%1]").arg(i);
        if (!list.at(i).isObject())
            return bad(where + QStringLiteral(" must be an object"));
        const QJsonObject m = list.at(i).toObject();
        const QString role = m.value(QStringLiteral("role")).toString();
        if ((role == QLatin1String("user") || role == QLatin1String("assistant")) && !unanswered.isEmpty())
            return bad(where
                + QStringLiteral(
                    ": the tool call(s) %1 of the preceding assistant message have no tool message answering them")
                      .arg(ClientText::quote(unanswered.join(QLatin1String(", ")))));
        if (role != QLatin1String("tool") && !pendingToolResults.isEmpty()) {
            appendMessage(messages, QStringLiteral("user"), pendingToolResults);
            pendingToolResults = QJsonArray();
        }
        if (role == QLatin1String("system") || role == QLatin1String("developer")) {
            QString text;
            if (!collectText(m.value(QStringLiteral("content")), where, &text, &error))
                return error;
            if (!text.isEmpty())
                *system << text;
        } else if (role == QLatin1String("user")) {
            QJsonArray blocks;
            if (!userBlocks(m.value(QStringLiteral("content")), where, &blocks, &error))
                return error;
            appendMessage(messages, QStringLiteral("user"), blocks);
        } else if (role == QLatin1String("assistant")) {
            if (!assistantMessage(m, where, messages, &unanswered, &error))
                return error;
        } else if (role == QLatin1String("tool")) {
            if (!toolResult(m, where, &pendingToolResults, &unanswered, &error))
                return error;
        } else {
            return bad(where + QStringLiteral(".role \"%1\" is not supported").arg(ClientText::quote(role)));
        }
    }
    if (!pendingToolResults.isEmpty())
        appendMessage(messages, QStringLiteral("user"), pendingToolResults);
    return {};
}

void translateSampling(const QJsonObject &in, QJsonObject *canonical)
{
    const QJsonValue stop = in.value(QStringLiteral("stop"));
    QJsonArray stops;
    for (const QJsonValue &s : stop.isArray() ? stop.toArray() : QJsonArray {stop}) {
        if (s.isString() && !s.toString().trimmed().isEmpty())
            stops.append(s);
    }
    if (!stops.isEmpty())
        canonical->insert(QStringLiteral("stop_sequences"), stops);
    if (in.value(QStringLiteral("temperature")).isDouble())
        canonical->insert(
            QStringLiteral("temperature"), std::clamp(in.value(QStringLiteral("temperature")).toDouble(), 0.0, 1.0));
    if (in.value(QStringLiteral("top_p")).isDouble())
        canonical->insert(QStringLiteral("top_p"), in.value(QStringLiteral("top_p")));
}

ApiError translateTools(const QJsonObject &in, QJsonObject *canonical)
{
    QJsonArray tools;
    for (const QJsonValue &t : in.value(QStringLiteral("tools")).toArray()) {
        const QJsonObject tool = t.toObject();
        if (tool.value(QStringLiteral("type")).toString() != QLatin1String("function"))
            return bad(QStringLiteral("tools: only function tools are supported"));
        const QJsonObject function = tool.value(QStringLiteral("function")).toObject();
        QJsonObject schema = function.value(QStringLiteral("parameters")).toObject();
        if (schema.isEmpty())
            schema = QJsonObject {
                {QStringLiteral("type"), QStringLiteral("object")}, {QStringLiteral("properties"), QJsonObject()}};
        QJsonObject out {
            {QStringLiteral("name"), function.value(QStringLiteral("name"))}, {QStringLiteral("input_schema"), schema}};
        if (function.contains(QStringLiteral("description")))
            out.insert(QStringLiteral("description"), function.value(QStringLiteral("description")));
        tools.append(out);
    }
    if (!tools.isEmpty())
        canonical->insert(QStringLiteral("tools"), tools);
    ApiError error;
    QJsonObject toolChoice;
    if (!translateToolChoice(in.value(QStringLiteral("tool_choice")),
            in.value(QStringLiteral("parallel_tool_calls")).toBool(true), &toolChoice, &error))
        return error;
    if (!toolChoice.isEmpty() && !tools.isEmpty())
        canonical->insert(QStringLiteral("tool_choice"), toolChoice);
    return {};
}

// reasoning_effort -> thinking (protocols.md#openai-request-in). A forced tool choice cannot be
// combined with thinking, so thinking is dropped then; the budget must stay below max_tokens.
ApiError translateReasoning(const QJsonObject &in, qint64 maxTokens, QJsonObject *canonical, bool *exposeReasoning)
{
    const QString effort = in.value(QStringLiteral("reasoning_effort")).toString();
    const QString forced
        = canonical->value(QStringLiteral("tool_choice")).toObject().value(QStringLiteral("type")).toString();
    if (effort.isEmpty() || effort == QLatin1String("none") || forced == QLatin1String("any")
        || forced == QLatin1String("tool"))
        return {};
    static const QHash<QString, qint64> budgets
        = {{QStringLiteral("minimal"), 1024}, {QStringLiteral("low"), 2048}, {QStringLiteral("medium"), 8192},
            {QStringLiteral("high"), 16384}, {QStringLiteral("xhigh"), 32768}, {QStringLiteral("max"), 65536}};
    if (!budgets.contains(effort))
        return bad(QStringLiteral("reasoning_effort \"%1\" is not one of none, minimal, low, medium, high, xhigh, max")
                       .arg(ClientText::quote(effort)));
    const qint64 budget = std::min(budgets.value(effort), maxTokens - 1);
    if (budget >= 1024) {
        canonical->insert(QStringLiteral("thinking"),
            QJsonObject {
                {QStringLiteral("type"), QStringLiteral("enabled")}, {QStringLiteral("budget_tokens"), budget}});
        canonical->remove(QStringLiteral("temperature")); // not allowed with thinking
        *exposeReasoning = true;
    }
    return {};
}

// response_format json_schema -> output_config.format; json_object and text have no equivalent
// and are ignored (docs/protocols.md); user (or safety_identifier) -> metadata.user_id.
void translateOutputAndUser(const QJsonObject &in, QJsonObject *canonical)
{
    const QJsonObject responseFormat = in.value(QStringLiteral("response_format")).toObject();
    if (responseFormat.value(QStringLiteral("type")).toString() == QLatin1String("json_schema")) {
        const QJsonObject schema
            = responseFormat.value(QStringLiteral("json_schema")).toObject().value(QStringLiteral("schema")).toObject();
        canonical->insert(QStringLiteral("output_config"),
            QJsonObject {{QStringLiteral("format"),
                QJsonObject {
                    {QStringLiteral("type"), QStringLiteral("json_schema")}, {QStringLiteral("schema"), schema}}}});
    }
    const QString user
        = in.value(QStringLiteral("user")).toString(in.value(QStringLiteral("safety_identifier")).toString());
    if (!user.isEmpty())
        canonical->insert(QStringLiteral("metadata"), QJsonObject {{QStringLiteral("user_id"), user.left(256)}});
}

} // namespace

ApiError ChatRequest::translate(const QByteArray &openAiBody, ChatRequest *out)
{
    if (scan(openAiBody, out))
        return {};
    return translateDocument(openAiBody, out);
}

ApiError ChatRequest::translateDocument(const QByteArray &openAiBody, ChatRequest *out)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(openAiBody, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return bad(QStringLiteral("The request body is not valid JSON: %1").arg(parseError.errorString()));
    if (!doc.isObject())
        return bad(QStringLiteral("The request body must be a JSON object"));
    const QJsonObject in = doc.object();

    const QJsonValue model = in.value(QStringLiteral("model"));
    if (!model.isString() || model.toString().isEmpty())
        return bad(QStringLiteral("model is required (a string)"));
    const QJsonValue n = in.value(QStringLiteral("n"));
    if (!n.isUndefined() && !n.isNull() && n.toDouble() != 1)
        return bad(QStringLiteral("n must be 1: only one choice is supported"));
    const QJsonValue messagesValue = in.value(QStringLiteral("messages"));
    if (!messagesValue.isArray() || messagesValue.toArray().isEmpty())
        return bad(QStringLiteral("messages is required (a non-empty array)"));

    QJsonObject canonical;
    canonical.insert(QStringLiteral("model"), model);
    QJsonValue maxTokens = in.value(QStringLiteral("max_completion_tokens"));
    if (maxTokens.isUndefined() || maxTokens.isNull())
        maxTokens = in.value(QStringLiteral("max_tokens"));
    if (maxTokens.isUndefined() || maxTokens.isNull())
        maxTokens = kDefaultMaxTokens;
    if (!maxTokens.isDouble() || maxTokens.toDouble() < 1 || std::trunc(maxTokens.toDouble()) != maxTokens.toDouble())
        return bad(QStringLiteral("max_completion_tokens / max_tokens must be a positive integer"));
    canonical.insert(QStringLiteral("max_tokens"), maxTokens);

    QStringList system;
    QJsonArray messages;
    if (ApiError error = translateMessages(messagesValue.toArray(), &system, &messages); error.isError())
        return error;
    if (messages.isEmpty())
        return bad(QStringLiteral("messages must contain at least one user or assistant message with content"));
    if (!system.isEmpty())
        canonical.insert(QStringLiteral("system"), system.join(QLatin1Char('\n')));
    canonical.insert(QStringLiteral("messages"), messages);
    translateSampling(in, &canonical);
    if (ApiError error = translateTools(in, &canonical); error.isError())
        return error;
    if (ApiError error = translateReasoning(in, jsonCount(maxTokens.toDouble()), &canonical, &out->exposeReasoning);
        error.isError())
        return error;
    translateOutputAndUser(in, &canonical);
    out->stream = in.value(QStringLiteral("stream")).toBool(false);
    if (out->stream)
        canonical.insert(QStringLiteral("stream"), true);
    out->includeUsage = out->stream
        && in.value(QStringLiteral("stream_options")).toObject().value(QStringLiteral("include_usage")).toBool();
    out->model = model.toString();
    out->messagesBody = QJsonDocument(canonical).toJson(QJsonDocument::Compact);
    return {};
}

} // namespace bytespike
