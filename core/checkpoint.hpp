// Finding a PatchEmbed's weights inside a checkpoint, by the key names real checkpoints use.
//
//   bare PatchEmbed state dict   proj.weight  proj.bias  norm.weight  norm.bias
//   timm ViT                     patch_embed.proj.weight ...          (plus cls_token, blocks...)
//   Hugging Face ViT             vit.embeddings.patch_embeddings.projection.weight / .bias
//                                (also without the leading "vit.")
//
// Any key ending in "proj.weight" or "patch_embeddings.projection.weight" whose tensor is 4-D is a
// candidate; its module prefix ("", "patch_embed.", "vit.embeddings.patch_embeddings.") names it.
// Wrappers around a state dict just lengthen the prefix: "model.patch_embed." (MAE, DeiT),
// "module.patch_embed." (DataParallel), "teacher.backbone.patch_embed." (DINO). When a file holds
// several (DINO's teacher and student), the caller chooses by prefix.
//
// Beside the kernel, the tokens the transformer adds next are taken when the model holds them,
// next to the embedding's own module (its "model root": the prefix without "patch_embed." or
// "patch_embeddings."):
//   timm   ROOT pos_embed (1, T, D), ROOT cls_token (1, 1, D), ROOT reg_token (1, R, D)
//   HF     ROOT position_embeddings (1, T, D), ROOT cls_token (1, 1, D)
//   big_vision  PREFIX Transformer/posembed_input/pos_embedding (1, T, D), PREFIX cls (1, 1, D)
// A token tensor whose last dimension is not D is not this embedding's and is left out.
//
// The rules read names and shapes only (a ShapeIndex), so listing a checkpoint and scanning a
// cache for ViTs read headers, never tensor data.
// Reading the files themselves (.safetensors, .npy, .npz, PyTorch) is tessera_io's
// (weights_loader.hpp): a zip needs QuaZip.
#pragma once

#include "patch_embed.hpp"
#include "safetensors.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tessera {

struct FoundWeights {
    PatchEmbedWeights weights;
    std::optional<Tensor> posEmbed;     // (1, T, D) as the file holds it: T = prefix tokens + grid
    std::optional<Tensor> clsToken;     // (1, 1, D)
    std::optional<Tensor> regTokens;    // (1, R, D): timm's register tokens
    std::string prefix;                 // module prefix the weights were found under
    std::string layout;                 // "timm", "hf-vit" or "big_vision"
    std::optional<Size2> resampledFrom; // the file's own patch size when PI-resized on load
    std::vector<std::string> prefixes;  // every PatchEmbed prefix in the file (the app offers them)
};

// What to do when a file holds several patch embeddings and no prefix chooses: the CLI asks for
// --weights-key (a script should say which); the app takes the first and offers the others.
enum class SeveralEmbeddings { Refuse, TakeFirst };

// A file's tensors by name, with their shapes and no values.
using ShapeIndex = std::map<std::string, Shape>;
ShapeIndex shapeIndex(const TensorFile& file);

// Module prefixes of every PatchEmbed in the file.
std::vector<std::string> patchEmbedPrefixes(const ShapeIndex& index);
std::vector<std::string> patchEmbedPrefixes(const TensorFile& file);

// Where one PatchEmbed's tensors are in a file: keys, each empty when the file has no such tensor.
struct PatchEmbedKeys {
    std::string prefix;               // module prefix ("" for a bare PatchEmbed)
    std::string layout;               // "timm", "hf-vit" or "big_vision"
    std::string weight, bias;         // the conv's
    std::string normWeight, normBias; // timm's PatchEmbed LayerNorm
    std::string posEmbed, clsToken, regTokens;
    std::vector<std::string> prefixes; // every PatchEmbed prefix in the file

    std::vector<std::string> keys() const; // the non-empty ones, weight first
};

// The rules above over names and shapes. InputError as findPatchEmbed.
PatchEmbedKeys locatePatchEmbed(const ShapeIndex& index, const std::string& prefix,
                                const std::string& what,
                                SeveralEmbeddings several = SeveralEmbeddings::Refuse);
// Google's layout (below) over names and shapes; nullopt when the file has no embedding/kernel.
std::optional<PatchEmbedKeys> locateBigVisionEmbedding(const ShapeIndex& index,
                                                       const std::string& prefix);

// The tensors `keys` names, taken from `file` (which must hold them, as loaded by keys.keys()),
// checked and converted (big_vision's HWIO kernel to (D, C, P, Q)).
FoundWeights assemble(const TensorFile& file, const PatchEmbedKeys& keys, const std::string& what);

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

} // namespace tessera
