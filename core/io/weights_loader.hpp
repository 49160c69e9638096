// Weights files of every kind the faces accept, by extension:
//   .safetensors, .npy   read by the core (checkpoint.hpp)
//   .npz                 numpy archives: timm/HF key names as in .safetensors, or Google's
//                        original ViT / big_vision checkpoints (embedding/kernel, HWIO), read
//                        here because a zip needs QuaZip.
#pragma once

#include "checkpoint.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace tessera::io {

FoundWeights loadWeights(const std::filesystem::path& path, const std::string& prefix,
                         SeveralEmbeddings several = SeveralEmbeddings::Refuse);

// loadWeights(spec.weightsPath, spec.weightsKey) then fitToSpec; nullopt without a file.
std::optional<FoundWeights> loadSpecWeights(const Spec& spec);

} // namespace tessera::io
