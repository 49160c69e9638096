// PyTorch checkpoints (.pth, .pt, .bin, .ckpt), read without Python and without running them.
//
// torch.save (since PyTorch 1.6) writes a zip: ARCHIVE/data.pkl (the pickle of the saved object,
// its tensors as views into storages), ARCHIVE/data/<key> (each storage's raw bytes, stored, not
// compressed), ARCHIVE/version and, since 1.13, ARCHIVE/byteorder ("little" or "big"). ARCHIVE is
// whatever the file was first named. The pickle is read by the restricted reader of
// torch_pickle.hpp, which calls nothing; a listing reads data.pkl only, loading reads only the
// storages of the tensors asked for, so taking a patch embedding from a 1.2 GB ViT-L reads a few
// MB. Values are converted to float32 honouring each view's offset and strides; big-endian files
// are swapped.
//
// Refused with a one-line message saying what the file is and how to convert it: the legacy
// format before 1.6 (a bare pickle stream), TorchScript archives (torch.jit.save), other zips.
#pragma once

#include "safetensors.hpp"

#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace tessera::io {

// The file's tensors as its pickle lists them (flattened names, dtype, shape); no data read.
std::vector<TensorInfo> listTorchCheckpoint(const std::filesystem::path& path);

// The float tensors named in `names` (all of them when empty) as float32; integer tensors are
// never loaded. InputError when a named tensor is missing or its storage is malformed.
TensorFile loadTorchCheckpoint(const std::filesystem::path& path,
                               const std::set<std::string>& names = {});

} // namespace tessera::io
