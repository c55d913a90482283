#pragma once

#include "bytespike/AdminTypes.h"
#include "routing/RoutingSnapshot.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>

#include <functional>

namespace bytespike {

class GatewayRuntime;
class UpstreamCall;

// POST /admin/channels/{id}/test (issue 5, item 8): one minimal request (max_tokens 1, "ping")
// to a model of the channel, outside any customer account (no hold, no bill, no request row),
// reporting the status, the latency and the error if any. The outcome feeds the channel's
// circuit breaker, so a passing test after a fix brings the channel back at once.
class ChannelProbe : public QObject
{
    Q_OBJECT
public:
    // done receives the outcome (ChannelTestResult); the probe deletes itself.
    static void run(GatewayRuntime &runtime, SnapshotPtr snapshot, const ChannelRuntime &channel,
        const ModelRoute &route, QObject *context, std::function<void(ChannelTestResult)> done);

private:
    ChannelProbe(GatewayRuntime &runtime, SnapshotPtr snapshot, QString channelId, QString model,
        std::function<void(ChannelTestResult)> done, QObject *context);
    void finish(bool ok, const QString &error);

    GatewayRuntime &m_runtime;
    SnapshotPtr m_snapshot; // keeps the channel alive while the call runs
    QString m_channelId;
    QString m_model;
    std::function<void(ChannelTestResult)> m_done;
    QElapsedTimer m_clock;
    int m_status = 0;
    QByteArray m_body;
    UpstreamCall *m_call = nullptr;
};

} // namespace bytespike
