// Reading a run's input: an image file (decoded, then preprocessed as the Spec says: resized,
// cropped, scaled to [0, 1], normalised) or a float .npy of shape (C, H, W) or (B, C, H, W),
// taken as already preprocessed.
#pragma once

#include "arithmetic.hpp"
#include "preprocess.hpp"
#include "spec.hpp"
#include "tensor.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>

namespace tessera::io {

struct Input {
    Tensor batch; // (B, C, H, W), normalised
    bool isImage = false;
    PreprocessPlan plan;            // for images: what preprocessing did
    std::optional<ImageU8> resized; // images, when kept: the resized picture (before the crop)
};

// What an input will be, from its header alone (an image's, a .npy's), before any of it is
// decoded: enough to plan the run's memory and check its geometry first.
struct InputHeader {
    Shape batchShape;              // (B, C, H, W) of the tensor it becomes
    std::int64_t pictureBytes = 0; // images: the 8-bit pictures preprocessing holds on the way
};

// InputError for what loadInput would refuse from the header alone (a .npy of the wrong rank or
// empty, an image with channels other than 1 or 3, a preprocessing that cannot apply). An image
// whose header does not give its size is decoded to find it (within the decoder's allocation
// limit).
InputHeader readInputHeader(const std::filesystem::path& path, const Spec& spec, int channels);

// The run's arithmetic for this input, the pictures included: what requireMemory() checks
// before the input is decoded and the weights are made. `specAsRun` is the Spec with a weights
// file's D, C and patch (resolve_weights.hpp). InputError for geometry that cannot be cut.
Arithmetic plannedRun(const Spec& specAsRun, const InputHeader& header);

// Whether an image's whole resized picture is kept in Input::resized (a bundle's overlay.png
// draws it). Without it only the crop's part of the resize is computed: 57% of the work for
// timm's 224 crop of a 256×341 resize.
enum class KeepResized { No, Yes };

// `channels` is what an image is decoded to (1 luminance, 3 RGB); .npy inputs keep their own.
Input loadInput(const std::filesystem::path& path, const Spec& spec, int channels,
                KeepResized keep);

} // namespace tessera::io
