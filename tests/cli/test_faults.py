#!/usr/bin/python3
"""Fault tests for exports (issue 12): kill -9 at random moments, four writers to one path, and
a full disk. Whatever happens, a target is the old file or a complete new one, never a part, and
no temporary stays in the target's folder once the next run has been there.

- kill -9 during a large bundle export (chelsea.png, D 768: about 11 MB, some 2 s here), 10 trials
  with an old target in place: half with the unnamed (O_TMPFILE) temporary, half with the named
  one (TESSERA_NO_O_TMPFILE=1). Some kills fall anywhere in the run (one in each tenth of it),
  the others while the temporary is being written (seen in /proc/PID/fd). A named temporary may
  stay after a kill; it must be `.out.zip.tessera-tmp-PID-XXXXXX` with the killed PID, and the
  next run into the folder must remove it.
- kill -9 during a batch `embed A B C -o folder/ --export-format zip`, anywhere or while it
  writes its nth file (an output or index.csv): each output there is complete and equal to a
  run that was not killed, they are finished in input order, and index.csv (when it exists yet)
  lists only outputs that are there.
- Four tessera-cli started together on one -o path with different --seed: all succeed, and the
  path holds one complete bundle whose embeddings are exactly one writer's (each compared with
  that seed's run alone).
- A 2 MB tmpfs (when this process may mount one): a bundle that does not fit is refused with
  exit 2 and one line naming the path and 'No space left', the old target byte-identical, with
  either temporary; in a batch each output is reported so in index.csv (exit 3).

Outputs are checked by reading them (zipfile's CRCs, numpy), against runs that were not
disturbed; a bundle's members are byte-identical between runs except manifest.json (its time).

usage: test_faults.py TESSERA_CLI PROJECT_DIR
"""
import csv, glob, io, json, os, random, re, shutil, subprocess, sys, tempfile, time, unittest, zipfile
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from cli_case import CliCase  # noqa: E402
from test_interrupt import has_o_tmpfile  # noqa: E402 (the same question, asked the same way)

CLI = ROOT = None

BIG = ["--embed-dim", "768"]  # with chelsea.png: 551 patches, a bundle of about 11 MB
TRIALS = 10
# Seconds, generous: the machine may be busy with other builds.
START_DEADLINE = 60  # until an export starts writing
EXIT_DEADLINE = 30  # from SIGKILL to the process's end (it cannot take long)
RUN_TIMEOUT = 120
WRITE_JITTER = 0.004  # a kill "in the write" falls this long at most after the temporary is seen
OLD = b"an earlier result that must survive unless replaced whole\n" * 100


def env(named):
    e = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    e.pop("TESSERA_NO_O_TMPFILE", None)
    if named:
        e["TESSERA_NO_O_TMPFILE"] = "1"
    return e


def run(args, cwd, named=False):
    return subprocess.run([CLI, *args], cwd=cwd, env=env(named), capture_output=True, text=True,
                          timeout=RUN_TIMEOUT)


def temp_pattern(target, pid):
    return r"^\.%s\.tessera-tmp-%d-[A-Za-z0-9]{6}$" % (re.escape(target), pid)


def open_in(pid, folder):
    """The files process pid has open in folder (as /proc shows them: an O_TMPFILE is
    '#inode (deleted)'), or [] when it has none or is gone."""
    names = []
    for fd in glob.glob("/proc/%d/fd/*" % pid):
        try:
            names.append(os.path.relpath(os.readlink(fd), folder))
        except OSError:  # closed meanwhile, or the process ended
            pass
    # Not the folder itself (AtomicFile holds it open), nor what is outside it.
    return [n for n in names if n != "." and not n.startswith("..") and os.sep not in n]


def bundle(path):
    """A bundle's members by name; fails (raises) unless it is a whole zip whose CRCs match."""
    with zipfile.ZipFile(path) as z:
        bad = z.testzip()
        if bad is not None:
            raise AssertionError("%s: member %s is corrupt" % (path, bad))
        return {n: z.read(n) for n in z.namelist()}


def npy(data):
    return np.load(io.BytesIO(data), allow_pickle=False)


class Faults(CliCase):
    @classmethod
    def setUpClass(cls):
        cls.inputs = tempfile.TemporaryDirectory()
        cls.addClassCleanup(cls.inputs.cleanup)
        d = os.path.realpath(cls.inputs.name)
        cls.array = os.path.join(d, "c.npy")  # batch inputs besides chelsea.png
        np.save(cls.array, np.random.default_rng(3).standard_normal((3, 160, 224)).astype(np.float32))
        cls.array2 = os.path.join(d, "d.npy")
        np.save(cls.array2, np.random.default_rng(4).standard_normal((3, 192, 192)).astype(np.float32))
        cls.small = os.path.join(d, "small.npy")  # for the quick "next run"
        np.save(cls.small, np.ones((3, 32, 32), np.float32))
        cls.rng = random.Random()
        seed = int(os.environ.get("TESSERA_FAULTS_SEED", time.time_ns() % 1000000))
        cls.rng.seed(seed)
        sys.stderr.write("(fault moments: TESSERA_FAULTS_SEED=%d)\n" % seed)

    def setUp(self):
        super().setUp()
        self.dir = os.path.realpath(self.dir)  # as /proc names it
        self.mounted = None

    def tearDown(self):
        if self.mounted:  # before the folder is removed: it cannot go while mounted
            subprocess.run(["umount", self.mounted], check=True)
        super().tearDown()

    def folder(self, name):
        path = self.path(name)
        os.makedirs(path)
        return path

    def reference(self, args, output, named=False):
        """Runs an export undisturbed; returns (seconds it took, its bundle's members)."""
        start = time.monotonic()
        r = run([*args, "-o", output], self.dir, named)
        took = time.monotonic() - start
        self.assertEqual(r.returncode, 0, r.stderr)
        return took, bundle(output)

    def assertSameBundle(self, got, want, what):
        """Every member byte-identical except manifest.json, which must at least be JSON for the
        same input and seed."""
        self.assertEqual(sorted(got), sorted(want), what)
        for name in want:
            if name != "manifest.json":
                self.assertEqual(got[name], want[name], "%s: %s differs" % (what, name))
        m, w = (json.loads(x["manifest.json"]) for x in (got, want))
        self.assertEqual(m["input"], w["input"], what)
        self.assertEqual(m["weights"], w["weights"], what)

    def strays(self, folder):
        return sorted(n for n in os.listdir(folder) if "tessera-tmp" in n)

    def next_run_cleans(self, folder, named):
        """A quick export into folder (named or not) must remove the temporaries killed runs
        left there, and only those."""
        before = set(os.listdir(folder))
        left = set(self.strays(folder))
        r = run(["embed", self.small, "-o", "next.npy", "--embed-dim", "8"], folder, named)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(np.load(os.path.join(folder, "next.npy")).shape, (1, 4, 8))
        self.assertEqual(set(os.listdir(folder)), (before - left) | {"next.npy"})
        os.remove(os.path.join(folder, "next.npy"))

    def kill_during(self, args, folder, named, delay=None, nth=1):
        """Starts tessera-cli args in folder and kills it (SIGKILL) after delay seconds, or, with
        delay None, at a random moment while it writes its nth file in folder (the nth time it
        is seen with a file open there after having none). Returns (exit status, pid, the files
        it had open in folder when the kill was decided, stderr)."""
        proc = subprocess.Popen([CLI, *args], cwd=folder, env=env(named),
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        seen = []
        try:
            if delay is not None:
                try:
                    proc.wait(timeout=delay)
                except subprocess.TimeoutExpired:
                    pass
            else:
                deadline = time.monotonic() + START_DEADLINE
                writes, was_open = 0, False
                while proc.poll() is None and writes < nth:
                    self.assertLess(time.monotonic(), deadline, "tessera-cli did not write")
                    seen = open_in(proc.pid, folder)
                    writes += bool(seen) and not was_open
                    was_open = bool(seen)
                    if writes < nth:
                        time.sleep(0.0005)
                time.sleep(self.rng.uniform(0, WRITE_JITTER))
            if proc.poll() is None:
                proc.kill()
            _, err = proc.communicate(timeout=EXIT_DEADLINE)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        return proc.returncode, proc.pid, seen, err

    # --- kill -9 during one large bundle export ----------------------------------------------

    def test_kill_9_during_a_bundle_export(self):
        took, want = self.reference(["embed", self.chelsea, *BIG], os.path.join(self.dir, "ref.zip"))
        folder = self.folder("out")
        target = os.path.join(folder, "out.zip")
        unnamed_works = has_o_tmpfile(folder)
        args = ["embed", self.chelsea, *BIG, "-o", "out.zip"]
        # Trial k: named temporaries when k is odd; kills anywhere in the run (k % 4 < 2, each
        # in its own tenth of the reference's time) or while the temporary is written.
        plan = [(k % 2 == 1, k % 4 >= 2) for k in range(TRIALS)]
        killed = named_left = unnamed_seen = 0
        for k, (named, in_write) in enumerate(plan):
            with open(target, "wb") as f:
                f.write(OLD)
            delay = None if in_write else took * self.rng.uniform(k, k + 1) / TRIALS
            status, pid, seen, err = self.kill_during(args, folder, named, delay)
            what = "trial %d (%s temporary, %s, pid %d, status %s)" % (
                k, "named" if named else "unnamed",
                "in the write" if in_write else "after %.2f s" % delay, pid, status)
            self.assertIn(status, (0, -9), what + ": " + err)
            if status == -9:
                killed += 1
            with open(target, "rb") as f:
                replaced = f.read() != OLD
            if replaced:  # then it is the whole new bundle
                self.assertSameBundle(bundle(target), want, what)
            else:
                self.assertNotEqual(status, 0, what + ": finished but the target is the old one")
            left = self.strays(folder)
            self.assertEqual(set(os.listdir(folder)) - set(left), {"out.zip"}, what)
            self.assertLessEqual(len(left), 1, what)
            for name in left:
                self.assertRegex(name, temp_pattern("out.zip", pid), what)
                self.assertFalse(replaced, what + ": a temporary beside the new target")
            if in_write and seen:
                # What it was writing: the named temporary, or an inode without a name (seen
                # under its hidden name only if this poll came after commit() linked it).
                self.assertEqual(len(seen), 1, what)
                if named:
                    self.assertRegex(seen[0], temp_pattern("out.zip", pid), what)
                elif unnamed_works and not re.match(temp_pattern("out.zip", pid), seen[0]):
                    self.assertRegex(seen[0], r"^#\d+ \(deleted\)$", what)
                    unnamed_seen += 1
            if named and in_write and seen and status == -9 and not replaced:
                # Killed between creating the temporary and the rename: it stays (no handler
                # runs on SIGKILL) until the next run.
                self.assertEqual(len(left), 1, what)
                named_left += 1
            elif not named and unnamed_works and left:
                # Only a kill in the microseconds between link and rename leaves one.
                sys.stderr.write("(%s: killed between link and rename)\n" % what)
            if left:
                self.next_run_cleans(folder, named=False)
            sys.stderr.write("(%s: %s, %d temporaries left)\n" % (
                what, "new target" if replaced else "old target", len(left)))
        if unnamed_works:
            self.assertGreater(unnamed_seen, 0, "no unnamed temporary was seen being written")
        self.assertGreaterEqual(killed, TRIALS // 2, "most runs must end by the kill, or the "
                                "trials prove little")
        # The named case must have been caught with its temporary at least once; a few more
        # kills in the write make sure of it when the random ones all came after the rename.
        for _ in range(3):
            if named_left:
                break
            with open(target, "wb") as f:
                f.write(OLD)
            status, pid, seen, err = self.kill_during(args, folder, True)
            left = self.strays(folder)
            with open(target, "rb") as f:
                old = f.read() == OLD
            if status == -9 and seen and old:
                self.assertEqual(len(left), 1, err)
                self.assertRegex(left[0], temp_pattern("out.zip", pid))
                self.next_run_cleans(folder, named=True)
                named_left += 1
        self.assertGreater(named_left, 0, "no kill fell while a named temporary existed")
        self.assertEqual(self.strays(folder), [])

    # --- kill -9 during a batch export -------------------------------------------------------

    def test_kill_9_during_a_batch_export(self):
        inputs = [self.chelsea, self.array, self.array2]
        names = ["chelsea.zip", "c.zip", "d.zip"]
        base = ["embed", *inputs, "--export-format", "zip", *BIG]
        ref = self.folder("ref")
        start = time.monotonic()
        r = run([*base, "-o", ref + "/"], self.dir)
        took = time.monotonic() - start
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sorted(os.listdir(ref)), sorted(names + ["index.csv"]))
        want = {n: bundle(os.path.join(ref, n)) for n in names}
        for a, b in ((0, 1), (1, 2), (0, 2)):  # three different results, or order proves nothing
            self.assertNotEqual(want[names[a]]["embeddings.npy"], want[names[b]]["embeddings.npy"])
        # Trial k: a kill anywhere in the run, or while the batch writes its 1st..4th file (an
        # output, or index.csv, rewritten after an input when a second has passed); named
        # temporaries in trials 1 and 2.
        plan = [(False, None), (True, 1), (True, 4), (False, 2)]
        for k, (named, nth) in enumerate(plan):
            out = self.folder("out%d" % k)
            delay = None if nth else took * self.rng.uniform(0, 1)
            status, pid, seen, err = self.kill_during([*base, "-o", out + "/"], out, named,
                                                      delay, nth or 1)
            what = "batch trial %d (%s, %s, status %s)" % (
                k, "named" if named else "unnamed",
                "in write %d (%s)" % (nth, seen) if nth else "after %.2f s of %.2f" % (delay, took),
                status)
            self.assertIn(status, (0, -9), what + ": " + err)
            present = [n for n in names if os.path.exists(os.path.join(out, n))]
            self.assertEqual(present, names[:len(present)], what + ": not finished in order")
            for n in present:
                self.assertSameBundle(bundle(os.path.join(out, n)), want[n], what + " " + n)
            left = self.strays(out)
            self.assertLessEqual(len(left), 1, what)
            for name in left:
                self.assertRegex(name, r"^\..+\.tessera-tmp-%d-[A-Za-z0-9]{6}$" % pid, what)
            listing = set(os.listdir(out)) - set(left)
            self.assertLessEqual(listing, set(present) | {"index.csv"}, what)
            if named and nth and seen and status == -9:
                # The temporary it was writing stays (SIGKILL runs no handler), unless it was
                # renamed to its target before the kill landed.
                self.assertEqual(len(seen), 1, what)
                written = re.match(r"^\.(.+)\.tessera-tmp-%d-" % pid, seen[0])
                self.assertIsNotNone(written, what)
                if left != seen:
                    self.assertIn(written.group(1), listing, what)
            rows = []
            if "index.csv" in listing:
                with open(os.path.join(out, "index.csv"), newline="") as f:
                    rows = list(csv.DictReader(f))
                self.assertEqual([row["status"] for row in rows], ["ok"] * len(rows), what)
                self.assertEqual([row["output"] for row in rows], names[:len(rows)], what)
                self.assertLessEqual(len(rows), len(present), what + ": index.csv names a "
                                     "missing file")
            if status == 0:
                self.assertEqual(present, names, what)
                self.assertEqual([row["output"] for row in rows], names, what)
            if left:
                self.next_run_cleans(out, named=False)
            sys.stderr.write("(%s: %d of 3 outputs, %d index rows, %d temporaries)\n" % (
                what, len(present), len(rows), len(left)))

    # --- four writers to one path ------------------------------------------------------------

    def four_writers(self, named):
        seeds = [11, 12, 13, 14]
        args = ["embed", self.array, "--embed-dim", "256"]
        expected = {}
        for s in seeds:  # each writer's result, computed alone
            ref = os.path.join(self.dir, "ref%d.npy" % s)
            r = run([*args, "--seed", str(s), "-o", ref], self.dir)
            self.assertEqual(r.returncode, 0, r.stderr)
            expected[s] = np.load(ref)
        for a in seeds:
            for b in seeds:
                if a < b:
                    self.assertFalse(np.array_equal(expected[a], expected[b]))
        folder = self.folder("shared")
        procs, started, ended = [], [], {}
        for s in seeds:
            started.append(time.monotonic())
            procs.append((s, subprocess.Popen([CLI, *args, "--seed", str(s), "-o", "out.zip"],
                                              cwd=folder, env=env(named), text=True,
                                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)))
        try:
            pending = dict(procs)
            while pending:
                for s, p in list(pending.items()):
                    if p.poll() is not None:
                        ended[s] = time.monotonic()
                        del pending[s]
                time.sleep(0.005)
                self.assertLess(time.monotonic() - started[0], RUN_TIMEOUT, "writers hang")
        finally:
            for _, p in procs:
                if p.poll() is None:
                    p.kill()
                p.wait()
        for s, p in procs:
            self.assertEqual(p.returncode, 0, "seed %d: %s" % (s, p.stderr.read()))
            p.stderr.close()
        # They ran at the same time (else this tests nothing): the last one started before the
        # first one ended.
        self.assertLess(max(started), min(ended.values()))
        self.assertEqual(os.listdir(folder), ["out.zip"])
        members = bundle(os.path.join(folder, "out.zip"))
        got = npy(members["embeddings.npy"])
        winners = [s for s in seeds if got.shape == expected[s].shape
                   and np.array_equal(got, expected[s])]
        self.assertEqual(len(winners), 1, "embeddings equal to %s" % winners)
        manifest = json.loads(members["manifest.json"])
        self.assertEqual(manifest["weights"]["seed"], winners[0])
        # The other members are that same writer's: norms are its embeddings' L2 norms.
        np.testing.assert_allclose(npy(members["norms.npy"]), np.linalg.norm(got, axis=-1),
                                   rtol=1e-5)
        sys.stderr.write("(four writers, %s: seed %d won)\n" % ("named" if named else "unnamed",
                                                              winners[0]))

    def test_four_writers_to_one_path_unnamed(self):
        self.four_writers(named=False)

    def test_four_writers_to_one_path_named(self):
        self.four_writers(named=True)

    # --- a full disk -------------------------------------------------------------------------

    def test_full_disk_keeps_the_old_target(self):
        disk = self.folder("disk")
        if os.geteuid() != 0:
            self.skipTest("not root: cannot mount a small tmpfs for the full-disk case")
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", disk],
                           capture_output=True, text=True)
        if r.returncode != 0:
            self.skipTest("cannot mount a tmpfs here (%s)" % r.stderr.strip())
        self.mounted = disk
        # An existing target that fits; the new bundle (its weights alone 2.4 MB) does not.
        target = os.path.join(disk, "out.zip")
        r = run(["embed", self.small, "--embed-dim", "8", "-o", target], self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(target, "rb") as f:
            old = f.read()
        bundle(target)
        for named in (False, True):
            r = run(["embed", self.array, *BIG, "-o", target], self.dir, named)
            lines = r.stderr.strip().splitlines()
            self.assertEqual(r.returncode, 2, r.stderr)
            self.assertEqual(len(lines), 1, r.stderr)
            self.assertIn(target, lines[0])
            self.assertIn("No space left", lines[0])
            self.assertEqual(os.listdir(disk), ["out.zip"])
            with open(target, "rb") as f:
                self.assertEqual(f.read(), old)
        # A batch: each output is refused and reported in index.csv (exit 3), none is left.
        out = os.path.join(disk, "batch")
        r = run(["embed", self.array, self.array2, *BIG, "--export-format", "zip", "-o",
                 out + "/"], self.dir)
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertEqual(os.listdir(out), ["index.csv"])
        with open(os.path.join(out, "index.csv"), newline="") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual([row["status"] for row in rows], ["error", "error"])
        for row, name in zip(rows, ["c.zip", "d.zip"]):
            self.assertIn(os.path.join(out, name), row["message"])
            self.assertIn("No space left", row["message"])
        self.assertEqual(len(r.stderr.strip().splitlines()), 2, r.stderr)
        shutil.rmtree(out)
        # The space the failed runs took is given back: a run that fits still works.
        r = run(["embed", self.small, "--embed-dim", "16", "-o", target], self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(npy(bundle(target)["embeddings.npy"]).shape, (1, 4, 16))
        self.assertEqual(os.listdir(disk), ["out.zip"])


if __name__ == "__main__":
    CLI, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    CliCase.root = ROOT
    unittest.main(argv=[sys.argv[0], "-v", *sys.argv[3:]])
