// The naive reference PatchEmbed the fast path is checked against: the definition written as
// plain loops straight from the (B, C, H, W) input, in double, with zero padding by bounds
// checks. Slow on purpose and shared by no production code.
#pragma once

#include "patch_embed.hpp"

#include <cmath>
#include <vector>

namespace tessera::reference {

// (B, N, D) in double, N row-major over the grid.
inline std::vector<double> patchEmbed(const Tensor& x, const PatchEmbedWeights& w,
                                      const PatchGrid& g, NormKind norm, double eps) {
    const auto B = x.dim(0), C = x.dim(1), H = x.dim(2), W = x.dim(3);
    const int D = w.dim(), P = w.patch().h, Q = w.patch().w;
    const auto N = g.count();
    std::vector<double> out(std::size_t(B * N * D));
    for (std::int64_t b = 0; b < B; ++b)
        for (int gy = 0; gy < g.gh; ++gy)
            for (int gx = 0; gx < g.gw; ++gx) {
                double* e = &out[std::size_t((b * N + gy * g.gw + gx) * D)];
                for (int d = 0; d < D; ++d) {
                    double s = w.bias.empty() ? 0.0 : w.bias[d];
                    for (int c = 0; c < C; ++c)
                        for (int p = 0; p < P; ++p)
                            for (int q = 0; q < Q; ++q) {
                                const std::int64_t y = gy * P + p, xx = gx * Q + q;
                                if (y >= H || xx >= W)
                                    continue;
                                s += double(
                                         w.proj.data[((std::size_t(d) * C + c) * P + p) * Q + q]) *
                                     x.data[std::size_t(((b * C + c) * H + y) * W + xx)];
                            }
                    e[d] = s;
                }
                if (norm == NormKind::LayerNorm) {
                    double mean = 0, var = 0;
                    for (int d = 0; d < D; ++d)
                        mean += e[d] / D;
                    for (int d = 0; d < D; ++d)
                        var += (e[d] - mean) * (e[d] - mean) / D;
                    for (int d = 0; d < D; ++d) {
                        e[d] = (e[d] - mean) / std::sqrt(var + eps);
                        if (!w.normWeight.empty())
                            e[d] = e[d] * w.normWeight[d] + w.normBias[d];
                    }
                }
            }
    return out;
}

} // namespace tessera::reference
