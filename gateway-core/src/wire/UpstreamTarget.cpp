#include "UpstreamTarget.h"

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

} // namespace bytespike
