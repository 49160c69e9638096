// The task pool (task_pool.hpp): every task runs once whatever the thread count, errors come back
// to the caller, callers at the same time and nested calls finish, and availableCpus() follows
// the affinity mask.
#include "task_pool.hpp"

#include <gtest/gtest.h>
#include <sched.h>

#include <atomic>
#include <chrono>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

namespace tessera {
namespace {

TEST(TaskPool, EveryTaskRunsOnceOnUpToThatManyThreads) {
    for (const int threads : {1, 2, 3, 8, 64}) {
        for (const std::int64_t count : {0, 1, 2, 7, 1000}) {
            std::vector<std::atomic<int>> runs(static_cast<std::size_t>(count));
            std::mutex m;
            std::set<std::thread::id> ran;
            runTasks(threads, count, [&](std::int64_t i) {
                ++runs[std::size_t(i)];
                std::lock_guard lock(m);
                ran.insert(std::this_thread::get_id());
            });
            for (std::int64_t i = 0; i < count; ++i)
                ASSERT_EQ(runs[std::size_t(i)].load(), 1) << threads << " threads, task " << i;
            EXPECT_LE(ran.size(), std::size_t(threads));
            if (threads == 1 && count > 0) { // one thread: the caller alone
                EXPECT_EQ(ran, std::set{std::this_thread::get_id()});
            }
        }
    }
}

TEST(TaskPool, ParallelForCoversTheRangeInChunks) {
    std::vector<std::atomic<int>> hit(1001);
    std::atomic<int> chunks{0};
    parallelFor(4, 1001, 100, [&](std::int64_t b, std::int64_t e) {
        EXPECT_LE(e - b, 100);
        ++chunks;
        for (std::int64_t i = b; i < e; ++i)
            ++hit[std::size_t(i)];
    });
    EXPECT_EQ(chunks.load(), 11);
    for (auto& h : hit)
        ASSERT_EQ(h.load(), 1);
}

TEST(TaskPool, AnErrorReachesTheCallerAndTheRestIsSkipped) {
    for (const int threads : {1, 3}) {
        std::atomic<int> ran{0};
        try {
            runTasks(threads, 10000, [&](std::int64_t i) {
                ++ran;
                if (i == 5)
                    throw std::runtime_error("task 5 failed");
                // 2 s of work in all: the failure is recorded long before it could all run.
                std::this_thread::sleep_for(std::chrono::microseconds(200));
            });
            FAIL() << "the error was lost";
        } catch (const std::runtime_error& e) {
            EXPECT_STREQ(e.what(), "task 5 failed");
        }
        if (threads == 1)
            EXPECT_EQ(ran.load(), 6); // in order on the caller: nothing after the failure
        else
            EXPECT_LT(ran.load(), 10000);
    }
    // The pool is still usable after a failure.
    std::atomic<int> after{0};
    runTasks(3, 100, [&](std::int64_t) { ++after; });
    EXPECT_EQ(after.load(), 100);
}

TEST(TaskPool, CallersAtOnceAndNestedCallsAllFinish) {
    std::vector<std::thread> callers;
    std::atomic<std::int64_t> sum{0};
    for (int c = 0; c < 4; ++c)
        callers.emplace_back([&] {
            for (int round = 0; round < 50; ++round)
                runTasks(3, 8, [&](std::int64_t i) {
                    runTasks(2, 4, [&](std::int64_t j) { sum += i * 4 + j; });
                });
        });
    for (std::thread& t : callers)
        t.join();
    EXPECT_EQ(sum.load(), 4 * 50 * (31 * 32 / 2));
}

TEST(TaskPool, AvailableCpusFollowsTheAffinityMask) {
    cpu_set_t set;
    ASSERT_EQ(sched_getaffinity(0, sizeof set, &set), 0);
    EXPECT_GE(availableCpus(), 1);
    EXPECT_LE(availableCpus(), CPU_COUNT(&set));
}

} // namespace
} // namespace tessera
