#!/usr/bin/python3
"""A batch over a folder (decoded and preprocessed on a worker thread ahead of the PatchEmbed)
writes what embedding each input on its own writes, byte for byte, in the inputs' order.

A folder of JPEG photos of different sizes, a .npy array and a corrupt JPEG in the middle: the
batch must give the same .npy bytes as one `embed` per input (the path without the pipeline),
the same error message for the corrupt file as its own run gives, index.csv in input order, exit
status 3, and under a terminal the same progress bar as before (one frame per input, then done).

usage: test_batch_pipeline.py TESSERA_CLI PROJECT_DIR
"""
import csv, os, pty, subprocess, sys, tempfile, unittest
import numpy as np
from PIL import Image

CLI = ROOT = None
FLAGS = ["--img-size", "224", "--patch-size", "16", "--embed-dim", "96", "--threads", "2"]


def run(*args, **kw):
    return subprocess.run([CLI, *args], capture_output=True, timeout=300, **kw)


class BatchPipeline(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.src = os.path.join(self.dir, "in")
        os.makedirs(self.src)
        base = Image.open(os.path.join(ROOT, "resources", "chelsea.png")).convert("RGB")
        self.names = []
        for i in range(7):
            name = f"p{i}.jpg"
            base.resize((300 + 37 * i, 260 + 23 * i), Image.BICUBIC).save(os.path.join(self.src, name),
                                                                           quality=90)
            self.names.append(name)
        with open(os.path.join(self.src, "p3.jpg"), "rb") as f:  # the 4th of 9: mid-batch
            data = f.read()
        with open(os.path.join(self.src, "p3.jpg"), "wb") as f:
            f.write(data[: len(data) // 2])
        x = np.random.default_rng(0).standard_normal((3, 224, 224)).astype(np.float32)
        np.save(os.path.join(self.src, "q.npy"), x)
        self.names = sorted(self.names + ["q.npy"])

    def tearDown(self):
        self.tmp.cleanup()

    def test_batch_equals_one_run_per_input(self):
        out = os.path.join(self.dir, "out")
        r = run("embed", self.src, "-o", out + "/", *FLAGS)
        self.assertEqual(r.returncode, 3, r.stderr)
        with open(os.path.join(out, "index.csv"), newline="") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual([os.path.basename(row["input"]) for row in rows], self.names)
        failed = [line for line in r.stderr.decode().splitlines() if line.startswith("failed")]
        self.assertEqual(len(failed), 1, r.stderr)
        for name, row in zip(self.names, rows):
            alone = run("embed", os.path.join(self.src, name), "-o", os.path.join(self.dir, "alone.npy"),
                        *FLAGS)
            if name == "p3.jpg":
                self.assertEqual(alone.returncode, 2)
                message = alone.stderr.decode().strip().removeprefix("tessera-cli embed: ")
                self.assertEqual(row["status"], "error")
                self.assertEqual(row["message"], message)
                self.assertEqual(failed[0], f"failed   {os.path.join(self.src, name)}: {message}")
                self.assertFalse(os.path.exists(os.path.join(out, "p3.npy")))
                continue
            self.assertEqual(alone.returncode, 0, alone.stderr)
            self.assertEqual(row["status"], "ok")
            with open(os.path.join(self.dir, "alone.npy"), "rb") as a, \
                    open(os.path.join(out, row["output"]), "rb") as b:
                self.assertEqual(a.read(), b.read(), name)

    def test_inputs_too_large_to_prepare_ahead_are_loaded_in_turn(self):
        # Planned at ~3-5 MB each: under --max-memory 6M none is prepared ahead (a quarter of the
        # limit), under 12M some are; the bytes are those of the batch without a limit.
        outs = {}
        for limit in (None, "12M", "6M"):
            out = os.path.join(self.dir, f"out-{limit}")
            flags = ["--max-memory", limit] if limit else []
            r = run("embed", self.src, "-o", out + "/", *FLAGS, *flags)
            self.assertEqual(r.returncode, 3, r.stderr)
            outs[limit] = {}
            for f in os.listdir(out):
                if f.endswith(".npy"):
                    with open(os.path.join(out, f), "rb") as g:
                        outs[limit][f] = g.read()
        self.assertEqual(len(outs[None]), len(self.names) - 1)
        self.assertEqual(outs["12M"], outs[None])
        self.assertEqual(outs["6M"], outs[None])

    def test_progress_bar_under_a_terminal(self):
        out = os.path.join(self.dir, "out-tty")
        master, slave = pty.openpty()
        p = subprocess.Popen([CLI, "embed", self.src, "-o", out + "/", *FLAGS], stdout=subprocess.PIPE,
                             stderr=slave)
        os.close(slave)
        seen = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the terminal closes with the process
                break
            if not chunk:
                break
            seen += chunk
        p.communicate(timeout=300)
        os.close(master)
        self.assertEqual(p.returncode, 3)
        text = seen.decode().replace("\r\n", "\n")
        frames = [f.split("\n")[0].rstrip() for f in text.split("\r") if f.strip()]
        n = len(self.names)
        want = [f"[{'#' * (30 * i // n)}{' ' * (30 - 30 * i // n)}] {i}/{n} {name}"
                for i, name in enumerate(self.names)]
        want.append(f"[{'#' * 30}] {n}/{n} done")
        self.assertEqual(frames[: n + 1], want, seen)
        self.assertEqual([line for line in text.splitlines() if line.startswith("failed")],
                         [f"failed   {os.path.join(self.src, 'p3.jpg')}: cannot read image "
                          f"{os.path.join(self.src, 'p3.jpg')}: truncated or corrupt data (JPEG data "
                          "ends before its end-of-image marker)"])


if __name__ == "__main__":
    CLI, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    unittest.main(argv=[sys.argv[0], "-v"])
