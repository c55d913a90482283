// atTurnEnd() / deleteSoon(): work done when the loop is about to wait, without a posted event.
#include "loop/TurnEnd.h"

#include <QAbstractEventDispatcher>
#include <QCoreApplication>
#include <QEventLoop>
#include <QPointer>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <algorithm>

using namespace bytespike;

namespace {
// Runs the event loop the way the gateway thread does (waiting for events), until check holds:
// the work must run before the loop waits, not only when a later turn starts.
template <typename Check> bool runLoopUntil(Check check)
{
    for (int turn = 0; turn < 100 && !check(); ++turn) {
        QEventLoop loop;
        QTimer::singleShot(10, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return check();
}
} // namespace

class TurnEndTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void outlivesTheCallAndGoesWhenTheLoopWaits()
    {
        QPointer<QObject> object = new QObject;
        deleteSoon(object);
        QVERIFY(object); // still alive for the rest of this call
        QVERIFY(runLoopUntil([&] { return !object; }));
    }

    void postsNoEvent()
    {
        // deleteLater() would post a DeferredDelete event to the object (and wake the loop for
        // it); deleteSoon() deletes it directly, so the object never sees one.
        struct Watch : QObject
        {
            bool *sawDeferredDelete;
            explicit Watch(bool *flag)
                : sawDeferredDelete(flag)
            { }
            bool event(QEvent *event) override
            {
                if (event->type() == QEvent::DeferredDelete)
                    *sawDeferredDelete = true;
                return QObject::event(event);
            }
        };
        bool sawDeferredDelete = false;
        QPointer<QObject> object = new Watch(&sawDeferredDelete);
        deleteSoon(object);
        QVERIFY(runLoopUntil([&] { return !object; }));
        QVERIFY(!sawDeferredDelete);
    }

    void objectDeletedMeanwhileIsSkipped()
    {
        auto *parent = new QObject;
        QPointer<QObject> child = new QObject(parent);
        deleteSoon(child);
        delete parent; // takes the child with it
        QVERIFY(!child);
        QPointer<QObject> other = new QObject;
        deleteSoon(other);
        QVERIFY(runLoopUntil([&] { return !other; })); // the loop went on and reaped what was left
    }

    void destructorMayDeferMore()
    {
        struct Chain : QObject
        {
            QPointer<QObject> next;
            ~Chain() override { deleteSoon(next); }
        };
        auto *first = new Chain;
        QPointer<QObject> second = new QObject;
        first->next = second;
        QPointer<QObject> firstGuard = first;
        deleteSoon(first);
        QVERIFY(runLoopUntil([&] { return !firstGuard && !second; }));
    }

    void runsInOrderOncePerRequest()
    {
        static QList<int> order;
        order.clear();
        QObject a, b;
        a.setProperty("n", 1);
        b.setProperty("n", 2);
        auto record = [](QObject *receiver) { order.append(receiver->property("n").toInt()); };
        atTurnEnd(&b, record);
        atTurnEnd(&a, record);
        atTurnEnd(&b, record);
        QVERIFY(order.isEmpty()); // nothing runs inside the call that asked
        QVERIFY(runLoopUntil([&] { return order.size() == 3; }));
        QCOMPARE(order, (QList<int> {2, 1, 2}));
    }

    void aBusyLoopRunsTheWorkAtItsNextTurn()
    {
        // processEvents() without WaitForMoreEvents never blocks (nor does QTest::qWait): the
        // work runs when the next turn starts.
        QPointer<QObject> object = new QObject;
        deleteSoon(object);
        QCoreApplication::processEvents();
        QVERIFY(!object);
    }

    void aLoopThatNeverWaitsStillRunsTheWork()
    {
        // Far more than the limit while the loop never waits: one queued call runs them all.
        QList<QPointer<QObject>> objects;
        for (int i = 0; i < 2000; ++i) {
            objects.append(new QObject);
            deleteSoon(objects.last());
        }
        QVERIFY(std::all_of(objects.cbegin(), objects.cend(), [](const auto &o) { return !o.isNull(); }));
        QCoreApplication::sendPostedEvents(); // what a busy loop still does between its turns
        QVERIFY(std::all_of(objects.cbegin(), objects.cend(), [](const auto &o) { return o.isNull(); }));
    }

    void threadWhoseLoopNeverRunsStillDeletes()
    {
        // No loop turn ever ends on that thread: the object goes no later than the thread.
        QPointer<QObject> object;
        QThread *thread = QThread::create([&object] {
            object = new QObject;
            deleteSoon(object);
            QVERIFY(object);
        });
        thread->start();
        QVERIFY(thread->wait(5000));
        delete thread;
        QVERIFY(!object);
    }
};

QTEST_GUILESS_MAIN(TurnEndTest)
#include "tst_turnend.moc"
