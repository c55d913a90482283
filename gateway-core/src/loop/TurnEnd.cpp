#include "TurnEnd.h"

#include <QAbstractEventDispatcher>
#include <QList>
#include <QPointer>
#include <QThread>

#include <utility>

namespace bytespike {

namespace {
// A thread that asks for more work than this before its loop's next turn (a long stretch without
// returning to the loop) gets it run through one queued call.
constexpr qsizetype kMaxPending = 512;

// One per thread, living as long as the thread's event dispatcher.
class TurnEndQueue : public QObject
{
public:
    explicit TurnEndQueue(QAbstractEventDispatcher *dispatcher)
        : QObject(dispatcher)
    {
        // aboutToBlock ends a turn before the loop waits; awake starts every turn, so a loop too
        // busy to wait runs the work at the start of its next turn rather than piling it up.
        connect(dispatcher, &QAbstractEventDispatcher::aboutToBlock, this, &TurnEndQueue::run);
        connect(dispatcher, &QAbstractEventDispatcher::awake, this, &TurnEndQueue::run);
    }
    ~TurnEndQueue() override { run(); }

    void add(QObject *receiver, void (*work)(QObject *))
    {
        m_pending.append({receiver, work});
        if (m_pending.size() >= kMaxPending && !m_runQueued) {
            m_runQueued = true;
            QMetaObject::invokeMethod(this, &TurnEndQueue::run, Qt::QueuedConnection);
        }
    }

private:
    struct Item
    {
        QPointer<QObject> receiver;
        void (*work)(QObject *);
    };

    void run()
    {
        m_runQueued = false;
        // Work may ask for more (a destructor deleting its parts): take the list first.
        while (!m_pending.isEmpty()) {
            for (const Item &item : std::exchange(m_pending, {})) {
                if (item.receiver)
                    item.work(item.receiver.data());
            }
        }
    }

    QList<Item> m_pending;
    bool m_runQueued = false;
};

thread_local QPointer<TurnEndQueue> t_queue;
} // namespace

void atTurnEnd(QObject *receiver, void (*work)(QObject *))
{
    if (!receiver)
        return;
    if (!t_queue) {
        QAbstractEventDispatcher *dispatcher = QAbstractEventDispatcher::instance(QThread::currentThread());
        if (!dispatcher) {
            QMetaObject::invokeMethod(
                receiver, [receiver, work] { work(receiver); }, Qt::QueuedConnection);
            return;
        }
        t_queue = new TurnEndQueue(dispatcher);
    }
    t_queue->add(receiver, work);
}

void deleteSoon(QObject *object)
{
    atTurnEnd(object, [](QObject *receiver) { delete receiver; });
}

} // namespace bytespike
