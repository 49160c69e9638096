// Seeded random weights for a PatchEmbed when no weights file is given.
//
// fan_in = C·P·Q. The schemes, as the libraries that use them define them:
//   pytorch-default  what nn.Conv2d starts with (timm's PatchEmbed): kaiming_uniform(a=√5), i.e.
//                    W ~ U(±1/√fan_in), and bias ~ U(±1/√fan_in)
//   lecun-normal     timm's jax init: normal truncated at ±2σ, σ = √(1/fan_in)/0.87962566103423978
//                    (the factor restores the variance the truncation removes); bias 0
//   xavier-uniform   MAE's init of the projection seen as a D×K matrix: U(±√(6/(fan_in + D)));
//                    bias 0
//   trunc-normal     Hugging Face ViT: normal σ = 0.02 truncated at ±2 (absolute, as PyTorch's
//                    trunc_normal_ defaults), bias 0
//   pca-patches      not random: fitted to the input (analysis.hpp, pcaPatchWeights), so
//                    initWeights refuses it; resolve_weights.hpp's weightsFor makes it
// LayerNorm starts at gain 1, shift 0 (left empty).
//
// Reproducible: the numbers come from std::mt19937_64 (fully specified by the standard) turned
// into uniforms and normals by code in this file, not by std:: distributions (whose output is
// left to each standard library), and drawn serially: the same seed gives the same weights on
// every run, thread count and compiler.
#pragma once

#include "patch_embed.hpp"

#include <cstdint>

namespace tessera {

PatchEmbedWeights initWeights(InitScheme scheme, int embedDim, int inChans, Size2 patch, bool bias,
                              std::uint64_t seed);

} // namespace tessera
