#!/usr/bin/python3
"""Runs one golden case (tests/data/golden/NAME, computed by the real timm) through tessera-cli.

usage: run_golden.py TESSERA_CLI CASE_DIR

The case folder is copied to a fresh temporary folder, its case.json `cli_args` are run there
exactly, and the result is compared as the golden README says, by kind:
  embed         got.npy vs out.npy: same shape, max abs diff <= tolerance_abs
  error         non-zero exit, one line on stderr naming the sizes, no got.npy left behind
  preprocess    max abs <= tolerance_max_abs and mean abs <= tolerance_mean_abs
  resample      proj.weight of got.safetensors vs out.npy
  sincos2d, pos-resample   got.npy vs out.npy, max abs <= tolerance_abs
numpy reads what Tessera wrote, so every case is also an interop check of the .npy writer.
"""
import json, os, re, shutil, struct, subprocess, sys, tempfile
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
import safetensors_io  # noqa: E402


def assert_that(condition, message):
    """A failed check ends the case with its message (the script's exit status is then 1)."""
    if not condition:
        raise AssertionError(message)


def main():
    cli, case_dir = os.path.abspath(sys.argv[1]), sys.argv[2]
    case = json.load(open(os.path.join(case_dir, "case.json")))
    kind = case["kind"]
    with tempfile.TemporaryDirectory() as work:
        for f in os.listdir(case_dir):
            shutil.copy(os.path.join(case_dir, f), work)
        run = subprocess.run([cli] + case["cli_args"], cwd=work, capture_output=True, text=True,
                             timeout=300)
        print("$ tessera-cli " + " ".join(case["cli_args"]))
        print(run.stdout + run.stderr)
        left = sorted(f for f in os.listdir(work) if f.startswith("got") or ".tmp-" in f)
        if kind == "error":
            assert_that(run.returncode == 2, f"expected exit 2, got {run.returncode}")
            lines = run.stderr.strip().splitlines()
            assert_that(len(lines) == 1, f"expected one line on stderr, got {len(lines)}")
            sizes = re.findall(r"\d+", case["timm_message"])
            missing = [s for s in sizes if s not in re.findall(r"\d+", lines[0])]
            assert_that(not missing, f"message does not name {missing}: {lines[0]}")
            assert_that(not left, f"files left behind: {left}")
            print(f"ok: {case['name']} refused as timm does ({case['timm_message']})")
            return
        assert_that(run.returncode == 0, f"exit {run.returncode}")
        want = np.load(os.path.join(work, case["output"]))
        if kind == "resample":
            got = safetensors_io.read(os.path.join(work, "got.safetensors"))[0][case["output_key"]]
        else:
            got = np.load(os.path.join(work, "got.npy"))
        assert_that(got.dtype == np.float32, f"dtype {got.dtype}, expected float32")
        assert_that(got.shape == want.shape, f"shape {got.shape}, expected {want.shape}")
        diff = np.abs(got.astype(np.float64) - want.astype(np.float64))
        if kind == "preprocess":
            ok = diff.max() <= case["tolerance_max_abs"] and diff.mean() <= case["tolerance_mean_abs"]
            print(f"max abs {diff.max():.3g} (<= {case['tolerance_max_abs']}), mean abs "
                  f"{diff.mean():.3g} (<= {case['tolerance_mean_abs']})")
        else:
            ok = diff.max() <= case["tolerance_abs"]
            print(f"max abs diff {diff.max():.3g} (<= {case['tolerance_abs']}) over {diff.size} values")
        assert_that(ok, "values differ from timm beyond the tolerance")
        print(f"ok: {case['name']}")


if __name__ == "__main__":
    main()
