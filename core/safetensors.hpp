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
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace tessera {

struct TensorFile {
    std::map<std::string, Tensor> tensors;       // by key, e.g. "patch_embed.proj.weight"
    std::map<std::string, std::string> metadata; // "__metadata__": strings only
};

// One tensor of a weights file as its header describes it, without its values: what listings
// (`tessera-cli weights FILE`) and cache scans read.
struct TensorInfo {
    std::string name;
    std::string dtype; // numpy's name: "float32", "float16", "bfloat16", "int64"...
    Shape shape;
};

// Which tensors to decode, by name and shape; every entry is still checked. Empty: all of them.
using TensorFilter = std::function<bool(const std::string& name, const Shape& shape)>;

TensorFile decodeSafetensors(std::string_view bytes, const std::string& what,
                             const TensorFilter& keep = {});
std::string encodeSafetensors(const TensorFile& file);
// The length and header alone (padded so the data starts 8-byte aligned) of F32 tensors of these
// shapes: a writer that streams puts the tensors' bytes after it itself, in the map's key order.
std::string encodeSafetensorsHeader(const std::map<std::string, Shape>& shapes,
                                    const std::map<std::string, std::string>& metadata);

// The file is mapped, not read: only the header and the kept tensors' pages are ever read, so
// taking a patch embedding out of a 1.2 GB ViT-L checkpoint reads a few MB.
TensorFile loadSafetensors(const std::filesystem::path& path, const TensorFilter& keep = {});
// The header's tensors by name, every entry checked as for loading; no data is read.
std::vector<TensorInfo> listSafetensors(const std::filesystem::path& path);
void saveSafetensors(const std::filesystem::path& path, const TensorFile& file); // atomic

} // namespace tessera
