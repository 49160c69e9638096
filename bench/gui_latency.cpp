// tessera-gui-bench: the app's responsiveness, measured on the real MainWindow.
//
//   1. control change -> result computed -> view and chart repainted (224×224 sample, P16, D768):
//      median and max over many embed_dim changes;
//   2. the longest gap between event-loop ticks while a 4096×4096, P16, D768 run computes
//      (a 1 ms timer records every tick);
//   3. Cancel: from Session::cancel() to the cancelled signal, during that run.
// Usage: tessera-gui-bench [RUNS=40] [THREADS=0: the app's default]. Figures go to
// bench/README.md. Timings are reported, never asserted.
#include "allocator_policy.hpp"
#include "controls_panel.hpp"
#include "main_window.hpp"
#include "norm_chart.hpp"
#include "session.hpp"

#include <QApplication>
#include <QChartView>
#include <QElapsedTimer>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <sys/resource.h>
#include <vector>

using namespace tessera;
using namespace tessera::ui;

namespace {

// Counts paint events reaching a widget.
class PaintProbe : public QObject {
  public:
    int paints = 0;
    bool eventFilter(QObject*, QEvent* e) override {
        if (e->type() == QEvent::Paint)
            ++paints;
        return false;
    }
};

// Waits as the app's own event loop does, asleep until an event comes (a 1 ms timer bounds the
// wait): polling processEvents() in a loop would keep the GUI thread busy on a core, and the
// computation, at background priority, would get a fraction of it (it measured 120 ms for a 224
// image instead of 5 ms on 2 cores).
bool waitFor(const std::function<bool()>& done, int timeoutMs) {
    QElapsedTimer t;
    t.start();
    QTimer wake;
    wake.start(1);
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return true;
}

// Minor page faults of the process so far: memory the kernel had to map (and zero) on first touch.
long minorFaults() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return u.ru_minflt;
}

// CPU time of the process (RUSAGE_SELF) or of the calling thread (RUSAGE_THREAD), in ms.
double cpuMs(int who) {
    rusage u{};
    ::getrusage(who, &u);
    return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 +
           (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
    retainFreedBuffers();
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // each figure as soon as it is measured
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    const int runs = argc > 1 ? std::atoi(argv[1]) : 40;
    const int threads = argc > 2 ? std::atoi(argv[2]) : 0; // 0: the app's default

    MainWindow w("Tessera-bench");
    w.resize(1400, 900);
    w.show();
    w.openSample("chelsea.png");
    Session* s = w.session();
    if (threads > 0) {
        Spec spec = w.controls()->spec();
        spec.threads = threads;
        w.applySpec(spec);
    }
    waitFor([&] { return s->current() && !s->busy(); }, 60000);
    std::printf("threads: %s\n", threads > 0 ? std::to_string(threads).c_str() : "the default");

    // 1. Control change to repainted view and chart.
    PaintProbe viewProbe, chartProbe;
    w.imageView()->installEventFilter(&viewProbe);
    w.normChart()->plotView()->viewport()->installEventFilter(&chartProbe);
    std::vector<double> latency, resultLatency;
    const double cpu0 = cpuMs(RUSAGE_SELF), gui0 = cpuMs(RUSAGE_THREAD);
    const long faults0 = minorFaults();
    for (int i = 0; i < runs; ++i) {
        // Paints counted from before the change: the repaint may come in the same event-loop
        // pass that delivers the result.
        const int v0 = viewProbe.paints, c0 = chartProbe.paints;
        QElapsedTimer t;
        t.start();
        w.controls()->embedDim()->setValue(i % 2 ? 768 : 767);
        const std::uint64_t wanted = s->requestedGeneration();
        double resultMs = -1;
        if (!waitFor(
                [&] {
                    const bool in = s->current() && s->current()->generation == wanted;
                    if (in && resultMs < 0)
                        resultMs = t.nsecsElapsed() / 1e6;
                    return in && viewProbe.paints > v0 && chartProbe.paints > c0;
                },
                10000))
            std::printf("run %d: no result or no repaint within 10 s\n", i);
        latency.push_back(t.nsecsElapsed() / 1e6);
        resultLatency.push_back(resultMs);
    }
    std::printf("control change -> repainted view and chart (224x224, P16, D768, %d runs): "
                "median %.1f ms, max %.1f ms (the result in the session: median %.1f ms)\n",
                runs, median(latency), *std::max_element(latency.begin(), latency.end()),
                median(resultLatency));
    std::printf("CPU time per change: %.1f ms in all, %.1f ms of it on the GUI thread\n",
                (cpuMs(RUSAGE_SELF) - cpu0) / runs, (cpuMs(RUSAGE_THREAD) - gui0) / runs);
    std::printf("page faults per change: %.0f\n", double(minorFaults() - faults0) / runs);

    // 2 and 3. A 4096×4096 run: event-loop gaps, then Cancel.
    QImage big(4096, 4096, QImage::Format_RGB32);
    for (int y = 0; y < big.height(); ++y)
        for (int x = 0; x < big.width(); ++x)
            big.setPixel(x, y, qRgb(x & 255, y & 255, (x ^ y) & 255));
    Spec spec = w.controls()->spec();
    spec.fit = ImageFit::Native;
    spec.pad = PadPolicy::Dynamic;
    spec.imgSize.reset();
    spec.embedDim = 768;
    w.applySpec(spec);

    for (bool cancelRun : {false, true}) {
        QString error;
        s->setImage(big, cancelRun ? "big2" : "big", &error);
        QElapsedTimer clock;
        clock.start();
        qint64 last = 0, maxGap = 0;
        QTimer tick;
        tick.setInterval(1);
        QObject::connect(&tick, &QTimer::timeout, [&] {
            const qint64 now = clock.nsecsElapsed();
            if (last)
                maxGap = std::max(maxGap, now - last);
            last = now;
        });
        tick.start();
        bool gotProgress = false, gotCancel = false;
        QElapsedTimer cancelClock;
        double cancelMs = -1;
        QMetaObject::Connection c1 = QObject::connect(s, &Session::progressed, [&] {
            if (cancelRun && !gotProgress) {
                // Cancel once the GEMM is under way, as a user would mid-run.
                cancelClock.start();
                s->cancel();
            }
            gotProgress = true;
        });
        QMetaObject::Connection c2 = QObject::connect(s, &Session::cancelled, [&] {
            gotCancel = true;
            cancelMs = cancelClock.nsecsElapsed() / 1e6;
        });
        const std::uint64_t wanted = s->requestedGeneration();
        waitFor(
            [&] {
                return cancelRun ? gotCancel : (s->current() && s->current()->generation == wanted);
            },
            300000);
        const double runMs = clock.nsecsElapsed() / 1e6;
        // Keep ticking a while: the views rebuild and repaint after the result arrives, and those
        // gaps count too.
        QElapsedTimer after;
        after.start();
        waitFor([&] { return after.elapsed() > 500; }, 1000);
        tick.stop();
        QObject::disconnect(c1);
        QObject::disconnect(c2);
        if (!cancelRun)
            std::printf("4096x4096, P16, D768 run: %.0f ms in all (core %.0f ms); longest "
                        "event-loop gap %.1f ms (during the run, the result's display and 500 ms "
                        "after)\n",
                        runMs, s->current()->result.millis, maxGap / 1e6);
        else
            std::printf("Cancel during that run: cancelled signal %.1f ms after cancel(); longest "
                        "event-loop gap %.1f ms\n",
                        cancelMs, maxGap / 1e6);
    }
    return 0;
}
