#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets added with issue 12 (tests/fuzz/corpus/NAME/).

Valid files as numpy, PIL and a Tessera export write them, plus the malformed cases the
reliability issue names: an empty batch (0, 3, 224, 224), huge dimensions, an .npz member that
claims a huge inflated size, truncated files. Each seed is a few KB at most, so the corpus
runner's 20,000 mutations per seed stay quick in CTest.

usage: /usr/bin/python3 tests/fuzz/make_seeds.py [MANIFEST_JSON]
  MANIFEST_JSON  a manifest.json from `tessera-cli embed IMG -o out.zip` (copied as a seed)
The manifest seed and corpus/npz/tessera_cli_export.npz come from a 32x32 image through
  tessera-cli embed red.png -o out.zip --patch-size 16 --embed-dim 8 --img-size 32
(and -o out.npz). Crash reproducers are added by hand next to these, never written here.
"""
import io
import json
import os
import struct
import sys
import zipfile
import zlib

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")


def put(target, name, data):
    os.makedirs(os.path.join(CORPUS, target), exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(CORPUS, target, name), "wb") as f:
        f.write(data)


def npy_bytes(array):
    buf = io.BytesIO()
    np.save(buf, array)
    return buf.getvalue()


def npy_header_only(shape, descr="<f4"):
    """A version 1.0 .npy header for `shape` and no data, padded as numpy pads it."""
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, repr(tuple(shape)))
    pad = 64 - (10 + len(header) + 1) % 64
    header = header + " " * pad + "\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode()


def rng_array(shape, dtype=np.float32, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


# --- npy: the malformed cases (the valid seeds are there already) -----------------------------
put("npy", "empty_batch_0x3x224x224.npy", npy_bytes(np.zeros((0, 3, 224, 224), np.float32)))
put("npy", "huge_dims_header_only.npy", npy_header_only((1 << 32, 1 << 32, 3)))
put("npy", "truncated_f4_4x4.npy", npy_bytes(rng_array((4, 4)))[:-7])
put("npy", "int64_2.npy", npy_bytes(np.arange(2, dtype=np.int64)))

# --- npz ---------------------------------------------------------------------------------------
def npz_bytes(arrays, compressed=False):
    buf = io.BytesIO()
    (np.savez_compressed if compressed else np.savez)(buf, **arrays)
    return buf.getvalue()


timm = {"patch_embed.proj.weight": rng_array((4, 3, 2, 2)),
        "patch_embed.proj.bias": rng_array((4,), seed=1),
        "pos_embed": rng_array((1, 5, 4), seed=2),
        "cls_token": rng_array((1, 1, 4), seed=3),
        "step": np.array(7, np.int64)}
put("npz", "timm_small.npz", npz_bytes(timm))
put("npz", "timm_small_deflated.npz", npz_bytes(timm, compressed=True))
big_vision = {"embedding/kernel": rng_array((2, 2, 3, 4)), "embedding/bias": rng_array((4,))}
put("npz", "big_vision_small.npz", npz_bytes(big_vision, compressed=True))
put("npz", "empty_batch.npz", npz_bytes({"x": np.zeros((0, 3, 224, 224), np.float32)}))
put("npz", "truncated.npz", npz_bytes(timm)[:700])


def claim_huge_size(data):
    """The zip with every member's inflated size, local and central, set to 0xFFFFFFF0."""
    data = bytearray(data)
    huge = struct.pack("<I", 0xFFFFFFF0)
    i = 0
    while (i := data.find(b"PK\x03\x04", i)) >= 0:
        data[i + 22:i + 26] = huge
        i += 4
    i = 0
    while (i := data.find(b"PK\x01\x02", i)) >= 0:
        data[i + 24:i + 28] = huge
        i += 4
    return bytes(data)


# A 1 KB archive whose one deflated member claims to inflate to 4 GB.
put("npz", "huge_claimed_member.npz",
    claim_huge_size(npz_bytes({"x": np.zeros((64,), np.float32)}, compressed=True)))
# A deflate bomb within the rules: 1 MB of zeros in a ~1 KB member that says so.
put("npz", "zeros_1mb_deflated.npz",
    npz_bytes({"x": np.zeros((1 << 18,), np.float32)}, compressed=True))

# --- image -------------------------------------------------------------------------------------
def encode(image, fmt, **kw):
    buf = io.BytesIO()
    image.save(buf, fmt, **kw)
    return buf.getvalue()


gradient = Image.fromarray(
    (np.add.outer(np.arange(12) * 20, np.arange(16) * 15) % 256).astype(np.uint8)).convert("RGB")
put("image", "rgb_16x12.png", encode(gradient, "PNG"))
put("image", "rgba_16x12.png", encode(gradient.convert("RGBA"), "PNG"))
put("image", "gray_16x12.png", encode(gradient.convert("L"), "PNG"))
put("image", "palette_16x12.png", encode(gradient.convert("P"), "PNG"))
put("image", "rgb_16x12.jpg", encode(gradient, "JPEG", quality=80))
put("image", "progressive_16x12.jpg", encode(gradient, "JPEG", quality=80, progressive=True))
put("image", "rgb_16x12.gif", encode(gradient, "GIF"))
put("image", "rgb_16x12.bmp", encode(gradient.resize((8, 6)), "BMP"))
put("image", "rgb_16x12.webp", encode(gradient, "WEBP", quality=80))
put("image", "truncated_16x12.png", encode(gradient, "PNG")[:-30])
put("image", "truncated_16x12.jpg", encode(gradient, "JPEG", quality=80)[:-40])


def png_chunk(kind, payload):
    return (struct.pack(">I", len(payload)) + kind + payload +
            struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF))


# A 100-byte PNG claiming 65535 x 65535 RGBA pixels (16 GiB decoded): over the limit.
put("image", "huge_dims_65535.png",
    b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", 65535, 65535, 8, 6, 0, 0, 0))
    + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + png_chunk(b"IEND", b""))
# A GIF whose screen says 65535 x 65535.
gif = bytearray(encode(gradient, "GIF"))
gif[6:10] = struct.pack("<HH", 65535, 65535)
put("image", "huge_screen.gif", bytes(gif))

# --- checkpoint_keys: listings as real checkpoints name their tensors --------------------------
def listing(prefix, entries):
    lines = ([prefix] if prefix is not None else []) + [
        "%s:%s" % (k, ",".join(str(d) for d in s)) for k, s in entries]
    return "\n".join(lines) + "\n"


put("checkpoint_keys", "timm_vit.txt", listing(None, [
    ("patch_embed.proj.weight", (8, 3, 4, 4)), ("patch_embed.proj.bias", (8,)),
    ("pos_embed", (1, 17, 8)), ("cls_token", (1, 1, 8)), ("reg_token", (1, 4, 8)),
    ("blocks.0.attn.proj.weight", (8, 8)), ("norm.weight", (8,))]))
put("checkpoint_keys", "bare_with_norm.txt", listing(None, [
    ("proj.weight", (4, 3, 2, 2)), ("proj.bias", (4,)), ("norm.weight", (4,)),
    ("norm.bias", (4,))]))
put("checkpoint_keys", "hf_vit.txt", listing(None, [
    ("vit.embeddings.patch_embeddings.projection.weight", (6, 3, 2, 2)),
    ("vit.embeddings.patch_embeddings.projection.bias", (6,)),
    ("vit.embeddings.position_embeddings", (1, 5, 6)), ("vit.embeddings.cls_token", (1, 1, 6))]))
put("checkpoint_keys", "dino_two.txt", listing("#teacher.backbone.patch_embed", [
    ("teacher.backbone.patch_embed.proj.weight", (4, 3, 2, 2)),
    ("student.backbone.patch_embed.proj.weight", (4, 3, 2, 2)),
    ("teacher.backbone.pos_embed", (1, 5, 4))]))
put("checkpoint_keys", "dino_take_first.txt", listing("#!", [
    ("teacher.backbone.patch_embed.proj.weight", (4, 3, 2, 2)),
    ("student.backbone.patch_embed.proj.weight", (4, 3, 2, 2))]))
put("checkpoint_keys", "big_vision.txt", listing("#params/", [
    ("params/embedding/kernel", (2, 2, 3, 4)), ("params/embedding/bias", (4,)),
    ("params/Transformer/posembed_input/pos_embedding", (1, 4, 4)), ("params/cls", (1, 1, 4))]))
put("checkpoint_keys", "wrong_shapes.txt", listing(None, [
    ("patch_embed.proj.weight", (4, 3, 2, 2)), ("patch_embed.proj.bias", (5,)),
    ("pos_embed", (1, 5, 3)), ("embedding/kernel", (2, 2, 3))]))
put("checkpoint_keys", "empty_batch_and_huge.txt", listing(None, [
    ("proj.weight", (0, 3, 224, 224)), ("x.proj.weight", (4096, 4096, 4096, 4096))]))

# --- manifest ----------------------------------------------------------------------------------
if len(sys.argv) > 1:
    with open(sys.argv[1], "rb") as f:
        put("manifest", "exported_manifest.json", f.read())
put("manifest", "all_flags.json", json.dumps({"spec": {"args": [
    "--patch-size", "14x16", "--embed-dim", "64", "--in-chans", "3", "--img-size", "224",
    "--pad", "strict", "--fit", "center-crop", "--preset", "clip", "--crop-pct", "0.875",
    "--interpolation", "bicubic", "--mean", "0.5,0.5,0.5", "--std", "0.25,0.25,0.25",
    "--format", "NCHW", "--norm", "layernorm", "--norm-eps", "1e-5", "--no-bias",
    "--init", "trunc-normal", "--seed", "7", "--threads", "2", "--max-memory", "2G",
    "--weights-key", "patch_embed.", "--reg-tokens", "4", "--no-class-token"]}}, indent=1))
put("manifest", "not_a_manifest.json", '{"spec": {"args": "--patch-size 16"}}')
put("manifest", "bad_values.json",
    '{"spec":{"args":["--patch-size","0x0","--crop-pct","nan","--norm-eps","-1"]}}')
put("manifest", "non_strings.json", '{"spec":{"args":[16, null, true, {"a": 1}, ["--pad"]]}}')
put("manifest", "truncated.json", '{"spec":{"args":["--patch-size","16","--embed')

# --- cli_flags: tessera-cli embed's arguments, NUL-separated -----------------------------------
def argv(*args):
    return "\0".join(args)


put("cli_flags", "basic.args", argv("img.png", "-o", "out.npy"))
put("cli_flags", "many_flags.args", argv(
    "a.png", "b.png", "-o", "out/", "--export-format=npz", "--overwrite", "--patch-size", "14",
    "--embed-dim=384", "--img-size", "224x196", "--pad", "none", "--fit=squash", "--mean",
    "0.48,0.45,0.40", "--std", "0.26,0.26,0.27", "--format", "NHWC", "--norm", "layernorm",
    "--norm-eps", "1e-6", "--seed", "3", "--threads", "1", "--max-memory", "512M",
    "--shard", "1/4", "--init", "lecun-normal"))
put("cli_flags", "spec_and_weights.args", argv(
    "x.npy", "-o", "y.safetensors", "--spec", "manifest.json", "--weights", "w.safetensors",
    "--weights-key", "model.patch_embed", "--resample-weights", "--", "-odd.png"))
put("cli_flags", "usage_errors.args", argv(
    "--patch-size", "-1", "--embed-dim", "99999999999999999999", "--no-bias=1", "--unknown"))
put("cli_flags", "sequence_flag.args", argv("img.png", "-o", "o.npy", "--reg-tokens", "4"))
