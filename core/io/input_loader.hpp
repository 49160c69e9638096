// Reading a run's input: an image file (decoded, then preprocessed as the Spec says: resized,
// cropped, scaled to [0, 1], normalised) or a float .npy of shape (C, H, W) or (B, C, H, W),
// taken as already preprocessed.
#pragma once

#include "preprocess.hpp"
#include "spec.hpp"
#include "tensor.hpp"

#include <filesystem>
#include <optional>

namespace tessera::io {

struct Input {
    Tensor batch; // (B, C, H, W), normalised
    bool isImage = false;
    PreprocessPlan plan;            // for images: what preprocessing did
    std::optional<ImageU8> resized; // for images: the resized picture (before the crop)
};

// `channels` is what an image is decoded to (1 luminance, 3 RGB); .npy inputs keep their own.
Input loadInput(const std::filesystem::path& path, const Spec& spec, int channels);

} // namespace tessera::io
