#include "resample.hpp"

#include "error.hpp"

#include <algorithm>
#include <cmath>

namespace tessera {
namespace {

// Keys' cubic convolution kernel, |x| < 1 and 1 <= |x| < 2 branches (PyTorch's names).
double cubic1(double x, double a) {
    return ((a + 2) * x - (a + 3)) * x * x + 1;
}
double cubic2(double x, double a) {
    return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
}

double filter(Interpolation mode, double x) {
    x = std::abs(x);
    if (mode == Interpolation::Bilinear)
        return x < 1 ? 1 - x : 0;
    constexpr double a = -0.5; // antialiased bicubic: PIL's and PyTorch's aa kernel
    return x < 1 ? cubic1(x, a) : x < 2 ? cubic2(x, a) : 0;
}

Taps antialiased(int in, int dst, double scale, Interpolation mode) {
    const double interpSize = mode == Interpolation::Bilinear ? 2 : 4;
    const double support = scale >= 1 ? interpSize * 0.5 * scale : interpSize * 0.5;
    const double invScale = scale >= 1 ? 1 / scale : 1;
    const double center = scale * (dst + 0.5);
    // Truncation toward zero, then the clamp: exactly PyTorch's (and PIL's) bounds.
    const int xmin = std::max(static_cast<int>(center - support + 0.5), 0);
    const int xmax = std::min(static_cast<int>(center + support + 0.5), in);
    Taps t;
    double total = 0;
    for (int j = xmin; j < xmax; ++j) {
        const double w = filter(mode, (j - center + 0.5) * invScale);
        t.index.push_back(j);
        t.weight.push_back(w);
        total += w;
    }
    if (total != 0)
        for (double& w : t.weight)
            w /= total;
    return t;
}

} // namespace

std::vector<Taps> resampleTaps(int in, int out, Interpolation mode, bool antialias) {
    if (in < 1 || out < 1)
        throw InputError("cannot resample " + std::to_string(in) + " samples to " +
                         std::to_string(out));
    const double scale = double(in) / out;
    std::vector<Taps> taps(out);
    for (int dst = 0; dst < out; ++dst) {
        Taps& t = taps[dst];
        if (mode == Interpolation::Nearest) {
            // PyTorch computes the nearest index with a float scale.
            const float s = float(in) / float(out);
            t.index = {std::min(static_cast<int>(std::floor(dst * s)), in - 1)};
            t.weight = {1.0};
        } else if (antialias) {
            t = antialiased(in, dst, scale, mode);
        } else if (mode == Interpolation::Bilinear) {
            const double src = std::max((dst + 0.5) * scale - 0.5, 0.0);
            const int i0 = static_cast<int>(src);
            const int i1 = i0 + (i0 < in - 1 ? 1 : 0);
            const double l = src - i0;
            t.index = {i0, i1};
            t.weight = {1 - l, l};
        } else {
            constexpr double a = -0.75; // PyTorch's plain bicubic
            const double src = (dst + 0.5) * scale - 0.5;
            const int i = static_cast<int>(std::floor(src));
            const double f = src - i;
            const double w[4] = {cubic2(f + 1, a), cubic1(f, a), cubic1(1 - f, a),
                                 cubic2(2 - f, a)};
            for (int k = 0; k < 4; ++k) {
                t.index.push_back(std::clamp(i - 1 + k, 0, in - 1));
                t.weight.push_back(w[k]);
            }
        }
    }
    return taps;
}

Tensor resize(const Tensor& x, Size2 out, Interpolation mode, bool antialias) {
    if (x.rank() < 2)
        throw InputError("resize needs (..., H, W), got " + shapeString(x.shape));
    const int h = int(x.dim(x.rank() - 2)), w = int(x.dim(x.rank() - 1));
    const auto rows = resampleTaps(h, out.h, mode, antialias);
    const auto cols = resampleTaps(w, out.w, mode, antialias);
    const std::size_t planes = x.size() / (std::size_t(h) * w);
    Shape shape = x.shape;
    shape[shape.size() - 2] = out.h;
    shape[shape.size() - 1] = out.w;
    Tensor y(shape);
    std::vector<double> across(std::size_t(h) * out.w); // after the horizontal pass
    for (std::size_t p = 0; p < planes; ++p) {
        const float* src = x.data.data() + p * h * w;
        for (int r = 0; r < h; ++r)
            for (int c = 0; c < out.w; ++c) {
                double s = 0;
                for (std::size_t k = 0; k < cols[c].index.size(); ++k)
                    s += cols[c].weight[k] * src[std::size_t(r) * w + cols[c].index[k]];
                across[std::size_t(r) * out.w + c] = s;
            }
        float* dst = y.data.data() + p * out.h * out.w;
        for (int r = 0; r < out.h; ++r)
            for (int c = 0; c < out.w; ++c) {
                double s = 0;
                for (std::size_t k = 0; k < rows[r].index.size(); ++k)
                    s += rows[r].weight[k] * across[std::size_t(rows[r].index[k]) * out.w + c];
                dst[std::size_t(r) * out.w + c] = static_cast<float>(s);
            }
    }
    return y;
}

} // namespace tessera
