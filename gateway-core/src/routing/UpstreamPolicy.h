#pragma once

#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>

namespace bytespike {

// Where a channel may send requests. A channel's base URL is operator input, and the gateway
// runs next to things an outsider must not reach through it: the cloud's metadata service, other
// link-local services, the gateway itself. Refused, unless a subnet in the allow list (operator
// configuration, BYTESPIKE_UPSTREAM_ALLOW) holds the address:
//   - unspecified addresses (0.0.0.0/8, ::), multicast and broadcast;
//   - link-local addresses (169.254.0.0/16, fe80::/10) and the cloud metadata addresses;
//   - one of the gateway's own listening addresses and ports (a request would come back to it);
//   - with denyPrivate (BYTESPIKE_UPSTREAM_DENY_PRIVATE=1), loopback and private ranges, which are
//     allowed by default because local model servers are a main use.
// Checked when a channel is saved (every address its host resolves to) and again for every
// address a call connects to, since a DNS answer can change. Immutable once built.
class UpstreamPolicy
{
public:
    using Subnet = QPair<QHostAddress, int>;

    UpstreamPolicy() = default;
    UpstreamPolicy(QList<Subnet> allow, bool denyPrivate, QList<QPair<QHostAddress, quint16>> ownListeners);

    // Empty when address:port may be used; otherwise why not, in words for an operator
    // ("169.254.169.254 is a cloud metadata address").
    QString refusal(const QHostAddress &address, quint16 port) const;

private:
    bool isOwnListener(const QHostAddress &address, quint16 port) const;

    QList<Subnet> m_allow;
    bool m_denyPrivate = false;
    QList<QPair<QHostAddress, quint16>> m_ownListeners;
};

} // namespace bytespike
