#include "SseParser.h"

namespace bytespike {

QList<SseParser::Frame> SseParser::feed(const QByteArray &bytes)
{
    QList<Frame> frames;
    m_buffer.append(bytes);
    qsizetype start = 0;
    // Rescan the last bytes of the previous call: a terminator may straddle two chunks.
    qsizetype i = std::max<qsizetype>(0, m_scanFrom - 3);
    // A frame ends at an empty line: "\n\n", "\r\n\r\n" or "\r\r".
    while (i < m_buffer.size()) {
        const char c = m_buffer[i];
        qsizetype end = -1;
        if (c == '\n' && i + 1 < m_buffer.size() && m_buffer[i + 1] == '\n')
            end = i + 2;
        else if (c == '\r' && i + 3 < m_buffer.size() && m_buffer[i + 1] == '\n' && m_buffer[i + 2] == '\r'
            && m_buffer[i + 3] == '\n')
            end = i + 4;
        else if (c == '\r' && i + 1 < m_buffer.size() && m_buffer[i + 1] == '\r')
            end = i + 2;
        if (end > 0) {
            frames.append(parseFrame(m_buffer.mid(start, end - start)));
            start = end;
            i = end;
        } else {
            ++i;
        }
    }
    if (start > 0)
        m_buffer.remove(0, start);
    m_scanFrom = m_buffer.size();
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

SseParser::Frame SseParser::parseFrame(QByteArray raw)
{
    Frame frame;
    QByteArray dataLines;
    bool first = true;
    qsizetype pos = 0;
    while (pos < raw.size()) {
        qsizetype eol = pos;
        while (eol < raw.size() && raw[eol] != '\n' && raw[eol] != '\r')
            ++eol;
        const QByteArrayView line = QByteArrayView(raw).sliced(pos, eol - pos);
        if (!line.isEmpty() && line[0] != ':') {
            const qsizetype colon = line.indexOf(':');
            const QByteArrayView field = colon < 0 ? line : line.first(colon);
            QByteArrayView value = colon < 0 ? QByteArrayView() : line.sliced(colon + 1);
            if (value.startsWith(' '))
                value = value.sliced(1);
            if (field == "event") {
                frame.event = value.toByteArray();
            } else if (field == "data") {
                if (!first)
                    dataLines.append('\n');
                dataLines.append(value);
                first = false;
            }
        }
        pos = eol;
        if (pos < raw.size() && raw[pos] == '\r')
            ++pos;
        if (pos < raw.size() && raw[pos] == '\n')
            ++pos;
    }
    frame.data = dataLines;
    frame.raw = std::move(raw);
    return frame;
}

} // namespace bytespike
