// The pickle inside a PyTorch checkpoint (`ARCHIVE/data.pkl` of torch.save's zip format), read
// without Python and without running anything it names.
//
// Python's unpickler calls whatever global a pickle names (`os.system`, `builtins.eval`), which is
// why loading an untrusted .pth runs code. This reader is a small stack machine for the opcodes
// torch.save emits (pickle protocol 2) that knows a fixed allow-list of globals and calls none of
// them: it only recognises them, as PyTorch's own `weights_only=True` loader does:
//
//   collections.OrderedDict                  an empty dict (its BUILD state, `_metadata`, ignored)
//   torch._utils._rebuild_tensor_v2          a tensor: (storage, offset, size, stride, ...)
//   torch._utils._rebuild_parameter          an nn.Parameter: its tensor
//   torch.{Float,Half,BFloat16,Double}Storage  the dtype in a storage's persistent id
//
// Any other global is refused where it appears, with an error naming it, before anything after it
// is read. Protocols above 2 (what torch.save writes unless told otherwise) are refused with a
// message saying how to re-save the file; they would widen what must be trusted for no gain.
//
// Containers nest (MAE/DeiT put the state dict under `model`, DINO under `teacher`/`student`),
// so the result is flattened: dict keys and list indices joined with '.', e.g.
// `teacher.backbone.patch_embed.proj.weight`. Values that are not tensors (epochs, learning
// rates, strings) are skipped. Every size, offset and stride is checked against the storage's
// element count, with no arithmetic that can overflow; the input is untrusted bytes.
#pragma once

#include "tensor.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tessera {

// A storage's element type. Integer storages appear in ordinary checkpoints (BatchNorm's
// num_batches_tracked, HF's position_ids): their tensors are listed, never converted.
enum class StorageDtype {
    Float32,
    Float16,
    BFloat16,
    Float64,
    Int64,
    Int32,
    Int16,
    Int8,
    UInt8,
    Bool
};

std::string_view dtypeName(StorageDtype dtype); // numpy's: "float32", "bfloat16", "int64"...
std::size_t dtypeBytes(StorageDtype dtype);
bool isFloat(StorageDtype dtype);

// A tensor as the pickle describes it: a view (offset and strides in elements) into a storage,
// whose bytes are the archive member `data/<storage>`.
struct PickledTensor {
    std::string storage;              // the storage's key, "0", "1", ...
    StorageDtype dtype{};             //
    std::int64_t storageNumel = 0;    // elements in the whole storage
    std::int64_t offset = 0;          // first element of this view
    Shape shape;                      // sizes
    std::vector<std::int64_t> stride; // in elements, one per size; non-negative
};

// The tensors of a pickle, flattened, in the order the pickle lists them.
using PickledTensors = std::vector<std::pair<std::string, PickledTensor>>;

// InputError naming `what` for malformed or truncated pickles, refused globals, protocols above 2
// and views that reach outside their storage.
PickledTensors readTorchPickle(std::string_view bytes, const std::string& what);

} // namespace tessera
