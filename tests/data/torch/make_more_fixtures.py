"""More PyTorch checkpoint fixtures, written by the real torch.save (Debian's python3-torch).

The fixtures beside this script that have no entry below come from ../../../../shared/fixtures/torch
(see README.md). These add the shapes real checkpoints take that those do not cover:

  dino_teacher_student.pth   DINO's training checkpoint: teacher and student state dicts, each a
                             real nn.Module.state_dict() (an OrderedDict whose pickle sets
                             `_metadata` with BUILD), the student under DistributedDataParallel's
                             "module." prefix, beside an epoch counter
  lightning_parameters.ckpt  a Lightning-style {"state_dict": ..., "global_step": ...} whose values
                             are nn.Parameter objects (torch._utils._rebuild_parameter) and an
                             int64 buffer (position_ids), as HF and BatchNorm carry them

Each NAME.expected.npz holds float32 copies of every float tensor, keyed by its flattened name.
Run with /usr/bin/python3 from this folder; the output is deterministic (fixed seeds).
"""
import collections

import numpy as np
import torch
from torch import nn


class Backbone(nn.Module):
    def __init__(self, dim, patch):
        super().__init__()
        self.patch_embed = nn.Module()
        self.patch_embed.proj = nn.Conv2d(3, dim, patch, patch)
        self.cls_token = nn.Parameter(torch.randn(1, 1, dim))
        self.pos_embed = nn.Parameter(torch.randn(1, 1 + 16, dim))
        self.norm = nn.LayerNorm(dim)


class Dino(nn.Module):
    def __init__(self, dim, patch):
        super().__init__()
        self.backbone = Backbone(dim, patch)
        self.head = nn.Linear(dim, 7)


def expected(flat, path):
    np.savez(path, **{k: v.detach().float().numpy() for k, v in flat.items()
                      if v.is_floating_point()})


def flatten(d, prefix=""):
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(flatten(v, prefix + k + "."))
        elif isinstance(v, torch.Tensor):
            out[prefix + k] = v
    return out


torch.manual_seed(7)
teacher = Dino(32, 8).state_dict()
student = collections.OrderedDict(
    ("module." + k, v) for k, v in Dino(32, 8).state_dict().items())
student._metadata = teacher._metadata  # what DDP's state_dict carries
dino = {"teacher": teacher, "student": student, "epoch": 100}
torch.save(dino, "dino_teacher_student.pth")
expected(flatten(dino), "dino_teacher_student.expected.npz")

torch.manual_seed(11)
model = Dino(24, 4)
params = collections.OrderedDict(("model." + k, p) for k, p in model.named_parameters())
params["model.position_ids"] = torch.arange(17).unsqueeze(0)
lightning = {"state_dict": params, "global_step": 5, "pytorch-lightning_version": "2.0.0"}
torch.save(lightning, "lightning_parameters.ckpt")
expected(flatten(lightning), "lightning_parameters.expected.npz")


# The files read back as written: what the tests compare against is what torch.save stored.
for name, saved in (("dino_teacher_student", dino), ("lightning_parameters", lightning)):
    back = flatten(torch.load(name + (".pth" if name.startswith("dino") else ".ckpt")))
    with np.load(name + ".expected.npz") as npz:
        assert sorted(npz.files) == sorted(k for k, v in back.items() if v.is_floating_point())
        for k in npz.files:
            assert np.array_equal(npz[k], back[k].detach().float().numpy()), k
