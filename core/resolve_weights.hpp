// The weights a Spec asks for: a checkpoint's PatchEmbed, checked against the Spec, or fresh
// random weights from the Spec's init scheme and seed.
//
// With a weights file, D, C and the patch size come from the file; a flag that was given and
// disagrees is an InputError naming both values. --no-bias with a file that has a bias, and a
// file with LayerNorm weights without --norm layernorm, are errors too: silently dropping
// trained parameters would show numbers no real model computes. With resampleWeights, a file
// kernel whose patch differs from the Spec's is PI-resized to it (FlexiViT) instead of refused.
#pragma once

#include "checkpoint.hpp"

#include <optional>
#include <string>

namespace tessera {

// Step 1, once the file is loaded (io::loadSpecWeights does both): the checks against the Spec,
// and the FlexiViT resample. Before the input is read: an image's channel count depends on it.
FoundWeights fitToSpec(const Spec& spec, FoundWeights found);

// Step 2: the file's weights, or init + seed for `channels` input channels. Not for
// --init pca-patches (an InputError): those weights need the input, below.
PatchEmbedWeights weightsFor(const Spec& spec, const std::optional<FoundWeights>& file,
                             int channels);

// Step 2 once the input is preprocessed and its grid planned: as above, except that
// --init pca-patches fits the weights to the patches of `x` (B, C, H, W), normalised, cut by
// `grid` (every image of the batch: one PatchEmbed runs over all of them). Faces call this one.
// The fit reports progress and can be cancelled (Cancelled) as patch_embed.hpp describes.
PatchEmbedWeights weightsFor(const Spec& spec, const std::optional<FoundWeights>& file,
                             const Tensor& x, const PatchGrid& grid, const Progress& progress = {});

// The Spec as the run computes it: with a file, its patch size, D, C, bias and LayerNorm (what
// fitToSpec left after any PI-resize). For the arithmetic and the memory plan before the run.
Spec specAsRun(const Spec& spec, const std::optional<FoundWeights>& file);

// One line on where the weights came from, for summaries and manifests.
std::string describeWeights(const Spec& spec, const std::optional<FoundWeights>& file);

// The EmbedOptions a Spec implies.
EmbedOptions embedOptions(const Spec& spec);

} // namespace tessera
