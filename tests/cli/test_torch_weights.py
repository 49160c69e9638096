#!/usr/bin/python3
"""PyTorch checkpoints through tessera-cli, as users give them: listing, embedding, resampling,
refusals (malicious, legacy, truncated), and the checkpoints found in a fake hub cache laid out as
the Hugging Face hub and torch hub lay theirs out. numpy is the reference for every value.

usage: test_torch_weights.py TESSERA_CLI PROJECT_DIR
"""
import json, os, shutil, subprocess, sys, unittest
import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
import safetensors_io  # noqa: E402
from cli_case import CliCase  # noqa: E402

CLI = ROOT = DATA = None
FIXTURES = ["patch_embed_p16_d64.pth", "timm_vit_d192_depth1.pth", "mae_style_nested_model.pth",
            "hf_vit_pytorch_model.bin", "patch_embed_fp16.pth", "patch_embed_bf16.pth",
            "patch_embed_f64.pth", "patch_embed_views.pth", "dino_teacher_student.pth",
            "lightning_parameters.ckpt"]


def run(*args, env=None):
    return subprocess.run([CLI, *map(str, args)], capture_output=True, text=True, timeout=300,
                          env=env)


class TorchWeights(CliCase):
    def test_listing_names_every_float_tensor_with_its_shape(self):
        for name in FIXTURES:
            expected = os.path.join(DATA, name.rsplit(".", 1)[0] + ".expected.npz")
            r = run("weights", os.path.join(DATA, name), "--json")
            self.assertEqual(r.returncode, 0, r.stderr)
            j = json.loads(r.stdout)
            self.assertEqual(j["format"], "PyTorch (torch.save)")
            listed = {t["name"]: t for t in j["tensors"]}
            if os.path.exists(expected):
                with np.load(expected) as npz:
                    for key in npz.files:
                        self.assertEqual(listed[key]["shape"], list(npz[key].shape), (name, key))
            if name == "dino_teacher_student.pth":
                self.assertIn("teacher.backbone.patch_embed.", j["problem"])
                continue
            weight = [t for t in j["tensors"] if t.get("used_as") == "patch embedding kernel"]
            self.assertEqual(len(weight), 1, name)
        # The stored dtype is shown, not the converted one.
        j = json.loads(run("weights", os.path.join(DATA, "patch_embed_fp16.pth"), "--json").stdout)
        self.assertEqual({t["dtype"] for t in j["tensors"]}, {"float16"})
        text = run("weights", os.path.join(DATA, "mae_style_nested_model.pth")).stdout
        self.assertIn("model.pos_embed", text)
        self.assertIn("<- position embeddings", text)
        self.assertIn("uses    'model.patch_embed.', timm layout", text)

    def test_embedding_from_a_pth_equals_embedding_from_its_values(self):
        # The same values written as safetensors by numpy: the outputs must agree bit for bit.
        for name, key in [("patch_embed_p16_d64.pth", ""), ("patch_embed_bf16.pth", ""),
                          ("patch_embed_views.pth", ""), ("mae_style_nested_model.pth", ""),
                          ("hf_vit_pytorch_model.bin", ""),
                          ("dino_teacher_student.pth", "teacher.backbone.patch_embed.")]:
            src = os.path.join(DATA, name)
            expected = os.path.join(DATA, name.rsplit(".", 1)[0] + ".expected.npz")
            if not os.path.exists(expected):
                expected = os.path.join(DATA, "timm_vit_d192_depth1.expected.npz")
            with np.load(expected) as npz:
                tensors = {k: npz[k] for k in npz.files}
            if name == "mae_style_nested_model.pth":
                tensors = {"model." + k: v for k, v in tensors.items()}
            if name == "hf_vit_pytorch_model.bin":
                continue  # its values are checked by the io tests; here only that it embeds
            ref = self.path("ref.safetensors")
            safetensors_io.write(ref, {k: v for k, v in tensors.items() if "proj." in k})
            a, b = self.path("a.npy"), self.path("b.npy")
            flags = ["--weights-key", key] if key else []
            r = run("embed", self.chelsea, "--weights", src, *flags, "-o", a)
            self.assertEqual(r.returncode, 0, r.stderr)
            r = run("embed", self.chelsea, "--weights", ref, *flags, "-o", b)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertTrue(np.array_equal(np.load(a), np.load(b)), name)
            os.remove(a)
            os.remove(b)
        r = run("embed", self.chelsea, "--weights", os.path.join(DATA, "hf_vit_pytorch_model.bin"),
                "-o", self.path("hf.npy"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(np.load(self.path("hf.npy")).shape, (1, 551, 192))

    def test_two_embeddings_stop_the_run_and_name_both(self):
        out = self.path("o.npy")
        r = run("embed", self.chelsea, "--weights", os.path.join(DATA, "dino_teacher_student.pth"),
                "-o", out)
        self.assertUserError(r, "'teacher.backbone.patch_embed.'",
                             "'student.module.backbone.patch_embed.'", "--weights-key")
        self.assertFalse(os.path.exists(out))

    def test_malicious_legacy_and_broken_files_are_refused_in_one_line(self):
        pwned = "/tmp/tessera_pwned"
        if os.path.exists(pwned):
            os.remove(pwned)
        out = self.path("o.npy")
        malicious = os.path.join(DATA, "malicious_os_system.pth")
        for args in (["weights", malicious],
                     ["embed", self.chelsea, "--weights", malicious, "-o", out],
                     ["resample", malicious, "--patch-size", "8", "-o", self.path("r.safetensors")]):
            self.assertUserError(run(*args), "posix.system", "nothing in the file was run")
        self.assertFalse(os.path.exists(pwned))
        self.assertEqual(os.listdir(self.dir), [])
        legacy = os.path.join(DATA, "patch_embed_legacy_format.pth")
        self.assertUserError(run("embed", self.chelsea, "--weights", legacy, "-o", out),
                             "legacy", "torch.save(torch.load(f), g)")
        cut = self.path("cut.pth")
        with open(os.path.join(DATA, "patch_embed_p16_d64.pth"), "rb") as f, open(cut, "wb") as g:
            g.write(f.read(3000))
        self.assertUserError(run("weights", cut), "truncated or damaged PyTorch checkpoint")
        os.remove(cut)
        # Truncated and corrupted copies of every fixture: exit 2, one line, nothing written.
        for name in FIXTURES:
            with open(os.path.join(DATA, name), "rb") as f:
                data = f.read()
            variants = [data[:len(data) * k // 8] for k in range(8)]
            flipped = bytearray(data)
            for at in range(100, len(flipped), max(1, len(flipped) // 5)):
                flipped[at] ^= 0xFF
            variants.append(bytes(flipped))
            for k, v in enumerate(variants):
                broken = self.path("broken" + os.path.splitext(name)[1])
                with open(broken, "wb") as f:
                    f.write(v)
                r = run("embed", self.chelsea, "--weights", broken, "-o", out)
                self.assertUserError(r, "broken")
                self.assertFalse(os.path.exists(out), (name, k))
                os.remove(broken)

    def test_resample_reads_a_pth_and_writes_safetensors(self):
        out = self.path("p8.safetensors")
        r = run("resample", os.path.join(DATA, "timm_vit_d192_depth1.pth"), "--patch-size", "8",
                "-o", out)
        self.assertEqual(r.returncode, 0, r.stderr)
        t, _ = safetensors_io.read(out)
        self.assertEqual(t["patch_embed.proj.weight"].shape, (192, 3, 8, 8))
        self.assertEqual(len(t), 20)  # every float tensor of the ViT, names kept
        with np.load(os.path.join(DATA, "timm_vit_d192_depth1.expected.npz")) as npz:
            self.assertTrue(np.array_equal(t["pos_embed"], npz["pos_embed"]))

    def fake_caches(self):
        """A home folder with a Hugging Face hub cache and a torch hub cache, as the hubs make them."""
        home = self.path("home")
        hub = os.path.join(home, ".cache", "huggingface", "hub")

        def hub_model(repo, revision, filename, fixture):
            base = os.path.join(hub, "models--" + repo.replace("/", "--"))
            blob = os.path.join(base, "blobs", "b" + revision * 4)
            os.makedirs(os.path.dirname(blob), exist_ok=True)
            shutil.copy(os.path.join(DATA, fixture), blob)
            snap = os.path.join(base, "snapshots", revision * 10)
            os.makedirs(snap, exist_ok=True)
            os.symlink(os.path.join("..", "..", "blobs", "b" + revision * 4),
                       os.path.join(snap, filename))
            with open(os.path.join(base, "refs_main"), "w") as f:
                f.write(revision)
            return blob

        blob = hub_model("google/vit-tiny-test", "a1", "pytorch_model.bin",
                         "hf_vit_pytorch_model.bin")
        hub_model("facebook/dino-test", "b2", "checkpoint.pth", "dino_teacher_student.pth")
        # A repo whose files hold no patch embedding, and a broken file: neither is listed.
        other = os.path.join(hub, "models--someone--bert", "snapshots", "c3c3")
        os.makedirs(other)
        safetensors_io.write(os.path.join(other, "model.safetensors"),
                             {"encoder.weight": np.zeros((4, 4), np.float32)})
        with open(os.path.join(other, "pytorch_model.bin"), "wb") as f:
            f.write(b"PK\x03\x04 not really")
        ckpts = os.path.join(home, ".cache", "torch", "hub", "checkpoints")
        os.makedirs(ckpts)
        shutil.copy(os.path.join(DATA, "mae_style_nested_model.pth"),
                    os.path.join(ckpts, "mae_pretrain_vit_tiny.pth"))
        shutil.copy(os.path.join(DATA, "malicious_os_system.pth"), os.path.join(ckpts, "evil.pth"))
        env = {k: v for k, v in os.environ.items()
               if k not in ("HF_HOME", "HF_HUB_CACHE", "TORCH_HOME")}
        env["HOME"] = home
        return env, hub, ckpts, blob

    def test_list_finds_the_checkpoints_already_on_the_machine(self):
        env, hub, ckpts, blob = self.fake_caches()
        r = run("weights", "--list", "--json", env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        scan = json.loads(r.stdout)
        found = scan["checkpoints"]
        # The malicious file and the damaged one are skipped with their reasons; BERT is no ViT.
        reasons = {os.path.basename(s["path"]): s["reason"] for s in scan["skipped"]}
        self.assertEqual(sorted(reasons), ["evil.pth", "pytorch_model.bin"])
        self.assertIn("posix.system", reasons["evil.pth"])
        self.assertEqual(scan["files_looked_at"], 6)
        self.assertEqual([c["model"] for c in found],
                         ["facebook/dino-test", "google/vit-tiny-test", "mae_pretrain_vit_tiny.pth"])
        dino, vit, mae = found
        self.assertEqual(dino["prefixes"], ["student.module.backbone.patch_embed.",
                                            "teacher.backbone.patch_embed."])
        self.assertEqual((dino["patch_size"], dino["embed_dim"]), ([8, 8], 32))
        self.assertEqual(vit["source"], "huggingface")
        self.assertEqual(vit["revision"], "a1" * 10)
        self.assertEqual(vit["bytes"], os.path.getsize(blob))  # the blob's size, through the link
        self.assertTrue(vit["path"].endswith("snapshots/" + "a1" * 10 + "/pytorch_model.bin"))
        self.assertEqual((vit["patch_size"], vit["in_chans"], vit["embed_dim"]), ([16, 16], 3, 192))
        self.assertTrue(vit["pos_embed"] and vit["cls_token"])
        self.assertEqual(mae["source"], "torch-hub")
        self.assertEqual(mae["prefix"], "model.patch_embed.")
        # The listed path works as --weights.
        r = run("embed", self.chelsea, "--weights", vit["path"], "-o", self.path("v.npy"))
        self.assertEqual(r.returncode, 0, r.stderr)

        # HF_HUB_CACHE, then HF_HOME, then ~/.cache/huggingface/hub; TORCH_HOME likewise.
        moved = self.path("elsewhere")
        shutil.move(hub, moved)
        env2 = dict(env, HF_HUB_CACHE=moved)
        self.assertEqual(len(json.loads(run("weights", "--list", "--json", env=env2).stdout)
                             ["checkpoints"]), 3)
        os.makedirs(self.path("hfhome"))
        shutil.move(moved, self.path("hfhome", "hub"))
        env3 = dict(env, HF_HOME=self.path("hfhome"), TORCH_HOME=self.path("nowhere"))
        found3 = json.loads(run("weights", "--list", "--json", env=env3).stdout)["checkpoints"]
        self.assertEqual([c["source"] for c in found3], ["huggingface", "huggingface"])
        # A folder of the user's, and the text form.
        r = run("weights", "--list", "--folder", ckpts, env=env3)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("3 checkpoints with a patch embedding among", r.stdout)
        self.assertIn("skipped (could not be read)", r.stdout)
        self.assertIn("mae_pretrain_vit_tiny.pth", r.stdout)
        self.assertIn("--weights-key teacher.backbone.patch_embed.", r.stdout)
        self.assertFalse(os.path.exists("/tmp/tessera_pwned"))

    def test_usage_errors(self):
        self.assertUserError(run("weights"), "one FILE")
        self.assertUserError(run("weights", "--list", "x.pth"), "no file")
        self.assertUserError(run("weights", os.path.join(DATA, "patch_embed_fp16.pth"), "--folder",
                                 "x"), "--folder goes with --list")
        self.assertUserError(run("weights", self.path("w.txt")), "w.txt", ".pth")
        self.assertUserError(run("weights", self.path("none.pth")), "none.pth")
        self.assertUserError(run("weights", "--list", "--folder", self.path("nowhere")),
                             "nowhere", "is not a folder")


if __name__ == "__main__":
    CLI, ROOT = sys.argv[1], sys.argv[2]
    CliCase.root = ROOT
    DATA = os.path.join(ROOT, "tests", "data", "torch")
    unittest.main(argv=sys.argv[:1], verbosity=2)
