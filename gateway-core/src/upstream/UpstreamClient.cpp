#include "UpstreamClient.h"

#include "HttpUpstreamCall.h"

namespace bytespike {

UpstreamClient::UpstreamClient(QObject *parent)
    : QObject(parent)
    , m_pool(new UpstreamPool(this))
{ }

UpstreamClient::~UpstreamClient() = default;

UpstreamCall *UpstreamClient::createCall(UpstreamRequest request, QObject *parent)
{
    return new HttpUpstreamCall(m_pool, std::move(request), parent);
}

void UpstreamClient::setPolicy(std::shared_ptr<const UpstreamPolicy> policy)
{
    m_pool->setPolicy(std::move(policy));
}

} // namespace bytespike
