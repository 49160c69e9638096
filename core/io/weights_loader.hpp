// Weights files of every kind the faces accept, one table row per format:
//   .safetensors              by key, header first (core/safetensors.hpp)
//   .pth .pt .bin .ckpt       PyTorch's torch.save zip, read without running it
//                             (torch_checkpoint.hpp)
//   .npz                      numpy archives: timm/HF key names as in .safetensors, or Google's
//                             original ViT / big_vision checkpoints (embedding/kernel, HWIO)
//   .npy                      one bare (D, C, P, Q) kernel, taken as a bare PatchEmbed's
//                             proj.weight (no bias)
// Every format is listed first (names, dtypes, shapes), the key rules of checkpoint.hpp choose
// the PatchEmbed from that listing, and only its tensors are then read: every listing reads
// headers only (an .npz member's first bytes), so a huge or forged tensor costs nothing until it
// is chosen, and it is then refused when its float32 copy would pass the memory limit.
#pragma once

#include "checkpoint.hpp"
#include "memory_policy.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::io {

struct WeightsFormat {
    std::string_view label;                   // "PyTorch (torch.save)"
    std::vector<std::string_view> extensions; // ".pth", ...
    std::vector<TensorInfo> (*list)(const std::filesystem::path&);
    // The float tensors named (all when empty) as float32.
    TensorFile (*load)(const std::filesystem::path&, const std::set<std::string>& names);
};

// To add a format: a row here (weights_loader.cpp); dialogs, --help and the README follow.
const std::vector<WeightsFormat>& weightsFormats();
// By extension; InputError naming the accepted ones.
const WeightsFormat& weightsFormatOf(const std::filesystem::path& path);
// "*.safetensors *.pth *.pt ...": every accepted extension, for file dialogs.
std::string weightsGlobs();

// What a file holds and what Tessera would take from it.
struct WeightsListing {
    std::string format;                // the format's label
    std::vector<TensorInfo> tensors;   // as the file lists them
    std::optional<PatchEmbedKeys> use; // the PatchEmbed `prefix` chooses, when one can be
    std::string problem;               // why none can, when `use` is empty (one line)
};
WeightsListing listWeights(const std::filesystem::path& path, const std::string& prefix = {},
                           SeveralEmbeddings several = SeveralEmbeddings::Refuse);

// InputError before reading when the chosen tensors' float32 copies pass `maxBytes`.
FoundWeights loadWeights(const std::filesystem::path& path, const std::string& prefix,
                         SeveralEmbeddings several = SeveralEmbeddings::Refuse,
                         std::int64_t maxBytes = defaultMemoryLimit());

// Every tensor of a file, for commands that rewrite checkpoints (resample).
TensorFile loadTensorFile(const std::filesystem::path& path,
                          std::int64_t maxBytes = defaultMemoryLimit());

// loadWeights(spec.weightsPath, spec.weightsKey, memoryLimit(spec)) then fitToSpec; nullopt
// without a file.
std::optional<FoundWeights> loadSpecWeights(const Spec& spec);

} // namespace tessera::io
