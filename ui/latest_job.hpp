// LatestJob: a view's analysis (similarity, PCA, filter pictures) run on a worker thread, keeping
// only the newest request.
//
// A view asks again whenever the result, the selection or an option changes; those come in bursts
// (arrow keys held down, a slider dragged). Only one job runs at a time. A request made while one
// runs replaces any request still waiting and tells the running one to stop (the flag it is
// given); when it ends, its value is dropped and the newest request starts. So the view is handed
// values only for its newest request, in order, on the GUI thread, and at most two jobs' worth of
// work is ever done for a burst.
//
// A job returns its value, or throws: an InputError's message goes to the error callback (the
// view shows it); a Cancelled or a set flag just drops the value.
#pragma once

#include "error.hpp"
#include "job_pool.hpp"

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace tessera::ui {

template <class T> class LatestJob {
  public:
    using Work = std::function<T(const std::atomic<bool>& cancel)>;

    // `owner` parents the watcher (its thread delivers); `onValue` and `onError` run on it.
    LatestJob(QObject* owner, std::function<void(T)> onValue,
              std::function<void(const QString&)> onError = {})
        : m_watcher(new QFutureWatcher<Outcome>(owner)), m_onValue(std::move(onValue)),
          m_onError(std::move(onError)) {
        QObject::connect(m_watcher, &QFutureWatcherBase::finished, owner, [this] { finished(); });
    }
    LatestJob(const LatestJob&) = delete;
    LatestJob& operator=(const LatestJob&) = delete;
    // The owner is destroyed with its watcher; a job still running is told to stop and awaited.
    ~LatestJob() {
        if (m_cancel)
            m_cancel->store(true);
        m_watcher->disconnect();
        m_watcher->waitForFinished();
    }

    void run(Work work) {
        m_pending = std::move(work);
        if (m_active)
            m_cancel->store(true);
        else
            startPending();
    }
    // Drops a waiting request and stops the running one; nothing is delivered.
    void cancel() {
        m_pending.reset();
        if (m_active)
            m_cancel->store(true);
    }
    // True from a request until its value is handed over (the future ends before its watcher
    // says so on this thread).
    bool busy() const { return m_active || m_pending.has_value(); }

  private:
    struct Outcome {
        std::optional<T> value;
        QString error;
    };

    void startPending() {
        Work work = std::move(*m_pending);
        m_pending.reset();
        m_cancel = std::make_shared<std::atomic<bool>>(false);
        m_active = true;
        m_watcher->setFuture(runInBackground([work = std::move(work), cancel = m_cancel] {
            Outcome out;
            try {
                out.value = work(*cancel);
            } catch (const Cancelled&) {
            } catch (const InputError& e) {
                out.error = QString::fromStdString(e.what());
            } catch (const std::exception& e) {
                out.error = QString::fromStdString(e.what());
            }
            return out;
        }));
    }

    void finished() {
        const bool dropped = m_cancel->load() || m_pending.has_value();
        Outcome out = m_watcher->result();
        m_active = false;
        if (m_pending)
            startPending();
        if (dropped)
            return;
        if (out.value)
            m_onValue(std::move(*out.value));
        else if (!out.error.isEmpty() && m_onError)
            m_onError(out.error);
    }

    QFutureWatcher<Outcome>* m_watcher;
    std::function<void(T)> m_onValue;
    std::function<void(const QString&)> m_onError;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    std::optional<Work> m_pending;
    bool m_active = false;
};

} // namespace tessera::ui
