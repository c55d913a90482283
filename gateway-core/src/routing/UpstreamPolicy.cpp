#include "UpstreamPolicy.h"

#include <QNetworkInterface>

namespace bytespike {

namespace {

using Subnets = QList<UpstreamPolicy::Subnet>;

Subnets parse(std::initializer_list<const char *> texts)
{
    Subnets out;
    for (const char *text : texts)
        out.append(QHostAddress::parseSubnet(QLatin1String(text)));
    return out;
}

bool inAny(const QHostAddress &address, const Subnets &subnets)
{
    for (const UpstreamPolicy::Subnet &subnet : subnets) {
        if (address.isInSubnet(subnet))
            return true;
    }
    return false;
}

// An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is judged as the IPv4 address it carries.
QHostAddress plain(const QHostAddress &address)
{
    bool mapped = false;
    const quint32 v4 = address.toIPv4Address(&mapped);
    return mapped && address.protocol() == QAbstractSocket::IPv6Protocol ? QHostAddress(v4) : address;
}

} // namespace

UpstreamPolicy::UpstreamPolicy(QList<Subnet> allow, bool denyPrivate, QList<QPair<QHostAddress, quint16>> ownListeners)
    : m_allow(std::move(allow))
    , m_denyPrivate(denyPrivate)
    , m_ownListeners(std::move(ownListeners))
{ }

bool UpstreamPolicy::isOwnListener(const QHostAddress &address, quint16 port) const
{
    for (const auto &[listening, listeningPort] : m_ownListeners) {
        if (listeningPort != port)
            continue;
        if (plain(listening) == address)
            return true;
        // A listener on every address answers on each of this machine's own.
        if (listening.isEqual(QHostAddress::AnyIPv4, QHostAddress::TolerantConversion)
            || listening.isEqual(QHostAddress::AnyIPv6, QHostAddress::TolerantConversion)) {
            if (address.isLoopback())
                return true;
            for (const QHostAddress &local : QNetworkInterface::allAddresses()) {
                if (plain(local) == address)
                    return true;
            }
        }
    }
    return false;
}

QString UpstreamPolicy::refusal(const QHostAddress &given, quint16 port) const
{
    const QHostAddress address = plain(given);
    for (const Subnet &subnet : m_allow) {
        if (address.isInSubnet(subnet))
            return {};
    }
    static const Subnets unspecified = parse({"0.0.0.0/8", "::/128"});
    static const Subnets broadcast = parse({"255.255.255.255/32"});
    // Cloud metadata services: AWS, GCP, Azure and others at 169.254.169.254 (and AWS's ECS and
    // IPv6 forms), Alibaba Cloud at 100.100.100.200, Azure's wire server at 168.63.129.16.
    static const Subnets metadata = parse(
        {"169.254.169.254/32", "169.254.170.2/32", "fd00:ec2::254/128", "100.100.100.200/32", "168.63.129.16/32"});
    static const Subnets privateUse
        = parse({"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7", "fec0::/10"});
    const QString text = address.toString();
    if (inAny(address, unspecified))
        return QStringLiteral("%1 is an unspecified address").arg(text);
    if (address.isMulticast() || inAny(address, broadcast))
        return QStringLiteral("%1 is a multicast or broadcast address").arg(text);
    if (inAny(address, metadata))
        return QStringLiteral("%1 is a cloud metadata address").arg(text);
    if (address.isLinkLocal())
        return QStringLiteral("%1 is a link-local address").arg(text);
    if (isOwnListener(address, port))
        return QStringLiteral("%1:%2 is this gateway's own listener").arg(text).arg(port);
    if (m_denyPrivate && (address.isLoopback() || inAny(address, privateUse)))
        return QStringLiteral("%1 is a loopback or private address (BYTESPIKE_UPSTREAM_DENY_PRIVATE=1)").arg(text);
    return {};
}

} // namespace bytespike
