"""A few lines of Python that read and write .safetensors, shared by the test scripts: the format
is simple enough that a reader this size is itself a check of Tessera's files."""
import json
import struct

import numpy as np


def header(path):
    """The JSON header and its length in bytes."""
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        return json.loads(f.read(n)), n


def read(path):
    """({name: float32 array}, metadata) of an F32 file."""
    head, n = header(path)
    with open(path, "rb") as f:
        data = f.read()[8 + n:]
    tensors = {}
    for k, v in head.items():
        if k == "__metadata__":
            continue
        assert v["dtype"] == "F32", v
        b, e = v["data_offsets"]
        tensors[k] = np.frombuffer(data[b:e], dtype="<f4").reshape(v["shape"])
    return tensors, head.get("__metadata__", {})


def write(path, tensors):
    head, blobs, offset = {}, [], 0
    for k, a in tensors.items():
        b = np.ascontiguousarray(a, dtype="<f4").tobytes()
        head[k] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    h = json.dumps(head).encode()
    with open(path, "wb") as f:
        f.write(len(h).to_bytes(8, "little") + h + b"".join(blobs))
