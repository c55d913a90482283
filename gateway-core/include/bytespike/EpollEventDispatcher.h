#pragma once

#include <QAbstractEventDispatcher>

#include <memory>

namespace bytespike {

// A Qt event dispatcher for Linux built on epoll, for the gateway's thread in the daemon.
//
// Qt's own UNIX dispatcher hands every enabled socket notifier to ppoll() on every turn of the
// loop, so each turn costs time in proportion to the open sockets, not to the ready ones: with 256
// idle pooled upstream connections the gateway thread spent more CPU per request at one client
// connection than the request itself (docs/BENCHMARKS.md). Here a notifier is registered with the
// kernel once, when it is enabled, and a turn costs in proportion to the sockets that are ready.
//
// It keeps the contract of QAbstractEventDispatcher as Qt's dispatchers do:
// - notifiers are level-triggered (a Read notifier fires again while bytes are left), Read also
//   fires on hang-up and error, Write on error, Exception on priority data; one notifier per type
//   and descriptor; a descriptor epoll refuses (a regular file) counts as always ready, as poll()
//   says it is;
// - timers fire in deadline order, no earlier than asked, each at most once per turn and never
//   while its own timerEvent() is still running (a nested loop skips it); a late repeating timer
//   fires once and keeps its period from then; registeredTimers() and remainingTime() answer for
//   QObject::moveToThread() and QTimer::remainingTime();
// - posted events are sent at the start of every turn; wakeUp() and interrupt() may be called
//   from any thread; awake() is emitted at the start of every turn and aboutToBlock() before it
//   waits (TurnEnd.h depends on both);
// - QEventLoop::ExcludeSocketNotifiers and X11ExcludeTimers are honoured.
// Qt::VeryCoarseTimer and Qt::CoarseTimer are kept to the millisecond like Qt::PreciseTimer,
// which is within what those types promise.
class EpollEventDispatcher final : public QAbstractEventDispatcher
{
    Q_OBJECT
public:
    explicit EpollEventDispatcher(QObject *parent = nullptr);
    ~EpollEventDispatcher() override;

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;

    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;

    void registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject *object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;

    void wakeUp() override;
    void interrupt() override;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace bytespike
