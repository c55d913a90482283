#include "HttpListener.h"

#include "HttpExchange.h"

#include <QHttpServerResponder>
#include <QTcpServer>

namespace bytespike {

HttpListener::HttpListener(Dispatch dispatch, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_dispatch(std::move(dispatch))
{ }

void HttpListener::stopAccepting()
{
    for (QTcpServer *server : servers())
        server->close();
}

bool HttpListener::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    m_dispatch(new HttpExchange(request, socket, makeResponder(request, socket)));
    return true;
}

void HttpListener::missingHandler(const QHttpServerRequest &, QTcpSocket *)
{
    // Every request is handled by dispatch; this is never reached.
}

} // namespace bytespike
