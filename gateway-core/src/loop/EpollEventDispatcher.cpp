#include "bytespike/EpollEventDispatcher.h"

#include <QAtomicInt>
#include <QCoreApplication>
#include <QEvent>
#include <QSocketNotifier>
#include <QTimerEvent>
#include <QVarLengthArray>

#include <array>
#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstring>
#include <map>
#include <unordered_map>
#include <utility>

#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

namespace bytespike {

namespace {

constexpr int kTypes = 3; // QSocketNotifier::Read, Write, Exception
constexpr int kMaxEventsPerTurn = 256;
// The epoll data of the wake-up eventfd; socket data carry a registration serial >= 1 above the
// descriptor, so they never equal it.
constexpr std::uint64_t kWakeData = 0;

// What wakes each notifier type, as Qt's UNIX dispatcher reads poll(): hang-up and error wake
// every type (the reader then learns of the end from recv()).
constexpr std::array<std::uint32_t, kTypes> kActivatingEvents
    = {EPOLLIN | EPOLLHUP | EPOLLERR, EPOLLOUT | EPOLLHUP | EPOLLERR, EPOLLPRI | EPOLLHUP | EPOLLERR};
constexpr std::array<std::uint32_t, kTypes> kInterest = {EPOLLIN, EPOLLOUT, EPOLLPRI};

qint64 nowNs()
{
    timespec ts;
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

const char *typeName(int type)
{
    static const char *const names[kTypes] = {"Read", "Write", "Exception"};
    return names[type];
}

} // namespace

struct EpollEventDispatcher::Private
{
    struct Socket
    {
        std::array<QSocketNotifier *, kTypes> notifiers {};
        std::uint32_t serial = 0; // of the epoll registration: an event for an older one is stale
        std::uint32_t events = 0; // registered with epoll
        bool alwaysReady = false; // epoll refused the descriptor (a regular file): poll() calls it ready
    };
    struct Timer
    {
        int id;
        qint64 intervalMs;
        Qt::TimerType type;
        QObject *object;
        qint64 deadlineNs;
        std::uint64_t serial; // of the registration: a due list entry with another serial is stale
        bool inTimerEvent = false;
    };
    using TimerKey = std::pair<qint64, std::uint64_t>; // deadline, serial: unique

    int epollFd = -1;
    int wakeFd = -1;
    QAtomicInt wakeUpPending;
    QAtomicInt interrupted;

    std::unordered_map<int, Socket> sockets;
    std::uint32_t nextSocketSerial = 1;
    int alwaysReadyCount = 0;

    std::unordered_map<int, Timer> timers;
    std::map<TimerKey, int> timerOrder; // by deadline
    std::unordered_multimap<QObject *, int> timersByObject;
    std::uint64_t nextTimerSerial = 1;

    void watch(int fd, Socket &socket);
    void forget(int fd);
    int activateSocket(int fd, std::uint32_t serial, std::uint32_t events);
    int activateAlwaysReady();
    void consumeWakeUp();

    void schedule(Timer &timer, qint64 deadlineNs);
    void removeTimer(std::unordered_map<int, Timer>::iterator it);
    int msToNextTimer(qint64 now) const;
    int activateTimers();
};

// Brings epoll's registration of fd in line with the notifiers enabled on it.
void EpollEventDispatcher::Private::watch(int fd, Socket &socket)
{
    std::uint32_t wanted = 0;
    for (int type = 0; type < kTypes; ++type) {
        if (socket.notifiers[type])
            wanted |= kInterest[type];
    }
    if (wanted == 0) {
        forget(fd);
        return;
    }
    if (socket.alwaysReady || wanted == socket.events)
        return;
    const bool add = socket.events == 0;
    if (add) {
        socket.serial = nextSocketSerial++;
        if (nextSocketSerial == 0) // kWakeData is serial 0 with descriptor 0
            nextSocketSerial = 1;
    }
    epoll_event event {};
    event.events = wanted;
    event.data.u64 = (std::uint64_t(socket.serial) << 32) | std::uint32_t(fd);
    int result = ::epoll_ctl(epollFd, add ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &event);
    // The descriptor was closed (and its number reused) while a notifier was still enabled on it,
    // which drops epoll's registration on its own; or the reverse.
    if (result < 0 && !add && errno == ENOENT)
        result = ::epoll_ctl(epollFd, EPOLL_CTL_ADD, fd, &event);
    else if (result < 0 && add && errno == EEXIST)
        result = ::epoll_ctl(epollFd, EPOLL_CTL_MOD, fd, &event);
    if (result == 0) {
        socket.events = wanted;
    } else if (errno == EPERM) {
        socket.alwaysReady = true;
        socket.events = 0;
        ++alwaysReadyCount;
    } else {
        qWarning("EpollEventDispatcher: cannot watch descriptor %d: %s", fd, std::strerror(errno));
    }
}

void EpollEventDispatcher::Private::forget(int fd)
{
    const auto it = sockets.find(fd);
    if (it == sockets.end())
        return;
    if (it->second.alwaysReady)
        --alwaysReadyCount;
    else if (it->second.events != 0)
        ::epoll_ctl(epollFd, EPOLL_CTL_DEL, fd, nullptr); // EBADF: already closed, and so gone
    sockets.erase(it);
}

// Sends the activation to each notifier on fd that events wake, looking the descriptor up again
// after each one: a notifier's slot may disable or delete another notifier, or close the socket
// and open a new one under the same number (a new serial, so this event is not for it).
int EpollEventDispatcher::Private::activateSocket(int fd, std::uint32_t serial, std::uint32_t events)
{
    int activated = 0;
    for (int type = 0; type < kTypes; ++type) {
        if (!(events & kActivatingEvents[type]))
            continue;
        const auto it = sockets.find(fd);
        if (it == sockets.end() || it->second.serial != serial)
            break;
        if (QSocketNotifier *notifier = it->second.notifiers[type]) {
            QEvent activation(QEvent::SockAct);
            QCoreApplication::sendEvent(notifier, &activation);
            ++activated;
        }
    }
    return activated;
}

int EpollEventDispatcher::Private::activateAlwaysReady()
{
    if (alwaysReadyCount == 0)
        return 0;
    QVarLengthArray<std::pair<int, std::uint32_t>, 8> ready;
    for (const auto &[fd, socket] : sockets) {
        if (socket.alwaysReady)
            ready.append({fd, socket.serial});
    }
    int activated = 0;
    for (const auto &[fd, serial] : ready) {
        const auto it = sockets.find(fd);
        if (it == sockets.end() || !it->second.alwaysReady)
            continue;
        activated += activateSocket(fd, serial, EPOLLIN | EPOLLOUT);
    }
    return activated;
}

void EpollEventDispatcher::Private::consumeWakeUp()
{
    eventfd_t value;
    ::eventfd_read(wakeFd, &value);
    // After the read: a wakeUp() from now on writes again, and the posted event it announces is
    // sent at the start of the next turn at the latest.
    wakeUpPending.storeRelease(0);
}

void EpollEventDispatcher::Private::schedule(Timer &timer, qint64 deadlineNs)
{
    timerOrder.erase(TimerKey {timer.deadlineNs, timer.serial});
    timer.deadlineNs = deadlineNs;
    timerOrder.emplace(TimerKey {deadlineNs, timer.serial}, timer.id);
}

void EpollEventDispatcher::Private::removeTimer(std::unordered_map<int, Timer>::iterator it)
{
    const Timer &timer = it->second;
    timerOrder.erase(TimerKey {timer.deadlineNs, timer.serial});
    auto [first, last] = timersByObject.equal_range(timer.object);
    for (; first != last; ++first) {
        if (first->second == timer.id) {
            timersByObject.erase(first);
            break;
        }
    }
    timers.erase(it);
}

// Milliseconds until the earliest timer that may fire (not one whose timerEvent() is running
// further up the stack), rounded up so that it is never early; -1: none.
int EpollEventDispatcher::Private::msToNextTimer(qint64 now) const
{
    for (const auto &[key, id] : timerOrder) {
        if (timers.at(id).inTimerEvent)
            continue;
        const qint64 left = key.first - now;
        if (left <= 0)
            return 0;
        return int(qMin<qint64>((left + 999999) / 1000000, INT_MAX));
    }
    return -1;
}

// Fires the timers due now, each once, in deadline order. The due list is taken first, so a
// timer registered or rescheduled by a timerEvent() waits for the next turn.
int EpollEventDispatcher::Private::activateTimers()
{
    if (timerOrder.empty())
        return 0;
    const qint64 now = nowNs();
    QVarLengthArray<std::pair<int, std::uint64_t>, 16> due;
    for (auto it = timerOrder.begin(); it != timerOrder.end() && it->first.first <= now; ++it)
        due.append({it->second, it->first.second});
    int activated = 0;
    for (const auto &[id, serial] : due) {
        auto it = timers.find(id);
        if (it == timers.end() || it->second.serial != serial || it->second.inTimerEvent)
            continue; // stopped, restarted, or still in its own timerEvent() (a nested loop)
        Timer &timer = it->second;
        const qint64 period = timer.intervalMs * 1000000;
        qint64 next = timer.deadlineNs + period;
        if (next <= now)
            next = now + period; // late: fire once and keep the period from now
        schedule(timer, next);
        timer.inTimerEvent = true;
        QTimerEvent event(id);
        QCoreApplication::sendEvent(timer.object, &event);
        ++activated;
        it = timers.find(id);
        if (it != timers.end() && it->second.serial == serial)
            it->second.inTimerEvent = false;
    }
    return activated;
}

EpollEventDispatcher::EpollEventDispatcher(QObject *parent)
    : QAbstractEventDispatcher(parent)
    , d(std::make_unique<Private>())
{
    d->epollFd = ::epoll_create1(EPOLL_CLOEXEC);
    d->wakeFd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (d->epollFd < 0 || d->wakeFd < 0)
        qFatal("EpollEventDispatcher: epoll or eventfd unavailable: %s", std::strerror(errno));
    epoll_event event {};
    event.events = EPOLLIN;
    event.data.u64 = kWakeData;
    if (::epoll_ctl(d->epollFd, EPOLL_CTL_ADD, d->wakeFd, &event) < 0)
        qFatal("EpollEventDispatcher: cannot watch its eventfd: %s", std::strerror(errno));
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    ::close(d->wakeFd);
    ::close(d->epollFd);
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    d->interrupted.storeRelaxed(0);
    Q_EMIT awake();
    QCoreApplication::sendPostedEvents();

    const bool includeTimers = !(flags & QEventLoop::X11ExcludeTimers);
    const bool includeNotifiers = !(flags & QEventLoop::ExcludeSocketNotifiers);
    const bool canWait = (flags & QEventLoop::WaitForMoreEvents) && !d->interrupted.loadRelaxed();
    if (canWait)
        Q_EMIT aboutToBlock();
    if (d->interrupted.loadRelaxed())
        return false;

    int timeoutMs = 0;
    if (canWait && !(includeNotifiers && d->alwaysReadyCount > 0))
        timeoutMs = includeTimers ? d->msToNextTimer(nowNs()) : -1;

    int activated = 0;
    if (includeNotifiers) {
        epoll_event events[kMaxEventsPerTurn];
        const int ready = ::epoll_wait(d->epollFd, events, kMaxEventsPerTurn, timeoutMs);
        if (ready < 0 && errno != EINTR)
            qWarning("EpollEventDispatcher: epoll_wait: %s", std::strerror(errno));
        for (int i = 0; i < ready; ++i) {
            const std::uint64_t data = events[i].data.u64;
            if (data == kWakeData) {
                d->consumeWakeUp();
                ++activated;
                continue;
            }
            activated += d->activateSocket(int(std::uint32_t(data)), std::uint32_t(data >> 32), events[i].events);
        }
        activated += d->activateAlwaysReady();
    } else {
        // Only the wake-up and the timers: a ready socket must not end the wait.
        pollfd wake {d->wakeFd, POLLIN, 0};
        if (::poll(&wake, 1, timeoutMs) > 0) {
            d->consumeWakeUp();
            ++activated;
        }
    }
    if (includeTimers)
        activated += d->activateTimers();
    return activated > 0;
}

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    const int type = int(notifier->type());
    if (fd < 0 || type < 0 || type >= kTypes)
        return;
    Private::Socket &socket = d->sockets[fd];
    if (socket.notifiers[type] && socket.notifiers[type] != notifier)
        qWarning("QSocketNotifier: Multiple socket notifiers for same socket %d and type %s", fd, typeName(type));
    socket.notifiers[type] = notifier;
    d->watch(fd, socket);
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    const int type = int(notifier->type());
    const auto it = d->sockets.find(fd);
    if (type < 0 || type >= kTypes || it == d->sockets.end() || it->second.notifiers[type] != notifier)
        return;
    it->second.notifiers[type] = nullptr;
    d->watch(fd, it->second);
}

void EpollEventDispatcher::registerTimer(int timerId, qint64 interval, Qt::TimerType timerType, QObject *object)
{
    if (timerId < 1 || interval < 0 || !object)
        return;
    const auto existing = d->timers.find(timerId);
    if (existing != d->timers.end())
        d->removeTimer(existing);
    const qint64 deadline = nowNs() + interval * 1000000;
    const std::uint64_t serial = d->nextTimerSerial++;
    d->timers.emplace(timerId, Private::Timer {timerId, interval, timerType, object, deadline, serial});
    d->timerOrder.emplace(Private::TimerKey {deadline, serial}, timerId);
    d->timersByObject.emplace(object, timerId);
}

bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    const auto it = d->timers.find(timerId);
    if (it == d->timers.end())
        return false;
    d->removeTimer(it);
    return true;
}

bool EpollEventDispatcher::unregisterTimers(QObject *object)
{
    auto [first, last] = d->timersByObject.equal_range(object);
    if (first == last)
        return false;
    QVarLengthArray<int, 8> ids;
    for (; first != last; ++first)
        ids.append(first->second);
    for (const int id : ids)
        unregisterTimer(id);
    return true;
}

QList<QAbstractEventDispatcher::TimerInfo> EpollEventDispatcher::registeredTimers(QObject *object) const
{
    QList<TimerInfo> list;
    auto [first, last] = d->timersByObject.equal_range(object);
    for (; first != last; ++first) {
        const Private::Timer &timer = d->timers.at(first->second);
        list.append(TimerInfo(timer.id, int(timer.intervalMs), timer.type));
    }
    return list;
}

int EpollEventDispatcher::remainingTime(int timerId)
{
    const auto it = d->timers.find(timerId);
    if (it == d->timers.end())
        return -1;
    const qint64 left = it->second.deadlineNs - nowNs();
    return left <= 0 ? 0 : int(qMin<qint64>((left + 999999) / 1000000, INT_MAX));
}

void EpollEventDispatcher::wakeUp()
{
    // Any thread. One write until the loop has read it: a burst of posts costs one wake-up.
    if (d->wakeUpPending.testAndSetAcquire(0, 1))
        ::eventfd_write(d->wakeFd, 1);
}

void EpollEventDispatcher::interrupt()
{
    d->interrupted.storeRelaxed(1);
    wakeUp();
}

} // namespace bytespike
