#pragma once

#include <QByteArrayView>

#include <cstdint>
#include <cstring>

namespace bytespike {

// Whether a header name or value can be written as it is: CR, LF or NUL in it would end the line
// early, so text from outside (a name, a secret file, an upstream's header) could add headers of
// its own or split the message. Every header the gateway writes, to a client or to an upstream,
// passes this check where it is written: a response head is some twenty of them, so it looks at
// eight bytes at a time for any byte below 0x0E (which covers all three) and only then at each.
inline bool fitsOneHeaderLine(QByteArrayView text)
{
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
    const char *p = text.data();
    const char *const end = p + text.size();
    for (; end - p >= 8; p += 8) {
        std::uint64_t word;
        std::memcpy(&word, p, 8);
        if (((word - kOnes * 0x0E) & ~word & kHighs) == 0)
            continue; // no byte below 0x0E in these eight
        for (int i = 0; i < 8; ++i) {
            if (p[i] == '\r' || p[i] == '\n' || p[i] == '\0')
                return false;
        }
    }
    for (; p < end; ++p) {
        if (*p == '\r' || *p == '\n' || *p == '\0')
            return false;
    }
    return true;
}

} // namespace bytespike
