// Running many small tasks on a few threads so that a busy machine slows a run down gracefully.
//
// OpenMP's fork-join waits at every barrier, and at the end of every parallel region, for each
// thread of the team, including one whose core the OS gave to another process for a time slice:
// one 224 image took 15-28 ms instead of 1-2 ms with another process spinning on one of two
// cores (bench/README.md). Here the caller runs tasks too, and each task is claimed from a shared
// counter by whichever thread is free: a helper that has not woken up yet finds the work done and
// is not waited for. The caller waits only for tasks already claimed and running elsewhere.
//
// Which thread runs a task must never change the numbers: callers cut their work by its shapes
// alone (tiles and slices of fixed sizes), never by the thread count or by timing.
//
// Helpers are a process-wide set of threads, started on first use and kept: they spin a short
// while for the next run (about 50 µs, so back-to-back runs do not pay a wake-up), then sleep on
// a condition variable, so an idle pool takes no CPU. Several callers (the batch pipeline's
// worker and the main thread, a view's analysis and a run) can run jobs at the same time; each
// caller makes progress on its own job even if no helper joins it, so nesting cannot deadlock.
#pragma once

#include <cstdint>
#include <functional>

namespace tessera {

// The CPUs this process may run on: its affinity mask (taskset, a container's cpuset), capped by
// a cgroup v2 CPU quota (cpu.max, rounded up) when there is one; at least 1.
int availableCpus();

// The thread count runTasks(0, ...) uses when called from this thread: n > 0, or 0 (the
// default) for availableCpus(). Per thread, as OpenMP's omp_set_num_threads was: the batch
// pipeline's worker gives its preprocessing the run's --threads.
void setDefaultThreads(int n);
int defaultThreads();

// Runs task(0) ... task(count - 1), each once, on the calling thread and up to threads - 1
// helpers (threads < 1: defaultThreads()). Returns when all have run. An exception from a task is
// rethrown here (the first one; tasks not yet claimed are then skipped).
void runTasks(int threads, std::int64_t count, const std::function<void(std::int64_t)>& task);

// runTasks over [0, n) in chunks of `grain` indices: body(begin, end) for each chunk.
void parallelFor(int threads, std::int64_t n, std::int64_t grain,
                 const std::function<void(std::int64_t, std::int64_t)>& body);

} // namespace tessera
