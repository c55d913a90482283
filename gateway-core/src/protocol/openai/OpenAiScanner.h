#pragma once

#include "ChatChunkScan.h"
#include "protocol/JsonScanner.h"

namespace bytespike {

// What the one-pass readers of OpenAI answers share (ChatTextChunk::scan and
// messageBodyFromCompletionBytes): a choice and the usage object.
class OpenAiScanner : public JsonScanner
{
public:
    using JsonScanner::JsonScanner;

protected:
    // A choice (m_p at its '{'): its body (the member named body, an object: a chunk's delta or a
    // completion's message) goes to readBody at its '{', finish_reason to readFinish; other
    // members are only checked.
    template <typename Body, typename Finish> bool readChoice(QByteArrayView body, Body &&readBody, Finish &&readFinish)
    {
        unsigned seen = 0;
        return members(3, [&](QByteArrayView key) {
            if (key == body)
                return once(&seen, 1u) && next() == '{' && readBody();
            if (is(key, "finish_reason"))
                return once(&seen, 2u) && readFinish();
            return skipValue(3);
        });
    }

    // A top-level usage value: an object's figures go to *out, anything else reads as no usage.
    bool readUsage(OpenAiUsageFigures *out)
    {
        if (next() != '{')
            return skipValue(1); // not an object: no usage
        out->isObject = true;
        unsigned seen = 0;
        return members(2, [&](QByteArrayView key) {
            out->isEmpty = false;
            if (is(key, "prompt_tokens_details"))
                return once(&seen, 1u) && readDetails(out);
            const std::pair<QByteArrayView, qint64 *> counts[] = {{"prompt_tokens", &out->prompt},
                {"completion_tokens", &out->completion}, {"prompt_cache_hit_tokens", &out->cacheHit}};
            for (unsigned i = 0; i < std::size(counts); ++i) {
                if (key == counts[i].first)
                    return once(&seen, 2u << i) && readCount(counts[i].second, 2);
            }
            return skipValue(2);
        });
    }

private:
    bool readDetails(OpenAiUsageFigures *out)
    {
        if (next() != '{')
            return skipValue(2); // not an object: its counts read as 0
        unsigned seen = 0;
        return members(3, [&](QByteArrayView key) {
            if (is(key, "cached_tokens"))
                return once(&seen, 1u) && readCount(&out->cached, 3);
            if (is(key, "cache_write_tokens"))
                return once(&seen, 2u) && readCount(&out->cacheWrite, 3);
            return skipValue(3);
        });
    }
};

} // namespace bytespike
