// Measuring how smoothly the GUI thread's event loop turns, and how much memory the process
// takes, for the window's stress and error tests (issue 12: "no crash, no freeze, no event-loop
// gap over 100 ms", "RSS staying low").
//
// GapMeter: a 5 ms precise timer; a gap is the wall time between two of its ticks (so at least
// 5 ms), in ms. With the longest gap it keeps the GUI thread's CPU time over that interval, which
// tells a stall (the thread busy) from a wait (blocked, or not scheduled on a loaded machine),
// and the phase the test had named when it happened.
#pragma once

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QObject>
#include <QString>
#include <QTimer>

#include <time.h>

#include <algorithm>
#include <optional>
#include <vector>

namespace tessera::ui::testing {

inline qint64 threadCpuNs() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return qint64(t.tv_sec) * 1000000000 + t.tv_nsec;
}

// Nanoseconds this thread has spent runnable but waiting for a CPU (the second field of
// /proc/thread-self/schedstat): time the scheduler gave to other threads and processes.
inline qint64 threadRunqueueNs() {
    QFile f("/proc/thread-self/schedstat");
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    return f.readAll().split(' ').value(1).toLongLong();
}

// The longest the app may keep its event loop from turning, in ms: 100 (the reliability issue),
// three times that in a sanitizer build, whose checks slow the GUI thread's own work about so.
inline qint64 maxOwnGapMs() {
    return qEnvironmentVariableIsSet("TESSERA_SANITIZED") ? 300 : 100;
}

// A gap's own part is its wall time less the time the GUI thread was ready to run but the
// machine's CPUs were busy with other work (the test's compute workers, other tests under
// ctest --parallel, other sessions). A thread blocked on a mutex, a FIFO or a waitForFinished()
// is not ready, so such a freeze counts in full; being preempted by a busy machine does not.
class GapMeter : public QObject {
  public:
    GapMeter() {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(5);
        connect(&m_timer, &QTimer::timeout, this, &GapMeter::tick);
    }
    void start() {
        m_clock.start();
        m_lastNs = 0;
        m_lastCpu = threadCpuNs();
        m_lastQueued = threadRunqueueNs();
        m_timer.start();
    }
    void stop() {
        tick(); // the interval since the last tick counts too: it may be the stall itself
        m_timer.stop();
    }
    void setPhase(QString phase) { m_phase = std::move(phase); }

    double maxGapMs() const { return double(m_maxNs) / 1e6; }
    double maxGapCpuMs() const { return double(m_maxCpuNs) / 1e6; }
    double maxOwnGapMs() const { return double(m_maxOwnNs) / 1e6; } // the asserted one
    QString maxGapPhase() const { return m_maxPhase; }
    int ticks() const { return int(m_gaps.size()); }
    int gapsOver(qint64 ms) const {
        return int(std::count_if(m_gaps.begin(), m_gaps.end(),
                                 [ms](qint64 ns) { return ns > ms * 1000000; }));
    }
    QString summary() const {
        return QString("%1 ticks, max gap %2 ms (GUI thread CPU %3 ms in it) during %4; max own "
                       "gap (less the time waiting for a CPU) %5 ms during %6")
            .arg(ticks())
            .arg(maxGapMs(), 0, 'f', 1)
            .arg(maxGapCpuMs(), 0, 'f', 1)
            .arg(maxGapPhase())
            .arg(maxOwnGapMs(), 0, 'f', 1)
            .arg(m_maxOwnPhase);
    }

  private:
    void tick() {
        const qint64 now = m_clock.nsecsElapsed(), cpu = threadCpuNs();
        const qint64 queued = threadRunqueueNs();
        const qint64 gap = now - m_lastNs, own = gap - (queued - m_lastQueued);
        m_gaps.push_back(gap);
        if (own > m_maxOwnNs) {
            m_maxOwnNs = own;
            m_maxOwnPhase = m_phase;
        }
        m_lastQueued = queued;
        if (gap > m_maxNs) {
            m_maxNs = gap;
            m_maxCpuNs = cpu - m_lastCpu;
            m_maxPhase = m_phase;
        }
        m_lastNs = now;
        m_lastCpu = cpu;
    }

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0, m_lastCpu = 0, m_maxNs = 0, m_maxCpuNs = 0;
    qint64 m_lastQueued = 0, m_maxOwnNs = 0;
    std::vector<qint64> m_gaps;
    QString m_phase, m_maxPhase, m_maxOwnPhase;
};

// Runs the event loop for `ms` milliseconds (0: once through what is pending), as a user's pause
// between two edits: a real loop, sleeping in the event dispatcher, not a busy poll.
inline void runEventLoop(int ms) {
    if (ms <= 0) {
        QCoreApplication::processEvents();
        return;
    }
    QEventLoop loop;
    QTimer::singleShot(ms, Qt::PreciseTimer, &loop, &QEventLoop::quit);
    loop.exec();
}

// A line of /proc/self/status ("VmRSS", "VmHWM") in KiB; nullopt where there is none.
inline std::optional<qint64> procStatusKiB(const char* field) {
    QFile f("/proc/self/status");
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray key = QByteArray(field) + ':';
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith(key))
            return line.mid(key.size()).trimmed().split(' ').value(0).toLongLong();
    return std::nullopt;
}

// Resets the process's peak RSS (VmHWM) to its current RSS, so that the peak of what follows can
// be read; false where the kernel does not allow it.
inline bool resetPeakRss() {
    QFile f("/proc/self/clear_refs");
    return f.open(QIODevice::WriteOnly) && f.write("5") == 1;
}

} // namespace tessera::ui::testing
