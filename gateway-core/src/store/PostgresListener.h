#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <thread>

namespace bytespike {

// A PostgreSQL connection of its own that LISTENs on some channels, on a thread of its own, and
// reports each notification as a signal (queued to the receiver's thread). Its application_name
// is bytespike-listen. When the connection is lost it connects again, at once and then every
// 250 ms, and says so with connected(): what was sent while it was away is lost, so the receiver
// checks what it follows (a version) then.
class PostgresListener : public QObject
{
    Q_OBJECT
public:
    PostgresListener(const QString &uri, const QStringList &channels, QObject *parent = nullptr);
    ~PostgresListener() override;

    void start();
    void stop();

Q_SIGNALS:
    void notified(const QString &channel, const QString &payload);
    // Listening (again): notifications from here on arrive.
    void connected();

private:
    void run();

    QByteArray m_uri;
    QStringList m_channels;
    std::atomic<bool> m_stopping {false};
    std::thread m_thread;
};

} // namespace bytespike
