#pragma once

#include <QObject>

class QLocalServer;

namespace bytespike {

// One console per data directory: the first listens on a local socket named after the data
// directory and the user; a second launch finds it, asks it to come to the front and exits
// instead of starting another gateway on the same ledger.
class SingleInstance : public QObject
{
    Q_OBJECT
public:
    explicit SingleInstance(const QString &dataDir, QObject *parent = nullptr);

    // At start-up: true when a running console took the request to come to the front.
    bool raiseRunning() const;
    // Becomes the running console; false when the socket cannot be opened.
    bool listen();
    QString serverName() const { return m_name; }

Q_SIGNALS:
    void raiseRequested();

private:
    QString m_name;
    QLocalServer *m_server = nullptr;
};

} // namespace bytespike
