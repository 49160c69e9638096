// PatchGrid: how an H×W input is cut into P×Q patches under a size policy.
//
// Mirrors the checks and arithmetic of timm's PatchEmbed.forward: strict compares with img_size
// (and, like Conv2d, drops any remainder when img_size is not a multiple of the patch); dynamic
// zero-pads bottom/right to a multiple; none requires each side to be divisible.
// Patches are numbered row-major over the grid: index = gy * gw + gx.
#pragma once

#include "spec.hpp"

#include <cstdint>
#include <optional>

namespace tessera {

struct PatchGrid {
    Size2 input;  // H×W of the input tensor, pixels
    Size2 patch;  // P×Q, pixels
    int gh = 0;   // patches down
    int gw = 0;   // patches across
    Size2 padded; // H×W after zero padding (dynamic); equals input otherwise
    Size2 used;   // H×W actually covered by patches: gh*P × gw*Q

    std::int64_t count() const { return static_cast<std::int64_t>(gh) * gw; }
    int padBottom() const { return padded.h - input.h; }
    int padRight() const { return padded.w - input.w; }
    // Rows/columns a strict grid drops when img_size is not a multiple of the patch (as Conv2d).
    int cropBottom() const { return input.h > used.h ? input.h - used.h : 0; }
    int cropRight() const { return input.w > used.w ? input.w - used.w : 0; }
};

// Throws InputError naming the sizes, e.g. "input height 200 does not match --img-size 224" or
// "input height 50 is not divisible by patch height 16 (--pad none)".
PatchGrid planGrid(Size2 input, Size2 patch, PadPolicy policy, std::optional<Size2> imgSize);

} // namespace tessera
