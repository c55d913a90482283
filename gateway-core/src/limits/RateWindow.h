#pragma once

#include <QtGlobal>

#include <algorithm>
#include <array>

namespace bytespike {

// What was counted (requests, or tokens) over the last minute, as a sliding window of 60
// one-second slots: a count made during second s leaves the window when second s + 60 begins.
// Time only moves forward here: a clock that steps back counts into the newest slot.
class RateWindow
{
public:
    static constexpr qint64 kSlots = 60;

    qint64 sum(qint64 nowSecond)
    {
        advance(nowSecond);
        return m_sum;
    }

    // Counts amount into the current second; returns the second it was counted in.
    qint64 add(qint64 nowSecond, qint64 amount)
    {
        advance(nowSecond);
        m_slots[size_t(m_last % kSlots)] += amount;
        m_sum += amount;
        return m_last;
    }

    // Changes what was counted at second at by delta, if that second is still in the window
    // (a correction to a count that already left it has nothing to change).
    void correct(qint64 at, qint64 nowSecond, qint64 delta)
    {
        advance(nowSecond);
        if (at > m_last - kSlots && at <= m_last) {
            qint64 &slot = m_slots[size_t(at % kSlots)];
            delta = std::max(delta, -slot);
            slot += delta;
            m_sum += delta;
        }
    }

    // The seconds until at least need of the current sum has left the window (at least 1).
    qint64 secondsUntilFreed(qint64 nowSecond, qint64 need)
    {
        advance(nowSecond);
        qint64 freed = 0;
        for (qint64 s = m_last - kSlots + 1; s <= m_last; ++s) {
            freed += m_slots[size_t(s % kSlots)];
            if (freed >= need)
                return std::max<qint64>(1, s + kSlots - nowSecond);
        }
        return kSlots;
    }

    // The second at which everything counted now has left the window (nowSecond when empty).
    qint64 emptyAt(qint64 nowSecond)
    {
        advance(nowSecond);
        for (qint64 s = m_last; s > m_last - kSlots; --s) {
            if (m_slots[size_t(s % kSlots)] != 0)
                return s + kSlots;
        }
        return nowSecond;
    }

private:
    void advance(qint64 nowSecond)
    {
        if (nowSecond <= m_last)
            return;
        const qint64 steps = std::min(nowSecond - m_last, kSlots);
        for (qint64 i = 1; i <= steps; ++i) {
            qint64 &slot = m_slots[size_t((m_last + i) % kSlots)];
            m_sum -= slot;
            slot = 0;
        }
        m_last = nowSecond;
    }

    std::array<qint64, kSlots> m_slots {};
    qint64 m_sum = 0;
    qint64 m_last = 0;
};

} // namespace bytespike
