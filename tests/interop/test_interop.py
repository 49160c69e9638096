#!/usr/bin/python3
"""What Tessera writes, read by the tools its users have: Debian's numpy, json, csv, zipfile.

usage: test_interop.py TESSERA_CLI PROJECT_DIR
Every format is checked against a numpy reference computed here from the same input and weights
(the patches of x times W^T plus b), so the files are right, not just readable.
"""
import csv, glob, io, json, os, shutil, struct, subprocess, sys, tempfile, unittest, zipfile
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
import safetensors_io  # noqa: E402

CLI = ROOT = None


def run(*args, cwd=None, env=None):
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          timeout=600, env=env)


class Interop(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        rng = np.random.default_rng(5)
        self.B, self.C, self.H, self.W, self.P, self.Q, self.D = 2, 3, 24, 40, 8, 8, 6
        self.x = rng.standard_normal((self.B, self.C, self.H, self.W)).astype(np.float32)
        self.w = (rng.standard_normal((self.D, self.C, self.P, self.Q)) * 0.1).astype(np.float32)
        self.b = rng.standard_normal(self.D).astype(np.float32)
        np.save(self.p("x.npy"), self.x)
        safetensors_io.write(self.p("w.safetensors"), {"proj.weight": self.w, "proj.bias": self.b})
        gh, gw = self.H // self.P, self.W // self.Q
        patches = self.x.reshape(self.B, self.C, gh, self.P, gw, self.Q).transpose(0, 2, 4, 1, 3, 5)
        self.ref = patches.reshape(self.B, gh * gw, -1).astype(np.float64) @ \
            self.w.reshape(self.D, -1).T.astype(np.float64) + self.b
        self.grid = (gh, gw)

    def tearDown(self):
        self.tmp.cleanup()

    def p(self, name):
        return os.path.join(self.dir, name)

    def embed(self, out, *extra):
        r = run("embed", "x.npy", "--weights", "w.safetensors", "-o", out, *extra, cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        return self.p(out)

    def test_npy(self):
        a = np.load(self.embed("e.npy"))
        self.assertEqual(a.dtype, np.float32)
        np.testing.assert_allclose(a, self.ref, atol=1e-5)

    def test_npz_is_what_numpy_savez_writes(self):
        z = np.load(self.embed("e.npz"))
        self.assertEqual(sorted(z.files), ["embeddings", "grid", "norms", "patch_boxes"])
        np.testing.assert_allclose(z["embeddings"], self.ref, atol=1e-5)
        np.testing.assert_allclose(z["norms"], np.linalg.norm(self.ref, axis=-1), rtol=1e-5)
        self.assertEqual(z["grid"].dtype, np.int64)
        self.assertEqual(z["grid"].tolist(), list(self.grid))
        boxes = z["patch_boxes"]
        self.assertEqual(boxes.dtype, np.int64)
        self.assertEqual(boxes.shape, (self.grid[0] * self.grid[1], 4))
        self.assertEqual(boxes[6].tolist(), [8, 8, 16, 16])  # row 1, col 1: y0, x0, y1, x1
        # NCHW through the same file.
        z2 = np.load(self.embed("f.npz", "--format", "NCHW"))
        np.testing.assert_allclose(z2["embeddings"],
                                   self.ref.reshape(self.B, *self.grid, self.D).transpose(0, 3, 1, 2), atol=1e-5)

    def test_safetensors_header_and_metadata(self):
        path = self.embed("e.safetensors")
        header, n = safetensors_io.header(path)
        self.assertEqual((8 + n) % 8, 0)
        self.assertEqual(header["embeddings"]["dtype"], "F32")
        self.assertEqual(header["embeddings"]["shape"], [self.B, 15, self.D])
        self.assertEqual(header["norms"]["shape"], [self.B, 15])
        tensors, meta = safetensors_io.read(path)
        np.testing.assert_allclose(tensors["embeddings"], self.ref, atol=1e-5)
        self.assertTrue(all(isinstance(v, str) for v in meta.values()))
        manifest = json.loads(meta["manifest"])
        self.assertEqual(manifest["spec"]["embed_dim"], self.D)
        self.assertEqual(manifest["weights"]["source"], "file")
        with open(self.p("w.safetensors"), "rb") as f:
            import hashlib
            self.assertEqual(manifest["weights"]["sha256"], hashlib.sha256(f.read()).hexdigest())
        self.assertIn("--weights", meta["spec"])

    def test_csv_one_row_per_patch_dot_decimals(self):
        env = dict(os.environ, LC_ALL="de_DE.UTF-8", LANG="de_DE.UTF-8")
        r = run("embed", "x.npy", "--weights", "w.safetensors", "-o", "e.csv", cwd=self.dir, env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(self.p("e.csv"), newline="") as f:
            rows = list(csv.reader(f))
        header, body = rows[0], rows[1:]
        self.assertEqual(header[:9], ["image", "index", "row", "col", "y0", "x0", "y1", "x1", "norm"])
        self.assertEqual(header[9:], [f"e{d}" for d in range(self.D)])
        self.assertEqual(len(body), self.B * 15)
        values = np.array([[float(v) for v in row[9:]] for row in body]).reshape(self.B, 15, self.D)
        np.testing.assert_allclose(values, self.ref, atol=1e-5)
        self.assertEqual(body[16][0], "x.npy[1]")
        self.assertEqual(body[16][1:8], ["1", "0", "1", "0", "8", "8", "16"])

    def test_bundle_opens_in_numpy_json_csv_and_the_projector(self):
        path = self.embed("run.zip")
        z = zipfile.ZipFile(path)
        names = set(z.namelist())
        for n in ["manifest.json", "embeddings.npy", "norms.npy", "patches.csv", "overlay.png",
                  "norms.png", "weights.safetensors", "projector/vectors.tsv", "projector/metadata.tsv",
                  "projector/sprite.png", "projector/projector_config.json"]:
            self.assertIn(n, names)
        manifest = json.loads(z.read("manifest.json"))
        self.assertEqual(manifest["outputs"]["embeddings"], [self.B, 15, self.D])
        self.assertEqual(manifest["input"]["kind"], "array")
        self.assertEqual(len(manifest["input"]["sha256"]), 64)
        e = np.load(io.BytesIO(z.read("embeddings.npy")))
        np.testing.assert_allclose(e, self.ref, atol=1e-5)
        norms = np.load(io.BytesIO(z.read("norms.npy")))
        np.testing.assert_allclose(norms, np.linalg.norm(self.ref, axis=-1), rtol=1e-5)
        rows = list(csv.reader(io.StringIO(z.read("patches.csv").decode())))
        self.assertEqual(len(rows), 1 + self.B * 15)
        self.assertEqual(len(rows[0]), 9)
        with open(self.p("weights_out.safetensors"), "wb") as f:
            f.write(z.read("weights.safetensors"))
        w, _ = safetensors_io.read(self.p("weights_out.safetensors"))
        np.testing.assert_array_equal(w["proj.weight"], self.w)
        np.testing.assert_array_equal(w["proj.bias"], self.b)
        # TensorBoard's projector: vectors, metadata and the sprite agree on the row count.
        vectors = np.loadtxt(io.StringIO(z.read("projector/vectors.tsv").decode()), delimiter="\t")
        self.assertEqual(vectors.shape, (self.B * 15, self.D))
        np.testing.assert_allclose(vectors, self.ref.reshape(-1, self.D), atol=1e-5)
        meta = z.read("projector/metadata.tsv").decode().splitlines()
        self.assertEqual(meta[0].split("\t"), ["image", "index", "row", "col", "norm"])
        self.assertEqual(len(meta), 1 + self.B * 15)
        config = json.loads(z.read("projector/projector_config.json"))
        emb = config["embeddings"][0]
        self.assertEqual(emb["tensorShape"], [self.B * 15, self.D])
        self.assertEqual(emb["tensorPath"], "vectors.tsv")
        sprite = z.read("projector/sprite.png")
        self.assertEqual(sprite[:8], b"\x89PNG\r\n\x1a\n")
        w_px, h_px = struct.unpack(">II", sprite[16:24])
        cell = emb["sprite"]["singleImageDim"][0]
        self.assertLessEqual(max(w_px, h_px), 8192)
        self.assertGreaterEqual((w_px // cell) * (h_px // cell), self.B * 15)

    def test_run_repeated_from_its_manifest_is_bit_identical(self):
        chelsea = os.path.join(ROOT, "resources", "chelsea.png")
        r = run("embed", chelsea, "--img-size", "224", "--patch-size", "32", "--init", "lecun-normal",
                "--seed", "7", "-o", "a.zip", cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        with zipfile.ZipFile(self.p("a.zip")) as z:
            z.extract("manifest.json", self.dir)
            first = z.read("embeddings.npy")
        r = run("embed", "--spec", "manifest.json", chelsea, "-o", "b.zip", cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        with zipfile.ZipFile(self.p("b.zip")) as z:
            self.assertEqual(z.read("embeddings.npy"), first)
        # A flag on the command line wins over the manifest's.
        r = run("embed", "--spec", "manifest.json", chelsea, "--seed", "8", "-o", "c.npy", cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertFalse(np.array_equal(np.load(self.p("c.npy")), np.load(io.BytesIO(first))))

    def test_google_big_vision_npz_loads_like_timm_layout(self):
        kernel = self.w.transpose(2, 3, 1, 0)  # (D, C, P, Q) -> HWIO (P, Q, C, D)
        for prefix in ["", "opt/target/", "params/", "params/img/"]:
            np.savez(self.p("vit.npz"), **{prefix + "embedding/kernel": kernel, prefix + "embedding/bias": self.b,
                                           prefix + "cls": np.zeros((1, 1, self.D), np.float32),
                                           "step": np.array(1000, np.int64)})
            r = run("embed", "x.npy", "--weights", "vit.npz", "-o", "g.npy", cwd=self.dir)
            self.assertEqual(r.returncode, 0, prefix + r.stderr)
            self.assertIn("big_vision", r.stdout)
            np.testing.assert_allclose(np.load(self.p("g.npy")), np.load(self.embed("t.npy")), atol=1e-6)

    def test_many_inputs_index_shards_and_failures(self):
        imgs = os.path.join(self.dir, "imgs")
        os.mkdir(imgs)
        for name in ["a.png", "b.png", "c.png"]:
            shutil.copy(os.path.join(ROOT, "resources", "chelsea.png"), os.path.join(imgs, name))
        with open(os.path.join(imgs, "d.png"), "wb") as f:
            f.write(b"\x89PNG\r\n\x1a\nbroken")
        r = run("embed", imgs, "--patch-size", "32", "--embed-dim", "8", "-o", "out/", cwd=self.dir)
        self.assertEqual(r.returncode, 3, r.stderr)  # d.png failed, the rest went on
        self.assertIn("d.png", r.stderr)
        out = os.path.join(self.dir, "out")
        self.assertEqual(sorted(os.listdir(out)), ["a.npy", "b.npy", "c.npy", "index.csv"])
        with open(os.path.join(out, "index.csv"), newline="") as f:
            index = list(csv.DictReader(f))
        self.assertEqual([row["status"] for row in index], ["ok", "ok", "ok", "error"])
        self.assertEqual(np.load(os.path.join(out, "a.npy")).shape, (1, 150, 8))
        # Shards split the set without overlap; a glob and an explicit list work too.
        r0 = run("embed", os.path.join(imgs, "[abc].png"), "--shard", "0/2", "-o", "s0/",
                 "--export-format", "npz", cwd=self.dir)
        r1 = run("embed", os.path.join(imgs, "[abc].png"), "--shard", "1/2", "-o", "s1/",
                 "--export-format", "npz", cwd=self.dir)
        self.assertEqual((r0.returncode, r1.returncode), (0, 0), r0.stderr + r1.stderr)
        self.assertEqual(sorted(os.listdir(os.path.join(self.dir, "s0"))), ["a.npz", "c.npz", "index.csv"])
        self.assertEqual(sorted(os.listdir(os.path.join(self.dir, "s1"))), ["b.npz", "index.csv"])
        self.assertEqual(run("embed", "--shard", "2/2", imgs, "-o", "x/", cwd=self.dir).returncode, 2)

    def test_outputs_are_never_half_written_or_clobbered(self):
        target = self.p("keep.npz")
        with open(target, "wb") as f:
            f.write(b"precious")
        r = run("embed", "x.npy", "--weights", "w.safetensors", "--embed-dim", "7", "-o", "keep.npz", cwd=self.dir)
        self.assertEqual(r.returncode, 2)
        with open(target, "rb") as f:
            self.assertEqual(f.read(), b"precious")
        r = run("embed", "x.npy", "--weights", "w.safetensors", "-o", "missing/dir/e.zip", cwd=self.dir)
        self.assertEqual(r.returncode, 2)
        self.assertIn("missing/dir", r.stderr)
        self.assertEqual(len(r.stderr.strip().splitlines()), 1)
        self.assertEqual([f for f in os.listdir(self.dir) if ".tmp-" in f], [])

class StreamedLarge(unittest.TestCase):
    """A 64 MiB embeddings member (1024² input, P8, D1024) goes into the .npz, the bundle and the
    .safetensors a piece at a time (zip members with data descriptors, an NCHW transpose made
    in bands, the projector's text in blocks formatted on several threads); numpy, zipfile and
    a plain safetensors reader still read each of them as the numpy reference."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = cls.tmp.name
        rng = np.random.default_rng(11)
        C, H, W, P, D = 3, 1024, 1024, 8, 1024
        x = rng.standard_normal((1, C, H, W)).astype(np.float32)
        w = (rng.standard_normal((D, C, P, P)) * 0.1).astype(np.float32)
        b = rng.standard_normal(D).astype(np.float32)
        np.save(os.path.join(cls.dir, "x.npy"), x)
        safetensors_io.write(os.path.join(cls.dir, "w.safetensors"), {"proj.weight": w, "proj.bias": b})
        cls.gh, cls.gw, cls.D = H // P, W // P, D
        patches = x.reshape(1, C, cls.gh, P, cls.gw, P).transpose(0, 2, 4, 1, 3, 5)
        cls.ref = (patches.reshape(1, cls.gh * cls.gw, -1).astype(np.float64) @
                   w.reshape(D, -1).T.astype(np.float64) + b).astype(np.float32)
        assert cls.ref.nbytes >= 64 << 20

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def embed(self, out, *extra):
        r = run("embed", "x.npy", "--weights", "w.safetensors", "-o", out, *extra, cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        return os.path.join(self.dir, out)

    def nchw(self):
        return self.ref.reshape(1, self.gh, self.gw, self.D).transpose(0, 3, 1, 2)

    def test_npz(self):
        with np.load(self.embed("e.npz")) as z:
            np.testing.assert_allclose(z["embeddings"], self.ref, atol=1e-4)
            np.testing.assert_allclose(z["norms"], np.linalg.norm(self.ref.astype(np.float64), axis=-1),
                                       rtol=1e-5)
        with np.load(self.embed("f.npz", "--format", "NCHW")) as z:
            np.testing.assert_allclose(z["embeddings"], self.nchw(), atol=1e-4)

    def test_bundle(self):
        with zipfile.ZipFile(self.embed("run.zip", "--format", "NCHW")) as z:
            self.assertIsNone(z.testzip())  # every member's CRC-32 matches its data
            e = np.load(io.BytesIO(z.read("embeddings.npy")))
            np.testing.assert_allclose(e, self.nchw(), atol=1e-4)
            # The projector's rows stay in order across the blocks formatted in parallel.
            lines = z.read("projector/vectors.tsv").decode().splitlines()
            self.assertEqual(len(lines), self.gh * self.gw)
            picks = list(range(0, len(lines), 97)) + [len(lines) - 1]
            vectors = np.array([[float(v) for v in lines[i].split("\t")] for i in picks])
            np.testing.assert_allclose(vectors, self.ref[0, picks], atol=1e-4)
            sprite = z.read("projector/sprite.png")
            self.assertEqual(sprite[:8], b"\x89PNG\r\n\x1a\n")
            self.assertEqual(sprite[-8:-4], b"IEND")

    def test_safetensors(self):
        tensors, _ = safetensors_io.read(self.embed("e.safetensors", "--format", "NCHW"))
        np.testing.assert_allclose(tensors["embeddings"], self.nchw(), atol=1e-4)

    def test_npy(self):
        np.testing.assert_allclose(np.load(self.embed("e.npy")), self.ref, atol=1e-4)


if __name__ == "__main__":
    CLI, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    unittest.main(argv=[sys.argv[0], "-v"])
