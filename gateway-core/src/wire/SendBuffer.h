#pragma once

#include <QByteArray>

#include <cerrno>

#include <sys/socket.h>

namespace bytespike {

// A connection's output on a non-blocking socket: bytes appended, sent as far as the socket
// takes them, and the block kept for the next message unless one message grew it large. The
// listener's connections (HttpConnection) and the upstream ones (UpstreamConnection, through TLS) share it.
class SendBuffer
{
public:
    enum class Sent { Drained, Blocked, Failed };

    // The unsent bytes' buffer, to write into directly (empty once drained; its block is kept).
    QByteArray &bytes() { return m_bytes; }
    void append(const char *data, qsizetype size) { m_bytes.append(data, size); }
    qsizetype pending() const { return m_bytes.size() - m_sent; }
    void reset()
    {
        m_bytes = QByteArray();
        m_sent = 0;
    }

    // Sends what is pending. Blocked: the socket is full, wait for it to be writable (a short
    // send says so as well, so no send is spent to hear EAGAIN). Failed: the peer is gone.
    Sent sendTo(int descriptor)
    {
        return drain([descriptor](const char *data, qsizetype size) -> qsizetype {
            ssize_t n;
            do
                n = ::send(descriptor, data, size_t(size), MSG_NOSIGNAL);
            while (n < 0 && errno == EINTR);
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                return 0;
            return n <= 0 ? -1 : qsizetype(n);
        });
    }

    // The same through write(data, size), which returns the bytes it took, 0 when it would block
    // or less than 0 when the peer is gone (a TLS connection's writes).
    template <typename Write> Sent drain(Write write)
    {
        while (m_sent < m_bytes.size()) {
            const qsizetype n = write(m_bytes.constData() + m_sent, m_bytes.size() - m_sent);
            if (n == 0)
                return Sent::Blocked;
            if (n < 0)
                return Sent::Failed;
            m_sent += n;
            if (m_sent < m_bytes.size())
                return Sent::Blocked;
        }
        if (m_bytes.capacity() > kKeptBytes)
            m_bytes = QByteArray();
        else
            m_bytes.resize(0);
        m_sent = 0;
        return Sent::Drained;
    }

private:
    static constexpr qsizetype kKeptBytes = 256 * 1024;
    QByteArray m_bytes;
    qsizetype m_sent = 0;
};

} // namespace bytespike
