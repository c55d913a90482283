#pragma once

#include "UpstreamCall.h"

#include <QObject>

#include <memory>

namespace bytespike {

class UpstreamPool;
class UpstreamPolicy;

// Makes HTTP calls to upstream providers, http:// and https:// alike, over one pool of keep-alive
// connections per origin (HttpUpstreamCall, UpstreamConnection). Gateway thread only.
class UpstreamClient : public QObject
{
    Q_OBJECT
public:
    explicit UpstreamClient(QObject *parent = nullptr);
    ~UpstreamClient() override;

    // The call is parented to parent and starts when start() is called.
    UpstreamCall *createCall(UpstreamRequest request, QObject *parent);

    // Where calls may connect (UpstreamPolicy); checked for every address a call connects to.
    void setPolicy(std::shared_ptr<const UpstreamPolicy> policy);

private:
    UpstreamPool *m_pool;
};

} // namespace bytespike
