#pragma once

#include <QByteArrayView>

namespace bytespike {

// Whether a header name or value can be written as it is: CR, LF or NUL in it would end the line
// early, so text from outside (a name, a secret file, an upstream's header) could add headers of
// its own or split the message. Every header the gateway writes, to a client or to an upstream,
// passes this check where it is written.
inline bool fitsOneHeaderLine(QByteArrayView text)
{
    for (const char c : text) {
        if (c == '\r' || c == '\n' || c == '\0')
            return false;
    }
    return true;
}

} // namespace bytespike
