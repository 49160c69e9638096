// BatchPipeline: items come out in order, a failed item is rethrown in its own place, the
// worker never runs more than `depth` ahead, and destroying it early stops the worker.
#include "batch_pipeline.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>

namespace tessera {
namespace {

TEST(BatchPipeline, ItemsComeOutInOrderWithTheirErrorsInPlace) {
    BatchPipeline<std::string> p(7, 2, [](std::size_t i) {
        // Later items finish sooner, so an out-of-order hand-over would show.
        std::this_thread::sleep_for(std::chrono::milliseconds(7 - i));
        if (i == 3)
            throw std::runtime_error("item 3 is corrupt");
        return "item " + std::to_string(i);
    });
    for (std::size_t i = 0; i < 7; ++i) {
        if (i == 3) {
            try {
                p.next();
                FAIL() << "item 3 should throw";
            } catch (const std::runtime_error& e) {
                EXPECT_STREQ(e.what(), "item 3 is corrupt");
            }
            continue;
        }
        EXPECT_EQ(p.next(), "item " + std::to_string(i));
    }
    EXPECT_THROW(p.next(), std::out_of_range);
}

TEST(BatchPipeline, TheWorkerStaysWithinDepthOfTheConsumer) {
    std::atomic<std::size_t> started{0};
    constexpr std::size_t kDepth = 3;
    BatchPipeline<std::size_t> p(20, kDepth, [&](std::size_t i) {
        ++started;
        return i;
    });
    for (std::size_t taken = 0; taken < 20; ++taken) {
        // Give the worker every chance to run ahead; it must stop at depth finished items plus
        // none in progress (it waits for room before it starts the next one).
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        EXPECT_LE(p.waiting(), kDepth);
        EXPECT_LE(started.load(), taken + kDepth) << "after " << taken << " taken";
        EXPECT_EQ(p.next(), taken);
    }
}

TEST(BatchPipeline, DestroyedEarlyItStopsWithoutPreparingTheRest) {
    std::atomic<std::size_t> started{0};
    {
        BatchPipeline<int> p(1000, 2, [&](std::size_t) {
            ++started;
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
            return 1;
        });
        EXPECT_EQ(p.next(), 1);
    } // joins here
    EXPECT_LE(started.load(), 4u);
}

TEST(BatchPipeline, AnEmptyBatchHasNothingToTake) {
    BatchPipeline<int> p(0, 2, [](std::size_t) -> int { throw std::logic_error("never called"); });
    EXPECT_THROW(p.next(), std::out_of_range);
}

} // namespace
} // namespace tessera
