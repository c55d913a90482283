#pragma once

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>

namespace bytespike {

// Channel secrets in the system keychain (keychain:NAME references) through QtKeychain: the
// Secret Service on Linux (gnome-keyring, KWallet), never a plaintext fallback. Reads are
// asynchronous and cached in memory; changed() fires when one completes, and the runtime then
// rebuilds its routing snapshot. Lives on the gateway thread. Secret values never reach an error
// message or a log line.
class Keychain : public QObject
{
    Q_OBJECT
public:
    static constexpr const char *kService = "bytespike";

    struct Entry
    {
        enum class State { Pending, Ok, Missing, Unavailable };
        State state = State::Pending;
        QByteArray secret;
        QString error; // for an operator: what is wrong with the reference, never the value
    };

    explicit Keychain(QObject *parent = nullptr);

    // The cached entry for name. An unknown name starts a read and is Pending until changed().
    // retryFailed: a Missing or Unavailable entry is read again (after an admin edit).
    Entry lookup(const QString &name, bool retryFailed);
    // Writes or deletes an entry; done(error) runs on this thread, error empty on success.
    void store(const QString &name, const QByteArray &value, std::function<void(QString)> done);
    void remove(const QString &name, std::function<void(QString)> done);

Q_SIGNALS:
    void changed();

private:
    void read(const QString &name);
    void started(QObject *job);

    QHash<QString, Entry> m_entries;
    int m_running = 0;
    QTimer m_glibPump;
};

} // namespace bytespike
