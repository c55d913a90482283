#pragma once

#include "ChatChunkScan.h"
#include "protocol/JsonScanner.h"

namespace bytespike {

// What the one-pass readers of OpenAI answers share (ChatTextChunk::scan and
// messageBodyFromCompletionBytes): keys on the read paths and the usage object.
class OpenAiScanner : public JsonScanner
{
public:
    using JsonScanner::JsonScanner;

protected:
    // Keys on the read paths: an escaped one might spell a name that is read.
    bool readKey(Text *key) { return next() == '"' && string(key) && !key->escaped && take(':'); }

    // A top-level usage value: an object's figures go to *out, anything else reads as no usage.
    bool readUsage(OpenAiUsageFigures *out)
    {
        if (next() != '{')
            return skipValue(1); // not an object: no usage
        ++m_p;
        out->isObject = true;
        enum : unsigned { kPrompt = 1, kCompletion = 2, kCacheHit = 4, kDetails = 8 };
        unsigned seen = 0;
        if (take('}'))
            return true;
        out->isEmpty = false;
        do {
            Text key;
            if (!readKey(&key))
                return false;
            qint64 *count = nullptr;
            unsigned bit = 0;
            if (is(key.raw, "prompt_tokens"))
                count = &out->prompt, bit = kPrompt;
            else if (is(key.raw, "completion_tokens"))
                count = &out->completion, bit = kCompletion;
            else if (is(key.raw, "prompt_cache_hit_tokens"))
                count = &out->cacheHit, bit = kCacheHit;
            else if (is(key.raw, "prompt_tokens_details"))
                bit = kDetails;
            if (!once(&seen, bit))
                return false;
            if (!(bit == kDetails ? readDetails(out) : count ? readCount(count, 2) : skipValue(2)))
                return false;
        } while (take(','));
        return take('}');
    }

private:
    bool readDetails(OpenAiUsageFigures *out)
    {
        if (next() != '{')
            return skipValue(2); // not an object: its counts read as 0
        ++m_p;
        unsigned seen = 0;
        if (take('}'))
            return true;
        do {
            Text key;
            if (!readKey(&key))
                return false;
            if (is(key.raw, "cached_tokens")) {
                if (!once(&seen, 1u) || !readCount(&out->cached, 3))
                    return false;
            } else if (is(key.raw, "cache_write_tokens")) {
                if (!once(&seen, 2u) || !readCount(&out->cacheWrite, 3))
                    return false;
            } else if (!skipValue(3)) {
                return false;
            }
        } while (take(','));
        return take('}');
    }

    // An integer count; any other value but a number reads as 0, and a fraction is left to the
    // document path.
    bool readCount(qint64 *out, int depth)
    {
        const char c = next();
        if (c != '-' && !isDigit(c))
            return skipValue(depth);
        bool integer = false;
        return number(out, &integer) && integer;
    }
};

} // namespace bytespike
