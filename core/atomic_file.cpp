#include "atomic_file.hpp"

#include "error.hpp"
#include "file_names.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <climits>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <iterator>
#include <limits>
#include <mutex>
#include <sched.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tessera {
namespace {

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path, int err) {
    throw InputError("cannot " + what + " " + path.string() + ": " + std::strerror(err));
}

// Every temporary with a name is `.NAME.tessera-tmp-PID-XXXXXX`: the tag says whose it is, the PID
// whether its writer is still alive.
constexpr std::string_view kTag = ".tessera-tmp-";
constexpr std::size_t kSuffixLength = 6;

// --- The names the signal handlers unlink ---------------------------------------------------
//
// A handler may run on any thread at any moment, even inside registerName() on its own thread, so
// it can take no lock and allocate nothing: a fixed array of slots, each claimed by a
// compare-and-swap and readable only once it is kLive.

enum SlotState : int { kFree, kFilling, kLive, kUnlinking };

struct Slot {
    std::atomic<int> state{kFree};
    pid_t pid = 0;   // a fork()ed child inherits the array: only the process that wrote it unlinks
    int folder = -1; // the owner's folder descriptor, open while the slot is kLive
    char name[NAME_MAX + 1] = {};
};
static_assert(std::atomic<int>::is_always_lock_free, "signal handlers need lock-free atomics");

constexpr int kSlots = 128;
Slot g_slots[kSlots];

// The slot now holding `name`, or -1 when all are taken (the temporary then still goes with its
// AtomicFile, or with the next run's clean-up).
int registerName(int folder, const std::string& name) {
    for (int i = 0; i < kSlots; ++i) {
        Slot& s = g_slots[i];
        int expected = kFree;
        if (!s.state.compare_exchange_strong(expected, kFilling))
            continue;
        s.pid = ::getpid();
        s.folder = folder;
        std::memcpy(s.name, name.c_str(), name.size() + 1);
        s.state.store(kLive);
        return i;
    }
    return -1;
}

void unregisterName(int slot) {
    if (slot < 0)
        return;
    for (int expected = kLive; !g_slots[slot].state.compare_exchange_weak(expected, kFree);
         expected = kLive)
        ::sched_yield(); // a handler on another thread is unlinking it and gives it back at once
}

// Async-signal-safe: atomics, getpid() and unlinkat() only.
void unlinkRegistered() {
    const pid_t self = ::getpid();
    for (Slot& s : g_slots) {
        int expected = kLive;
        if (!s.state.compare_exchange_strong(expected, kUnlinking))
            continue;
        if (s.pid == self)
            ::unlinkat(s.folder, s.name, 0);
        s.state.store(kLive);
    }
}

// --- The handlers -----------------------------------------------------------------------------

constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};
struct sigaction g_previous[std::size(kSignals)]; // written before our handler is installed

// Whether the handler we chained to left `sig` to end the process as soon as we return.
bool pendingWithDefaultAction(int sig) {
    sigset_t pending;
    struct sigaction now;
    return ::sigpending(&pending) == 0 && ::sigismember(&pending, sig) == 1 &&
           ::sigaction(sig, nullptr, &now) == 0 && now.sa_handler == SIG_DFL;
}

void onSignal(int sig, siginfo_t* info, void* context) {
    const int savedErrno = errno;
    std::size_t i = 0;
    while (kSignals[i] != sig)
        ++i;
    const struct sigaction& previous = g_previous[i];
    if (previous.sa_handler == SIG_DFL) {
        unlinkRegistered();
        // Die of the signal itself, so the parent sees the usual status (a shell prints nothing
        // for SIGINT, 130 in $?): it is blocked while we run and is delivered as we return.
        struct sigaction byDefault {};
        byDefault.sa_handler = SIG_DFL;
        ::sigemptyset(&byDefault.sa_mask);
        ::sigaction(sig, &byDefault, nullptr);
        ::raise(sig);
    } else {
        // The program's own handler decides; it may well go on and commit (SIGHUP: reload).
        if (previous.sa_flags & SA_SIGINFO)
            previous.sa_sigaction(sig, info, context);
        else
            previous.sa_handler(sig);
        if (pendingWithDefaultAction(sig))
            unlinkRegistered();
    }
    errno = savedErrno;
}

// Once per process, before the first temporary with a name exists. Dispositions are read and set
// here without a lock against the program changing them at the same moment on another thread.
void installHandlers() {
    static std::once_flag once;
    std::call_once(once, [] {
        for (std::size_t i = 0; i < std::size(kSignals); ++i) {
            struct sigaction previous {};
            if (::sigaction(kSignals[i], nullptr, &previous) != 0 || previous.sa_handler == SIG_IGN)
                continue; // nohup, a background job: the signal is meant to do nothing
            g_previous[i] = previous;
            struct sigaction ours = previous; // its mask, and its flags if it is a handler
            ours.sa_sigaction = onSignal;
            ours.sa_flags =
                (previous.sa_handler == SIG_DFL ? SA_RESTART : previous.sa_flags) | SA_SIGINFO;
            ::sigaction(kSignals[i], &ours, nullptr);
        }
    });
}

// --- Names ------------------------------------------------------------------------------------

std::string randomSuffix() {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    unsigned char bytes[kSuffixLength];
    if (::getrandom(bytes, sizeof bytes, GRND_NONBLOCK) != ssize_t(sizeof bytes)) {
        // No entropy yet (early boot) or a sandbox without getrandom: a counter and the clock
        // still differ between calls, and a name already taken is simply tried again.
        static std::atomic<std::uint64_t> counter{0};
        std::uint64_t x =
            (counter++ + 1) * 0x9E3779B97F4A7C15ull ^
            std::uint64_t(std::chrono::steady_clock::now().time_since_epoch().count());
        for (unsigned char& b : bytes) {
            b = static_cast<unsigned char>(x);
            x >>= 8;
        }
    }
    std::string s;
    for (unsigned char b : bytes)
        s += kAlphabet[b % (sizeof kAlphabet - 1)];
    return s;
}

// `.NAME.tessera-tmp-PID-XXXXXX`, NAME shortened (at a UTF-8 character boundary) to fit NAME_MAX.
std::string hiddenName(const std::string& target) {
    const std::string tail = std::string(kTag) + std::to_string(::getpid()) + "-" + randomSuffix();
    std::size_t keep = std::min(target.size(), std::size_t(NAME_MAX) - 1 - tail.size());
    while (keep > 0 && keep < target.size() &&
           (static_cast<unsigned char>(target[keep]) & 0xC0) == 0x80)
        --keep;
    return "." + target.substr(0, keep) + tail;
}

// The PID a name of hiddenName()'s form carries, or 0 when the name is not of that form.
pid_t ownerOf(std::string_view name) {
    const std::size_t tag = name.rfind(kTag);
    if (name.empty() || name[0] != '.' || tag == std::string_view::npos || tag < 2)
        return 0;
    const std::string_view rest = name.substr(tag + kTag.size()); // PID-XXXXXX
    const std::size_t dash = rest.find('-');
    if (dash == std::string_view::npos || rest.size() - dash - 1 != kSuffixLength)
        return 0;
    long long pid = 0;
    const auto [end, err] = std::from_chars(rest.data(), rest.data() + dash, pid);
    if (err != std::errc() || end != rest.data() + dash || pid <= 0 || pid > INT_MAX)
        return 0;
    for (char c : rest.substr(dash + 1))
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
            return 0;
    return pid_t(pid);
}

// Removes the temporaries in `folder` whose writer is gone: kill -9, a crash, a power cut.
void removeStale(int folder) {
    const int fd = ::openat(folder, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return; // a folder one may write in but not list: nothing to find
    DIR* dir = ::fdopendir(fd);
    if (!dir) {
        ::close(fd);
        return;
    }
    while (const dirent* e = ::readdir(dir)) {
        const pid_t pid = ownerOf(e->d_name);
        // EPERM means alive (another user's): only "no such process" makes a temporary stale.
        if (pid == 0 || pid == ::getpid() || ::kill(pid, 0) == 0 || errno != ESRCH)
            continue;
        struct stat st;
        if (::fstatat(folder, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode))
            ::unlinkat(folder, e->d_name, 0);
    }
    ::closedir(dir);
}

// Calls make(name) with fresh hidden names until one is not taken (make fails with EEXIST); the
// name is registered before it exists, so a signal at any moment after finds it. Returns make's
// result; on failure *name is empty and errno says why.
template <class Make>
int withHiddenName(int folder, const std::string& target, std::string* name, int* slot, Make make) {
    installHandlers();
    for (int attempt = 0; attempt < 100; ++attempt) {
        *name = hiddenName(target);
        *slot = registerName(folder, *name);
        const int result = make(name->c_str());
        if (result >= 0)
            return result;
        const int err = errno;
        unregisterName(*slot);
        *slot = -1;
        name->clear();
        errno = err;
        if (err != EEXIST)
            break;
    }
    return -1;
}

bool namedForced() {
    static const bool forced = [] {
        const char* v = std::getenv("TESSERA_NO_O_TMPFILE");
        return v && *v && std::string_view(v) != "0";
    }();
    return forced;
}

// O_RDONLY so the folder can be listed and fsynced; a folder with write but no read permission
// is still enough to create and rename in.
int openFolder(const std::filesystem::path& folder) {
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 && errno == EACCES)
        return ::open(folder.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    return fd;
}

} // namespace

AtomicFile::AtomicFile(std::filesystem::path target, Temporary temporary)
    : m_target(std::move(target)) {
    if (std::filesystem::is_directory(m_target))
        throw InputError("output " + m_target.string() + " is a folder, not a file name");
    m_folder = openFolder(m_target.has_parent_path() ? m_target.parent_path() : ".");
    if (m_folder < 0)
        fail("write", m_target, errno);
    try {
        removeStale(m_folder);
        int fd = -1;
        if (temporary == Temporary::Unnamed && !namedForced()) {
            // 0666: the kernel applies the umask (and a default ACL) as for any new file.
            fd = ::openat(m_folder, ".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0666);
            // EISDIR: a kernel older than O_TMPFILE; EOPNOTSUPP, EINVAL: a file system without it.
            if (fd < 0 && errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
                fail("write", m_target, errno);
        }
        if (fd < 0) {
            fd = withHiddenName(m_folder, m_target.filename().string(), &m_tempName, &m_slot,
                                [this](const char* name) {
                                    return ::openat(m_folder, name,
                                                    O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
                                });
            if (fd < 0)
                fail("write", m_target, errno);
        }
        m_file = ::fdopen(fd, "wb");
        if (!m_file) {
            const int err = errno;
            ::close(fd);
            fail("write", m_target, err);
        }
    } catch (...) {
        release();
        throw;
    }
}

AtomicFile::~AtomicFile() {
    release();
}

void AtomicFile::release() noexcept {
    if (m_file)
        std::fclose(m_file); // an unnamed temporary ends here
    m_file = nullptr;
    if (!m_committed && !m_tempName.empty())
        ::unlinkat(m_folder, m_tempName.c_str(), 0);
    unregisterName(m_slot); // after the unlink: a signal in between only finds it gone
    m_slot = -1;
    if (m_folder >= 0)
        ::close(m_folder);
    m_folder = -1;
}

void AtomicFile::write(const void* data, std::size_t bytes) {
    if (bytes && std::fwrite(data, 1, bytes, m_file) != bytes)
        fail("write", m_target, errno);
}

void AtomicFile::commit() {
    // The bytes are on the disk before any name points at them.
    if (std::fflush(m_file) != 0 || ::fsync(::fileno(m_file)) != 0)
        fail("write", m_target, errno);
    const std::string name = m_target.filename().string();
    if (m_tempName.empty()) {
        // An unnamed inode gets a (hidden) name only now, since linkat cannot replace the target.
        // Through /proc any process may link its own O_TMPFILE; AT_EMPTY_PATH needs privileges.
        const int fd = ::fileno(m_file);
        const std::string self = "/proc/self/fd/" + std::to_string(fd);
        const auto link = [&](const char* hidden) {
            const int r = ::linkat(AT_FDCWD, self.c_str(), m_folder, hidden, AT_SYMLINK_FOLLOW);
            if (r != 0 && errno == ENOENT) // no /proc mounted
                return ::linkat(fd, "", m_folder, hidden, AT_EMPTY_PATH);
            return r;
        };
        if (withHiddenName(m_folder, name, &m_tempName, &m_slot, link) != 0)
            fail("write", m_target, errno);
    }
    const int closed = std::fclose(m_file);
    m_file = nullptr;
    if (closed != 0)
        fail("write", m_target, errno);
    if (::renameat(m_folder, m_tempName.c_str(), m_folder, name.c_str()) != 0)
        fail("write", m_target, errno);
    m_committed = true;
    unregisterName(m_slot);
    m_slot = -1;
    // The new name survives a power cut once the folder is synced too. Best effort: some file
    // systems refuse fsync on a folder, and the file itself is complete either way.
    ::fsync(m_folder);
}

std::string readFilePrefix(const std::filesystem::path& path, std::uint64_t maxBytes) {
    requireRegularFile(path);
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        fail("read", path, errno);
    // Sized from fstat, then read to that size and no further: one allocation, no growth, and a
    // file that grows while it is read is read as it was.
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        ::close(fd);
        fail("read", path, err);
    }
    std::string bytes(std::min<std::uint64_t>(std::uint64_t(st.st_size), maxBytes), '\0');
    std::size_t got = 0;
    while (got < bytes.size()) {
        const ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            const int err = errno;
            ::close(fd);
            fail("read", path, err);
        }
        if (n == 0)
            break; // shrank while read: what is there
        got += std::size_t(n);
    }
    ::close(fd);
    bytes.resize(got);
    return bytes;
}

std::string readFile(const std::filesystem::path& path) {
    return readFilePrefix(path, std::numeric_limits<std::uint64_t>::max());
}

} // namespace tessera
