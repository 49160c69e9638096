#!/usr/bin/python3
"""tessera-cli's contract, driven as users drive it; numpy reads what it writes.

usage: test_cli.py TESSERA_CLI PROJECT_DIR
"""
import json, os, subprocess, sys, tempfile, unittest
import numpy as np

CLI = ROOT = None


def run(*args, cwd=None):
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300)


def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for k, a in tensors.items():
        b = np.ascontiguousarray(a, dtype="<f4").tobytes()
        header[k] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    h = json.dumps(header).encode()
    with open(path, "wb") as f:
        f.write(len(h).to_bytes(8, "little") + h + b"".join(blobs))


class Cli(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.chelsea = os.path.join(ROOT, "resources", "chelsea.png")

    def tearDown(self):
        self.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.dir, name)

    def assertUserError(self, r, *words):
        self.assertEqual(r.returncode, 2, r.stderr)
        lines = r.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, r.stderr)
        for w in words:
            self.assertIn(w, lines[0])
        self.assertEqual([f for f in os.listdir(self.dir) if ".tmp-" in f], [])

    def test_version_and_help(self):
        r = run("--version")
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout, r"^tessera-cli \d+\.\d+\.\d+")
        for cmd in ("embed", "info", "bench"):
            r = run(cmd, "--help")
            self.assertEqual(r.returncode, 0, cmd)
            self.assertIn("usage: tessera-cli " + cmd, r.stdout)
        self.assertIn("--patch-size", run("embed", "--help").stdout)
        self.assertEqual(run().returncode, 2)
        self.assertUserError(run("frobnicate"), "frobnicate")
        self.assertUserError(run("embed", self.chelsea, "-o", self.path("a.npy"), "--bogus"), "--bogus")
        self.assertUserError(run("embed", self.chelsea, "-o"), "-o")

    def test_embed_image_default_and_summary(self):
        out = self.path("chelsea.npy")
        r = run("embed", self.chelsea, "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("19x29 = 551 patches", r.stdout)
        a = np.load(out)
        self.assertEqual(a.dtype, np.float32)
        self.assertEqual(a.shape, (1, 551, 768))
        self.assertTrue(np.isfinite(a).all())
        # Same seed, other thread count: the same numbers up to float rounding; same seed and
        # threads: the same bytes.
        r2 = run("embed", self.chelsea, "-o", self.path("t1.npy"), "--threads", "1")
        self.assertEqual(r2.returncode, 0, r2.stderr)
        np.testing.assert_allclose(np.load(self.path("t1.npy")), a, rtol=1e-5, atol=1e-5)
        run("embed", self.chelsea, "-o", self.path("again.npy"))
        self.assertEqual(open(out, "rb").read(), open(self.path("again.npy"), "rb").read())
        r3 = run("embed", self.chelsea, "-o", self.path("s1.npy"), "--seed", "1")
        self.assertFalse(np.array_equal(np.load(self.path("s1.npy")), a))

    def test_embed_formats_and_grayscale(self):
        r = run("embed", self.chelsea, "-o", self.path("g.npy"), "--in-chans", "1", "--patch-size",
                "32x16", "--embed-dim", "10", "--format", "NCHW")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(np.load(self.path("g.npy")).shape, (1, 10, 10, 29))

    def test_npy_input_matches_numpy_reference(self):
        rng = np.random.default_rng(0)
        x = rng.standard_normal((2, 3, 32, 48)).astype(np.float32)
        w = (rng.standard_normal((6, 3, 8, 16)) * 0.05).astype(np.float32)
        b = rng.standard_normal(6).astype(np.float32)
        np.save(self.path("x.npy"), x)
        write_safetensors(self.path("w.safetensors"), {"patch_embed.proj.weight": w,
                                                       "patch_embed.proj.bias": b})
        r = run("embed", "x.npy", "--weights", "w.safetensors", "-o", "y.npy", "--pad", "none",
                cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        patches = x.reshape(2, 3, 4, 8, 3, 16).transpose(0, 2, 4, 1, 3, 5).reshape(2, 12, -1)
        want = patches.astype(np.float64) @ w.reshape(6, -1).T.astype(np.float64) + b
        np.testing.assert_allclose(np.load(self.path("y.npy")), want, atol=1e-5)
        # (C, H, W) input gets the batch dimension.
        np.save(self.path("x3.npy"), x[0])
        r = run("embed", "x3.npy", "--weights", "w.safetensors", "-o", "y3.npy", cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(np.load(self.path("y3.npy")).shape, (1, 12, 6))
        np.save(self.path("x2.npy"), x[0, 0])
        self.assertUserError(run("embed", "x2.npy", "-o", "z.npy", cwd=self.dir), "(32, 48)")

    def test_weights_that_disagree_are_refused_naming_both(self):
        w = np.zeros((8, 3, 16, 16), np.float32)
        write_safetensors(self.path("w.safetensors"), {"proj.weight": w, "proj.bias": np.zeros(8, np.float32)})
        wf = self.path("w.safetensors")
        self.assertUserError(run("embed", self.chelsea, "--weights", wf, "--patch-size", "8x8", "-o",
                                 self.path("o.npy")), "8x8", "16x16")
        self.assertUserError(run("embed", self.chelsea, "--weights", wf, "--embed-dim", "9", "-o",
                                 self.path("o.npy")), "9", "8")
        self.assertUserError(run("embed", self.chelsea, "--weights", wf, "--no-bias", "-o",
                                 self.path("o.npy")), "--no-bias")
        write_safetensors(self.path("ln.safetensors"), {"proj.weight": w, "norm.weight": np.ones(8, np.float32),
                                                        "norm.bias": np.zeros(8, np.float32)})
        self.assertUserError(run("embed", self.chelsea, "--weights", self.path("ln.safetensors"), "-o",
                                 self.path("o.npy")), "--norm layernorm")
        self.assertFalse(os.path.exists(self.path("o.npy")))

    def test_failures_leave_existing_output_untouched(self):
        out = self.path("keep.npy")
        with open(out, "wb") as f:
            f.write(b"precious")
        bad = self.path("corrupt.png")
        with open(bad, "wb") as f:
            f.write(b"\x89PNG\r\n\x1a\nnot really")
        self.assertUserError(run("embed", bad, "-o", out), "corrupt.png")
        self.assertUserError(run("embed", self.path("missing.png"), "-o", out), "missing.png")
        self.assertEqual(open(out, "rb").read(), b"precious")
        self.assertUserError(run("embed", self.chelsea, "-o", self.path("no/such/dir/o.npy")), "no/such/dir")
        self.assertUserError(run("embed", self.chelsea, "-o", self.path("o.txt")), "o.txt")
        self.assertUserError(run("embed", self.chelsea, "-o", out, "--img-size", "224"), "300", "224")
        self.assertEqual(open(out, "rb").read(), b"precious")

    def test_info_arithmetic(self):
        r = run("info", "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        j = json.loads(r.stdout)
        self.assertEqual(j["grid"], [14, 14])
        self.assertEqual(j["num_patches"], 196)
        self.assertEqual(j["values_per_patch"], 3 * 16 * 16)
        self.assertEqual(j["params"], 768 * 768 + 768)
        self.assertEqual(j["flops"], 2 * 196 * 768 * 768)
        self.assertEqual(j["output_shapes"]["NCHW"], [1, 768, 14, 14])
        r = run("info", "--img-size", "300x451", "--patch-size", "32", "--pad", "dynamic",
                "--in-chans", "1", "--embed-dim", "192", "--json")
        j = json.loads(r.stdout)
        self.assertEqual(j["grid"], [10, 15])
        self.assertEqual(j["padded_size"], [320, 480])
        self.assertEqual(j["params"], 192 * 32 * 32 + 192)
        text = run("info", "--patch-size", "32").stdout
        self.assertIn("7 x 7 = 49 patches", text)
        self.assertIn("(1, 49, 768)", text)
        self.assertUserError(run("info", "--img-size", "10", "--patch-size", "16"), "16x16", "10x10")
        self.assertUserError(run("info", "--img-size", "225", "--pad", "none"), "225", "16")

    def test_bench_json(self):
        r = run("bench", "--shape", "2x3x64x64", "--patch-size", "8", "--embed-dim", "32", "--repeat",
                "3", "--threads", "1", "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        j = json.loads(r.stdout)
        for k in ("median_ms", "gflops", "patches_per_s", "threads", "shape", "patch_size", "embed_dim"):
            self.assertIn(k, j)
        self.assertEqual(j["threads"], 1)
        self.assertEqual(j["shape"], [2, 3, 64, 64])
        self.assertGreater(j["median_ms"], 0)
        self.assertAlmostEqual(j["patches_per_s"], 128 / (j["median_ms"] / 1e3), delta=1)
        self.assertUserError(run("bench", "--shape", "3x64x64"), "3x64x64")


if __name__ == "__main__":
    CLI, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    unittest.main(argv=[sys.argv[0], "-v"])
