#pragma once
// What the golden-file tests (tst_golden, tst_codecs) share: how a case's options are read and
// how answers are put in a form that compares with the expected files.
#include "protocol/openai/ChatUpstream.h"
#include "wire/SseParser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace bytespike::golden {

// Generated ids and the "created" time replaced by fixed text, so runs compare.
inline QJsonValue normalise(const QJsonValue &v)
{
    if (v.isObject()) {
        QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (it.key() == QLatin1String("created"))
                it.value() = 0;
            else
                it.value() = normalise(it.value());
        }
        return o;
    }
    if (v.isArray()) {
        QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i)
            a[i] = normalise(a[i]);
        return a;
    }
    if (v.isString()) {
        static const QRegularExpression generated(QStringLiteral("^(msg_|chatcmpl-|toolu_)[A-Za-z0-9]{24}$"));
        const QRegularExpressionMatch m = generated.match(v.toString());
        if (m.hasMatch())
            return QString(m.captured(1) + QStringLiteral("<generated>"));
    }
    return v;
}

// Frames as [{"event": ..., "data": {...}}].
inline QJsonArray frameList(const QList<SseParser::Frame> &frames)
{
    QJsonArray out;
    for (const SseParser::Frame &f : frames)
        out.append(QJsonObject {{QStringLiteral("event"), QString::fromLatin1(f.event)},
            {QStringLiteral("data"), QJsonDocument::fromJson(f.data).object()}});
    return out;
}

// The data lines of an OpenAI chunk stream, "[DONE]" kept as text.
inline QJsonArray chunkList(const QByteArray &sse)
{
    QJsonArray out;
    for (const QByteArray &line : sse.split('\n')) {
        if (!line.startsWith("data: "))
            continue;
        const QByteArray data = line.mid(6);
        out.append(data == "[DONE]" ? QJsonValue(QStringLiteral("[DONE]"))
                                    : QJsonValue(QJsonDocument::fromJson(data).object()));
    }
    return out;
}

// A case's "__options" as the decoder's answer options.
inline ChatAnswerOptions answerOptions(const QJsonObject &o)
{
    ChatAnswerOptions options;
    options.exposeReasoning = o.value(QStringLiteral("expose_reasoning")).toBool();
    options.liveTools = o.value(QStringLiteral("live_tools")).toBool();
    options.usageRequested = o.value(QStringLiteral("usage_requested")).toBool(true);
    const QJsonObject names = o.value(QStringLiteral("tool_names")).toObject();
    for (auto it = names.begin(); it != names.end(); ++it)
        options.toolNames.insert(it.key(), it.value().toString());
    return options;
}

} // namespace bytespike::golden
