// SseParser, the upstream stream's framing, fed the same bytes whole and cut into reads: it must
// never crash, and the cuts must not change the frames (raw bytes, event, data) nor what is left
// waiting. The frames' raw bytes are the stream's first bytes, in order and without a gap. The
// first input byte chooses the cuts (0: one byte per read; n: reads of 1 to n bytes); the rest is
// the stream.
#include "FuzzCheck.h"

#include "wire/SseParser.h"

using namespace bytespike;
using bytespike::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const unsigned longest = data[0];
    const QByteArray stream = fuzz::bytesOf(data + 1, size - 1);

    SseParser whole;
    const QList<SseParser::Frame> expected = whole.feed(stream);

    SseParser cut;
    QList<SseParser::Frame> frames;
    std::uint32_t state = longest * 2654435761u + 1; // a fixed sequence of read sizes per first byte
    for (qsizetype pos = 0; pos < stream.size();) {
        state = state * 1664525u + 1013904223u;
        const qsizetype n = longest == 0 ? 1 : 1 + qsizetype((state >> 16) % longest);
        frames += cut.feed(stream.mid(pos, n));
        pos += n;
    }

    require(frames.size() == expected.size(), "cutting the stream changed the number of frames", stream);
    qsizetype consumed = 0;
    for (qsizetype i = 0; i < frames.size(); ++i) {
        require(frames[i].raw == expected[i].raw, "cutting the stream changed a frame's bytes", stream);
        require(frames[i].event == expected[i].event, "cutting the stream changed a frame's event", stream);
        require(frames[i].data == expected[i].data, "cutting the stream changed a frame's data", stream);
        require(!frames[i].raw.isEmpty() && QByteArrayView(stream).sliced(consumed).startsWith(frames[i].raw),
            "a frame is not the next bytes of the stream", stream);
        consumed += frames[i].raw.size();
    }
    require(cut.hasPartialFrame() == whole.hasPartialFrame(), "cutting the stream changed what waits", stream);
    const QByteArrayView rest = QByteArrayView(stream).sliced(consumed);
    const bool pending = std::any_of(rest.begin(), rest.end(), [](char c) { return c != '\n' && c != '\r'; });
    require(whole.hasPartialFrame() == pending, "hasPartialFrame() disagrees with the bytes left", stream);
    return 0;
}
