#pragma once

#include <QtGlobal>

namespace bytespike {

// Requests refused before they reach a customer's account (no key, a key nobody issued, a wrong
// admin token) cost nothing to send, so a flood of them must cost the gateway little too: the
// metrics count every one by reason, but only a few per second get a request-log row, and only a
// few per second a log line (the next line says how many were left out). Gateway thread only.
class RefusalGate
{
public:
    static constexpr int kRowsPerSecond = 5;
    static constexpr int kLinesPerSecond = 5;

    // Whether this refusal gets a request-log row.
    bool admitRow(qint64 nowMs) { return m_rows.admit(nowMs, kRowsPerSecond); }
    // Whether this refusal gets a log line; *leftOut gets how many earlier ones did not.
    bool admitLine(qint64 nowMs, qint64 *leftOut)
    {
        if (!m_lines.admit(nowMs, kLinesPerSecond)) {
            ++m_linesLeftOut;
            return false;
        }
        *leftOut = m_linesLeftOut;
        m_linesLeftOut = 0;
        return true;
    }

private:
    // At most `limit` admissions per wall-clock second.
    struct Window
    {
        qint64 second = -1;
        int used = 0;
        bool admit(qint64 nowMs, int limit)
        {
            const qint64 now = nowMs / 1000;
            if (now != second) {
                second = now;
                used = 0;
            }
            return used++ < limit;
        }
    };
    Window m_rows;
    Window m_lines;
    qint64 m_linesLeftOut = 0;
};

} // namespace bytespike
