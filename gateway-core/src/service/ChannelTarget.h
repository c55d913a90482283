#pragma once

#include <QString>

#include <functional>

class QObject;

namespace bytespike {

struct Channel;
class UpstreamPolicy;

// Before a channel is saved: resolves its base URL's host and checks every address against the
// policy (UpstreamPolicy). done gets an empty string when the channel may be saved, or the
// refusal naming the rule; it runs on context's thread, later or at once. A host that does not
// resolve now is not refused (the call fails at connect time and the channel's state says so);
// no policy (before the gateway listens) refuses nothing.
void checkChannelTarget(const UpstreamPolicy *policy, const Channel &channel, QObject *context,
    std::function<void(const QString &refusal)> done);

} // namespace bytespike
