#pragma once

#include "UpstreamCall.h"

#include <QPointer>
#include <QTimer>

class QNetworkAccessManager;
class QNetworkReply;

namespace bytespike {

class UpstreamClient;

// An upstream call over QNetworkAccessManager: streaming reads, connect / first-byte / idle
// timeouts on monotonic timers, and abort() that cancels the request at once.
class HttpUpstreamCall : public UpstreamCall
{
    Q_OBJECT
public:
    HttpUpstreamCall(UpstreamClient *client, UpstreamRequest request, QObject *parent);
    ~HttpUpstreamCall() override;

    void start() override;
    void abort() override;
    void setPaused(bool paused) override;

private:
    // Sends the request once every address of the host passed the UpstreamPolicy.
    void send();
    void onMetaData();
    void onReadyRead();
    void onFinished();
    void fail(UpstreamFailure failure, const QString &message);
    void cleanup();

    UpstreamClient *m_client;
    UpstreamRequest m_request;
    QNetworkAccessManager *m_manager = nullptr;
    QPointer<QNetworkReply> m_reply;
    QTimer m_connectTimer;
    QTimer m_firstByteTimer;
    QTimer m_idleTimer;
    bool m_started = false;
    bool m_done = false;
    bool m_paused = false;
    bool m_finishWaiting = false; // the reply finished while paused
    int m_lookupId = -1;
};

} // namespace bytespike
