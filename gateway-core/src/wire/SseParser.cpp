#include "SseParser.h"

#include <cstring>

namespace bytespike {

namespace {

// The event names of Anthropic's stream, shared rather than copied for every frame.
QByteArray eventName(QByteArrayView name)
{
    static constexpr QByteArrayView kKnown[] = {"content_block_delta", "content_block_start", "content_block_stop",
        "message_delta", "message_start", "message_stop", "ping", "error"};
    for (const QByteArrayView known : kKnown) {
        if (name == known) // the sizes first: a call out of Qt only for a name of the same length
            return QByteArray::fromRawData(known.data(), known.size());
    }
    return name.toByteArray();
}

} // namespace

QList<SseParser::Frame> SseParser::feed(const QByteArray &bytes)
{
    QList<Frame> frames;
    frames.reserve(16); // a short answer's events arrive together
    m_buffer.append(bytes);
    const char *const data = m_buffer.constData(); // const: operator[] would detach on every byte
    const qsizetype size = m_buffer.size();
    qsizetype start = 0;
    // Rescan the last bytes of the previous call: a terminator may straddle two chunks.
    qsizetype i = std::max<qsizetype>(0, m_scanFrom - 3);
    const auto take = [&](qsizetype end, bool hasCr) {
        frames.append(parseFrame(m_buffer.mid(start, end - start), hasCr));
        start = end;
    };
    const bool crArrived = std::memchr(data + i, '\r', size_t(size - i)) != nullptr;
    if (!crArrived && !m_keptCr) {
        // The usual stream, lines ended by '\n' alone: a frame ends at "\n\n".
        while (const char *nl = static_cast<const char *>(std::memchr(data + i, '\n', size_t(size - i)))) {
            i = nl - data + 1;
            if (i < size && data[i] == '\n')
                take(++i, false);
        }
    } else {
        // A frame ends at an empty line: "\n\n", "\r\n\r\n" or "\r\r". Only line ends are looked
        // at. The next '\n' is searched for again only once the scan has passed it, so that many
        // lone '\r' before it (a hostile stream) cost one pass, not one pass each.
        const char *eol = nullptr;
        bool eolKnown = false;
        while (i < size) {
            if (!eolKnown || (eol && eol < data + i)) {
                eol = static_cast<const char *>(std::memchr(data + i, '\n', size_t(size - i)));
                eolKnown = true;
            }
            const char *cr
                = static_cast<const char *>(std::memchr(data + i, '\r', size_t((eol ? eol - data : size) - i)));
            const char *hit = cr ? cr : eol;
            if (!hit)
                break;
            i = hit - data;
            qsizetype end = -1;
            if (data[i] == '\n' && i + 1 < size && data[i + 1] == '\n')
                end = i + 2;
            else if (data[i] == '\r' && i + 3 < size && data[i + 1] == '\n' && data[i + 2] == '\r'
                && data[i + 3] == '\n')
                end = i + 4;
            else if (data[i] == '\r' && i + 1 < size && data[i + 1] == '\r')
                end = i + 2;
            if (end > 0) {
                // Whether this frame holds a '\r' is for parseFrame to find out.
                take(end, std::memchr(data + start, '\r', size_t(end - start)) != nullptr);
                i = end;
            } else {
                ++i;
            }
        }
    }
    if (start == size)
        m_buffer.clear(); // the usual case: no copy of a shared chunk just to empty it
    else if (start > 0)
        m_buffer.remove(0, start);
    m_scanFrom = m_buffer.size();
    m_keptCr = m_scanFrom > 0 && (crArrived || m_keptCr); // may be a '\r' that went out in a frame
    return frames;
}

bool SseParser::hasPartialFrame() const
{
    for (char c : m_buffer) {
        if (c != '\n' && c != '\r')
            return true;
    }
    return false;
}

SseParser::Frame SseParser::parseFrame(QByteArray raw, bool hasCr)
{
    Frame frame;
    const char *const p = raw.constData();
    const qsizetype size = raw.size();
    // Lines end at "\n", "\r\n" or "\r"; a frame without '\r' (the usual) splits on '\n' alone.
    bool firstData = true;
    qsizetype pos = 0;
    const char *nl = nullptr; // the next '\n', searched for again once passed (as in feed())
    bool nlKnown = false;
    while (pos < size) {
        if (!nlKnown || (nl && nl < p + pos)) {
            nl = static_cast<const char *>(std::memchr(p + pos, '\n', size_t(size - pos)));
            nlKnown = true;
        }
        qsizetype eol = nl ? nl - p : size;
        if (hasCr) {
            if (const void *cr = std::memchr(p + pos, '\r', size_t(eol - pos)))
                eol = static_cast<const char *>(cr) - p;
        }
        const QByteArrayView line(p + pos, eol - pos);
        if (!line.isEmpty() && line[0] != ':') {
            const char *const at = static_cast<const char *>(std::memchr(line.data(), ':', size_t(line.size())));
            const qsizetype colon = at ? at - line.data() : -1;
            const QByteArrayView field = colon < 0 ? line : line.first(colon);
            QByteArrayView value = colon < 0 ? QByteArrayView() : line.sliced(colon + 1);
            if (value.startsWith(' '))
                value = value.sliced(1);
            if (SseParser::is(field, "event")) {
                frame.event = eventName(value);
            } else if (SseParser::is(field, "data")) {
                if (firstData)
                    frame.data = value.toByteArray();
                else
                    frame.data.append('\n').append(value);
                firstData = false;
            }
        }
        pos = eol;
        if (pos < size && p[pos] == '\r')
            ++pos;
        if (pos < size && p[pos] == '\n')
            ++pos;
    }
    frame.raw = std::move(raw);
    return frame;
}

} // namespace bytespike
