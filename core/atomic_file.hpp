// AtomicFile: write a file so that it is either complete or not there at all, and so that an
// interrupted write (an error, a cancel, Ctrl-C, SIGTERM, even kill -9) leaves nothing behind.
//
// The target itself only ever changes by one rename() in its own folder (so it is the old file or
// the new one, never a part). The bytes go first to a temporary there, made one of two ways:
//
// - Unnamed (the default where the file system has it): open(folder, O_TMPFILE), an inode with no
//   name at all. Whatever ends the process, the kernel frees it; nothing can be left. commit()
//   fsyncs it, links it under a hidden name (below) and renames that over the target, because
//   linkat() cannot replace an existing file.
// - Named (where O_TMPFILE is refused: some FUSE, network or overlay file systems; or forced by
//   the constructor's option or TESSERA_NO_O_TMPFILE=1 in the environment, read once): a file
//   `.NAME.tessera-tmp-PID-XXXXXX`, PID the writing process. Two things clean it up when the
//   destructor cannot: handlers for SIGINT, SIGTERM and SIGHUP unlink every live temporary and
//   then let the signal end the process as it would have (the exit status says "killed by
//   SIGINT"); and constructing an AtomicFile removes the temporaries in its folder whose PID is no
//   longer alive (left by kill -9 or a crash). Nothing else is touched.
//
// The hidden name commit() links an unnamed temporary under has the same pattern and is covered
// the same way, so even a kill -9 in the microseconds between link and rename is cleaned up by the
// next AtomicFile there. The handlers are installed once per process, before its first named
// temporary of either kind.
//
// Signals: a disposition the program set first is kept. Ignored stays ignored (nohup, background
// jobs). A handler of its own is called as before; temporaries are unlinked after it only if it
// left the signal pending with the default action (it re-raised to die), since a program that
// handles SIGHUP or SIGINT itself may go on and commit. A handler that ends the process by
// _exit() leaves the temporary to the next run's clean-up. Handlers the program installs after the
// first named temporary replace ours unless they chain to it.
//
// Limits: PIDs are only meaningful on one machine and in one PID namespace, so do not share a
// folder with writers in other containers or on other hosts through a network file system (their
// live temporaries would look stale). At most 128 named temporaries are registered for the
// signal handlers at once; more still work, but a signal leaves them to the next run's clean-up.
//
// Threads: any number of AtomicFiles may be made, written and committed at once on different
// threads; one AtomicFile is used by one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

namespace tessera {

class AtomicFile {
  public:
    enum class Temporary {
        Unnamed, // O_TMPFILE where the folder's file system has it, else Named
        Named,   // always a named temporary (tests of the fallback; file systems that misbehave)
    };

    // Throws InputError naming the path when the folder is missing or not writable.
    explicit AtomicFile(std::filesystem::path target, Temporary temporary = Temporary::Unnamed);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    void write(const void* data, std::size_t bytes); // InputError on a short write (disk full)
    void write(std::string_view bytes) { write(bytes.data(), bytes.size()); }
    void commit();

  private:
    void release() noexcept;

    std::filesystem::path m_target;
    int m_folder = -1; // the target's folder, held open: every name below is relative to it
    std::FILE* m_file = nullptr;
    std::string m_tempName; // the named temporary; empty while the temporary is unnamed
    int m_slot = -1;        // m_tempName's place in the signal handlers' registry (-1: none)
    bool m_committed = false;
};

// Reads a whole regular file, to the size fstat gives; InputError naming the path when it cannot.
std::string readFile(const std::filesystem::path& path);
// Reads at most the first `maxBytes` of a regular file (a header), the same way.
std::string readFilePrefix(const std::filesystem::path& path, std::uint64_t maxBytes);

} // namespace tessera
