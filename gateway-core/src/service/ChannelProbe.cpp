#include "ChannelProbe.h"

#include "ChannelCall.h"
#include "GatewayRuntime.h"
#include "protocol/openai/ChatUpstream.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>

namespace bytespike {

namespace {
constexpr qsizetype kMaxErrorBody = 64 * 1024;
}

ChannelProbe::ChannelProbe(GatewayRuntime &runtime, SnapshotPtr snapshot, QString channelId, QString model,
    std::function<void(ChannelTestResult)> done, QObject *context)
    : QObject(context)
    , m_runtime(runtime)
    , m_snapshot(std::move(snapshot))
    , m_channelId(std::move(channelId))
    , m_model(std::move(model))
    , m_done(std::move(done))
{ }

void ChannelProbe::run(GatewayRuntime &runtime, SnapshotPtr snapshot, const ChannelRuntime &channel,
    const ModelRoute &route, QObject *context, std::function<void(ChannelTestResult)> done)
{
    auto *probe = new ChannelProbe(runtime, snapshot, channel.channel.id, route.model, std::move(done), context);
    if (!channel.unavailableReason.isEmpty()) {
        probe->finish(false, channel.unavailableReason);
        return;
    }
    const QJsonObject canonical {{QStringLiteral("model"), route.upstreamModel}, {QStringLiteral("max_tokens"), 1},
        {QStringLiteral("messages"),
            QJsonArray {QJsonObject {{QStringLiteral("role"), QStringLiteral("user")},
                {QStringLiteral("content"), QStringLiteral("ping")}}}}};
    const QByteArray body = channel.channel.protocol == ChannelProtocol::OpenAI
        ? ChatUpstream::requestFromMessages(canonical, route.upstreamModel, channel.channel.options)
        : QJsonDocument(canonical).toJson(QJsonDocument::Compact);
    probe->m_clock.start();
    probe->m_call = createChannelCall(runtime, channel, body, ChannelCallOptions {}, probe);
    connect(probe->m_call, &UpstreamCall::responseStarted, probe,
        [probe](int status, const HeaderPairs &) { probe->m_status = status; });
    connect(probe->m_call, &UpstreamCall::bodyData, probe, [probe](const QByteArray &chunk) {
        if (probe->m_body.size() < kMaxErrorBody)
            probe->m_body += chunk;
    });
    connect(probe->m_call, &UpstreamCall::finished, probe, [probe] {
        const bool ok = probe->m_status >= 200 && probe->m_status < 300;
        QString error;
        if (!ok) {
            // Both envelopes keep the message under error.message.
            const QJsonObject e
                = QJsonDocument::fromJson(probe->m_body).object().value(QStringLiteral("error")).toObject();
            error = QStringLiteral("HTTP %1: %2")
                        .arg(probe->m_status)
                        .arg(e.value(QStringLiteral("message")).toString(QStringLiteral("no error message")));
        }
        probe->finish(ok, error);
    });
    connect(probe->m_call, &UpstreamCall::failed, probe,
        [probe](UpstreamFailure, const QString &message) { probe->finish(false, message); });
    probe->m_call->start();
}

void ChannelProbe::finish(bool ok, const QString &error)
{
    const bool reached = m_clock.isValid();
    if (reached) {
        if (ok || (m_status != 0 && !isFailoverStatus(m_status)))
            m_runtime.breakers().succeeded(m_channelId);
        else
            m_runtime.breakers().failed(m_channelId, error);
    }
    const ChannelTestResult result {ok, m_channelId, m_model, m_status, reached ? m_clock.elapsed() : 0,
        m_runtime.breakers().state(m_channelId), error};
    // Deliver after the call's signal handler has returned, then go.
    QMetaObject::invokeMethod(
        this,
        [this, result] {
            m_done(result);
            deleteLater();
        },
        Qt::QueuedConnection);
}

} // namespace bytespike
