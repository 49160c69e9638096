// Position embeddings: timm's fixed 2-D sin-cos table and the resampling of learned tables.
//
// sincos2d: for a GH×GW grid and dim divisible by 4, token n = (h, w) = (n / GW, n % GW) gets
// [sin(h·b), sin(w·b), cos(h·b), cos(w·b)], each dim/4 long, b_k = 1 / temperature^(k / (dim/4))
// (timm's build_sincos2d_pos_embed).
// resamplePosEmbed: timm's resample_abs_pos_embed: prefix tokens (class, registers) kept as they
// are, the grid part resized bicubic with antialias (resample.hpp), the old grid given or taken as
// square.
#pragma once

#include "spec.hpp"
#include "tensor.hpp"

#include <optional>

namespace tessera {

// (GH·GW, dim). InputError when dim is not divisible by 4.
Tensor sincos2dPosEmbed(Size2 grid, int dim, double temperature = 10000.0);

// pos is (1, T, D) or (T, D) with T = prefixTokens + old grid; returns (1, prefixTokens +
// GH·GW, D). InputError when the old grid does not match T, naming both.
Tensor resamplePosEmbed(const Tensor& pos, Size2 newGrid, int prefixTokens,
                        std::optional<Size2> oldGrid = std::nullopt);

} // namespace tessera
