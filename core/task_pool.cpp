#include "task_pool.hpp"

#include <sched.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <exception>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>

namespace tessera {
namespace {

// How long a helper looks for the next job, and a caller for its last tasks, before sleeping.
// Runs come back to back in a batch or a bench; a futex wake-up costs 20-60 µs, a 224 image's
// PatchEmbed 1-2 ms. Short enough that a waiting thread gives its core back at once on a busy
// machine (bench/README.md, "Speed under load").
constexpr auto kSpin = std::chrono::microseconds(50);

inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

struct Job {
    const std::function<void(std::int64_t)>* task = nullptr;
    std::int64_t count = 0;
    int seats = 0; // helpers that may still join; under the pool's mutex
    std::atomic<std::int64_t> next{0}, ended{0};
    std::atomic<bool> failed{false};
    std::mutex mutex; // for `error` and the caller's sleep
    std::condition_variable allEnded;
    std::exception_ptr error;

    // Claims and runs tasks until none is left. After a failure the rest are claimed and skipped.
    void work() {
        for (;;) {
            const std::int64_t i = next.fetch_add(1, std::memory_order_relaxed);
            if (i >= count)
                return;
            if (!failed.load(std::memory_order_relaxed)) {
                try {
                    (*task)(i);
                } catch (...) {
                    std::lock_guard lock(mutex);
                    if (!error)
                        error = std::current_exception();
                    failed = true;
                }
            }
            if (ended.fetch_add(1, std::memory_order_acq_rel) + 1 == count) {
                std::lock_guard lock(mutex); // the caller is between its check and its sleep
                allEnded.notify_all();
            }
        }
    }

    void waitAll() {
        const auto until = std::chrono::steady_clock::now() + kSpin;
        while (ended.load(std::memory_order_acquire) < count) {
            if (std::chrono::steady_clock::now() > until) {
                std::unique_lock lock(mutex);
                allEnded.wait(lock, [this] { return ended.load() >= count; });
                break;
            }
            cpuRelax();
        }
    }
};

class Pool {
  public:
    void post(const std::shared_ptr<Job>& job) {
        {
            std::lock_guard lock(m_mutex);
            while (m_helpers < job->seats) {
                std::thread([this] { helperLoop(); }).detach();
                ++m_helpers;
            }
            m_jobs.push_back(job);
            m_posted.fetch_add(1, std::memory_order_release);
        }
        if (job->seats == 1)
            m_wake.notify_one();
        else
            m_wake.notify_all();
    }

    // No more helpers join `job` (its caller has found every task claimed).
    void retire(const std::shared_ptr<Job>& job) {
        std::lock_guard lock(m_mutex);
        m_jobs.erase(std::remove(m_jobs.begin(), m_jobs.end(), job), m_jobs.end());
    }

  private:
    // A job with a free seat and unclaimed tasks, its seat taken; null if none. Under m_mutex.
    std::shared_ptr<Job> takeSeat() {
        for (auto it = m_jobs.begin(); it != m_jobs.end();) {
            Job& j = **it;
            if (j.seats <= 0 || j.next.load(std::memory_order_relaxed) >= j.count) {
                it = m_jobs.erase(it);
                continue;
            }
            --j.seats;
            return *it;
        }
        return nullptr;
    }

    [[noreturn]] void helperLoop() {
        std::uint64_t seen = 0;
        for (;;) {
            const auto until = std::chrono::steady_clock::now() + kSpin;
            while (m_posted.load(std::memory_order_acquire) == seen &&
                   std::chrono::steady_clock::now() < until)
                cpuRelax();
            std::shared_ptr<Job> job;
            {
                std::unique_lock lock(m_mutex);
                m_wake.wait(lock, [&] { return (job = takeSeat()) != nullptr || m_posted > seen; });
                seen = m_posted.load();
                if (!job)
                    job = takeSeat();
            }
            if (job)
                job->work();
        }
    }

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::shared_ptr<Job>> m_jobs;
    std::atomic<std::uint64_t> m_posted{0};
    int m_helpers = 0;
};

// Never destroyed: its helpers are detached and may sleep on its condition variable at exit.
Pool& pool() {
    static Pool* const p = new Pool;
    return *p;
}

// The cgroup v2 quota of this process's group and its parents, in CPUs (rounded up); 0: none.
int cgroupCpuLimit() {
    std::ifstream self("/proc/self/cgroup");
    std::string line, group;
    while (std::getline(self, line))
        if (line.rfind("0::", 0) == 0)
            group = line.substr(3);
    if (group.empty())
        return 0;
    int limit = 0;
    for (std::string g = group;; g = g.substr(0, g.rfind('/'))) {
        std::ifstream max("/sys/fs/cgroup" + g + "/cpu.max");
        std::string quota;
        double period = 0;
        if (max >> quota >> period && quota != "max" && period > 0) {
            const int cpus = std::max(1, int(std::ceil(std::stod(quota) / period)));
            limit = limit ? std::min(limit, cpus) : cpus;
        }
        if (g.empty() || g == "/")
            break;
    }
    return limit;
}

} // namespace

int availableCpus() {
    static const int cpus = [] {
        int n = 0;
        cpu_set_t set;
        if (sched_getaffinity(0, sizeof set, &set) == 0)
            n = CPU_COUNT(&set);
        if (n < 1)
            n = int(std::max(1u, std::thread::hardware_concurrency()));
        try {
            if (const int quota = cgroupCpuLimit(); quota > 0)
                n = std::min(n, quota);
        } catch (const std::exception&) { // an unreadable cpu.max: the affinity alone
        }
        return n;
    }();
    return cpus;
}

namespace {
thread_local int t_defaultThreads = 0;
}

void setDefaultThreads(int n) {
    t_defaultThreads = std::max(0, n);
}

int defaultThreads() {
    return t_defaultThreads > 0 ? t_defaultThreads : availableCpus();
}

void runTasks(int threads, std::int64_t count, const std::function<void(std::int64_t)>& task) {
    if (count <= 0)
        return;
    if (threads < 1)
        threads = defaultThreads();
    const std::int64_t helpers = std::min<std::int64_t>(threads - 1, count - 1);
    if (helpers <= 0) {
        for (std::int64_t i = 0; i < count; ++i)
            task(i);
        return;
    }
    auto job = std::make_shared<Job>();
    job->task = &task;
    job->count = count;
    job->seats = int(helpers);
    pool().post(job);
    job->work();
    pool().retire(job);
    job->waitAll();
    if (job->error)
        std::rethrow_exception(job->error);
}

void parallelFor(int threads, std::int64_t n, std::int64_t grain,
                 const std::function<void(std::int64_t, std::int64_t)>& body) {
    grain = std::max<std::int64_t>(1, grain);
    const std::int64_t chunks = (n + grain - 1) / grain;
    runTasks(threads, chunks,
             [&](std::int64_t c) { body(c * grain, std::min(n, (c + 1) * grain)); });
}

} // namespace tessera
