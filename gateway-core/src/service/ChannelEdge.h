#pragma once

#include "bytespike/Channel.h"
#include "protocol/UpstreamDecoder.h"
#include "protocol/anthropic/MessagesRequest.h"
#include "protocol/openai/ChatUpstream.h"

#include <QByteArray>

namespace bytespike {

// The upstream edge of one attempt, by the channel's protocol: what goes out, and the decoder
// that makes what comes back canonical.
//
// What goes upstream: the customer's bytes with the model replaced (anthropic and simulator
// channels), re-serialised without unsigned thinking, or translated for an openai channel (with
// how its answer is read back). A pure function, so it can be made off the thread.
struct UpstreamBody
{
    QByteArray body;
    ChatAnswerOptions chatAnswer;

    static UpstreamBody make(const MessagesRequest &request, const QByteArray &canonical, const Channel &channel,
        const QString &upstreamModel);
};

// The decoder for the channel's answer to request: Anthropic for anthropic and simulator channels
// (the simulator answers in Anthropic's form), OpenAI for openai channels (with the answer options
// the body was made with).
UpstreamDecoder decoderFor(const Channel &channel, const MessagesRequest &request, ChatAnswerOptions &&chatAnswer);

} // namespace bytespike
