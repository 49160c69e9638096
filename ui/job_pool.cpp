#include "job_pool.hpp"

#include <cerrno>
#include <sys/resource.h>
#include <unistd.h>

namespace tessera::ui {

QThreadPool* jobPool() {
    static QThreadPool pool; // made once, thread-safely; waited for at exit by its destructor
    return &pool;
}

void backgroundPriority() {
    thread_local bool lowered = false;
    if (lowered)
        return;
    lowered = true;
    // On Linux setpriority(PRIO_PROCESS, tid) sets one thread's nice value. Best effort: if it
    // is refused, the job runs at the normal priority.
    const id_t tid = id_t(::gettid());
    errno = 0;
    const int nice = ::getpriority(PRIO_PROCESS, tid);
    if (errno == 0)
        ::setpriority(PRIO_PROCESS, tid, nice + 5);
}

} // namespace tessera::ui
