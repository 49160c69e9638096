#include "pos_embed.hpp"

#include "error.hpp"
#include "resample.hpp"

#include <algorithm>
#include <cmath>

namespace tessera {

Tensor sincos2dPosEmbed(Size2 grid, int dim, double temperature) {
    if (dim < 4 || dim % 4 != 0)
        throw InputError("sin-cos 2D position embedding needs an embed dim divisible by 4, got " +
                         std::to_string(dim));
    if (grid.h < 1 || grid.w < 1)
        throw InputError("grid " + sizeString(grid) + " is empty");
    const int quarter = dim / 4;
    // A temperature of 0 or less gives inf or NaN; a tiny one overflows the largest angle.
    const double fastest = 1.0 / std::pow(temperature, double(quarter - 1) / quarter);
    if (!(temperature > 0) || !std::isfinite(temperature) ||
        !std::isfinite(fastest * std::max(grid.h, grid.w)))
        throw InputError("temperature " + realString(temperature) +
                         " must be a positive number (10000 in timm)");
    Tensor t({std::int64_t(grid.h) * grid.w, dim});
    for (int h = 0; h < grid.h; ++h)
        for (int w = 0; w < grid.w; ++w) {
            float* row = t.data.data() + (std::size_t(h) * grid.w + w) * dim;
            for (int k = 0; k < quarter; ++k) {
                const double b = 1.0 / std::pow(temperature, double(k) / quarter);
                row[k] = float(std::sin(h * b));
                row[quarter + k] = float(std::sin(w * b));
                row[2 * quarter + k] = float(std::cos(h * b));
                row[3 * quarter + k] = float(std::cos(w * b));
            }
        }
    return t;
}

Tensor resamplePosEmbed(const Tensor& pos, Size2 newGrid, int prefixTokens,
                        std::optional<Size2> oldGrid) {
    if (pos.rank() != 2 && !(pos.rank() == 3 && pos.dim(0) == 1))
        throw InputError("position embedding must be (1, T, D) or (T, D), got " +
                         shapeString(pos.shape));
    const std::int64_t tokens = pos.dim(pos.rank() - 2), d = pos.dim(pos.rank() - 1);
    if (prefixTokens < 0 || prefixTokens > tokens)
        throw InputError(std::to_string(prefixTokens) + " prefix tokens do not fit " +
                         std::to_string(tokens) + " tokens");
    const std::int64_t gridTokens = tokens - prefixTokens;
    if (!oldGrid) {
        const auto side = static_cast<int>(std::lround(std::sqrt(double(gridTokens))));
        if (std::int64_t(side) * side != gridTokens)
            throw InputError(std::to_string(gridTokens) + " grid tokens (" +
                             std::to_string(tokens) + " less " + std::to_string(prefixTokens) +
                             " prefix) are not a square grid; give --old-grid HxW");
        oldGrid = Size2{side, side};
    }
    if (std::int64_t(oldGrid->h) * oldGrid->w != gridTokens)
        throw InputError("old grid " + sizeString(*oldGrid) + " has " +
                         std::to_string(std::int64_t(oldGrid->h) * oldGrid->w) +
                         " tokens but the " + "position embedding has " +
                         std::to_string(gridTokens) + " after " + std::to_string(prefixTokens) +
                         " prefix tokens");
    if (newGrid.h < 1 || newGrid.w < 1)
        throw InputError("new grid " + sizeString(newGrid) + " is empty");

    Tensor out({1, prefixTokens + std::int64_t(newGrid.h) * newGrid.w, d});
    std::copy_n(pos.data.begin(), prefixTokens * d, out.data.begin());
    // (N, D) grid tokens -> D planes of old.h × old.w -> resized -> back to (N', D).
    Tensor planes({d, oldGrid->h, oldGrid->w});
    for (std::int64_t n = 0; n < gridTokens; ++n)
        for (std::int64_t c = 0; c < d; ++c)
            planes.data[c * gridTokens + n] = pos.data[(prefixTokens + n) * d + c];
    const Tensor resized = resize(planes, newGrid, Interpolation::Bicubic, true);
    const std::int64_t newTokens = std::int64_t(newGrid.h) * newGrid.w;
    for (std::int64_t n = 0; n < newTokens; ++n)
        for (std::int64_t c = 0; c < d; ++c)
            out.data[(prefixTokens + n) * d + c] = resized.data[c * newTokens + n];
    return out;
}

} // namespace tessera
