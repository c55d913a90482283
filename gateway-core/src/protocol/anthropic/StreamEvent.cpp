#include "StreamEvent.h"

#include "protocol/JsonCount.h"
#include "protocol/JsonScanner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QVarLengthArray>

#include <algorithm>
#include <cstring>

namespace bytespike {

namespace {

constexpr int kMaxInputKeys = 64; // bounds the look-up for repeated keys in a tool input object

// Message is a whole non-stream answer: its top level is what message_start nests under "message".
enum class EventKind { MessageStart, MessageDelta, BlockDelta, Message, Other };

// Where a value sits on the paths the relay reads; everything else is only validated. Input is
// anywhere inside a tool input object, which is counted by its size.
enum class Place { Top, Message, Usage, Delta, Content, Block, Input, Other };

// What a member's value is read for.
enum class Leaf { None, Counter, TextBytes, StopReason, ToolInput };

// The members of one object on a read path that matter, so a second one (a duplicate key, where
// the reference's answer depends on which one wins) makes the scan give up.
enum KeyBit : unsigned {
    kMessage = 1u << 0,
    kUsage = 1u << 1,
    kDelta = 1u << 2,
    kInput = 1u << 3,
    kOutput = 1u << 4,
    kCacheWrite = 1u << 5,
    kCacheRead = 1u << 6,
    kText = 1u << 7,
    kPartialJson = 1u << 8,
    kThinking = 1u << 9,
    kStopReason = 1u << 10,
    kToolInput = 1u << 11,
    kContent = 1u << 12,
};

EventKind kindOf(QByteArrayView event)
{
    if (JsonScanner::is(event, "content_block_delta"))
        return EventKind::BlockDelta;
    if (JsonScanner::is(event, "message_delta"))
        return EventKind::MessageDelta;
    if (JsonScanner::is(event, "message_start"))
        return EventKind::MessageStart;
    return EventKind::Other;
}

// A single forward pass over the bytes: validates the JSON grammar (JsonScanner) and reads the
// facts on the way.
class Scanner : public JsonScanner
{
public:
    Scanner(QByteArrayView data, EventKind kind, StreamEventFacts *facts)
        : JsonScanner(data)
        , m_kind(kind)
        , m_facts(facts)
    { }

    bool run()
    {
        skipSpace();
        if (m_p == m_end || *m_p != '{')
            return false;
        if (!object(m_kind == EventKind::Message ? Place::Message : Place::Top, 1))
            return false;
        skipSpace();
        return m_p == m_end;
    }

private:
    struct Member
    {
        Place place = Place::Other;
        Leaf leaf = Leaf::None;
        unsigned bit = 0;
        std::optional<qint64> *counter = nullptr;
    };

    Member member(Place place, QByteArrayView key)
    {
        UsageReport &usage = m_facts->usage;
        switch (place) {
        case Place::Top:
            if (is(key, "message"))
                return {m_kind == EventKind::MessageStart ? Place::Message : Place::Other, Leaf::None, kMessage};
            if (is(key, "usage"))
                return {m_kind == EventKind::MessageDelta ? Place::Usage : Place::Other, Leaf::None, kUsage};
            if (is(key, "delta"))
                return {
                    m_kind == EventKind::MessageDelta || m_kind == EventKind::BlockDelta ? Place::Delta : Place::Other,
                    Leaf::None, kDelta};
            return {};
        case Place::Message:
            if (is(key, "usage"))
                return {Place::Usage, Leaf::None, kUsage};
            if (m_kind != EventKind::Message)
                return {};
            if (is(key, "stop_reason"))
                return {Place::Other, Leaf::StopReason, kStopReason};
            if (is(key, "content"))
                return {Place::Content, Leaf::None, kContent};
            return {};
        case Place::Usage:
            if (is(key, "input_tokens"))
                return {Place::Other, Leaf::Counter, kInput, &usage.inputTokens};
            if (is(key, "output_tokens"))
                return {Place::Other, Leaf::Counter, kOutput, &usage.outputTokens};
            if (is(key, "cache_creation_input_tokens"))
                return {Place::Other, Leaf::Counter, kCacheWrite, &usage.cacheWriteTokens};
            if (is(key, "cache_read_input_tokens"))
                return {Place::Other, Leaf::Counter, kCacheRead, &usage.cacheReadTokens};
            return {};
        case Place::Delta:
            if (m_kind == EventKind::MessageDelta)
                return is(key, "stop_reason") ? Member {Place::Other, Leaf::StopReason, kStopReason} : Member {};
            return pieceMember(key);
        case Place::Block: return pieceMember(key);
        case Place::Input: return {Place::Input};
        case Place::Content:
        case Place::Other: return {};
        }
        return {};
    }

    // A content_block_delta's delta or a message's content block (generatedBytes).
    static Member pieceMember(QByteArrayView key)
    {
        if (is(key, "text"))
            return {Place::Other, Leaf::TextBytes, kText};
        if (is(key, "partial_json"))
            return {Place::Other, Leaf::TextBytes, kPartialJson};
        if (is(key, "thinking"))
            return {Place::Other, Leaf::TextBytes, kThinking};
        if (is(key, "input"))
            return {Place::Other, Leaf::ToolInput, kToolInput};
        return {};
    }

    bool object(Place place, int depth)
    {
        if (depth > kMaxDepth)
            return false;
        ++m_p; // '{'
        skipSpace();
        if (m_p != m_end && *m_p == '}') {
            ++m_p;
            return true;
        }
        if (place == Place::Usage)
            m_facts->usage.present = true;
        unsigned seen = 0;
        const qsizetype firstKey = m_inputKeys.size();
        while (true) {
            skipSpace();
            if (m_p == m_end || *m_p != '"')
                return false;
            Text key;
            if (!string(&key))
                return false;
            Member m;
            if (place != Place::Other) {
                if (key.escaped)
                    return false; // it might spell a name that is read, or repeat a tool input's key
                m = member(place, key.raw);
                if (seen & m.bit)
                    return false;
                seen |= m.bit;
                if (place == Place::Input && !takeInputKey(key.raw, firstKey))
                    return false;
            }
            skipSpace();
            if (m_p == m_end || *m_p != ':')
                return false;
            ++m_p;
            if (!value(m, depth))
                return false;
            skipSpace();
            if (m_p == m_end)
                return false;
            if (*m_p == '}') {
                ++m_p;
                if (place == Place::Input)
                    m_inputKeys.resize(firstKey);
                return true;
            }
            if (*m_p != ',')
                return false;
            ++m_p;
        }
    }

    // The reference re-serialises a tool input, which keeps one member per key: a repeated key
    // would not be counted twice.
    bool takeInputKey(QByteArrayView key, qsizetype firstKey)
    {
        if (m_inputKeys.size() - firstKey >= kMaxInputKeys)
            return false;
        if (std::find(m_inputKeys.cbegin() + firstKey, m_inputKeys.cend(), key) != m_inputKeys.cend())
            return false;
        m_inputKeys.append(key);
        return true;
    }

    bool array(Place elements, int depth)
    {
        if (depth > kMaxDepth)
            return false;
        ++m_p; // '['
        skipSpace();
        if (m_p != m_end && *m_p == ']') {
            ++m_p;
            return true;
        }
        while (true) {
            if (!value(Member {elements}, depth))
                return false;
            skipSpace();
            if (m_p == m_end)
                return false;
            if (*m_p == ']') {
                ++m_p;
                return true;
            }
            if (*m_p != ',')
                return false;
            ++m_p;
        }
    }

    bool value(const Member &m, int depth)
    {
        skipSpace();
        if (m_p == m_end)
            return false;
        if (m.leaf == Leaf::ToolInput)
            return toolInput(depth);
        switch (*m_p) {
        // A message's content is read only as an array of blocks.
        case '{': return object(m.place == Place::Content ? Place::Other : m.place, depth + 1);
        case '[': return array(elementPlace(m.place), depth + 1);
        case '"': {
            Text text;
            if (!string(&text))
                return false;
            if (m.leaf == Leaf::TextBytes) {
                m_facts->outputBytes += text.utf8Bytes;
            } else if (m.leaf == Leaf::StopReason) {
                if (text.escaped)
                    return false;
                m_facts->stopReason = QString::fromUtf8(text.raw);
                m_facts->refusal = is(text.raw, "refusal");
            }
            return true;
        }
        case 't': return literal("true");
        case 'f': return literal("false");
        case 'n': return literal("null");
        default: {
            const bool minus = *m_p == '-';
            qint64 number = 0;
            bool integer = false;
            if (!this->number(&number, &integer))
                return false;
            if (m.leaf == Leaf::Counter) {
                if (!integer)
                    return false; // a fraction: truncated like the reference, but left to it
                *m.counter = number;
            } else if (m.place == Place::Input) {
                if (!integer)
                    return false; // written back in its shortest form, left to the reference
                if (minus && number == 0)
                    ++m_droppedBytes; // written back as 0
            }
            return true;
        }
        }
    }

    static Place elementPlace(Place array)
    {
        switch (array) {
        case Place::Content: return Place::Block;
        case Place::Input: return Place::Input;
        default: return Place::Other;
        }
    }

    // generatedBytes counts a tool input as its object written back compactly ("{}" for a value
    // that is not an object): the bytes the object spans less those the compact form drops.
    bool toolInput(int depth)
    {
        if (*m_p != '{') {
            m_facts->outputBytes += 2;
            return value(Member {}, depth);
        }
        const char *start = m_p;
        const qint64 dropped = m_droppedBytes;
        if (!object(Place::Input, depth + 1))
            return false;
        m_facts->outputBytes += (m_p - start) - (m_droppedBytes - dropped);
        return true;
    }

    EventKind m_kind;
    StreamEventFacts *m_facts;
    QVarLengthArray<QByteArrayView, 16> m_inputKeys; // of the tool input objects open, innermost last
};

// A scanner of one event's fixed form: literals around its few values.
class FixedFormScanner : public JsonScanner
{
public:
    using JsonScanner::JsonScanner;

protected:
    // A content block's index: a non-negative integer.
    bool index()
    {
        qint64 value = 0;
        bool integer = false;
        return at() != '-' && number(&value, &integer) && integer;
    }
};

// The commonest event, a text delta, in the one form Anthropic writes it:
//   {"type":"content_block_delta","index":N,"delta":{"type":"text_delta","text":"..."}}
// Its one fact is the text's bytes, read without the general scan's look at every key. Any other
// form (other keys, spaces, another order) is left to the general scan.
class TextDeltaScanner : public FixedFormScanner
{
public:
    using FixedFormScanner::FixedFormScanner;

    std::optional<StreamEventFacts> run()
    {
        static constexpr QByteArrayView kHead = R"({"type":"content_block_delta","index":)";
        static constexpr QByteArrayView kMiddle = R"(,"delta":{"type":"text_delta","text":)";
        Text text;
        if (!literal(kHead) || !index() || !literal(kMiddle) || at() != '"' || !string(&text) || !literal("}}")
            || m_p != m_end)
            return std::nullopt;
        StreamEventFacts facts;
        facts.outputBytes = text.utf8Bytes;
        return facts;
    }
};

// The events that carry no fact, in the forms Anthropic writes them: a ping, the start of a text
// block and the stop of any block, the message's stop. Any other form is left to the general scan.
class FactlessScanner : public FixedFormScanner
{
public:
    using FixedFormScanner::FixedFormScanner;

    bool run()
    {
        if (literal(R"({"type":"content_block_stop","index":)"))
            return index() && literal("}") && m_p == m_end;
        if (literal(R"({"type":"content_block_start","index":)"))
            return index() && literal(R"(,"content_block":{"type":"text","text":""}})") && m_p == m_end;
        const QByteArrayView whole(m_p, m_end - m_p);
        return whole == R"({"type":"message_stop"})" || whole == R"({"type": "ping"})" || whole == R"({"type":"ping"})";
    }
};

std::optional<StreamEventFacts> scanned(QByteArrayView data, EventKind kind)
{
    if (kind == EventKind::BlockDelta) {
        if (std::optional<StreamEventFacts> facts = TextDeltaScanner(data).run())
            return facts;
    } else if (kind == EventKind::Other && FactlessScanner(data).run()) {
        return StreamEventFacts();
    }
    StreamEventFacts facts;
    if (!Scanner(data, kind, &facts).run())
        return std::nullopt;
    return facts;
}

} // namespace

UsageReport UsageReport::fromJson(const QJsonObject &usage)
{
    UsageReport report;
    if (usage.isEmpty())
        return report;
    report.present = true;
    auto take = [&usage](const char *key, std::optional<qint64> *field) {
        const QJsonValue v = usage.value(QLatin1String(key));
        if (v.isDouble())
            *field = jsonCount(v.toDouble());
    };
    take("input_tokens", &report.inputTokens);
    take("output_tokens", &report.outputTokens);
    take("cache_creation_input_tokens", &report.cacheWriteTokens);
    take("cache_read_input_tokens", &report.cacheReadTokens);
    return report;
}

void UsageReport::update(const UsageReport &newer)
{
    present |= newer.present;
    for (auto [mine, theirs] : {std::pair {&inputTokens, &newer.inputTokens},
             std::pair {&outputTokens, &newer.outputTokens}, std::pair {&cacheWriteTokens, &newer.cacheWriteTokens},
             std::pair {&cacheReadTokens, &newer.cacheReadTokens}}) {
        if (*theirs)
            *mine = *theirs;
    }
}

qint64 generatedBytes(const QJsonObject &piece)
{
    qint64 bytes = 0;
    for (const char *key : {"text", "partial_json", "thinking"})
        bytes += piece.value(QLatin1String(key)).toString().toUtf8().size();
    if (piece.contains(QStringLiteral("input")))
        bytes += QJsonDocument(piece.value(QStringLiteral("input")).toObject()).toJson(QJsonDocument::Compact).size();
    return bytes;
}

StreamEventFacts StreamEventFacts::fromMessage(const QJsonObject &message)
{
    StreamEventFacts facts;
    facts.usage = UsageReport::fromJson(message.value(QStringLiteral("usage")).toObject());
    facts.stopReason = message.value(QStringLiteral("stop_reason")).toString();
    facts.refusal = facts.stopReason == QLatin1String("refusal");
    for (const QJsonValue &block : message.value(QStringLiteral("content")).toArray())
        facts.outputBytes += generatedBytes(block.toObject());
    return facts;
}

StreamEventFacts StreamEventFacts::fromJson(QByteArrayView event, const QJsonObject &data)
{
    StreamEventFacts facts;
    switch (kindOf(event)) {
    case EventKind::MessageStart:
        facts.usage = UsageReport::fromJson(
            data.value(QStringLiteral("message")).toObject().value(QStringLiteral("usage")).toObject());
        break;
    case EventKind::MessageDelta:
        facts.usage = UsageReport::fromJson(data.value(QStringLiteral("usage")).toObject());
        facts.stopReason
            = data.value(QStringLiteral("delta")).toObject().value(QStringLiteral("stop_reason")).toString();
        facts.refusal = facts.stopReason == QLatin1String("refusal");
        break;
    case EventKind::BlockDelta:
        facts.outputBytes = generatedBytes(data.value(QStringLiteral("delta")).toObject());
        break;
    case EventKind::Message: // no event is named so
    case EventKind::Other: break;
    }
    return facts;
}

std::optional<StreamEventFacts> StreamEventFacts::scan(QByteArrayView event, QByteArrayView data)
{
    return scanned(data, kindOf(event));
}

std::optional<StreamEventFacts> StreamEventFacts::scanMessage(QByteArrayView body)
{
    return scanned(body, EventKind::Message);
}

} // namespace bytespike
