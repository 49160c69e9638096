// The one float resampler: PyTorch's F.interpolate(mode = nearest | bilinear | bicubic,
// align_corners = False, antialias = False | True), separable, on the last two dimensions.
//
// What each mode does, as PyTorch does it (scale = in / out):
//   nearest            src = min(floor(dst · scale), in - 1)
//   bilinear           src = (dst + 0.5) · scale - 0.5, clamped at 0; two taps
//   bicubic            same src, not clamped; four taps of Keys' kernel with a = -0.75, the
//                      indices clamped to the edge
//   antialias=True     (bilinear, bicubic) PIL's scheme: centre (dst + 0.5) · scale, support
//                      widened by the scale when shrinking, taps that fall outside dropped and
//                      the rest normalised to sum 1; the bicubic kernel then uses a = -0.5
// Weights are computed in double; values are float32 in and out.
#pragma once

#include "spec.hpp"
#include "tensor.hpp"

#include <vector>

namespace tessera {

// Contributions to one output sample: input indices and their weights.
struct Taps {
    std::vector<int> index;
    std::vector<double> weight;
};

// One entry per output sample. InputError for sizes below 1.
std::vector<Taps> resampleTaps(int inSize, int outSize, Interpolation mode, bool antialias);

// x is (..., H, W); the result is (..., out.h, out.w). antialias is ignored for nearest.
Tensor resize(const Tensor& x, Size2 out, Interpolation mode, bool antialias);

} // namespace tessera
