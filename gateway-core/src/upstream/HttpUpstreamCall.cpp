#include "HttpUpstreamCall.h"

#include "PlainHttpCall.h"
#include "UpstreamClient.h"

#include "routing/UpstreamPolicy.h"

#include <QHostInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace bytespike {

namespace {
constexpr int kPerManagerConnections = 6; // QNetworkAccessManager's HTTP/1.1 limit per host
constexpr qint64 kReadBufferBytes = 256 * 1024;
} // namespace

UpstreamClient::UpstreamClient(bool plainHttp, QObject *parent)
    : QObject(parent)
    , m_plain(new PlainHttpPool(this))
    , m_plainEnabled(plainHttp)
{ }

UpstreamClient::~UpstreamClient() = default;

UpstreamCall *UpstreamClient::createCall(UpstreamRequest request, QObject *parent)
{
    if (m_plainEnabled && request.target.url.scheme() == QLatin1String("http"))
        return new PlainHttpCall(m_plain, std::move(request), parent);
    return new HttpUpstreamCall(this, std::move(request), parent);
}

void UpstreamClient::setPolicy(std::shared_ptr<const UpstreamPolicy> policy)
{
    m_policy = policy;
    m_plain->setPolicy(std::move(policy));
}

QNetworkAccessManager *UpstreamClient::acquire()
{
    for (Slot &slot : m_pool) {
        if (slot.active < kPerManagerConnections) {
            ++slot.active;
            return slot.manager;
        }
    }
    auto *manager = new QNetworkAccessManager(this);
    manager->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    manager->setAutoDeleteReplies(false);
    m_pool.append({manager, 1});
    return manager;
}

void UpstreamClient::release(QNetworkAccessManager *manager)
{
    for (Slot &slot : m_pool) {
        if (slot.manager == manager) {
            --slot.active;
            return;
        }
    }
}

HttpUpstreamCall::HttpUpstreamCall(UpstreamClient *client, UpstreamRequest request, QObject *parent)
    : UpstreamCall(parent)
    , m_client(client)
    , m_request(std::move(request))
{
    armTimeouts(this, m_request, m_connectTimer, m_firstByteTimer, m_idleTimer,
        [this](UpstreamFailure failure, const QString &message) { fail(failure, message); });
}

HttpUpstreamCall::~HttpUpstreamCall()
{
    cleanup();
}

void HttpUpstreamCall::start()
{
    m_connectTimer.start(m_request.connectTimeoutMs);
    m_firstByteTimer.start(m_request.firstByteTimeoutMs);
    const std::shared_ptr<const UpstreamPolicy> policy = m_client->policy();
    if (!policy) {
        send();
        return;
    }
    // QNAM resolves the host itself; the addresses are checked first from the same lookup cache
    // (QHostInfo's), so what it connects to is what was checked, short of a DNS change within the
    // cache's minute. The plain-HTTP client checks the very address it connects to.
    const auto check = [this, policy](const QHostInfo &info) {
        m_lookupId = -1;
        if (m_done)
            return;
        if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
            fail(UpstreamFailure::Connect, info.errorString());
            return;
        }
        for (const QHostAddress &address : info.addresses()) {
            if (const QString why = policy->refusal(address, m_request.target.port); !why.isEmpty()) {
                fail(UpstreamFailure::Connect, QStringLiteral("refused by the upstream policy: ") + why);
                return;
            }
        }
        send();
    };
    QHostAddress literal;
    if (literal.setAddress(m_request.target.host)) {
        QHostInfo info;
        info.setAddresses({literal});
        // Reported from the event loop, never from inside start().
        QMetaObject::invokeMethod(
            this, [check, info] { check(info); }, Qt::QueuedConnection);
        return;
    }
    m_lookupId = QHostInfo::lookupHost(m_request.target.host, this, check);
}

void HttpUpstreamCall::send()
{
    QNetworkRequest request(m_request.target.url);
    for (const auto &h : m_request.headers)
        request.setRawHeader(h.first, h.second);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, true);
    request.setTransferTimeout(0); // the timers below own timing
    m_manager = m_client->acquire();
    m_reply = m_manager->post(request, m_request.body);
    // While the call is paused (backpressure) QNAM stops reading the socket once this much waits.
    m_reply->setReadBufferSize(kReadBufferBytes);
    connect(m_reply, &QNetworkReply::requestSent, this, [this] { m_connectTimer.stop(); });
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &HttpUpstreamCall::onMetaData);
    connect(m_reply, &QNetworkReply::readyRead, this, &HttpUpstreamCall::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &HttpUpstreamCall::onFinished);
}

void HttpUpstreamCall::onMetaData()
{
    if (m_started || m_done)
        return;
    const QVariant status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!status.isValid())
        return;
    m_started = true;
    m_connectTimer.stop();
    m_firstByteTimer.stop();
    m_idleTimer.start(m_request.idleTimeoutMs);
    HeaderPairs headers;
    for (const auto &pair : m_reply->rawHeaderPairs())
        headers.append({pair.first.toLower(), pair.second});
    Q_EMIT responseStarted(status.toInt(), headers);
}

void HttpUpstreamCall::setPaused(bool paused)
{
    if (m_done || paused == m_paused)
        return;
    m_paused = paused;
    if (paused) {
        m_idleTimer.stop();
        return;
    }
    if (m_started)
        m_idleTimer.start(m_request.idleTimeoutMs);
    if (m_reply && m_reply->bytesAvailable() > 0)
        onReadyRead();
    if (m_finishWaiting && !m_done) {
        m_finishWaiting = false;
        onFinished();
    }
}

void HttpUpstreamCall::onReadyRead()
{
    if (m_done || m_paused)
        return;
    if (!m_started)
        onMetaData();
    if (m_done)
        return;
    m_idleTimer.start(m_request.idleTimeoutMs);
    const QByteArray chunk = m_reply->readAll();
    if (!chunk.isEmpty())
        Q_EMIT bodyData(chunk);
}

void HttpUpstreamCall::onFinished()
{
    if (m_done)
        return;
    if (m_paused) {
        m_finishWaiting = true;
        return;
    }
    if (!m_started)
        onMetaData();
    if (m_done)
        return;
    if (m_reply->bytesAvailable() > 0)
        onReadyRead();
    if (m_done)
        return;
    const QNetworkReply::NetworkError error = m_reply->error();
    // HTTP error statuses still carry a whole body: they are answers, not failures.
    // With a status line received, any error QNAM reports for a 4xx/5xx is the HTTP answer itself
    // (it maps 400 to ProtocolInvalidOperationError, 404 to ContentNotFoundError, ...). Only
    // connection and proxy errors, or a broken response framing, mean the transfer failed.
    const bool connectionError
        = error >= QNetworkReply::ConnectionRefusedError && error < QNetworkReply::ContentAccessDenied;
    const bool transportError = connectionError || error == QNetworkReply::ProtocolFailure;
    if (transportError) {
        fail(m_started ? UpstreamFailure::Dropped : UpstreamFailure::Connect, m_reply->errorString());
        return;
    }
    if (!m_started) {
        fail(UpstreamFailure::Connect, m_reply->errorString());
        return;
    }
    m_done = true;
    cleanup();
    Q_EMIT finished();
}

void HttpUpstreamCall::fail(UpstreamFailure failure, const QString &message)
{
    if (m_done)
        return;
    m_done = true;
    cleanup();
    Q_EMIT failed(failure, message);
}

void HttpUpstreamCall::abort()
{
    m_done = true;
    cleanup();
}

void HttpUpstreamCall::cleanup()
{
    if (m_lookupId >= 0) {
        QHostInfo::abortHostLookup(m_lookupId);
        m_lookupId = -1;
    }
    m_connectTimer.stop();
    m_firstByteTimer.stop();
    m_idleTimer.stop();
    if (m_reply) {
        QNetworkReply *reply = m_reply;
        m_reply = nullptr;
        reply->disconnect(this);
        if (reply->isRunning())
            reply->abort();
        reply->deleteLater();
    }
    if (m_manager) {
        m_client->release(m_manager);
        m_manager = nullptr;
    }
}

} // namespace bytespike
