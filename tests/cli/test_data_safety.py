#!/usr/bin/python3
"""Batch exports never lose data: regression tests for what a careless user did to main.

Each case failed on the commit before the fix: colliding output names, an input called
index.png, output folder = input folder, in.npy -> in.npy, a batch with an empty .npy and a
link loop, non-UTF-8 file names, values that made NaN or overflowed.

usage: test_data_safety.py TESSERA_CLI PROJECT_DIR
"""
import csv, os, shutil, subprocess, sys, tempfile, unittest
import numpy as np

CLI = ROOT = None


def run(*args, cwd=None):
    # Arguments may be bytes (file names that are not UTF-8).
    return subprocess.run([CLI, *args], capture_output=True, cwd=cwd, timeout=300)


def index_rows(folder):
    with open(os.path.join(folder, "index.csv"), newline="", encoding="utf-8", errors="surrogateescape") as f:
        return list(csv.DictReader(f))


class DataSafety(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.chelsea = os.path.join(ROOT, "resources", "chelsea.png")        # 300x451 -> 551 patches
        self.astronaut = os.path.join(ROOT, "resources", "astronaut.png")    # 512x512 -> 1024 patches

    def tearDown(self):
        self.tmp.cleanup()

    def path(self, *names):
        return os.path.join(self.dir, *names)

    def folder(self, name, files):
        d = self.path(name)
        os.makedirs(d, exist_ok=True)
        for target, source in files.items():
            shutil.copy(source, os.path.join(d, target))
        return d

    def assertUserError(self, r, *words):
        self.assertEqual(r.returncode, 2, r.stderr)
        lines = r.stderr.decode(errors="replace").strip().splitlines()
        self.assertEqual(len(lines), 1, r.stderr)
        for w in words:
            self.assertIn(w, lines[0])

    def test_colliding_stems_keep_every_result(self):
        d = self.folder("in", {"a-1.png": self.chelsea, "a.jpg": self.chelsea, "a.png": self.astronaut})
        r = run("embed", d, "-o", self.path("out") + "/")
        self.assertEqual(r.returncode, 0, r.stderr)
        rows = index_rows(self.path("out"))
        self.assertEqual(len(rows), 3)
        outputs = [row["output"] for row in rows]
        self.assertEqual(len(set(outputs)), 3, outputs)
        for row in rows:
            a = np.load(self.path("out", row["output"]))
            want = 1024 if row["input"].endswith("a.png") else 551
            self.assertEqual(a.shape[1], want, row)
            self.assertEqual(int(row["patches"]), want)
        # Names differ also without case: A.png and a.png both survive a case-insensitive copy.
        d2 = self.folder("in2", {"A.png": self.chelsea, "a.png": self.astronaut})
        self.assertEqual(run("embed", d2, "-o", self.path("out2") + "/").returncode, 0)
        self.assertEqual(sorted(os.listdir(self.path("out2"))), ["A.npy", "a-1.npy", "index.csv"])

    def test_an_input_named_index_never_replaces_the_index(self):
        d = self.folder("in", {"index.png": self.chelsea, "b.png": self.astronaut})
        r = run("embed", d, "-o", self.path("out") + "/", "--export-format", "csv")
        self.assertEqual(r.returncode, 0, r.stderr)
        rows = index_rows(self.path("out"))
        self.assertEqual([row["status"] for row in rows], ["ok", "ok"])
        self.assertNotIn("index.csv", [row["output"] for row in rows])
        for row in rows:
            with open(self.path("out", row["output"])) as f:
                self.assertTrue(f.readline().startswith("image,index,row,col"))

    def test_outputs_never_overwrite_inputs(self):
        rng = np.random.default_rng(0)
        x = rng.standard_normal((1, 3, 32, 32)).astype(np.float32)
        d = self.path("d")
        os.makedirs(d)
        np.save(os.path.join(d, "arr.npy"), x)
        shutil.copy(self.chelsea, os.path.join(d, "cat.png"))
        r = run("embed", d, "-o", d + "/")
        self.assertEqual(r.returncode, 0, r.stderr)
        np.testing.assert_array_equal(np.load(os.path.join(d, "arr.npy")), x)
        self.assertEqual(sorted(os.listdir(d)), ["arr-1.npy", "arr.npy", "cat.npy", "cat.png", "index.csv"])
        # One input to itself, also through another spelling or a link.
        self.assertUserError(run("embed", os.path.join(d, "arr.npy"), "-o", os.path.join(d, "arr.npy")),
                             "arr.npy", "input")
        self.assertUserError(run("embed", "arr.npy", "-o", "./sub/../arr.npy", cwd=d), "input")
        os.symlink("arr.npy", os.path.join(d, "link.npy"))
        self.assertUserError(run("embed", "arr.npy", "-o", "link.npy", cwd=d), "input")
        # Nor the weights file.
        self.assertUserError(run("embed", "arr.npy", "--weights", "arr.npy", "-o", "arr.npy", cwd=d), "input")
        np.testing.assert_array_equal(np.load(os.path.join(d, "arr.npy")), x)

    def test_existing_outputs_need_overwrite(self):
        d = self.folder("in", {"a.png": self.chelsea})
        out = self.path("out")
        os.makedirs(out)
        with open(os.path.join(out, "a.npy"), "wb") as f:
            f.write(b"an earlier result")
        self.assertUserError(run("embed", d, "-o", out + "/"), "a.npy", "--overwrite")
        with open(os.path.join(out, "a.npy"), "rb") as f:
            self.assertEqual(f.read(), b"an earlier result")
        r = run("embed", d, "-o", out + "/", "--overwrite")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(np.load(os.path.join(out, "a.npy")).shape, (1, 551, 768))

    def test_one_file_for_several_inputs_is_refused(self):
        o = self.path("o.npy")
        self.assertUserError(run("embed", self.chelsea, self.astronaut, "-o", o), "2 inputs", "o.npy",
                             "chelsea.png", "astronaut.png")
        self.assertFalse(os.path.exists(o))
        d = self.folder("in", {"a.png": self.chelsea})
        self.assertUserError(run("embed", d, "-o", o), "o.npy")
        self.assertFalse(os.path.exists(o))

    def test_double_dash_ends_options(self):
        shutil.copy(self.chelsea, self.path("-x.png"))
        r = run("embed", "-o", "o.npy", "--", "-x.png", cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(np.load(self.path("o.npy")).shape, (1, 551, 768))
        self.assertUserError(run("embed", "--", "-x.png", "-o", "o.npy", cwd=self.dir), "-o")

    def test_one_bad_input_is_skipped_and_reported(self):
        d = self.folder("in", {"a.png": self.chelsea, "z.png": self.chelsea})
        np.save(os.path.join(d, "empty.npy"), np.zeros((0, 3, 32, 32), np.float32))
        os.symlink("loop.png", os.path.join(d, "loop.png"))
        for fmt in ("zip", "npy", "csv"):
            out = self.path("out-" + fmt)
            r = run("embed", d, "-o", out + "/", "--export-format", fmt, "--embed-dim", "8")
            self.assertEqual(r.returncode, 3, r.stderr)
            rows = {os.path.basename(row["input"]): row for row in index_rows(out)}
            self.assertEqual(sorted(rows), ["a.png", "empty.npy", "loop.png", "z.png"])
            self.assertEqual(rows["a.png"]["status"], "ok")
            self.assertEqual(rows["z.png"]["status"], "ok")
            self.assertIn("empty", rows["empty.npy"]["message"])
            self.assertIn("symbolic links", rows["loop.png"]["message"])
            self.assertEqual(rows["loop.png"]["status"], "error")
            self.assertNotIn(b"internal error", r.stderr)

    def test_upper_case_extensions(self):
        d = self.path("in")
        os.makedirs(d)
        with open(os.path.join(d, "X.NPY"), "wb") as f:
            np.save(f, np.ones((3, 32, 32), np.float32))
        shutil.copy(self.chelsea, os.path.join(d, "C.PNG"))
        r = run("embed", d, "-o", self.path("out") + "/", "--embed-dim", "8")
        self.assertEqual(r.returncode, 0, r.stderr)
        rows = {os.path.basename(row["input"]): row for row in index_rows(self.path("out"))}
        self.assertEqual(rows["X.NPY"]["patches"], "4")
        self.assertEqual(rows["C.PNG"]["patches"], "551")
        r = run("embed", os.path.join(d, "X.NPY"), "-o", self.path("Y.NPY"), "--embed-dim", "8")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(np.load(self.path("Y.NPY")).shape, (1, 4, 8))

    def test_file_names_that_are_not_utf8(self):
        d = os.fsencode(self.dir)
        name = lambda s: os.path.join(d, b"caf\xe9" + s)
        shutil.copy(self.chelsea, name(b".png"))
        with open(name(b".npy"), "wb") as f:
            np.save(f, np.ones((3, 32, 32), np.float32))
        rng = np.random.default_rng(0)
        w = rng.standard_normal((8, 3, 16, 16)).astype(np.float32)
        with open(name(b".npz"), "wb") as f:
            np.savez(f, **{"embedding/kernel": w.transpose(2, 3, 1, 0)})
        for src in (b".png", b".npy"):
            for ext in (b".npy", b".zip", b".safetensors"):
                out = os.path.join(d, b"out\xff" + src[1:] + ext)
                r = run(b"embed", name(src), b"-o", out, b"--embed-dim", b"8")
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertTrue(os.path.exists(out))
        r = run(b"embed", name(b".png"), b"--weights", name(b".npz"), b"-o", os.path.join(d, b"w.npy"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(np.load(os.path.join(self.dir, "w.npy")).shape, (1, 551, 8))
        r = run(b"preprocess", name(b".png"), b"-o", os.path.join(d, b"p\xe9.npy"))
        self.assertEqual(r.returncode, 0, r.stderr)
        r = run(b"embed", d, b"-o", os.path.join(d, b"batch/"), b"--embed-dim", b"8")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(b"caf\xe9.npy", os.listdir(os.path.join(d, b"batch")))

    def test_values_that_would_give_nan_or_overflow(self):
        o = self.path("o.npy")
        self.assertUserError(run("embed", self.chelsea, "--std", "1e-320", "-o", o), "--std", "1e-320")
        self.assertUserError(run("embed", self.chelsea, "--std", "0.5,1e-40,0.5", "-o", o), "1e-40")
        self.assertUserError(run("embed", self.chelsea, "--mean", "1e39", "-o", o), "1e+39")
        self.assertUserError(run("embed", self.chelsea, "--norm", "layernorm", "--norm-eps", "1e-50", "-o", o),
                             "--norm-eps")
        self.assertFalse(os.path.exists(o))
        for t in ("0", "-1"):
            self.assertUserError(run("posembed", "--kind", "sincos2d", "--embed-dim", "16", "--grid", "4",
                                     "--temperature", t, "-o", self.path("p.npy")), "temperature")
        self.assertFalse(os.path.exists(self.path("p.npy")))
        r = run("info", "--img-size", "1048576", "--patch-size", "1048576", "--in-chans", "4096",
                "--embed-dim", "1048576")
        self.assertUserError(r, "too large")
        r = run("info", "--img-size", "1048576", "--patch-size", "1", "--embed-dim", "1048576", "--batch",
                "1048576")
        self.assertUserError(r, "too large")
        # 2^40 patches x D 2^20 x 16 values: FLOPs pass 2^63, bytes do not.
        r = run("info", "--img-size", "1048576", "--patch-size", "1", "--embed-dim", "1048576",
                "--in-chans", "16")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn(b"-", r.stdout.split(b"FLOPs")[1].split(b"\n")[0])
        self.assertIn(b"e+", r.stdout.split(b"FLOPs")[1].split(b"\n")[0])

    def test_truncated_images_are_refused(self):
        from PIL import Image  # Debian's python3-pil: the files PIL (and so timm) would refuse
        rng = np.random.default_rng(0)
        picture = Image.fromarray(rng.integers(0, 255, (64, 96, 3), dtype=np.uint8))
        for fmt in ("JPEG", "GIF", "BMP"):
            whole = self.path("whole." + fmt.lower())
            picture.save(whole, fmt)
            with open(whole, "rb") as f:
                data = f.read()
            cut = self.path("cut." + fmt.lower())
            with open(cut, "wb") as f:
                f.write(data[: len(data) // 3])
            self.assertEqual(run("embed", whole, "-o", self.path("ok.npy"), "--embed-dim", "8").returncode, 0)
            for cmd in ("embed", "preprocess"):
                self.assertUserError(run(cmd, cut, "-o", self.path("bad.npy")), "cut." + fmt.lower(),
                                     "truncated")
            self.assertFalse(os.path.exists(self.path("bad.npy")))
        # A BMP whose pixel data would start past its end.
        with open(self.path("whole.bmp"), "rb") as f:
            bmp = bytearray(f.read())
        bmp[10:14] = (len(bmp) + 100).to_bytes(4, "little")
        with open(self.path("offset.bmp"), "wb") as f:
            f.write(bmp)
        self.assertUserError(run("embed", self.path("offset.bmp"), "-o", self.path("bad.npy")), "offset.bmp")

    def test_nan_inputs_make_a_bundle_with_pictures(self):
        x = np.ones((1, 3, 32, 32), np.float32)
        x[0, :, :16, :16] = np.nan
        np.save(self.path("nan.npy"), x)
        r = run("embed", self.path("nan.npy"), "-o", self.path("nan.zip"), "--embed-dim", "8")
        self.assertEqual(r.returncode, 0, r.stderr)
        import zipfile
        with zipfile.ZipFile(self.path("nan.zip")) as z:
            norms = np.load(z.open("norms.npy"))
            self.assertTrue(np.isnan(norms[0, 0]))
            self.assertTrue(np.isfinite(norms[0, 1:]).all())
            self.assertGreater(len(z.read("overlay.png")), 100)
            self.assertGreater(len(z.read("norms.png")), 100)


if __name__ == "__main__":
    CLI, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    unittest.main(argv=[sys.argv[0], "-v"])
