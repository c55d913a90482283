#pragma once

#include "UpstreamCall.h"

#include <QList>
#include <QObject>

#include <memory>

class QNetworkAccessManager;

namespace bytespike {

class PlainHttpPool;
class UpstreamPolicy;

// Makes HTTP calls to upstream providers. https:// (and every URL when
// BYTESPIKE_UPSTREAM_CLIENT=qnam) goes through QNetworkAccessManager: TLS, HTTP/2, proxies.
// QNAM opens at most six HTTP/1.1 connections per host, and Qt 6.4 has no setting to raise
// that, so the client keeps a pool of managers and gives each new call to one with a free
// connection slot; HTTP/2 multiplexes within one manager anyway. Plain http:// goes through
// PlainHttpCall, which costs a fraction of QNAM per request (docs/BENCHMARKS.md).
class UpstreamClient : public QObject
{
    Q_OBJECT
public:
    // plainHttp false sends http:// channels through QNetworkAccessManager as well, the path
    // https:// channels always take (GatewayConfig::upstreamQnamOnly).
    explicit UpstreamClient(bool plainHttp = true, QObject *parent = nullptr);
    ~UpstreamClient() override;

    // The call is parented to parent and starts when start() is called.
    UpstreamCall *createCall(UpstreamRequest request, QObject *parent);

    QNetworkAccessManager *acquire();
    void release(QNetworkAccessManager *manager);

    // Where calls may connect (UpstreamPolicy); checked for every address a call connects to.
    void setPolicy(std::shared_ptr<const UpstreamPolicy> policy);
    const std::shared_ptr<const UpstreamPolicy> &policy() const { return m_policy; }

private:
    PlainHttpPool *m_plain;
    bool m_plainEnabled;
    struct Slot
    {
        QNetworkAccessManager *manager;
        int active;
    };
    QList<Slot> m_pool;
    std::shared_ptr<const UpstreamPolicy> m_policy;
};

} // namespace bytespike
