// MessagesRequest::scan: a request validated and read in one pass over its bytes, the way
// parseDocument reads it from a QJsonDocument, without building the document.
#include "MessagesRequest.h"

#include "protocol/JsonScanner.h"

namespace bytespike {

namespace {

// Members of one object that are read, so a second one (a repeated key, where the reference's
// answer depends on which one wins) makes the scan give up.
enum KeyBit : unsigned {
    kModel = 1u << 0,
    kMaxTokens = 1u << 1,
    kStream = 1u << 2,
    kMessages = 1u << 3,
    kSystem = 1u << 4,
    kTools = 1u << 5,
    kToolChoice = 1u << 6,
    kStopSequences = 1u << 7,
    kTemperature = 1u << 8,
    kTopP = 1u << 9,
    kTopK = 1u << 10,
    kMetadata = 1u << 11,
    kType = 1u << 12,
    kRole = 1u << 13,
    kContent = 1u << 14,
    kText = 1u << 15,
    kSignature = 1u << 16,
    kSource = 1u << 17,
    kData = 1u << 18,
};

class RequestScanner : public JsonScanner
{
public:
    RequestScanner(const QByteArray &body, MessagesRequest::Endpoint endpoint, MessagesRequest *out)
        : JsonScanner(body)
        , m_messagesEndpoint(endpoint == MessagesRequest::Endpoint::Messages)
        , m_out(out)
    { }

    bool run()
    {
        unsigned seen = 0;
        const bool read = next() == '{' && members(1, [&](QByteArrayView key) { return topMember(key, &seen); });
        if (!read || !atEnd())
            return false;
        // The members parseDocument requires.
        return (seen & (kModel | kMessages)) == (kModel | kMessages) && (!m_messagesEndpoint || (seen & kMaxTokens));
    }

private:
    // A value read where messages are: a message's content, the blocks in it, what they nest.
    struct Tree
    {
        enum class Kind { Other, String, Array, Object } kind = Kind::Other;
        bool blocksValid = true; // an array of objects, each with a type, and a text if a text block
        bool unsignedThinking = false; // an array holding a thinking block without a signature
        qint64 images = 0;
        qint64 imageDataUnits = 0;
    };

    // An object where messages are (a message, a block), with the members parseDocument reads.
    struct Node
    {
        QByteArrayView type; // unescaped, when a string
        bool typeIsString = false;
        QByteArrayView role;
        bool roleIsString = false;
        bool hasContent = false;
        Tree content;
        bool textIsString = false;
        bool signedBlock = false; // a non-empty signature string
        qint64 dataUnits = 0; // source.data, when a string

        bool isImage() const { return typeIsString && is(type, "image"); }
        // What scanImages in parseDocument counts for this object: itself if an image, else what
        // its content holds.
        qint64 images() const { return isImage() ? 1 : content.images; }
        qint64 imageDataUnits() const { return isImage() ? dataUnits : content.imageDataUnits; }
        bool validBlock() const { return typeIsString && !type.isEmpty() && (!is(type, "text") || textIsString); }
        bool unsignedThinking() const { return typeIsString && is(type, "thinking") && !signedBlock; }
    };

    // A string that is compared with names: escapes are left to the reference.
    bool plainString(QByteArrayView *out)
    {
        Text text;
        if (!string(&text) || text.escaped)
            return false;
        *out = text.raw;
        return true;
    }

    bool integer(qint64 *out)
    {
        bool integer = false;
        return number(out, &integer) && integer;
    }

    bool topMember(QByteArrayView key, unsigned *seen)
    {
        const int depth = 1;
        if (is(key, "model")) {
            if (!once(seen, kModel) || at() != '"')
                return false;
            m_out->modelBegin = offset();
            QByteArrayView name;
            if (!plainString(&name) || name.isEmpty())
                return false;
            m_out->modelEnd = offset();
            m_out->model = QString::fromUtf8(name);
            return true;
        }
        if (is(key, "messages"))
            return once(seen, kMessages) && at() == '[' && messages(depth + 1);
        if (is(key, "system")) {
            Tree system;
            return once(seen, kSystem) && tree(depth, &system)
                && (system.kind == Tree::Kind::String || (system.kind == Tree::Kind::Array && system.blocksValid));
        }
        if (is(key, "tools")) {
            if (!once(seen, kTools) || at() != '[')
                return false;
            qsizetype tools = 0;
            const bool read = elements(depth + 1, [&] {
                ++tools;
                return at() == '{' && skipValue(depth + 1);
            });
            m_out->hasTools = tools > 0;
            return read;
        }
        if (is(key, "tool_choice")) {
            if (!once(seen, kToolChoice) || at() != '{')
                return false;
            unsigned choiceSeen = 0;
            bool typed = false;
            return members(depth + 1, [&](QByteArrayView name) {
                if (!is(name, "type"))
                    return skipValue(depth + 1);
                Text type;
                typed = at() == '"';
                return once(&choiceSeen, kType) && (typed ? string(&type) : skipValue(depth + 1));
            }) && typed;
        }
        if (m_messagesEndpoint) {
            if (is(key, "max_tokens"))
                return once(seen, kMaxTokens) && integer(&m_out->maxTokens) && m_out->maxTokens >= 0;
            if (is(key, "stream")) {
                if (!once(seen, kStream))
                    return false;
                m_out->stream = at() == 't';
                return literal(m_out->stream ? "true" : "false");
            }
            if (is(key, "stop_sequences")) {
                return once(seen, kStopSequences) && at() == '[' && elements(depth + 1, [&] {
                    Text stop;
                    return at() == '"' && string(&stop);
                });
            }
            if (is(key, "temperature") || is(key, "top_p")) {
                qint64 value = 0;
                bool integer = false;
                return once(seen, is(key, "top_p") ? kTopP : kTemperature) && number(&value, &integer);
            }
            if (is(key, "top_k")) {
                qint64 value = 0;
                return once(seen, kTopK) && integer(&value);
            }
            if (is(key, "metadata"))
                return once(seen, kMetadata) && at() == '{' && skipValue(depth);
        }
        return skipValue(depth);
    }

    // messages: at least one, each an object with a known role and valid content.
    bool messages(int depth)
    {
        qsizetype count = 0;
        return elements(depth, [&] {
            ++count;
            Node message;
            if (at() != '{' || !node(depth + 1, &message) || !message.roleIsString || !message.hasContent)
                return false;
            const QByteArrayView role = message.role;
            const bool assistant = is(role, "assistant");
            if (!assistant && !is(role, "user") && !is(role, "system"))
                return false;
            const Tree &content = message.content;
            if (content.kind != Tree::Kind::String && !(content.kind == Tree::Kind::Array && content.blocksValid))
                return false;
            m_out->unsignedThinking |= assistant && content.unsignedThinking;
            m_out->images += message.images();
            m_out->imageDataUnits += message.imageDataUnits();
            return true;
        }) && count > 0;
    }

    // Any value where messages are: m_p is at it, and depth is that of its container.
    bool tree(int depth, Tree *out)
    {
        switch (at()) {
        case '"': {
            out->kind = Tree::Kind::String;
            Text text;
            return string(&text);
        }
        case '[':
            out->kind = Tree::Kind::Array;
            return elements(depth + 1, [&] {
                if (at() == '{') {
                    Node block;
                    if (!node(depth + 2, &block))
                        return false;
                    out->blocksValid &= block.validBlock();
                    out->unsignedThinking |= block.unsignedThinking();
                    out->images += block.images();
                    out->imageDataUnits += block.imageDataUnits();
                    return true;
                }
                out->blocksValid = false;
                Tree inner;
                if (!tree(depth + 1, &inner))
                    return false;
                out->images += inner.images;
                out->imageDataUnits += inner.imageDataUnits;
                return true;
            });
        case '{': {
            out->kind = Tree::Kind::Object;
            Node object;
            if (!node(depth + 1, &object))
                return false;
            out->images = object.images();
            out->imageDataUnits = object.imageDataUnits();
            return true;
        }
        default: return skipValue(depth);
        }
    }

    // An object where messages are: m_p is at '{' and the object is at the given depth.
    bool node(int depth, Node *out)
    {
        unsigned seen = 0;
        return members(depth, [&](QByteArrayView key) {
            if (is(key, "type")) {
                if (!once(&seen, kType))
                    return false;
                out->typeIsString = at() == '"';
                return out->typeIsString ? plainString(&out->type) : skipValue(depth);
            }
            if (is(key, "role")) {
                if (!once(&seen, kRole))
                    return false;
                out->roleIsString = at() == '"';
                return out->roleIsString ? plainString(&out->role) : skipValue(depth);
            }
            if (is(key, "content")) {
                out->hasContent = true;
                return once(&seen, kContent) && tree(depth, &out->content);
            }
            if (is(key, "text")) {
                if (!once(&seen, kText))
                    return false;
                out->textIsString = at() == '"';
                Text text;
                return out->textIsString ? string(&text) : skipValue(depth);
            }
            if (is(key, "signature")) {
                if (!once(&seen, kSignature))
                    return false;
                Text signature;
                if (at() != '"')
                    return skipValue(depth);
                if (!string(&signature))
                    return false;
                out->signedBlock = !signature.raw.isEmpty();
                return true;
            }
            if (is(key, "source")) {
                if (!once(&seen, kSource))
                    return false;
                return at() == '{' ? source(depth + 1, &out->dataUnits) : skipValue(depth);
            }
            return skipValue(depth);
        });
    }

    // An image's source: the length of its data when that is a string.
    bool source(int depth, qint64 *dataUnits)
    {
        unsigned seen = 0;
        return members(depth, [&](QByteArrayView key) {
            if (!is(key, "data"))
                return skipValue(depth);
            if (!once(&seen, kData))
                return false;
            Text data;
            if (at() != '"')
                return skipValue(depth);
            if (!string(&data))
                return false;
            *dataUnits = data.utf16Units;
            return true;
        });
    }

    const bool m_messagesEndpoint;
    MessagesRequest *m_out;
};

// The bytes estimateInputTokens counts, read the way addText reads the document: the UTF-8 of
// every string under system, messages and tools, following only the members addText follows,
// and four for every number or boolean.
class TextBytesScanner : public JsonScanner
{
public:
    using JsonScanner::JsonScanner;

    std::optional<qint64> run()
    {
        unsigned seen = 0;
        const bool read = next() == '{' && members(1, [&](QByteArrayView key) {
            if (is(key, "system"))
                return once(&seen, kSystem) && text(1);
            if (is(key, "messages"))
                return once(&seen, kMessages) && text(1);
            if (is(key, "tools"))
                return once(&seen, kTools) && text(1);
            return skipValue(1);
        });
        if (!read || !atEnd())
            return std::nullopt;
        return m_bytes;
    }

private:
    // One value; depth is that of its container.
    bool text(int depth)
    {
        switch (next()) {
        case '"': {
            Text text;
            if (!string(&text))
                return false;
            m_bytes += text.utf8Bytes;
            return true;
        }
        case '[': return elements(depth + 1, [&] { return text(depth + 1); });
        case '{': {
            // A followed member given twice counts once in the document: left to it.
            unsigned seen = 0;
            return members(depth + 1, [&](QByteArrayView key) {
                const unsigned bit = is(key, "text") ? 1u
                    : is(key, "content")             ? 2u
                    : is(key, "input")               ? 4u
                    : is(key, "input_schema")        ? 8u
                    : is(key, "description")         ? 16u
                    : is(key, "name")                ? 32u
                                                     : 0u;
                if (!bit)
                    return skipValue(depth + 1);
                return once(&seen, bit) && text(depth + 1);
            });
        }
        case 'n': return literal("null");
        default: m_bytes += 4; return skipValue(depth);
        }
    }

    qint64 m_bytes = 0;
};

} // namespace

std::optional<qint64> MessagesRequest::scanTextBytes(QByteArrayView body)
{
    return TextBytesScanner(body).run();
}

bool MessagesRequest::scan(const QByteArray &body, Endpoint endpoint, MessagesRequest *out)
{
    MessagesRequest request;
    if (!RequestScanner(body, endpoint, &request).run())
        return false;
    request.m_body = body;
    *out = std::move(request);
    return true;
}

} // namespace bytespike
