#pragma once

namespace bytespike {

class HttpConnection;

// The open client connections of every listener and the cap on their number
// (BYTESPIKE_MAX_CONNECTIONS). Connections that hold no request are kept in two lists in the
// order they entered them: idle keep-alive connections, and connections whose request head is
// unfinished (a fresh connection that has sent nothing yet counts as one). At the cap a new
// connection takes the place of the longest-idle keep-alive connection, else of the oldest
// unfinished head, so an honest request on a new connection is still served while idle or slow
// clients hold the rest. Connections serving a request are never evicted. Gateway thread only.
class ConnectionTable
{
public:
    enum class Standing { Busy, Idle, Waiting };

    // A connection's place in the table (kept inside the connection: no allocation).
    struct Link
    {
        HttpConnection *prev = nullptr;
        HttpConnection *next = nullptr;
        Standing standing = Standing::Busy;
    };

    explicit ConnectionTable(int maxConnections)
        : m_max(maxConnections)
    { }
    ConnectionTable(const ConnectionTable &) = delete;
    ConnectionTable &operator=(const ConnectionTable &) = delete;

    int count() const { return m_count; }
    int maxConnections() const { return m_max; }
    bool full() const { return m_count >= m_max; }

    void opened(HttpConnection *connection, Standing standing);
    void closed(HttpConnection *connection);
    // Moves the connection to the end of the list of its new standing; no change if it already
    // stands so (a head keeps its place from its first byte).
    void setStanding(HttpConnection *connection, Standing standing);
    // The connection to close for a new one at the cap, or nullptr when every one is busy.
    HttpConnection *evictionCandidate() const;

private:
    struct List
    {
        HttpConnection *first = nullptr;
        HttpConnection *last = nullptr;
    };
    List *listOf(Standing standing);
    void unlink(HttpConnection *connection);
    void append(HttpConnection *connection, Standing standing);

    List m_idle;
    List m_waiting;
    int m_count = 0;
    int m_max;
};

} // namespace bytespike
