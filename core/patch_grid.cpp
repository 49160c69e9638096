#include "patch_grid.hpp"

#include "error.hpp"

#include <cstdint>
#include <limits>
#include <string>

namespace tessera {
namespace {

void requireEqual(int got, int want, const char* side) {
    if (got != want)
        throw InputError("input " + std::string(side) + " " + std::to_string(got) +
                         " does not match --img-size " + std::to_string(want) + " (--pad strict)");
}

void requireDivisible(int side, int patch, const char* which) {
    if (side % patch != 0)
        throw InputError("input " + std::string(which) + " " + std::to_string(side) +
                         " is not divisible by patch " + which + " " + std::to_string(patch) +
                         " (--pad none; use --pad dynamic to zero-pad)");
}

// v rounded up to a multiple of m, in 64 bits: v + m - 1 can pass INT_MAX.
int roundUp(int v, int m) {
    const std::int64_t up = (std::int64_t(v) + m - 1) / m * m;
    if (up > std::numeric_limits<int>::max())
        throw InputError("input side " + std::to_string(v) + " padded to a multiple of " +
                         std::to_string(m) + " is too large");
    return int(up);
}

} // namespace

PatchGrid planGrid(Size2 input, Size2 patch, PadPolicy policy, std::optional<Size2> imgSize) {
    if (patch.h < 1 || patch.w < 1)
        throw InputError("patch size " + sizeString(patch) + " must be at least 1x1");
    if (input.h < 1 || input.w < 1)
        throw InputError("input size " + sizeString(input) + " is empty");

    PatchGrid g;
    g.input = input;
    g.patch = patch;
    g.padded = input;
    switch (policy) {
    case PadPolicy::Strict:
        if (!imgSize)
            throw InputError("--pad strict needs --img-size (the size the model expects)");
        requireEqual(input.h, imgSize->h, "height");
        requireEqual(input.w, imgSize->w, "width");
        break;
    case PadPolicy::Dynamic:
        g.padded = {roundUp(input.h, patch.h), roundUp(input.w, patch.w)};
        break;
    case PadPolicy::None:
        requireDivisible(input.h, patch.h, "height");
        requireDivisible(input.w, patch.w, "width");
        break;
    }
    g.gh = g.padded.h / patch.h;
    g.gw = g.padded.w / patch.w;
    if (g.gh == 0 || g.gw == 0)
        throw InputError("patch " + sizeString(patch) + " is larger than the input " +
                         sizeString(input));
    g.used = {g.gh * patch.h, g.gw * patch.w};
    return g;
}

} // namespace tessera
