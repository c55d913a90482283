#include "MessagesRequest.h"

#include <algorithm>

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace bytespike {

namespace {

qsizetype skipWhitespace(const QByteArray &s, qsizetype i)
{
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        ++i;
    return i;
}

// s[i] is '"'; returns the index just past the closing quote.
qsizetype skipString(const QByteArray &s, qsizetype i)
{
    for (++i; i < s.size(); ++i) {
        if (s[i] == '\\')
            ++i;
        else if (s[i] == '"')
            return i + 1;
    }
    return s.size();
}

// Skips one JSON value of an already validated document.
qsizetype skipValue(const QByteArray &s, qsizetype i)
{
    if (i >= s.size())
        return i;
    if (s[i] == '"')
        return skipString(s, i);
    if (s[i] == '{' || s[i] == '[') {
        int depth = 0;
        while (i < s.size()) {
            const char c = s[i];
            if (c == '"') {
                i = skipString(s, i);
                continue;
            }
            if (c == '{' || c == '[')
                ++depth;
            else if (c == '}' || c == ']') {
                if (--depth == 0)
                    return i + 1;
            }
            ++i;
        }
        return i;
    }
    while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && s[i] != ' ' && s[i] != '\n' && s[i] != '\r'
        && s[i] != '\t')
        ++i;
    return i;
}

// Finds the spans of every top-level "model" key's value; returns how many there were.
int findModelSpan(const QByteArray &s, qsizetype *begin, qsizetype *end)
{
    int found = 0;
    qsizetype i = skipWhitespace(s, 0);
    if (i >= s.size() || s[i] != '{')
        return 0;
    ++i;
    while (true) {
        i = skipWhitespace(s, i);
        if (i >= s.size() || s[i] == '}')
            return found;
        if (s[i] == ',') {
            ++i;
            continue;
        }
        if (s[i] != '"')
            return found;
        const qsizetype keyBegin = i;
        i = skipString(s, i);
        const bool isModel = QByteArrayView(s).sliced(keyBegin, i - keyBegin) == "\"model\"";
        i = skipWhitespace(s, i);
        if (i >= s.size() || s[i] != ':')
            return found;
        i = skipWhitespace(s, i + 1);
        const qsizetype valueBegin = i;
        i = skipValue(s, i);
        if (isModel) {
            ++found;
            *begin = valueBegin;
            *end = i;
        }
    }
}

bool isInteger(const QJsonValue &v)
{
    if (!v.isDouble())
        return false;
    const double d = v.toDouble();
    return std::trunc(d) == d && std::fabs(d) <= 9007199254740992.0;
}

// Where a finding is: "messages.3" or "system". Spelled out only for an error message.
struct Where
{
    QLatin1String field;
    qsizetype index = -1;
    QString text() const { return index < 0 ? QString(field) : QStringLiteral("%1.%2").arg(field).arg(index); }
};

ApiError checkContent(const QJsonValue &content, const Where &where)
{
    if (content.isString())
        return {};
    if (!content.isArray())
        return ApiError::invalidRequest(
            where.text() + QStringLiteral(": content must be a string or an array of content blocks"));
    const QJsonArray blocks = content.toArray();
    for (qsizetype i = 0; i < blocks.size(); ++i) {
        const QJsonValue block = blocks.at(i);
        const auto at = [&where, i] { return QStringLiteral("%1.content.%2").arg(where.text()).arg(i); };
        if (!block.isObject())
            return ApiError::invalidRequest(at() + QStringLiteral(": content blocks must be objects"));
        const QJsonValue type = block.toObject().value(QLatin1String("type"));
        if (!type.isString() || type.toString().isEmpty())
            return ApiError::invalidRequest(at() + QStringLiteral(".type: Field required"));
        if (type.toString() == QLatin1String("text") && !block.toObject().value(QLatin1String("text")).isString())
            return ApiError::invalidRequest(at() + QStringLiteral(".text: Field required (a string)"));
    }
    return {};
}

void addText(const QJsonValue &v, qint64 *bytes)
{
    if (v.isString()) {
        *bytes += v.toString().toUtf8().size();
    } else if (v.isArray()) {
        for (const QJsonValue &item : v.toArray())
            addText(item, bytes);
    } else if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (it.key() == QLatin1String("text") || it.key() == QLatin1String("content")
                || it.key() == QLatin1String("input") || it.key() == QLatin1String("input_schema")
                || it.key() == QLatin1String("description") || it.key() == QLatin1String("name"))
                addText(it.value(), bytes);
        }
    } else if (v.isDouble() || v.isBool()) {
        *bytes += 4;
    }
}

bool isUnsignedThinking(const QJsonValue &block)
{
    const QJsonObject b = block.toObject();
    return b.value(QLatin1String("type")).toString() == QLatin1String("thinking")
        && b.value(QLatin1String("signature")).toString().isEmpty();
}

bool anyUnsignedThinking(const QJsonArray &messages)
{
    for (const QJsonValue &m : messages) {
        if (m.toObject().value(QLatin1String("role")).toString() != QLatin1String("assistant"))
            continue;
        for (const QJsonValue &block : m.toObject().value(QLatin1String("content")).toArray()) {
            if (isUnsignedThinking(block))
                return true;
        }
    }
    return false;
}

// Adds, for each image block found, its base64 data size and one to the count.
void scanImages(const QJsonValue &v, qint64 *base64Units, qint64 *images)
{
    if (v.isArray()) {
        for (const QJsonValue &item : v.toArray())
            scanImages(item, base64Units, images);
        return;
    }
    if (!v.isObject())
        return;
    const QJsonObject o = v.toObject();
    if (o.value(QLatin1String("type")).toString() == QLatin1String("image")) {
        ++*images;
        const QJsonObject source = o.value(QLatin1String("source")).toObject();
        *base64Units += source.value(QLatin1String("data")).toString().size();
        return;
    }
    scanImages(o.value(QLatin1String("content")), base64Units, images);
}

} // namespace

ApiError MessagesRequest::parse(const QByteArray &body, Endpoint endpoint, MessagesRequest *out)
{
    if (scan(body, endpoint, out))
        return {};
    return parseDocument(body, endpoint, out);
}

namespace {

// The optional members of a request body. When the body has no members beyond the ones a
// request always has (the usual request), none needs a lookup: each is undefined.
struct OptionalMembers
{
    const QJsonObject &json;
    bool othersAbsent;
    QJsonValue operator()(QLatin1String key) const
    {
        return othersAbsent ? QJsonValue(QJsonValue::Undefined) : json.value(key);
    }
};

// What only /v1/messages takes: max_tokens, stream, stop_sequences, sampling, metadata.
ApiError checkGeneration(
    const QJsonValue &maxTokens, const QJsonValue &stream, const OptionalMembers &optional, MessagesRequest *out)
{
    if (maxTokens.isUndefined())
        return ApiError::invalidRequest(QStringLiteral("max_tokens: Field required"));
    if (!isInteger(maxTokens) || maxTokens.toDouble() < 0)
        return ApiError::invalidRequest(QStringLiteral("max_tokens: Input should be a non-negative integer"));
    out->maxTokens = qint64(maxTokens.toDouble());
    if (!stream.isUndefined() && !stream.isBool())
        return ApiError::invalidRequest(QStringLiteral("stream: Input should be a valid boolean"));
    out->stream = stream.toBool(false);
    const QJsonValue stops = optional(QLatin1String("stop_sequences"));
    if (!stops.isUndefined()) {
        if (!stops.isArray())
            return ApiError::invalidRequest(QStringLiteral("stop_sequences: Input should be a list of strings"));
        for (const QJsonValue &s : stops.toArray()) {
            if (!s.isString())
                return ApiError::invalidRequest(QStringLiteral("stop_sequences: Input should be a list of strings"));
        }
    }
    for (const char *key : {"temperature", "top_p"}) {
        const QJsonValue v = optional(QLatin1String(key));
        if (!v.isUndefined() && !v.isDouble())
            return ApiError::invalidRequest(QStringLiteral("%1: Input should be a number").arg(QLatin1String(key)));
    }
    const QJsonValue topK = optional(QLatin1String("top_k"));
    if (!topK.isUndefined() && !isInteger(topK))
        return ApiError::invalidRequest(QStringLiteral("top_k: Input should be an integer"));
    const QJsonValue metadata = optional(QLatin1String("metadata"));
    if (!metadata.isUndefined() && !metadata.isObject())
        return ApiError::invalidRequest(QStringLiteral("metadata: Input should be an object"));
    return {};
}

ApiError checkMessages(const QJsonValue &messages)
{
    if (messages.isUndefined())
        return ApiError::invalidRequest(QStringLiteral("messages: Field required"));
    if (!messages.isArray())
        return ApiError::invalidRequest(QStringLiteral("messages: Input should be a list"));
    const QJsonArray list = messages.toArray();
    if (list.isEmpty())
        return ApiError::invalidRequest(QStringLiteral("messages: at least one message is required"));
    for (qsizetype i = 0; i < list.size(); ++i) {
        const Where where {QLatin1String("messages"), i};
        if (!list.at(i).isObject())
            return ApiError::invalidRequest(where.text() + QStringLiteral(": Input should be an object"));
        const QJsonObject message = list.at(i).toObject();
        const QJsonValue role = message.value(QLatin1String("role"));
        if (!role.isString())
            return ApiError::invalidRequest(where.text() + QStringLiteral(".role: Field required"));
        const QString r = role.toString();
        if (r != QLatin1String("user") && r != QLatin1String("assistant") && r != QLatin1String("system"))
            return ApiError::invalidRequest(
                where.text() + QStringLiteral(".role: Input should be 'user', 'assistant' or 'system'"));
        if (!message.contains(QLatin1String("content")))
            return ApiError::invalidRequest(where.text() + QStringLiteral(".content: Field required"));
        if (ApiError e = checkContent(message.value(QLatin1String("content")), where); e.isError())
            return e;
    }
    return {};
}

// system, tools and tool_choice.
ApiError checkSystemAndTools(const OptionalMembers &optional, MessagesRequest *out)
{
    const QJsonValue system = optional(QLatin1String("system"));
    if (!system.isUndefined()) {
        if (ApiError e = checkContent(system, Where {QLatin1String("system")}); e.isError())
            return ApiError::invalidRequest(
                QStringLiteral("system: Input should be a string or a list of text blocks"));
    }
    const QJsonValue tools = optional(QLatin1String("tools"));
    if (!tools.isUndefined()) {
        if (!tools.isArray())
            return ApiError::invalidRequest(QStringLiteral("tools: Input should be a list"));
        for (qsizetype i = 0; i < tools.toArray().size(); ++i) {
            if (!tools.toArray().at(i).isObject())
                return ApiError::invalidRequest(QStringLiteral("tools.%1: Input should be an object").arg(i));
        }
        out->hasTools = !tools.toArray().isEmpty();
    }
    const QJsonValue toolChoice = optional(QLatin1String("tool_choice"));
    if (!toolChoice.isUndefined()
        && (!toolChoice.isObject() || !toolChoice.toObject().value(QLatin1String("type")).isString()))
        return ApiError::invalidRequest(QStringLiteral("tool_choice: Input should be an object with a type"));
    return {};
}

} // namespace

ApiError MessagesRequest::parseDocument(const QByteArray &body, Endpoint endpoint, MessagesRequest *out)
{
    *out = MessagesRequest();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return ApiError::invalidRequest(QStringLiteral("The request body is not valid JSON: %1 at offset %2")
                                            .arg(parseError.errorString())
                                            .arg(parseError.offset));
    if (!doc.isObject())
        return ApiError::invalidRequest(QStringLiteral("The request body must be a JSON object"));
    const QJsonObject json = doc.object();

    const QJsonValue undefined(QJsonValue::Undefined);
    const QJsonValue model = json.value(QLatin1String("model"));
    const QJsonValue maxTokens = endpoint == Endpoint::Messages ? json.value(QLatin1String("max_tokens")) : undefined;
    const QJsonValue stream = endpoint == Endpoint::Messages ? json.value(QLatin1String("stream")) : undefined;
    const QJsonValue messages = json.value(QLatin1String("messages"));
    const qsizetype known
        = !model.isUndefined() + !maxTokens.isUndefined() + !stream.isUndefined() + !messages.isUndefined();
    const OptionalMembers optional {json, known == json.size()};

    if (model.isUndefined())
        return ApiError::invalidRequest(QStringLiteral("model: Field required"));
    if (!model.isString() || model.toString().isEmpty())
        return ApiError::invalidRequest(QStringLiteral("model: Input should be a non-empty string"));
    if (findModelSpan(body, &out->modelBegin, &out->modelEnd) != 1)
        return ApiError::invalidRequest(QStringLiteral("model: must appear exactly once, as a plain key"));
    if (endpoint == Endpoint::Messages) {
        if (ApiError e = checkGeneration(maxTokens, stream, optional, out); e.isError())
            return e;
    }
    if (ApiError e = checkMessages(messages); e.isError())
        return e;
    if (ApiError e = checkSystemAndTools(optional, out); e.isError())
        return e;

    out->model = model.toString();
    scanImages(messages, &out->imageDataUnits, &out->images);
    out->unsignedThinking = anyUnsignedThinking(messages.toArray());
    out->m_body = body;
    out->m_json = json;
    return {};
}

const QJsonObject &MessagesRequest::json() const
{
    if (!m_json)
        m_json = QJsonDocument::fromJson(m_body).object();
    return *m_json;
}

QByteArray MessagesRequest::bodyWithModel(const QByteArray &body, const QString &upstreamModel) const
{
    if (upstreamModel == model || modelBegin < 0)
        return body;
    const QByteArray name = upstreamModel.toUtf8();
    // A name with nothing JSON escapes goes in as it is, quoted; anything else is quoted by
    // QJsonDocument (a document per request only for the rare name that needs it).
    const bool plain = std::none_of(name.cbegin(), name.cend(),
        [](char c) { return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20; });
    QByteArray literal;
    if (!plain) {
        const QByteArray quoted = QJsonDocument(QJsonArray {upstreamModel}).toJson(QJsonDocument::Compact);
        literal = quoted.mid(1, quoted.size() - 2); // quoted is ["..."]
    }
    QByteArray out;
    out.reserve(body.size() + name.size() + 2);
    out.append(QByteArrayView(body).first(modelBegin));
    if (plain)
        out.append('"').append(name).append('"');
    else
        out.append(literal);
    out.append(QByteArrayView(body).sliced(modelEnd));
    return out;
}

QByteArray MessagesRequest::bodyWithoutUnsignedThinking(const QString &upstreamModel) const
{
    QJsonArray messages;
    for (const QJsonValue &v : json().value(QLatin1String("messages")).toArray()) {
        QJsonObject m = v.toObject();
        if (m.value(QLatin1String("role")).toString() == QLatin1String("assistant")
            && m.value(QLatin1String("content")).isArray()) {
            QJsonArray kept;
            for (const QJsonValue &block : m.value(QLatin1String("content")).toArray()) {
                if (!isUnsignedThinking(block))
                    kept.append(block);
            }
            if (kept.isEmpty())
                continue;
            m.insert(QStringLiteral("content"), kept);
        }
        messages.append(m);
    }
    QJsonObject out = json();
    out.insert(QStringLiteral("messages"), messages);
    out.insert(QStringLiteral("model"), upstreamModel);
    return QJsonDocument(out).toJson(QJsonDocument::Compact);
}

qint64 MessagesRequest::worstCaseInputTokens(qint64 bodyBytes) const
{
    const qint64 bound = std::max<qint64>(0, bodyBytes - imageDataUnits) + images * kImageTokenBound;
    return std::min(std::max<qint64>(bound, 1), kMaxPromptTokens);
}

qint64 MessagesRequest::documentTextBytes(const QJsonObject &body)
{
    qint64 bytes = 0;
    addText(body.value(QLatin1String("system")), &bytes);
    addText(body.value(QLatin1String("messages")), &bytes);
    addText(body.value(QLatin1String("tools")), &bytes);
    return bytes;
}

qint64 MessagesRequest::estimateInputTokens() const
{
    if (m_estimate > 0)
        return m_estimate;
    const std::optional<qint64> scanned = scanTextBytes(m_body);
    const qint64 bytes = scanned ? *scanned : documentTextBytes(json());
    m_estimate = std::max<qint64>(1, (bytes + 3) / 4);
    return m_estimate;
}

} // namespace bytespike
