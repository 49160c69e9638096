// BatchPipeline: the items of a batch prepared on one worker thread ahead of the thread that
// consumes them, handed over in their order.
//
// `tessera-cli embed` over a folder decodes and preprocesses image i + 1 while the main thread
// runs the PatchEmbed of image i and writes its output. The worker runs prepare(0), prepare(1),
// ... in order and stops `depth` items ahead of the consumer: at most depth finished items wait,
// plus the one being prepared, so memory stays bounded whatever the batch's length. What a
// prepare throws is handed over in that item's place and rethrown by next(), so the consumer
// reports it exactly as if it had prepared the item itself, and the batch goes on.
//
// Destroying the pipeline (the batch finished, or the consumer threw) stops the worker after the
// item it is preparing and joins it.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <utility>

namespace tessera {

template <class T> class BatchPipeline {
  public:
    BatchPipeline(std::size_t count, std::size_t depth, std::function<T(std::size_t)> prepare)
        : m_count(count), m_depth(depth < 1 ? 1 : depth), m_prepare(std::move(prepare)),
          m_worker([this] { work(); }) {}
    ~BatchPipeline() {
        {
            std::lock_guard lock(m_mutex);
            m_stop = true;
        }
        m_changed.notify_all();
        m_worker.join();
    }
    BatchPipeline(const BatchPipeline&) = delete;
    BatchPipeline& operator=(const BatchPipeline&) = delete;

    // The next item in order, waiting for the worker if it is not ready; rethrows what its
    // prepare threw. std::out_of_range after the last one.
    T next() {
        std::unique_lock lock(m_mutex);
        if (m_taken == m_count)
            throw std::out_of_range("BatchPipeline::next past the last item");
        m_changed.wait(lock, [this] { return !m_ready.empty(); });
        Slot slot = std::move(m_ready.front());
        m_ready.pop_front();
        ++m_taken;
        lock.unlock();
        m_changed.notify_all(); // room for the worker
        if (slot.error)
            std::rethrow_exception(slot.error);
        return std::move(*slot.value);
    }

    // Items finished and waiting now (for tests: never above depth).
    std::size_t waiting() const {
        std::lock_guard lock(m_mutex);
        return m_ready.size();
    }

  private:
    struct Slot {
        std::optional<T> value;
        std::exception_ptr error;
    };

    void work() {
        for (std::size_t i = 0; i < m_count; ++i) {
            {
                std::unique_lock lock(m_mutex);
                m_changed.wait(lock, [this] { return m_stop || m_ready.size() < m_depth; });
                if (m_stop)
                    return;
            }
            Slot slot;
            try {
                slot.value.emplace(m_prepare(i));
            } catch (...) {
                slot.error = std::current_exception();
            }
            {
                std::lock_guard lock(m_mutex);
                m_ready.push_back(std::move(slot));
            }
            m_changed.notify_all();
        }
    }

    const std::size_t m_count, m_depth;
    const std::function<T(std::size_t)> m_prepare;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Slot> m_ready;
    std::size_t m_taken = 0;
    bool m_stop = false;
    std::thread m_worker; // last: it starts once everything above is in place
};

} // namespace tessera
