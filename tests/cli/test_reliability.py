#!/usr/bin/python3
"""Hostile inputs through tessera-cli (the reliability issue's findings): each is exit 2 with one
line naming the value, within a time bound, never a crash, a hang or "internal error".

usage: test_reliability.py TESSERA_CLI PROJECT_DIR
"""
import json, os, subprocess, sys, unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from cli_case import CliCase  # noqa: E402

CLI = ROOT = None


def run(*args, timeout=60):
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True,
                          timeout=timeout)


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
        r = run("embed", self.chelsea, "--max-memory", "2M", "-o", out)
        self.assertUserError(r, "7.03 MB", "2.00 MB (--max-memory)")
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

    def test_threads_have_a_sane_maximum(self):
        self.assertUserError(run("embed", self.chelsea, "--threads", "1024", "-o",
                                 self.path("o.npy")), "--threads", "256")
        r = run("embed", self.chelsea, "--threads", "256", "-o", self.path("o.npy"))
        self.assertEqual(r.returncode, 0, r.stderr)


if __name__ == "__main__":
    CLI, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    CliCase.root = ROOT
    unittest.main(argv=[sys.argv[0], "-v"])
