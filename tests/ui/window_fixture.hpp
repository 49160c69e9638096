// Waiting for the real MainWindow as a user would: until the image is open and the newest
// request is computed and shown, or has failed.
#pragma once

#include "main_window.hpp"
#include "session.hpp"

#include <QCoreApplication>
#include <QElapsedTimer>

namespace tessera::ui::testing {

inline bool settle(MainWindow& w, int timeoutMs = 60000) {
    QElapsedTimer t;
    t.start();
    Session* s = w.session();
    while (t.elapsed() < timeoutMs) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        const bool idle = !s->busy() && !s->opening();
        if (idle && s->current() && s->current()->generation == s->requestedGeneration())
            return true;
        if (idle && !s->failure().isEmpty())
            return true;
    }
    return false;
}

// Waits until no view is making pictures (similarities, maps, filters) for the newest result.
inline bool viewsIdle(MainWindow& w, int timeoutMs = 60000) {
    QElapsedTimer t;
    t.start();
    while (w.viewsBusy() && t.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    QCoreApplication::processEvents();
    return !w.viewsBusy();
}

} // namespace tessera::ui::testing
