#pragma once

#include "UpstreamTarget.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace bytespike {

// A proxy that connections are tunnelled through with CONNECT: http:// (the CONNECT in the clear)
// or https:// (TLS to the proxy first, verified against the system's CAs; the CONNECT, its
// credentials and the tunnel inside it).
struct ProxyEndpoint
{
    QString host;
    quint16 port = 0;
    QByteArray authorization; // a Proxy-Authorization value ("Basic ..."), or empty
    bool tls = false; // an https:// proxy

    bool operator==(const ProxyEndpoint &) const = default;
};

// Reads "http://host:port" or "https://host:port" (the port defaults to 80 or 443) into out. Credentials in the URL
// ("http://user:password@host:port") are taken only when allowCredentials is set (the
// environment's proxy variables); a channel names its proxy credentials by a secret reference
// instead, so that no password is ever stored with the channel.
bool parseProxyUrl(const QString &text, bool allowCredentials, ProxyEndpoint *out, QString *error);
// "Basic base64(user:password)" for a "user:password" secret.
QByteArray basicProxyAuthorization(const QByteArray &userColonPassword);

// The proxies of the environment: HTTP_PROXY for http:// upstreams, HTTPS_PROXY for https://
// ones (the lower-case names win, as in curl), and NO_PROXY's exceptions: "*", host names that
// match themselves and their subdomains (a leading dot or "*." is the same), IP addresses and
// CIDR subnets for literal addresses. Loopback hosts never go through an environment proxy.
struct ProxySettings
{
    std::optional<ProxyEndpoint> http;
    std::optional<ProxyEndpoint> https;
    QStringList noProxy;

    // false with the variable named in error when a proxy URL is malformed.
    static bool fromEnvironment(ProxySettings *out, QString *error);
    std::optional<ProxyEndpoint> forTarget(const UpstreamTarget &target) const;
    bool bypasses(const QString &host) const;
};

// Where an upstream call's connection goes and how: the upstream's host and port, TLS (https://)
// with the trust it verifies against, and the proxy it is tunnelled through. A channel's origin is
// made once per routing snapshot; connections are pooled per origin (key), so two channels on the
// same host with different trust or proxies never share one.
struct UpstreamOrigin
{
    QString host;
    quint16 port = 0;
    bool tls = false;
    QString caFile; // a PEM file whose certificates are the only trusted ones; empty: the system store
    std::optional<ProxyEndpoint> proxy;
    QString key;

    static std::shared_ptr<const UpstreamOrigin> make(
        const UpstreamTarget &target, QString caFile = {}, std::optional<ProxyEndpoint> proxy = {});
};

} // namespace bytespike
