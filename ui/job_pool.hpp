// Where Tessera's own background jobs run (computations, views' analyses, file reads, exports):
// a thread pool apart from Qt's global one, its threads one step nicer than the GUI thread.
//
// Why: Qt's raster paint engine splits large image draws and conversions into segments on
// QThreadPool::globalInstance(), and the GUI thread waits for them on a semaphore. With our jobs
// in that pool, a paint of the image view waited behind a whole computation (93 ms measured in
// ui.stress). Apart, and at nice +5 (Linux schedules threads by their nice value), our jobs
// yield the CPUs to the GUI thread and to Qt's painting when both want them, so the window keeps
// turning on a 2-core machine while a computation runs; alone, they run at full speed.
#pragma once

#include <QThreadPool>
#include <QtConcurrent>

#include <utility>

namespace tessera::ui {

// Created on first use, as many threads as Qt's global pool; lives until the program ends.
QThreadPool* jobPool();

// Lowers the calling thread's priority to nice +5 once; later calls do nothing. The core's task
// pool (task_pool.hpp) starts its helpers from the first thread that runs a parallel job, which
// in the app is one of these, so they inherit it.
void backgroundPriority();

// QtConcurrent::run on jobPool(), at background priority.
template <class Work> auto runInBackground(Work work) {
    return QtConcurrent::run(jobPool(), [work = std::move(work)]() mutable {
        backgroundPriority();
        return work();
    });
}

} // namespace tessera::ui
