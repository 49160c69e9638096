#!/usr/bin/python3
"""Stopping tessera-cli while it writes an export leaves the output folder as it was.

Ctrl-C (SIGINT), SIGTERM and kill -9 arrive while a large CSV is being written. Afterwards the
folder must hold exactly what it held before (the input): no temporary, no partial target. Each
case runs with the unnamed (O_TMPFILE) temporary and with the named one (TESSERA_NO_O_TMPFILE=1).
kill -9 runs no handler, so there a named temporary stays; the next run into the folder must
remove it.

usage: test_interrupt.py TESSERA_CLI PROJECT_DIR
"""
import os, signal, subprocess, sys, tempfile, time, unittest
import numpy as np

CLI = ROOT = None

# A 3x768x768 input at patch 8 and D 768: 9,216 rows of 777 numbers, a CSV of about 80 MB, whose
# write and fsync take some 300 ms even on a fast disk: ample time to see it and send a signal.
SHAPE = (3, 768, 768)
EMBED = ["embed", "big.npy", "-o", "out.csv", "--embed-dim", "768", "--patch-size", "8"]
ROWS = 1 + (768 // 8) ** 2
# Seconds, not milliseconds: the machine may be busy with other builds.
START_DEADLINE = 40  # until the export starts writing
EXIT_DEADLINE = 30  # from the signal to the process's end
ATTEMPTS = 3  # runs that finish before the signal lands prove nothing; they are tried again


def default_signals():
    # A test run started as a background job or under nohup has SIGINT or SIGHUP ignored, and
    # tessera-cli rightly keeps an ignored signal ignored; these cases are about the default.
    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, signal.SIG_DFL)


def writing(pid, folder, input_path):
    """Whether process pid has a file other than its input open in folder: its temporary, named
    or not (/proc shows an O_TMPFILE as 'folder/#inode (deleted)')."""
    fd_dir = "/proc/%d/fd" % pid
    try:
        fds = os.listdir(fd_dir)
    except OSError:
        return False
    for fd in fds:
        try:
            target = os.readlink(os.path.join(fd_dir, fd))
        except OSError:
            continue
        if target.startswith(folder + os.sep) and target != input_path:
            return True
    return False


def has_o_tmpfile(folder):
    try:
        os.close(os.open(folder, os.O_TMPFILE | os.O_RDWR, 0o600))
        return True
    except OSError:
        return False


def complete_csv(path):
    with open(path, "rb") as f:
        data = f.read()
    return data.endswith(b"\n") and data.count(b"\n") == ROWS


class Interrupt(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.inputs = tempfile.TemporaryDirectory()
        cls.big = os.path.join(cls.inputs.name, "big.npy")
        np.save(cls.big, np.random.default_rng(0).standard_normal(SHAPE).astype(np.float32))

    @classmethod
    def tearDownClass(cls):
        cls.inputs.cleanup()

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = os.path.realpath(self.tmp.name)
        self.input = os.path.join(self.dir, "big.npy")
        os.link(self.big, self.input)
        self.before = self.listing()

    def tearDown(self):
        self.tmp.cleanup()

    def listing(self):
        return set(os.listdir(self.dir))

    def env(self, named):
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        env.pop("TESSERA_NO_O_TMPFILE", None)
        if named:
            env["TESSERA_NO_O_TMPFILE"] = "1"
        return env

    def run_cli(self, args, named):
        return subprocess.run([CLI, *args], cwd=self.dir, env=self.env(named), capture_output=True,
                              text=True, timeout=120, preexec_fn=default_signals)

    def interrupt(self, sig, named):
        """Starts the export, sends sig once it writes, and returns (pid, exit status) of a run the
        signal ended while the output was unfinished. Runs that finished first are tried again."""
        for _ in range(ATTEMPTS):
            proc = subprocess.Popen([CLI, *EMBED], cwd=self.dir, env=self.env(named),
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                    preexec_fn=default_signals)
            try:
                deadline = time.monotonic() + START_DEADLINE
                while proc.poll() is None and not writing(proc.pid, self.dir, self.input):
                    self.assertLess(time.monotonic(), deadline, "tessera-cli did not start writing")
                    time.sleep(0.005)
                if proc.poll() is None:
                    os.kill(proc.pid, sig)
                _, err = proc.communicate(timeout=EXIT_DEADLINE)
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
            out = os.path.join(self.dir, "out.csv")
            if proc.returncode in (0, -sig) and os.path.exists(out) and complete_csv(out):
                os.remove(out)
                sys.stderr.write("(the export was done before %s landed: again)\n" % sig.name)
                continue
            why = "not ended by %s: %s" % (sig.name, err.decode())
            self.assertEqual(proc.returncode, -sig, why)
            return proc.pid
        self.fail("the export finished before %s landed, %d times" % (sig.name, ATTEMPTS))

    def leaves_nothing(self, sig, named):
        self.interrupt(sig, named)
        self.assertEqual(self.listing(), self.before)

    def test_sigint_unnamed(self):
        self.leaves_nothing(signal.SIGINT, named=False)

    def test_sigint_named(self):
        self.leaves_nothing(signal.SIGINT, named=True)

    def test_sigterm_unnamed(self):
        self.leaves_nothing(signal.SIGTERM, named=False)

    def test_sigterm_named(self):
        self.leaves_nothing(signal.SIGTERM, named=True)

    def test_kill_unnamed_leaves_nothing(self):
        if not has_o_tmpfile(self.dir):
            self.skipTest("no O_TMPFILE on this file system: the named case covers it")
        self.leaves_nothing(signal.SIGKILL, named=False)

    def test_kill_named_is_cleaned_up_by_the_next_run(self):
        pid = self.interrupt(signal.SIGKILL, named=True)
        left = self.listing() - self.before
        self.assertEqual(len(left), 1, left)
        self.assertRegex(left.pop(), r"^\.out\.csv\.tessera-tmp-%d-[A-Za-z0-9]{6}$" % pid)
        r = self.run_cli(["embed", "big.npy", "-o", "next.npy", "--embed-dim", "8",
                          "--patch-size", "64"], named=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.listing(), self.before | {"next.npy"})


if __name__ == "__main__":
    CLI, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    unittest.main(argv=[sys.argv[0], "-v"])
