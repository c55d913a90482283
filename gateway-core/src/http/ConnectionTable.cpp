#include "ConnectionTable.h"

#include "HttpConnection.h"

namespace bytespike {

ConnectionTable::List *ConnectionTable::listOf(Standing standing)
{
    switch (standing) {
    case Standing::Idle: return &m_idle;
    case Standing::Waiting: return &m_waiting;
    case Standing::Busy: break;
    }
    return nullptr;
}

void ConnectionTable::opened(HttpConnection *connection, Standing standing)
{
    ++m_count;
    connection->m_tableLink = Link {};
    append(connection, standing);
}

void ConnectionTable::closed(HttpConnection *connection)
{
    unlink(connection);
    --m_count;
}

void ConnectionTable::setStanding(HttpConnection *connection, Standing standing)
{
    if (connection->m_tableLink.standing == standing)
        return;
    unlink(connection);
    append(connection, standing);
}

HttpConnection *ConnectionTable::evictionCandidate() const
{
    return m_idle.first ? m_idle.first : m_waiting.first;
}

void ConnectionTable::unlink(HttpConnection *connection)
{
    Link &link = connection->m_tableLink;
    List *list = listOf(link.standing);
    if (!list)
        return;
    (link.prev ? link.prev->m_tableLink.next : list->first) = link.next;
    (link.next ? link.next->m_tableLink.prev : list->last) = link.prev;
    link = Link {};
}

void ConnectionTable::append(HttpConnection *connection, Standing standing)
{
    Link &link = connection->m_tableLink;
    link.standing = standing;
    List *list = listOf(standing);
    if (!list)
        return;
    link.prev = list->last;
    link.next = nullptr;
    (list->last ? list->last->m_tableLink.next : list->first) = connection;
    list->last = connection;
}

} // namespace bytespike
