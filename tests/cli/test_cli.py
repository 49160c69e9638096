#!/usr/bin/python3
"""tessera-cli's contract, driven as users drive it; numpy reads what it writes.

usage: test_cli.py TESSERA_CLI PROJECT_DIR
"""
import io, json, os, subprocess, sys, unittest, zipfile
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
import safetensors_io  # noqa: E402
from cli_case import CliCase  # noqa: E402

CLI = ROOT = None


def run(*args, cwd=None):
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300)


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


class Cli(CliCase):
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
        self.assertEqual(read_bytes(out), read_bytes(self.path("again.npy")))
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
        safetensors_io.write(self.path("w.safetensors"), {"patch_embed.proj.weight": w,
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
        safetensors_io.write(self.path("w.safetensors"), {"proj.weight": w, "proj.bias": np.zeros(8, np.float32)})
        wf = self.path("w.safetensors")
        self.assertUserError(run("embed", self.chelsea, "--weights", wf, "--patch-size", "8x8", "-o",
                                 self.path("o.npy")), "8x8", "16x16")
        self.assertUserError(run("embed", self.chelsea, "--weights", wf, "--embed-dim", "9", "-o",
                                 self.path("o.npy")), "9", "8")
        self.assertUserError(run("embed", self.chelsea, "--weights", wf, "--no-bias", "-o",
                                 self.path("o.npy")), "--no-bias")
        safetensors_io.write(self.path("ln.safetensors"), {"proj.weight": w, "norm.weight": np.ones(8, np.float32),
                                                        "norm.bias": np.zeros(8, np.float32)})
        self.assertUserError(run("embed", self.chelsea, "--weights", self.path("ln.safetensors"), "-o",
                                 self.path("o.npy")), "--norm layernorm")
        self.assertFalse(os.path.exists(self.path("o.npy")))

    def test_pca_patches_init_needs_embed_dim_at_most_cpq(self):
        # 3·16·16 = 768 values per patch: 1024 directions cannot be had from them.
        self.assertUserError(run("embed", self.chelsea, "--init", "pca-patches", "--embed-dim", "1024",
                                 "-o", self.path("o.npy")), "1024", "768", "pca-patches")
        self.assertFalse(os.path.exists(self.path("o.npy")))
        # Seeds do not matter: the weights come from the image.
        a, b = self.path("a.npy"), self.path("b.npy")
        for out, seed in ((a, "1"), (b, "2")):
            r = run("embed", self.chelsea, "--init", "pca-patches", "--img-size", "224", "--embed-dim", "16",
                    "--seed", seed, "-o", out)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("fitted   top 16 principal directions of 196 patches", r.stdout)
        np.testing.assert_array_equal(np.load(a), np.load(b))

    def test_pca_patches_says_which_outputs_have_no_data_behind_them(self):
        # 224 / 32 = 7: 49 patches give at most 48 directions; 100 - 48 outputs only complete W.
        out = self.path("o.npy")
        r = run("embed", self.chelsea, "--init", "pca-patches", "--img-size", "224", "--patch-size", "32",
                "--embed-dim", "100", "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("fitted   top 48 principal directions of 49 patches (at most 48); the other 52 of D 100 "
                      "complete an orthonormal set, their outputs 0", r.stdout)
        y = np.load(out)[0]
        self.assertLess(np.abs(y[:, 48:]).max(), 1e-4)  # the completing outputs are 0 ...
        self.assertGreater(np.abs(y[:, :48]).max(), 1.0)  # ... and the fitted ones are not

    def test_failures_leave_existing_output_untouched(self):
        out = self.path("keep.npy")
        with open(out, "wb") as f:
            f.write(b"precious")
        bad = self.path("corrupt.png")
        with open(bad, "wb") as f:
            f.write(b"\x89PNG\r\n\x1a\nnot really")
        self.assertUserError(run("embed", bad, "-o", out), "corrupt.png")
        self.assertUserError(run("embed", self.path("missing.png"), "-o", out), "missing.png")
        self.assertEqual(read_bytes(out), b"precious")
        self.assertUserError(run("embed", self.chelsea, "-o", self.path("no/such/dir/o.npy")), "no/such/dir")
        self.assertUserError(run("embed", self.chelsea, "-o", self.path("o.txt")), "o.txt")
        self.assertUserError(run("embed", self.chelsea, "-o", out, "--fit", "native", "--img-size", "224"),
                             "300", "224")
        self.assertEqual(read_bytes(out), b"precious")

    def test_embed_preprocesses_images_exactly_as_preprocess_shows(self):
        rng = np.random.default_rng(1)
        safetensors_io.write(self.path("w.safetensors"), {
            "proj.weight": (rng.standard_normal((4, 3, 16, 16)) * 0.05).astype(np.float32),
            "proj.bias": np.zeros(4, np.float32)})
        r = run("preprocess", self.chelsea, "--img-size", "224", "--preset", "inception", "-o", "x.npy",
                cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("resized 300x451 to 248x372 (bicubic), cropped 224x224 at (12, 74)", r.stdout)
        x = np.load(self.path("x.npy"))
        self.assertEqual(x.shape, (1, 3, 224, 224))
        self.assertGreaterEqual(float(x.min()), -1.0)  # inception: (x - 0.5) / 0.5 of [0, 1]
        self.assertLessEqual(float(x.max()), 1.0)
        self.assertLess(float(x.min()), -0.5)
        common = ["--weights", "w.safetensors", "--img-size", "224"]
        self.assertEqual(run("embed", "x.npy", *common, "-o", "a.npy", cwd=self.dir).returncode, 0)
        r = run("embed", self.chelsea, *common, "--preset", "inception", "-o", "b.npy", cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        np.testing.assert_array_equal(np.load(self.path("a.npy")), np.load(self.path("b.npy")))
        # Other fits.
        r = run("preprocess", self.chelsea, "--img-size", "100x60", "--fit", "squash", "-o", "s.npy", cwd=self.dir)
        self.assertEqual(np.load(self.path("s.npy")).shape, (1, 3, 100, 60))
        r = run("preprocess", self.chelsea, "--fit", "crop-multiple", "--patch-size", "32", "--in-chans", "1",
                "-o", "m.npy", cwd=self.dir)
        self.assertEqual(np.load(self.path("m.npy")).shape, (1, 1, 288, 448))
        self.assertUserError(run("preprocess", self.chelsea, "--fit", "squash", "-o", self.path("e.npy")),
                             "--img-size")
        self.assertUserError(run("preprocess", self.chelsea, "--fit", "crop-multiple", "--patch-size", "512",
                                 "-o", self.path("e.npy")), "512x512", "300x451")
        self.assertUserError(run("preprocess", self.path("x.npy"), "-o", self.path("e.npy")), "x.npy")
        self.assertUserError(run("preprocess", self.chelsea, "--preset", "laion", "-o", self.path("e.npy")),
                             "laion")

    def test_resample_checkpoint_and_flexivit_embed(self):
        rng = np.random.default_rng(2)
        w = (rng.standard_normal((8, 3, 16, 16)) * 0.05).astype(np.float32)
        others = {"patch_embed.proj.bias": rng.standard_normal(8).astype(np.float32),
                  "cls_token": rng.standard_normal((1, 1, 8)).astype(np.float32),
                  "blocks.0.attn.proj.weight": rng.standard_normal((8, 8)).astype(np.float32)}
        safetensors_io.write(self.path("vit.safetensors"), {"patch_embed.proj.weight": w, **others})
        r = run("resample", "vit.safetensors", "--patch-size", "8x8", "-o", "vit8.safetensors", cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        out, _ = safetensors_io.read(self.path("vit8.safetensors"))
        self.assertEqual(sorted(out), sorted(["patch_embed.proj.weight", *others]))
        self.assertEqual(out["patch_embed.proj.weight"].shape, (8, 3, 8, 8))
        for k, v in others.items():
            np.testing.assert_array_equal(out[k], v)
        # FlexiViT in embed: resampling on load gives what the resampled file gives.
        a = run("embed", self.chelsea, "--weights", "vit.safetensors", "--patch-size", "8x8",
                "--resample-weights", "-o", "a.npy", cwd=self.dir)
        self.assertEqual(a.returncode, 0, a.stderr)
        self.assertIn("PI-resized from 16x16", a.stdout)
        b = run("embed", self.chelsea, "--weights", "vit8.safetensors", "-o", "b.npy", cwd=self.dir)
        self.assertEqual(b.returncode, 0, b.stderr)
        np.testing.assert_allclose(np.load(self.path("a.npy")), np.load(self.path("b.npy")), atol=1e-6)
        self.assertEqual(np.load(self.path("a.npy")).shape, (1, 38 * 57, 8))
        safetensors_io.write(self.path("none.safetensors"), {"head.weight": np.zeros((2, 2), np.float32)})
        self.assertUserError(run("resample", self.path("none.safetensors"), "--patch-size", "8",
                                 "-o", self.path("n.safetensors")), "no patch-embedding kernel")
        self.assertUserError(run("resample", self.path("vit.safetensors"), "-o", self.path("n.safetensors")),
                             "--patch-size")

    def test_posembed(self):
        r = run("posembed", "--kind", "sincos2d", "--grid", "4x6", "--embed-dim", "16", "-o", "p.npy", cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        p = np.load(self.path("p.npy"))
        self.assertEqual(p.shape, (24, 16))
        self.assertAlmostEqual(float(p[7, 0]), np.sin(1.0), places=6)  # token 7 = (h 1, w 1)
        self.assertUserError(run("posembed", "--kind", "sincos2d", "--grid", "4x6", "--embed-dim", "10",
                                 "-o", self.path("e.npy")), "10", "divisible by 4")
        np.save(self.path("pos.npy"), np.random.default_rng(0).standard_normal((1, 1 + 24, 8)).astype(np.float32))
        r = run("posembed", "--resample", "pos.npy", "--prefix-tokens", "1", "--old-grid", "4x6", "--grid",
                "8x12", "-o", "q.npy", cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(np.load(self.path("q.npy")).shape, (1, 97, 8))
        self.assertUserError(run("posembed", "--resample", self.path("pos.npy"), "--grid", "8x8",
                                 "-o", self.path("e.npy")), "24", "square")
        self.assertUserError(run("posembed", "--resample", self.path("pos.npy"), "--old-grid", "5x5",
                                 "--grid", "8x8", "-o", self.path("e.npy")), "5x5", "25", "24")
        self.assertUserError(run("posembed", "--kind", "sincos2d", "--resample", self.path("pos.npy"),
                                 "--grid", "8x8", "-o", self.path("e.npy")), "either")

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

    def test_backend_is_chosen_and_recorded(self):
        """Every backend this build lists gives the same embeddings to float rounding, and the
        bench line and the manifest name the one that ran."""
        listed = run("embed", "--help").stdout
        names = [n for n in ("xsmm", "eigen") if n in listed.split("--backend", 1)[1].split("\n")[0]]
        self.assertIn("eigen", names)
        outs = {}
        for name in names:
            j = json.loads(run("bench", "--shape", "1x3x64x64", "--patch-size", "8", "--embed-dim",
                               "40", "--repeat", "2", "--backend", name, "--json").stdout)
            self.assertEqual(j["backend"], name)
            out = self.path(name + ".zip")
            r = run("embed", self.chelsea, "--img-size", "64", "--patch-size", "8", "--embed-dim",
                    "40", "--backend", name, "-o", out)
            self.assertEqual(r.returncode, 0, r.stderr)
            with zipfile.ZipFile(out) as z:
                manifest = json.loads(z.read("manifest.json"))
                outs[name] = np.load(io.BytesIO(z.read("embeddings.npy")))
            self.assertEqual(manifest["backend"], name)
            self.assertEqual(manifest["spec"]["backend"], name)
        for name in names:
            np.testing.assert_allclose(outs[name], outs["eigen"], rtol=1e-5, atol=1e-5)
        self.assertUserError(run("bench", "--backend", "cuda"), "unknown --backend cuda", "eigen")
        self.assertUserError(run("bench", "--backend", ""), "--backend needs a name", "eigen")


if __name__ == "__main__":
    CLI, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    CliCase.root = ROOT
    unittest.main(argv=[sys.argv[0], "-v"])
