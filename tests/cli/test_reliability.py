#!/usr/bin/python3
"""Hostile inputs through tessera-cli (the reliability issue's findings): each is exit 2 with one
line naming the value, within a time bound, never a crash, a hang or "internal error".

usage: test_reliability.py TESSERA_CLI PROJECT_DIR
"""
import io, json, os, resource, subprocess, sys, unittest, zipfile

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from cli_case import CliCase  # noqa: E402

CLI = ROOT = None


def run(*args, timeout=60, memory_mb=None):
    """tessera-cli with its arguments; memory_mb caps its address space (RLIMIT_AS), so that a
    run that allocates what it should have refused fails the test instead of the machine."""
    def cap():
        # A sanitizer build reserves terabytes of shadow address space: no cap there.
        if memory_mb and not os.environ.get("TESSERA_SANITIZED"):
            limit = memory_mb << 20
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, preexec_fn=cap)


def mib(n):
    return "%.2f MB" % (n / 2**20)


def npy_header(shape):
    buf = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        buf, {"descr": "<f4", "fortran_order": False, "shape": shape})
    return buf.getvalue()


class Reliability(CliCase):
    def test_non_regular_files_are_refused_without_blocking(self):
        # A FIFO with no writer would block open() forever; /dev/zero never ends.
        for name in ("in.npy", "in.png", "w.pth", "w.safetensors", "w.npz"):
            fifo = self.path(name)
            os.mkfifo(fifo)
        out = self.path("o.npy")
        self.assertUserError(run("embed", self.path("in.npy"), "-o", out, timeout=20), "FIFO")
        self.assertUserError(run("embed", self.path("in.png"), "-o", out, timeout=20), "FIFO")
        for w in ("w.pth", "w.safetensors", "w.npz"):
            self.assertUserError(run("embed", self.chelsea, "--weights", self.path(w), "-o", out,
                                     timeout=20), "FIFO")
            self.assertUserError(run("weights", self.path(w), timeout=20), "FIFO")
        self.assertUserError(run("embed", "/dev/zero", "-o", out, timeout=20), "a device")
        os.mkdir(self.path("folder.pth"))
        self.assertUserError(run("weights", self.path("folder.pth")), "a folder")
        self.assertFalse(os.path.exists(out))

    def test_a_huge_pi_resize_is_refused_before_it_is_built(self):
        # 46341² overflowed an int in the resize matrix's size (a SIGSEGV before).
        p16 = os.path.join(ROOT, "tests", "data", "torch", "patch_embed_p16_d64.pth")
        for size in ("46341", "65536", "400"):
            r = run("resample", p16, "--patch-size", size, "-o", self.path("r.safetensors"))
            self.assertUserError(r, "resize matrix", size + "x" + size)
        r = run("embed", self.chelsea, "--weights", p16, "--patch-size", "65536",
                "--resample-weights", "-o", self.path("o.npy"))
        self.assertUserError(r, "resize matrix")
        self.assertEqual(os.listdir(self.dir), [])
        # A size FlexiViT uses still works.
        r = run("resample", p16, "--patch-size", "48", "-o", self.path("r48.safetensors"))
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_runs_too_large_for_memory_stop_before_allocating(self):
        # Before: bad_alloc ("internal error") after allocating; now a plan, refused at once.
        out = self.path("o.npy")
        r = run("embed", self.chelsea, "--patch-size", "65536", "-o", out, timeout=30)
        self.assertUserError(r, "this run needs about", "TB", "patch 65536x65536",
                             "over the memory limit", "--max-memory")
        r = run("bench", "--shape", "1x3x1048576x1048576", timeout=30)
        self.assertUserError(r, "this run needs about", "over the memory limit")
        # chelsea is 451x300: a 18x28 grid of 16x16 patches (dynamic pad: 19x29), D 768.
        n, k, d = 19 * 29, 3 * 16 * 16, 768
        pixels = 451 * 300
        planned = (4 * 3 * pixels + 4 * (d * k + d) + 4 * n * d + 4 * n * k
                   + pixels * (8 + 2 * 3) + 2 * 3 * pixels)  # + the pictures: decoded, resized
        r = run("embed", self.chelsea, "--max-memory", "2M", "-o", out)
        self.assertUserError(r, mib(planned), "image pictures " + mib(pixels * 20),
                             "2.00 MB (--max-memory)")
        self.assertUserError(run("embed", self.chelsea, "--max-memory", "512k", "-o", out),
                             "below 1 MB")
        self.assertUserError(run("embed", self.chelsea, "--max-memory", "lots", "-o", out),
                             "--max-memory")
        self.assertFalse(os.path.exists(out))
        # The same run fits a sane limit, and info reports the plan and the limit.
        r = run("embed", self.chelsea, "--max-memory", "64M", "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        r = run("info", "--max-memory", "4G", "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        b = json.loads(r.stdout)["bytes"]
        self.assertEqual(b["limit"], 4 << 30)
        self.assertEqual(b["planned"],
                         b["input"] + b["weights"] + b["output"] + b["packed_patches"])

    def test_huge_preprocessing_is_refused_from_the_header(self):
        # Before: bad_alloc after 13 s and 2 GB, or a refusal after 58 s and 16 GB. Now the plan
        # is made from the image's header, before it is decoded or resized.
        out = self.path("o.npy")
        for flags, words in (
                (["--img-size", "1048576"], ["TB", "image pictures"]),
                (["--img-size", "30000"], ["GB", "input 10.06 GB"]),
                (["--img-size", "224", "--crop-pct", "0.0001"], ["TB", "image pictures"])):
            r = run("embed", self.chelsea, *flags, "-o", out, timeout=10, memory_mb=1024)
            self.assertUserError(r, "this run needs about", "over the memory limit", *words)
        self.assertFalse(os.path.exists(out))

    def test_a_big_image_is_planned_before_it_is_decoded(self):
        # An 11000x11000 PNG (a few hundred KB of zeros) decodes to 460 MB: over a 256 MB limit
        # it is refused from its header, with less than that allocated.
        from PIL import Image
        big = self.path("big.png")
        Image.new("RGB", (11000, 11000)).save(big)
        r = run("embed", big, "--max-memory", "256M", "-o", self.path("o.npy"), timeout=10,
                memory_mb=256)
        self.assertUserError(r, "image pictures", "256.00 MB (--max-memory)")

    def test_position_tables_are_planned(self):
        r = run("posembed", "--kind", "sincos2d", "--grid", "30000x30000", "--embed-dim", "768",
                "-o", self.path("p.npy"), timeout=10, memory_mb=512)
        self.assertUserError(r, "2.51 TB", "grid 30000x30000, D 768", "over the memory limit")
        pos = self.path("pos.npy")
        np.save(pos, np.zeros((1, 197, 768), np.float32))
        r = run("posembed", "--resample", pos, "--grid", "20000x20000", "-o", self.path("p.npy"),
                timeout=10, memory_mb=512)
        self.assertUserError(r, "resampled to grid 20000x20000", "over the memory limit")
        r = run("posembed", "--resample", pos, "--grid", "16x16", "-o", self.path("p.npy"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(np.load(self.path("p.npy")).shape, (1, 257, 768))

    def test_an_npz_bomb_is_not_inflated(self):
        # A member that inflates to 1 GiB of zeros (1 MB in the file), beside a real kernel: the
        # listing reads members' headers only, and the kernel is found and used.
        kernel = np.random.default_rng(0).standard_normal((64, 3, 16, 16)).astype(np.float32)
        path = self.path("w.npz")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            with z.open("proj.weight.npy", "w") as f:
                np.save(f, kernel)
            with z.open("bomb.npy", "w", force_zip64=True) as f:
                f.write(npy_header((1 << 28,)))
                for _ in range(64):
                    f.write(bytes(1 << 24))
        self.assertLess(os.path.getsize(path), 4 << 20)
        r = run("weights", path, timeout=10, memory_mb=512)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("bomb", r.stdout)
        out = self.path("o.npy")
        r = run("embed", self.chelsea, "--weights", path, "-o", out, timeout=10, memory_mb=512)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(np.load(out).shape[-1], 64)
        # The same bomb as the only (so the chosen) kernel: refused before reading, over a limit.
        only = self.path("only.npz")
        with zipfile.ZipFile(only, "w", zipfile.ZIP_DEFLATED) as z:
            with z.open("proj.weight.npy", "w", force_zip64=True) as f:
                f.write(npy_header((1024, 3, 256, 256)))
                for _ in range(48):
                    f.write(bytes(1 << 24))
        r = run("embed", self.chelsea, "--weights", only, "--max-memory", "256M", "-o", out,
                timeout=10, memory_mb=512)
        self.assertUserError(r, "only.npz", "768.00 MB", "over the memory limit of 256.00 MB")
        # A member whose header and zip directory disagree on its size is damaged or forged.
        lying = self.path("lying.npz")
        with zipfile.ZipFile(lying, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("proj.weight.npy", npy_header((1 << 28,)) + bytes(64))
        r = run("weights", lying, timeout=10, memory_mb=512)
        self.assertUserError(r, "lying.npz:proj.weight.npy", "damaged or forged")

    def test_paths_the_system_refuses_are_user_errors(self):
        # Before: "internal error: filesystem error: ..." with exit 1.
        long_folder = self.path("x" * 300)
        r = run("embed", self.chelsea, "-o", os.path.join(long_folder, "o.npy"))
        self.assertUserError(r, "cannot use", "x" * 300, "File name too long")
        os.symlink("loop2", self.path("loop1"))
        os.symlink("loop1", self.path("loop2"))
        r = run("embed", self.chelsea, "-o", self.path("loop1", "o.npy"))
        self.assertUserError(r, "loop1", "Too many levels of symbolic links")
        r = run("embed", self.path("loop1"), "-o", self.path("o.npy"))
        self.assertUserError(r, "loop1", "Too many levels of symbolic links")

    def test_threads_have_a_sane_maximum(self):
        self.assertUserError(run("embed", self.chelsea, "--threads", "1024", "-o",
                                 self.path("o.npy")), "--threads", "256")
        r = run("embed", self.chelsea, "--threads", "256", "-o", self.path("o.npy"))
        self.assertEqual(r.returncode, 0, r.stderr)


if __name__ == "__main__":
    CLI, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    CliCase.root = ROOT
    unittest.main(argv=[sys.argv[0], "-v"])
