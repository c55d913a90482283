#include "UpstreamCall.h"

#include <QTimer>

namespace bytespike {

UpstreamTarget::UpstreamTarget(const QUrl &address)
    : url(address)
    , host(address.host())
    , port(quint16(address.port(address.scheme() == QLatin1String("https") ? 443 : 80)))
    , requestTarget(address.path(QUrl::FullyEncoded).toLatin1())
{
    if (requestTarget.isEmpty())
        requestTarget = "/";
    if (address.hasQuery())
        requestTarget += '?' + address.query(QUrl::FullyEncoded).toLatin1();
    QUrl hostPart = address;
    hostPart.setUserInfo({});
    authority = hostPart.authority(QUrl::FullyEncoded).toLatin1();
}

void armTimeouts(QObject *owner, const UpstreamRequest &request, QTimer &connect, QTimer &firstByte, QTimer &idle,
    const std::function<void(UpstreamFailure, const QString &)> &fail)
{
    for (QTimer *timer : {&connect, &firstByte, &idle}) {
        timer->setSingleShot(true);
        timer->setTimerType(Qt::PreciseTimer);
    }
    QObject::connect(&connect, &QTimer::timeout, owner, [fail, ms = request.connectTimeoutMs] {
        fail(UpstreamFailure::Connect, QStringLiteral("connect timeout after %1 ms").arg(ms));
    });
    QObject::connect(&firstByte, &QTimer::timeout, owner, [fail, ms = request.firstByteTimeoutMs] {
        fail(UpstreamFailure::FirstByteTimeout, QStringLiteral("no response within %1 ms").arg(ms));
    });
    QObject::connect(&idle, &QTimer::timeout, owner, [fail, ms = request.idleTimeoutMs] {
        fail(UpstreamFailure::IdleTimeout, QStringLiteral("the response stalled for %1 ms").arg(ms));
    });
}

} // namespace bytespike
