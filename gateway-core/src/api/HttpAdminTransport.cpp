// The AdminClient over HTTP: for a console attached to a gateway that runs elsewhere.
#include "bytespike/AdminClient.h"
#include "bytespike/AdminRoutes.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace bytespike {

namespace {

// A request that receives nothing for this long is given up: longer than a hold may stay open,
// so that a slow whole answer still arrives (a stream's pings keep it alive anyway).
constexpr int kTransferTimeoutMs = 15 * 60 * 1000;

// One HTTP request. It owns its network manager, so it works on whichever thread sent it.
class HttpReply : public TransportReply
{
public:
    HttpReply(const QByteArray &method, const QUrl &url, const QByteArray &body, const HeaderList &headers)
        : m_manager(new QNetworkAccessManager(this))
    {
        QNetworkRequest request(url);
        request.setTransferTimeout(kTransferTimeoutMs);
        // A redirect would carry the admin token to wherever it points: it is an answer, not a hop.
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        for (const auto &h : headers)
            request.setRawHeader(h.first, h.second);
        m_reply = m_manager->sendCustomRequest(request, method, body);
        connect(m_reply, &QNetworkReply::metaDataChanged, this, [this] { onHead(); });
        connect(m_reply, &QNetworkReply::readyRead, this, [this] {
            onHead();
            reportData(m_reply->readAll());
        });
        connect(m_reply, &QNetworkReply::finished, this, [this] {
            onHead();
            if (m_reply->bytesAvailable() > 0)
                reportData(m_reply->readAll());
            const QNetworkReply::NetworkError error = m_reply->error();
            // An HTTP error status is still a complete answer; a transport failure or a cancel
            // is not.
            const bool complete = !m_cancelled && (error == QNetworkReply::NoError || m_status > 0);
            m_reply->deleteLater();
            m_reply = nullptr;
            reportEnd(complete);
        });
    }

    void cancel() override
    {
        m_cancelled = true;
        if (m_reply)
            m_reply->abort();
    }

private:
    void onHead()
    {
        const QVariant status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
        if (m_status > 0 || !status.isValid())
            return;
        m_status = status.toInt();
        HeaderList headers;
        for (const auto &pair : m_reply->rawHeaderPairs())
            headers.append({pair.first.toLower(), pair.second});
        setRequestId(m_reply->rawHeader("request-id"));
        reportHead(m_status, headers);
    }

    QNetworkAccessManager *m_manager;
    QNetworkReply *m_reply = nullptr;
    int m_status = 0;
    bool m_cancelled = false;
};

} // namespace

HttpAdminTransport::HttpAdminTransport(QString baseUrl, QByteArray adminToken)
    : m_baseUrl(std::move(baseUrl))
    , m_token(std::move(adminToken))
{ }

HttpAdminTransport::~HttpAdminTransport() = default;

TransportReply *HttpAdminTransport::send(
    const QByteArray &method, const QString &target, const QByteArray &body, const HeaderList &headers)
{
    HeaderList all = headers;
    // The admin token goes to the admin area only; a model request carries a customer key.
    if (!m_token.isEmpty() && isAdminPath(target.section(QLatin1Char('?'), 0, 0)))
        all.append({"authorization", "Bearer " + m_token});
    QString base = m_baseUrl;
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    return new HttpReply(method, QUrl(base + target), body, all);
}

} // namespace bytespike
