#!/usr/bin/python3
"""--init pca-patches against numpy's PCA of the same patch matrix.

usage: test_pca_patches.py TESSERA_CLI PROJECT_DIR
The CLI writes what it fitted (a bundle's weights.safetensors) and `preprocess` writes the
normalised tensor it fitted to; numpy cuts that tensor into patches in (C, P, Q) order itself,
removes the mean patch, takes numpy.linalg.eigh of the covariance and compares: rows
orthonormal, the variances (W C W^T) are numpy's top eigenvalues, the leading directions agree up
to sign (the sign rule: each row's largest |value| positive), the bias is -W.mean, and the
embeddings are the centred patches' coordinates.
"""
import io, os, subprocess, sys, unittest, zipfile
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
import safetensors_io  # noqa: E402
from cli_case import CliCase  # noqa: E402

CLI = ROOT = None


def run(*args, cwd=None):
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          timeout=600)


def patch_matrix(x, p):
    """(B, C, H, W) -> (B*N, C*p*p): zero-padded bottom/right to a multiple of p (dynamic)."""
    b, c, h, w = x.shape
    hp, wp = -h % p, -w % p
    x = np.pad(x, ((0, 0), (0, 0), (0, hp), (0, wp)))
    gh, gw = x.shape[2] // p, x.shape[3] // p
    return x.reshape(b, c, gh, p, gw, p).transpose(0, 2, 4, 1, 3, 5).reshape(b * gh * gw, -1)


class PcaPatches(CliCase):
    def bundle(self, inp, out, *flags):
        r = run("embed", inp, "--init", "pca-patches", "-o", out, *flags, cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        z = zipfile.ZipFile(self.path(out))
        with open(self.path(out + ".w.safetensors"), "wb") as f:
            f.write(z.read("weights.safetensors"))
        w, _ = safetensors_io.read(self.path(out + ".w.safetensors"))
        e = np.load(io.BytesIO(z.read("embeddings.npy")))
        return w, e

    def check(self, x, p, d, w, e, bias=True):
        patches = patch_matrix(x.astype(np.float64), p)
        n, k = patches.shape
        mean = patches.mean(axis=0)
        centred = patches - mean
        cov = centred.T @ centred / (n - 1)
        lam, vec = np.linalg.eigh(cov)
        lam, vec = lam[::-1], vec[:, ::-1]
        W = w["proj.weight"].reshape(d, -1).astype(np.float64)
        self.assertEqual(w["proj.weight"].shape, (d, x.shape[1], p, p))
        # Orthonormal rows.
        np.testing.assert_allclose(W @ W.T, np.eye(d), atol=2e-5)
        # The variance along each row is numpy's eigenvalue, in order.
        var = np.einsum("ij,jk,ik->i", W, cov, W)
        top = lam[0]
        np.testing.assert_allclose(var, np.maximum(lam[:d], 0), atol=2e-5 * top)
        # Directions: where the eigenvalue is apart from its neighbours, ours is numpy's up to
        # sign; where it is not (or it is ~0), only the span is defined: check the span instead.
        rank = int(np.sum(lam > 1e-6 * top))
        for i in range(min(d, rank)):
            gap = min(abs(lam[i] - lam[j]) for j in (i - 1, i + 1) if 0 <= j < k)
            if gap > 1e-3 * top:
                self.assertGreater(abs(W[i] @ vec[:, i]), 1 - 1e-4, f"component {i}")
        span = vec[:, :min(d, rank)]
        ours = W[:min(d, rank)]
        # The first min(d, rank) rows lie in numpy's leading subspace of the same size, unless
        # that subspace ends inside a cluster of equal eigenvalues.
        r = min(d, rank)
        if r == k or lam[r - 1] - lam[r] > 1e-3 * top:
            np.testing.assert_allclose(np.linalg.norm(ours @ span, axis=1), 1, atol=1e-4)
        # Rows past the data's rank are orthogonal to every centred patch.
        if d > rank:
            self.assertLess(np.abs(centred @ W[rank:].T).max(), 1e-3 * np.sqrt(top))
        # The sign rule.
        for row in W:
            self.assertGreater(row[np.argmax(np.abs(row))], 0)
        # Bias = -W mean, so the embeddings are W (x - mean): the centred patches' coordinates.
        if bias:
            np.testing.assert_allclose(w["proj.bias"], -W @ mean, atol=1e-4)
            np.testing.assert_allclose(e.reshape(n, d), centred @ W.T, atol=2e-4 * np.sqrt(top))
        else:
            self.assertNotIn("proj.bias", w)
            np.testing.assert_allclose(e.reshape(n, d), patches @ W.T, atol=2e-4 * np.sqrt(top))

    def test_image_fewer_patches_than_values(self):
        # 224x224, P 16: 196 patches of 768 values; 768 asked, so 573+ are completed directions.
        r = run("preprocess", self.chelsea, "--img-size", "224", "-o", "x.npy", cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        x = np.load(self.path("x.npy"))
        w, e = self.bundle(self.chelsea, "a.zip", "--img-size", "224")
        self.check(x, 16, 768, w, e)
        w, e = self.bundle(self.chelsea, "b.zip", "--img-size", "224", "--embed-dim", "32",
                           "--no-bias")
        self.check(x, 16, 32, w, e, bias=False)

    def test_fit_repeats_to_the_bit(self):
        # A stop-free fit is deterministic: the same input gives the same weights, run after run.
        a, _ = self.bundle(self.chelsea, "r1.zip", "--patch-size", "8", "--embed-dim", "64")
        b, _ = self.bundle(self.chelsea, "r2.zip", "--patch-size", "8", "--embed-dim", "64")
        np.testing.assert_array_equal(a["proj.weight"], b["proj.weight"])
        np.testing.assert_array_equal(a["proj.bias"], b["proj.bias"])

    def test_image_more_patches_than_values_padded(self):
        # Native 300x451 with P 6: 50x76 = 3800 patches (the last column padded) of 108 values.
        r = run("preprocess", self.chelsea, "-o", "x.npy", cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        x = np.load(self.path("x.npy"))
        self.assertEqual(x.shape, (1, 3, 300, 451))
        w, e = self.bundle(self.chelsea, "c.zip", "--patch-size", "6", "--embed-dim", "40")
        self.check(x, 6, 40, w, e)

    def test_npy_batch_is_fitted_on_all_its_images(self):
        rng = np.random.default_rng(3)
        # Correlated values (a random mixing per pixel row) so the spectrum is spread.
        base = rng.standard_normal((2, 2, 40, 36)).astype(np.float32)
        x = (np.cumsum(base, axis=3) * 0.3).astype(np.float32)
        np.save(self.path("x.npy"), x)
        w, e = self.bundle("x.npy", "d.zip", "--patch-size", "4", "--embed-dim", "32")
        self.check(x, 4, 32, w, e)

    def test_batch_of_inputs_each_fitted_on_its_own(self):
        rng = np.random.default_rng(4)
        xs = [np.cumsum(rng.standard_normal((1, 1, 24, 24)), axis=2).astype(np.float32) * s
              for s in (1.0, 3.0)]
        os.mkdir(self.path("in"))
        for i, x in enumerate(xs):
            np.save(self.path(f"in/x{i}.npy"), x)
        r = run("embed", "in", "--init", "pca-patches", "--patch-size", "4", "--embed-dim", "8",
                "-o", "out/", "--export-format", "zip", cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        for i, x in enumerate(xs):
            z = zipfile.ZipFile(self.path(f"out/x{i}.zip"))
            with open(self.path(f"w{i}.safetensors"), "wb") as f:
                f.write(z.read("weights.safetensors"))
            w, _ = safetensors_io.read(self.path(f"w{i}.safetensors"))
            self.check(x, 4, 8, w, np.load(io.BytesIO(z.read("embeddings.npy"))))


if __name__ == "__main__":
    CLI, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    CliCase.root = ROOT
    unittest.main(argv=[sys.argv[0], "-v"])
