// AtomicFile: the target is complete or untouched, and nothing is left behind by an error, a
// signal or a kill. Most cases run with both temporaries: O_TMPFILE (where this file system has
// it) and the named fallback that the signal handlers and the stale clean-up exist for.
#include "atomic_file.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace tessera {

// Test names read "GetParam() = Named" rather than as bytes.
void PrintTo(AtomicFile::Temporary t, std::ostream* os) {
    *os << (t == AtomicFile::Temporary::Named ? "Named" : "Unnamed");
}

namespace {

namespace fs = std::filesystem;
using Temporary = AtomicFile::Temporary;

// These tests are about what the default actions of these signals do; a test run started as a
// background job or under nohup would otherwise inherit some of them ignored.
[[maybe_unused]] const bool kDefaultSignals = [] {
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
        struct sigaction now {};
        if (::sigaction(sig, nullptr, &now) == 0 && now.sa_handler == SIG_IGN)
            std::signal(sig, SIG_DFL);
    }
    return true;
}();

fs::path makeFolder() {
    std::string pattern = (fs::temp_directory_path() / "tessera-atomic-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
        throw std::runtime_error("mkdtemp failed");
    return pattern;
}

std::set<std::string> listing(const fs::path& dir) {
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(dir))
        names.insert(e.path().filename().string());
    return names;
}

std::string contents(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void put(const fs::path& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

// Whether this file system gives unnamed temporaries: where it does not, AtomicFile falls back to
// a named one and the cases that expect no name at all do not apply.
bool hasOTmpfile(const fs::path& dir) {
    const int fd = ::open(dir.c_str(), O_TMPFILE | O_RDWR, 0600);
    if (fd >= 0)
        ::close(fd);
    return fd >= 0;
}

// A named temporary of process `pid` for the target `name`.
bool isTemporaryOf(const std::string& entry, const std::string& name, pid_t pid) {
    const std::regex form(R"(\.)" + std::regex_replace(name, std::regex(R"([.])"), R"(\.)") +
                          R"(\.tessera-tmp-)" + std::to_string(pid) + "-[A-Za-z0-9]{6}");
    return std::regex_match(entry, form);
}

// A PID no process has: a child that has exited and been reaped.
pid_t deadPid() {
    const pid_t pid = ::fork();
    if (pid == 0)
        ::_exit(0);
    ::waitpid(pid, nullptr, 0);
    return pid;
}

const std::string kMegabyte(1 << 20, 'x');

class AtomicFileTest : public ::testing::TestWithParam<Temporary> {
  protected:
    void SetUp() override { dir = makeFolder(); }
    void TearDown() override { fs::remove_all(dir); }

    // Whether the temporary has a name in this case: the fallback, or no O_TMPFILE here.
    bool named() const { return GetParam() == Temporary::Named || !hasOTmpfile(dir); }

    fs::path dir;
};

TEST_P(AtomicFileTest, CommitWritesTheBytesWithAnOrdinaryNewFilesPermissions) {
    for (const mode_t mask : {mode_t(022), mode_t(077), mode_t(002)}) {
        const mode_t saved = ::umask(mask);
        const std::string bytes = "header\n" + kMegabyte + std::string(1, '\0') + "end";
        {
            AtomicFile f(dir / "out.bin", GetParam());
            f.write(bytes.substr(0, 7));
            f.write(bytes.data() + 7, bytes.size() - 7);
            f.commit();
        }
        put(dir / "ordinary.txt", "");
        ::umask(saved);
        EXPECT_EQ(contents(dir / "out.bin"), bytes);
        const auto mode = [&](const char* name) {
            struct stat st {};
            ::stat((dir / name).c_str(), &st);
            return st.st_mode & 07777;
        };
        EXPECT_EQ(mode("out.bin"), 0666 & ~mask) << "umask " << std::oct << mask;
        EXPECT_EQ(mode("out.bin"), mode("ordinary.txt"));
        EXPECT_EQ(listing(dir), (std::set<std::string>{"out.bin", "ordinary.txt"}));
        fs::remove(dir / "out.bin");
        fs::remove(dir / "ordinary.txt");
    }
}

TEST_P(AtomicFileTest, UncommittedLeavesNothingAndANamedTemporarySaysWhose) {
    put(dir / "input.npy", "in");
    const auto before = listing(dir);
    {
        AtomicFile f(dir / "out.csv", GetParam());
        f.write(kMegabyte);
        auto during = listing(dir);
        if (named()) {
            ASSERT_EQ(during.size(), before.size() + 1);
            for (const auto& name : before)
                during.erase(name);
            EXPECT_TRUE(isTemporaryOf(*during.begin(), "out.csv", ::getpid())) << *during.begin();
        } else {
            EXPECT_EQ(during, before); // an unnamed inode: there is nothing to see, or to leave
        }
    }
    EXPECT_EQ(listing(dir), before);
}

TEST_P(AtomicFileTest, AnExistingTargetIsReplacedOnlyAtCommit) {
    put(dir / "out.npy", "old");
    {
        AtomicFile f(dir / "out.npy", GetParam());
        f.write("new bytes");
        EXPECT_EQ(contents(dir / "out.npy"), "old");
        f.commit();
        EXPECT_EQ(contents(dir / "out.npy"), "new bytes");
    }
    EXPECT_EQ(listing(dir), std::set<std::string>{"out.npy"});
    {
        AtomicFile abandoned(dir / "out.npy", GetParam());
        abandoned.write("never");
    }
    EXPECT_EQ(contents(dir / "out.npy"), "new bytes");
    EXPECT_EQ(listing(dir), std::set<std::string>{"out.npy"});
}

TEST_P(AtomicFileTest, StaleTemporariesOfDeadProcessesGoAndNothingElse) {
    const std::string dead = std::to_string(deadPid());
    const std::string self = std::to_string(::getpid());
    const std::string parent = std::to_string(::getppid()); // alive: it is waiting for us
    const std::set<std::string> stale = {".a.npy.tessera-tmp-" + dead + "-Ab3xYz",
                                         ".b.csv.tessera-tmp-" + dead + "-000000"};
    const std::set<std::string> kept = {
        ".c.csv.tessera-tmp-" + self + "-abcdef",   // another AtomicFile of this process
        ".d.csv.tessera-tmp-" + parent + "-abcdef", // a live process's
        ".e.csv.tmp-Ab3xYz",                        // mkstemp's, from an older Tessera
        ".hidden",
        "notes.txt",
        ".f.csv.tessera-tmp-" + dead + "-abc",     // not the form: short
        ".g.csv.tessera-tmp-" + dead + "-abcdefg", // long
        ".h.csv.tessera-tmp-x" + dead + "-abcdef", // no PID
        ".i.csv.tessera-tmp-0-abcdef",             // kill(0, 0) asks about our own group
        ".tessera-tmp-" + dead + "-abcdef",        // no NAME
        "k.csv.tessera-tmp-" + dead + "-abcdef",   // not hidden
    };
    for (const auto& name : stale)
        put(dir / name, "partial");
    for (const auto& name : kept)
        put(dir / name, "keep");
    fs::create_directory(dir / (".j.csv.tessera-tmp-" + dead + "-abcdef")); // not a file
    auto want = kept;
    want.insert(".j.csv.tessera-tmp-" + dead + "-abcdef");

    { AtomicFile f(dir / "out.bin", GetParam()); }
    EXPECT_EQ(listing(dir), want);
}

// A child writes part of a file and is then told to stop by `sig` (or killed).
struct Interrupted {
    std::set<std::string> during; // the folder while the child was writing
    int status = 0;               // from waitpid
};

Interrupted interruptWhileWriting(const fs::path& target, Temporary temporary, int sig) {
    int ready[2];
    if (::pipe(ready) != 0)
        throw std::runtime_error("pipe failed");
    const pid_t child = ::fork();
    if (child == 0) {
        ::close(ready[0]);
        try {
            AtomicFile f(target, temporary);
            f.write(kMegabyte);
            if (::write(ready[1], "w", 1) != 1)
                ::_exit(90);
            for (;;)
                ::pause(); // still writing, as far as anyone can tell
        } catch (...) {
            ::_exit(91);
        }
    }
    ::close(ready[1]);
    Interrupted r;
    pollfd p{ready[0], POLLIN, 0};
    char c = 0;
    // Seconds, not milliseconds: the machine may be busy with other builds.
    if (::poll(&p, 1, 30'000) == 1 && ::read(ready[0], &c, 1) == 1) {
        r.during = listing(target.parent_path());
        ::kill(child, sig);
    } else {
        ::kill(child, SIGKILL);
    }
    ::close(ready[0]);
    ::waitpid(child, &r.status, 0);
    return r;
}

TEST_P(AtomicFileTest, ASignalWhileWritingLeavesNothingAndEndsTheProcessByThatSignal) {
    put(dir / "input.png", "in");
    const auto before = listing(dir);
    for (const int sig : {SIGINT, SIGTERM, SIGHUP}) {
        SCOPED_TRACE(::strsignal(sig));
        const Interrupted r = interruptWhileWriting(dir / "out.zip", GetParam(), sig);
        // The child was in the middle of writing: its temporary was there (or had no name).
        EXPECT_EQ(r.during.size(), before.size() + (named() ? 1 : 0));
        ASSERT_TRUE(WIFSIGNALED(r.status)) << "status " << r.status;
        EXPECT_EQ(WTERMSIG(r.status), sig);
        EXPECT_EQ(listing(dir), before);
    }
}

TEST_P(AtomicFileTest, AfterAKillTheNextAtomicFileInTheFolderCleansUp) {
    put(dir / "input.png", "in");
    const auto before = listing(dir);
    const Interrupted r = interruptWhileWriting(dir / "out.zip", GetParam(), SIGKILL);
    ASSERT_TRUE(WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGKILL) << r.status;
    if (named()) {
        // Nothing runs on kill -9: the temporary stays until someone writes in the folder again.
        EXPECT_EQ(listing(dir).size(), before.size() + 1);
        { AtomicFile next(dir / "other.npy", GetParam()); }
    }
    EXPECT_EQ(listing(dir), before);
}

INSTANTIATE_TEST_SUITE_P(Both, AtomicFileTest,
                         ::testing::Values(Temporary::Unnamed, Temporary::Named),
                         [](const auto& info) {
                             return info.param == Temporary::Named ? "Named" : "Unnamed";
                         });

// What the program did with a signal before the first named temporary is kept. That moment comes
// once per process, so each case runs in a fresh one: a "threadsafe" death test re-executes this
// binary for its statement.
class AtomicFileSignalChain : public ::testing::Test {
  protected:
    void SetUp() override {
        GTEST_FLAG_SET(death_test_style, "threadsafe");
        // The re-executed child runs this too, and finds its parent's folder in the environment.
        if (const char* given = std::getenv("TESSERA_TEST_FOLDER")) {
            dir = given;
        } else {
            dir = makeFolder();
            ::setenv("TESSERA_TEST_FOLDER", dir.c_str(), 1);
            owner = true;
        }
    }
    void TearDown() override {
        if (owner) {
            ::unsetenv("TESSERA_TEST_FOLDER");
            fs::remove_all(dir);
        }
    }

    fs::path dir;
    bool owner = false;
};

volatile std::sig_atomic_t g_handled = 0;

// The child's statement: a named temporary, written to, then `sig`. If the process lives on, it
// commits (which throws if the temporary did not outlive the signal) and reads the result back.
bool writeRaiseAndCommit(const fs::path& dir, int sig) {
    AtomicFile f(dir / "out.csv", Temporary::Named);
    f.write("part");
    ::raise(sig);
    f.write(" and the rest");
    f.commit();
    return contents(dir / "out.csv") == "part and the rest";
}

TEST_F(AtomicFileSignalChain, AProgramsOwnHandlerStillDecidesAndTheTemporaryOutlivesIt) {
    EXPECT_EXIT(
        {
            std::signal(SIGHUP, [](int) { g_handled = 1; }); // e.g. "reload the settings"
            std::_Exit(writeRaiseAndCommit(dir, SIGHUP) && g_handled ? 0 : 1);
        },
        ::testing::ExitedWithCode(0), "");
    EXPECT_EQ(listing(dir), std::set<std::string>{"out.csv"});
}

TEST_F(AtomicFileSignalChain, AHandlerThatDiesOfTheSignalStillLeavesNothing) {
    EXPECT_EXIT(
        {
            std::signal(SIGTERM, [](int sig) {
                std::signal(sig, SIG_DFL); // the usual way to clean up and still die of it
                ::raise(sig);
            });
            writeRaiseAndCommit(dir, SIGTERM);
        },
        ::testing::KilledBySignal(SIGTERM), "");
    EXPECT_EQ(listing(dir), std::set<std::string>{});
}

TEST_F(AtomicFileSignalChain, AnIgnoredSignalStaysIgnored) {
    EXPECT_EXIT(
        {
            std::signal(SIGINT, SIG_IGN); // a background job's
            std::_Exit(writeRaiseAndCommit(dir, SIGINT) ? 0 : 1);
        },
        ::testing::ExitedWithCode(0), "");
    EXPECT_EQ(listing(dir), std::set<std::string>{"out.csv"});
}

} // namespace
} // namespace tessera
