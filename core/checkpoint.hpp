// Finding a PatchEmbed's weights inside a checkpoint, by the key names real checkpoints use.
//
//   bare PatchEmbed state dict   proj.weight  proj.bias  norm.weight  norm.bias
//   timm ViT                     patch_embed.proj.weight ...          (plus cls_token, blocks...)
//   Hugging Face ViT             vit.embeddings.patch_embeddings.projection.weight / .bias
//                                (also without the leading "vit.")
//
// Any key ending in "proj.weight" or "patch_embeddings.projection.weight" whose tensor is 4-D is a
// candidate; its module prefix ("", "patch_embed.", "vit.embeddings.patch_embeddings.") names it.
// Files come as .safetensors or, for a bare weight, .npy of shape (D, C, P, Q).
#pragma once

#include "patch_embed.hpp"
#include "safetensors.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace tessera {

struct FoundWeights {
    PatchEmbedWeights weights;
    std::string prefix;                 // module prefix the weights were found under
    std::string layout;                 // "timm" or "hf-vit"
    std::optional<Size2> resampledFrom; // the file's own patch size when PI-resized on load
    std::vector<std::string> prefixes;  // every PatchEmbed prefix in the file (the app offers them)
};

// What to do when a file holds several patch embeddings and no prefix chooses: the CLI asks for
// --weights-key (a script should say which); the app takes the first and offers the others.
enum class SeveralEmbeddings { Refuse, TakeFirst };

// Module prefixes of every PatchEmbed in the file.
std::vector<std::string> patchEmbedPrefixes(const TensorFile& file);

// The PatchEmbed under `prefix` (with or without its trailing '.'), or the only one in the file
// when prefix is empty. InputError when there is none, or several and no prefix chooses.
FoundWeights findPatchEmbed(const TensorFile& file, const std::string& prefix,
                            const std::string& what,
                            SeveralEmbeddings several = SeveralEmbeddings::Refuse);

// Google's original ViT / big_vision checkpoints: `embedding/kernel` (P, Q, C, D: HWIO) and
// `embedding/bias` under one of the prefixes those files use ("", "opt/target/", "params/",
// "params/img/"), or under `prefix` when given; converted to (D, C, P, Q).
FoundWeights findBigVisionEmbedding(const TensorFile& file, const std::string& prefix,
                                    const std::string& what);

// Loads .safetensors (by key) or .npy (a bare (D, C, P, Q) kernel, no bias) weights; .npz
// checkpoints need a zip reader and are loaded by tessera_io (weights_loader.hpp).
FoundWeights loadWeights(const std::filesystem::path& path, const std::string& prefix,
                         SeveralEmbeddings several = SeveralEmbeddings::Refuse);

} // namespace tessera
