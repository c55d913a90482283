#pragma once

#include <QByteArray>
#include <QList>

#include <cstring>

namespace bytespike {

// Splits a byte stream into whole SSE frames (docs/protocols.md#anthropic-sse) without changing them, so the
// gateway can relay each frame verbatim and still read its event name and data.
class SseParser
{
public:
    struct Frame
    {
        QByteArray raw; // the frame as received, including the blank line that ends it
        QByteArray event; // the event: field (empty when absent)
        QByteArray data; // the data: lines joined with '\n'
        // Set only by a decoder that wrote the frame itself as a text delta from text it had read
        // already (the OpenAI decoder): where in data the text stands as quoted JSON, and its
        // length in UTF-8, which a scan of data would find again. textBytes -1: scan data.
        qsizetype textAt = 0;
        qsizetype textSize = 0;
        qint64 textBytes = -1;
        QByteArrayView textQuoted() const { return QByteArrayView(data).sliced(textAt, textSize); }

        // Whether the event is the literal's.
        template <qsizetype N> bool isEvent(const char (&name)[N]) const { return is(event, name); }
    };

    // Bytes equal to a literal, compared inline (QByteArray's operator== calls out of Qt for every
    // frame and name compared).
    template <qsizetype N> static bool is(QByteArrayView bytes, const char (&literal)[N])
    {
        return bytes.size() == N - 1 && std::memcmp(bytes.data(), literal, N - 1) == 0;
    }

    // Appends bytes and returns the frames completed by them.
    QList<Frame> feed(const QByteArray &bytes);
    // True when bytes of an unfinished frame are waiting for its end.
    bool hasPartialFrame() const;

private:
    // hasCr: whether raw holds a '\r' (its lines may then end in one).
    static Frame parseFrame(QByteArray raw, bool hasCr);

    QByteArray m_buffer;
    qsizetype m_scanFrom = 0;
    bool m_keptCr = false; // m_buffer may hold a '\r'
};

} // namespace bytespike
