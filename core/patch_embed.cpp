#include "patch_embed.hpp"

#include "error.hpp"
#include "layer_norm.hpp"

#include <Eigen/Core>
#include <omp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <exception>
#include <mutex>

namespace tessera {
namespace {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ColMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor>;

// Patches multiplied per GEMM call on the blocked path. 256 patches of K = 768 values are 768 KiB,
// which stays in a core's L2 next to the packed weights; measured in bench/README.md.
constexpr std::int64_t kBlockPatches = 256;

// Geometry the kernels need, resolved once.
struct Layout {
    int C, H, W, P, Q, gh, gw, K, D;
    std::int64_t N; // patches per image
};

// Writes global patch t (image t / N, grid position t % N) as K = C·P·Q values in (C, P, Q)
// order to dst, with zeros where the patch hangs over the bottom/right edge (dynamic padding).
void packPatch(const float* x, const Layout& L, std::int64_t t, float* dst) {
    const std::int64_t b = t / L.N;
    const int n = static_cast<int>(t % L.N);
    const int y0 = n / L.gw * L.P;
    const int x0 = n % L.gw * L.Q;
    const int inRow = std::clamp(L.W - x0, 0, L.Q); // values of a patch row inside the image
    const float* img = x + b * std::int64_t(L.C) * L.H * L.W;
    for (int c = 0; c < L.C; ++c) {
        for (int p = 0; p < L.P; ++p, dst += L.Q) {
            const int y = y0 + p;
            if (y >= L.H) {
                std::fill(dst, dst + L.Q, 0.0f);
                continue;
            }
            std::memcpy(dst, img + (std::int64_t(c) * L.H + y) * L.W + x0, sizeof(float) * inRow);
            std::fill(dst + inRow, dst + L.Q, 0.0f);
        }
    }
}

// Bias, LayerNorm and L2 norm for `count` finished embeddings starting at `out`.
void finish(float* out, float* norms, std::int64_t count, const PatchEmbedWeights& w,
            const EmbedOptions& o) {
    const int d = w.dim();
    const Eigen::Map<const Eigen::VectorXf> bias(w.bias.data(), d);
    for (std::int64_t i = 0; i < count; ++i) {
        Eigen::Map<Eigen::VectorXf> v(out + i * d, d);
        if (!w.bias.empty())
            v += bias;
        if (o.norm == NormKind::LayerNorm)
            layerNorm(v.data(), d, w.normWeight.empty() ? nullptr : w.normWeight.data(),
                      w.normBias.empty() ? nullptr : w.normBias.data(), o.normEps);
        // Eigen's vectorised sum keeps 16 partial sums: a plain double loop is one serial chain
        // of adds, which cost a 224×224 run a tenth of its time.
        norms[i] = v.norm();
    }
}

} // namespace

void validate(const PatchEmbedWeights& w) {
    if (w.proj.rank() != 4)
        throw InputError("patch-embedding weight must be (D, C, P, Q), got " +
                         shapeString(w.proj.shape));
    for (auto d : w.proj.shape)
        if (d < 1)
            throw InputError("patch-embedding weight has an empty dimension: " +
                             shapeString(w.proj.shape));
    const auto d = static_cast<std::size_t>(w.dim());
    auto check = [d](const std::vector<float>& v, const char* what) {
        if (!v.empty() && v.size() != d)
            throw InputError(std::string(what) + " has " + std::to_string(v.size()) +
                             " values but embed_dim is " + std::to_string(d));
    };
    check(w.bias, "bias");
    check(w.normWeight, "norm weight");
    check(w.normBias, "norm bias");
}

Result patchEmbed(const Tensor& x, const PatchEmbedWeights& w, const EmbedOptions& o,
                  const Progress& progress) {
    validate(w);
    if (x.rank() != 4)
        throw InputError("input must be (B, C, H, W), got " + shapeString(x.shape));
    if (x.dim(1) != w.channels())
        throw InputError("input has " + std::to_string(x.dim(1)) +
                         " channels but the weights expect " + std::to_string(w.channels()));
    if (x.dim(2) > (1 << 20) || x.dim(3) > (1 << 20))
        throw InputError("input " + shapeString(x.shape) + " is larger than 1048576 on a side");
    const std::int64_t B = x.dim(0);

    Result r;
    r.grid = planGrid({int(x.dim(2)), int(x.dim(3))}, w.patch(), o.pad, o.imgSize);
    const Layout L{w.channels(), r.grid.input.h, r.grid.input.w,     w.patch().h, w.patch().w,
                   r.grid.gh,    r.grid.gw,      w.valuesPerPatch(), w.dim(),     r.grid.count()};
    const std::int64_t T = B * L.N;
    r.embeddings = Tensor({B, L.N, L.D});
    r.norms = Tensor({B, L.N});
    r.threads = o.threads > 0 ? o.threads : omp_get_max_threads();

    const auto start = std::chrono::steady_clock::now();
    const Eigen::Map<const RowMatrix> weight(w.proj.data.data(), L.D, L.K);
    float* out = r.embeddings.data.data();
    float* norms = r.norms.data.data();

    // Blocks of patches are the unit of work, of progress and of cancelling.
    const std::int64_t blocks = (T + kBlockPatches - 1) / kBlockPatches;
    if (blocks < r.threads) {
        // Too few patches to share out (one 224×224 image is 196): split the embedding
        // dimension instead, so every thread works on one packed copy of all the patches.
        ColMatrix packed(L.K, T);
        float* const pack = packed.data();
        const int slices = std::min(r.threads, L.D);
        // Row slices in multiples of 16, the AVX-512 float width, so kernels stay full.
        const int step = (L.D + slices - 1) / slices;
        const int aligned = std::min(L.D, (step + 15) / 16 * 16);
#pragma omp parallel num_threads(r.threads)
        {
#pragma omp for
            for (std::int64_t t = 0; t < T; ++t)
                packPatch(x.data.data(), L, t, pack + t * L.K);
#pragma omp for
            for (int s = 0; s < slices; ++s) {
                const int d0 = std::min(L.D, s * aligned);
                const int d1 = s + 1 == slices ? L.D : std::min(L.D, d0 + aligned);
                if (d0 >= d1)
                    continue;
                Eigen::Map<ColMatrix, 0, Eigen::OuterStride<>> rows(out + d0, d1 - d0, T,
                                                                    Eigen::OuterStride<>(L.D));
                rows.noalias() = weight.middleRows(d0, d1 - d0) * packed;
            }
#pragma omp for
            for (std::int64_t t = 0; t < T; ++t)
                finish(out + t * L.D, norms + t, 1, w, o);
        }
        if (progress && !progress(std::size_t(T), std::size_t(T)))
            throw Cancelled();
        r.millis =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        return r;
    }
    std::atomic<bool> stop{false};
    std::int64_t done = 0; // patches finished, counted under progressMutex
    std::exception_ptr failure;
    std::mutex progressMutex;

#pragma omp parallel num_threads(r.threads)
    {
        ColMatrix packed(L.K, kBlockPatches);
#pragma omp for schedule(dynamic)
        for (std::int64_t blk = 0; blk < blocks; ++blk) {
            if (stop.load(std::memory_order_relaxed))
                continue;
            const std::int64_t t0 = blk * kBlockPatches;
            const std::int64_t n = std::min(kBlockPatches, T - t0);
            for (std::int64_t j = 0; j < n; ++j)
                packPatch(x.data.data(), L, t0 + j, packed.data() + j * L.K);
            // Embeddings of patches t0..t0+n are n rows of D: a D×n column-major block.
            Eigen::Map<ColMatrix> block(out + t0 * L.D, L.D, n);
            block.noalias() = weight * packed.leftCols(n);
            finish(out + t0 * L.D, norms + t0, n, w, o);

            if (progress) {
                // Counted and reported under one lock, so the counts a caller sees only grow
                // and the last one is the total.
                std::lock_guard lock(progressMutex);
                done += n;
                try {
                    if (!stop && !progress(std::size_t(done), std::size_t(T)))
                        stop = true;
                } catch (...) {
                    failure = std::current_exception();
                    stop = true;
                }
            }
        }
    }
    if (failure)
        std::rethrow_exception(failure);
    if (stop)
        throw Cancelled();
    r.millis =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return r;
}

Shape outputShape(std::int64_t B, const PatchGrid& g, std::int64_t D, OutputFormat format) {
    switch (format) {
    case OutputFormat::NCHW:
        return {B, D, g.gh, g.gw};
    case OutputFormat::NHWC:
        return {B, g.gh, g.gw, D};
    case OutputFormat::NLC:
        break;
    }
    return {B, g.count(), D};
}

Tensor toFormat(const Tensor& nlc, const PatchGrid& grid, OutputFormat format) {
    const std::int64_t B = nlc.dim(0), N = nlc.dim(1), D = nlc.dim(2);
    switch (format) {
    case OutputFormat::NLC:
        return nlc;
    case OutputFormat::NHWC:
        return Tensor(outputShape(B, grid, D, format), nlc.data);
    case OutputFormat::NCHW: {
        Tensor t(outputShape(B, grid, D, format));
        for (std::int64_t b = 0; b < B; ++b) {
            Eigen::Map<const RowMatrix> src(nlc.data.data() + b * N * D, N, D);
            Eigen::Map<RowMatrix> dst(t.data.data() + b * N * D, D, N);
            dst = src.transpose();
        }
        return t;
    }
    }
    return nlc;
}

} // namespace tessera
