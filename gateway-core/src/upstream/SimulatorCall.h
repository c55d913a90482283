#pragma once

#include "UpstreamCall.h"

#include <QJsonObject>
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

    void plan();
    void emitNext();
    void schedule(int delayMs);
    void failWithStatus(int status, const QByteArray &type, const QString &message);

    QByteArray m_body;
    QJsonObject m_request;
    bool m_stream;
    double m_latencyScale;
    QString m_fault;
    QTimer m_timer;
    bool m_aborted = false;
    bool m_started = false;
    bool m_paused = false;
    bool m_stepWaiting = false; // a step fell due while paused
    std::mt19937_64 m_rng;

    QList<Block> m_blocks;
    QString m_stopReason;
    QString m_stopSequence;
    qint64 m_inputTokens = 0;
    qint64 m_outputTokens = 0;
    QString m_messageId;
    QList<QByteArray> m_frames; // streaming: frames still to send
    int m_dropAfter = -1;
};

} // namespace bytespike
