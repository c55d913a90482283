#pragma once

#include <QHostAddress>

#include <sys/socket.h>

namespace bytespike {

// A QHostAddress and port as the socket calls take them, and back. Qt keeps this conversion
// private; the listener and the plain-HTTP upstream client both work on raw descriptors.
struct SocketAddress
{
    sockaddr_storage storage {};
    socklen_t length = 0;

    // Empty (length 0) for an address that is neither IPv4 nor IPv6.
    static SocketAddress from(const QHostAddress &address, quint16 port);
    // The address and port of storage (IPv4-mapped IPv6 addresses stay IPv6).
    QHostAddress address() const;
    quint16 port() const;
    const sockaddr *data() const { return reinterpret_cast<const sockaddr *>(&storage); }
    sockaddr *data() { return reinterpret_cast<sockaddr *>(&storage); }
};

} // namespace bytespike
