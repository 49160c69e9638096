// .safetensors files, the plain C++ way (nlohmann::json for the header).
//
// Layout: an 8-byte little-endian header length, a JSON header {name: {dtype, shape,
// data_offsets: [begin, end]}, "__metadata__": {string: string}}, then the tensors' bytes.
// The header is untrusted: its length is bounded, every offset is checked against the file
// size and the shape, and overlapping or uncovered byte ranges are refused, as the reference
// reader does. Reading converts F32, F16, BF16 and F64 to float32; writing writes F32.
#pragma once

#include "tensor.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace tessera {

struct TensorFile {
    std::map<std::string, Tensor> tensors;       // by key, e.g. "patch_embed.proj.weight"
    std::map<std::string, std::string> metadata; // "__metadata__": strings only
};

TensorFile decodeSafetensors(std::string_view bytes, const std::string& what);
std::string encodeSafetensors(const TensorFile& file);

TensorFile loadSafetensors(const std::filesystem::path& path);
void saveSafetensors(const std::filesystem::path& path, const TensorFile& file); // atomic

} // namespace tessera
