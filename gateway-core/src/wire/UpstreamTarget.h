#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace bytespike {

// An upstream address and what a plain-HTTP call writes for it (request target, Host header),
// derived once: a channel's addresses live in the routing snapshot, so a request reuses them
// instead of parsing and re-encoding a URL every time.
struct UpstreamTarget
{
    UpstreamTarget() = default;
    explicit UpstreamTarget(const QUrl &address);

    QUrl url;
    QString host;
    quint16 port = 80;
    QByteArray requestTarget; // the path ("/" when empty) and query, encoded
    QByteArray authority; // host[:port] for the Host header; credentials never travel in it
};

} // namespace bytespike
