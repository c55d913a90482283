#include "SocketAddress.h"

#include <cstring>

#include <net/if.h>
#include <netinet/in.h>

namespace bytespike {

SocketAddress SocketAddress::from(const QHostAddress &address, quint16 port)
{
    SocketAddress out;
    if (address.protocol() == QAbstractSocket::IPv4Protocol) {
        auto *in = reinterpret_cast<sockaddr_in *>(&out.storage);
        in->sin_family = AF_INET;
        in->sin_port = htons(port);
        in->sin_addr.s_addr = htonl(address.toIPv4Address());
        out.length = sizeof(sockaddr_in);
    } else if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(&out.storage);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        std::memcpy(&in6->sin6_addr, &bytes, sizeof bytes);
        const QString scope = address.scopeId();
        if (!scope.isEmpty()) {
            bool numeric = false;
            in6->sin6_scope_id = scope.toUInt(&numeric);
            if (!numeric)
                in6->sin6_scope_id = ::if_nametoindex(scope.toLocal8Bit().constData());
        }
        out.length = sizeof(sockaddr_in6);
    }
    return out;
}

QHostAddress SocketAddress::address() const
{
    QHostAddress out;
    out.setAddress(data());
    return out;
}

quint16 SocketAddress::port() const
{
    if (storage.ss_family == AF_INET)
        return ntohs(reinterpret_cast<const sockaddr_in *>(&storage)->sin_port);
    if (storage.ss_family == AF_INET6)
        return ntohs(reinterpret_cast<const sockaddr_in6 *>(&storage)->sin6_port);
    return 0;
}

} // namespace bytespike
