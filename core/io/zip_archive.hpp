// Zip archives through QuaZip: .npz files (numpy's zip of .npy members) and the export bundle.
#pragma once

#include "safetensors.hpp"

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace tessera::io {

struct ZipMember {
    std::string name; // path inside the archive, '/'-separated
    std::string bytes;
};

// The archive's bytes. Members are stored uncompressed, as numpy.savez does (and as .npy
// payloads barely compress); zip64 is used when the archive needs it.
std::string makeZip(const std::vector<ZipMember>& members);

// Every member of a zip file; InputError naming the file when it is not a readable zip.
std::vector<ZipMember> readZip(const std::filesystem::path& path);

// An .npz file's float arrays by name (the ".npy" dropped); members of other dtypes are skipped,
// since checkpoints carry step counters and the like next to the weights.
TensorFile readNpz(const std::filesystem::path& path);

} // namespace tessera::io
