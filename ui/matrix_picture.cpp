#include "matrix_picture.hpp"

#include "error.hpp"
#include "filters_render.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace tessera::ui {
namespace {

constexpr int kRangeBins = 4096; // the range's quantile is found to 1/4096 of the largest |value|

} // namespace

SymmetricRange symmetricRange(std::span<const std::span<const float>> parts, double quantile,
                              const std::atomic<bool>& cancel) {
    SymmetricRange out;
    for (const auto& part : parts)
        for (const float v : part)
            if (std::isfinite(v))
                out.maxAbs = std::max(out.maxAbs, double(std::abs(v)));
    if (cancel.load())
        throw Cancelled();
    out.range = out.maxAbs;
    if (out.maxAbs <= 0) {
        out.range = 1; // all zero: white, on any range
        return out;
    }
    std::vector<std::int64_t> counts(kRangeBins, 0);
    std::int64_t finite = 0;
    for (const auto& part : parts)
        for (const float v : part)
            if (std::isfinite(v)) {
                ++finite;
                ++counts[std::size_t(
                    std::min<double>(kRangeBins - 1, std::abs(v) / out.maxAbs * kRangeBins))];
            }
    if (cancel.load())
        throw Cancelled();
    const auto want = std::int64_t(std::ceil(quantile * double(finite)));
    std::int64_t seen = 0;
    for (int b = 0; b < kRangeBins; ++b) {
        seen += counts[std::size_t(b)];
        if (seen >= want) {
            out.range = out.maxAbs * (b + 1) / kRangeBins;
            break;
        }
    }
    return out;
}

QImage envelopeImage(const float* y, std::int64_t n, std::int64_t d, QSize size, double range,
                     const std::atomic<bool>& cancel) {
    const int rows = std::max(1, size.height()), cols = std::max(1, size.width());
    QImage image(cols, rows, QImage::Format_RGB32);
    std::vector<float> best(std::size_t(cols), 0.f);
    std::vector<bool> any(std::size_t(cols), false);
    for (int r = 0; r < rows; ++r) {
        if (cancel.load())
            throw Cancelled();
        const std::int64_t n0 = r * n / rows, n1 = std::max(n0 + 1, (r + 1) * n / rows);
        std::fill(best.begin(), best.end(), 0.f);
        std::fill(any.begin(), any.end(), false);
        for (std::int64_t p = n0; p < std::min(n1, n); ++p) {
            const float* row = y + p * d;
            for (int c = 0; c < cols; ++c) {
                const std::int64_t d0 = c * d / cols, d1 = std::max(d0 + 1, (c + 1) * d / cols);
                for (std::int64_t k = d0; k < std::min(d1, d); ++k) {
                    const float v = row[k];
                    if (!any[std::size_t(c)] || std::abs(v) > std::abs(best[std::size_t(c)]) ||
                        std::isnan(v)) {
                        best[std::size_t(c)] = v;
                        any[std::size_t(c)] = true;
                    }
                }
            }
        }
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(r));
        for (int c = 0; c < cols; ++c)
            line[c] = divergingRgb(range > 0 ? best[std::size_t(c)] / range : 0);
    }
    return image;
}

} // namespace tessera::ui
