#pragma once

#include "UpstreamCall.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>
#include <QTimer>

#include <random>

namespace bytespike {

// The built-in simulator channel: a local, deterministic model answering Anthropic Messages
// requests in-process with realistic usage and latency, so the product works with no provider
// key and no network. Its text starts with "[simulator]" so nobody mistakes it for a model.
//
// Faults for demos, chosen by "[[simulate:SPEC]]" in the last user message or a top-level
// "simulator": {"fault": "SPEC"}: overloaded (529), error500, rate_limited (429), refusal,
// drop (connection lost mid-answer), hang (never answers), slow (ten times the latency).
class SimulatorCall : public UpstreamCall
{
    Q_OBJECT
public:
    SimulatorCall(QByteArray requestBody, bool stream, double latencyScale, QObject *parent = nullptr);

    void start() override;
    void abort() override;
    void setPaused(bool paused) override;

    static QList<QString> simulatorModels();
    // Tokens the simulator charges for a prompt: ceil(UTF-8 bytes of its text / 4), at least 1.
    static qint64 promptTokens(const QJsonObject &request);

private:
    struct Block
    {
        QJsonObject start; // content_block_start payload
        QList<QJsonObject> deltas; // content_block_delta payloads
        QJsonObject whole; // the block as it appears in a non-stream message
    };

    // Everything the simulator answers, worked out from the request alone: a pure function of the
    // body, so a large request is worked out on a pool thread, as a real provider would do its work
    // elsewhere (the gateway thread never parses megabytes for it).
    struct Script
    {
        QString fault;
        QJsonValue model;
        QList<Block> blocks;
        QString stopReason;
        QString stopSequence;
        qint64 inputTokens = 0;
        qint64 outputTokens = 0;
        QList<QByteArray> frames; // streaming: every frame, in order
        int dropAfter = -1;
    };
    static Script write(const QByteArray &body, bool stream, const QString &messageId);
    static void plan(const QJsonObject &request, bool stream, const QString &messageId, Script *script);
    // The answer's words and text, cut at a stop sequence or max_tokens; sets the stop reason and
    // sequence.
    static QStringList writeWords(const QJsonObject &request, bool useTool, Script *script, QString *text);
    static Block textBlock(const QStringList &words, const QString &text);
    // A tool_use block calling the chosen tool (or the first) with placeholders for its required input.
    static Block toolBlock(const QJsonArray &tools, const QJsonObject &toolChoice);
    // Every event of the stream, message_start to message_stop.
    static void writeFrames(const QJsonValue &model, const QString &messageId, Script *script);
    // Starts answering from the script once it is written.
    void play(Script script);
    void emitNext();
    void schedule(int delayMs);
    void failWithStatus(int status, const QByteArray &type, const QString &message);

    QByteArray m_body;
    bool m_stream;
    double m_latencyScale;
    QTimer m_timer;
    bool m_aborted = false;
    bool m_started = false;
    bool m_paused = false;
    bool m_stepWaiting = false; // a step fell due while paused
    QString m_messageId;
    Script m_script; // its frames are consumed as they are sent
};

} // namespace bytespike
