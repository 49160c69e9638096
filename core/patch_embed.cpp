#include "patch_embed.hpp"

#include "error.hpp"
#include "gemm_backend.hpp"
#include "layer_norm.hpp"
#include "task_pool.hpp"

#include <Eigen/Core>

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

// Patches multiplied per GEMM call on the blocked path. 256 patches of K = 768 values are 768 KiB,
// which stays in a core's L2 next to the packed weights; measured in bench/README.md.
constexpr std::int64_t kBlockPatches = 256;

// The few-patch path (all patches packed once) up to this many patches: 8 blocks. Past it, a
// full packed copy would cost memory and the blocks alone keep threads busy.
constexpr std::int64_t kBandsMaxPatches = 8 * kBlockPatches;

// A task of the few-patch path: this many patches (a 224 image's 196 make 4 tiles) × a slice of
// about kBandRows rows of W (a multiple of the backend's row block; 768 rows make 6). Small enough
// that an idle thread takes over a busy one's share, large enough that each product runs at the
// kernels' full speed.
constexpr std::int64_t kTilePatches = 56;
constexpr int kBandRows = 128;

// Progress from many threads, in units of work (a band, a patch) turned into patches for the
// caller: counted and reported under one lock, so the counts a caller sees only grow and the last
// one is the total. A caller's false (or exception) stops the work at the next unit; finishAll()
// then throws Cancelled (or rethrows), else reports the total if it was not reached.
class ProgressGate {
  public:
    ProgressGate(const Progress& progress, std::size_t total, std::size_t units)
        : m_progress(progress), m_total(total), m_units(std::max<std::size_t>(1, units)) {}

    bool stopped() const { return m_stop.load(std::memory_order_relaxed); }

    void add(std::size_t units) {
        if (!m_progress)
            return;
        std::lock_guard lock(m_mutex);
        m_unitsDone = std::min(m_units, m_unitsDone + units);
        const std::size_t done =
            m_unitsDone == m_units
                ? m_total
                : std::size_t(double(m_total) * double(m_unitsDone) / double(m_units));
        if (done > m_done)
            report(done);
    }

    void finishAll() {
        if (!stopped() && m_progress && m_done < m_total)
            report(m_total);
        if (m_failure)
            std::rethrow_exception(m_failure);
        if (stopped())
            throw Cancelled();
    }

  private:
    void report(std::size_t done) {
        m_done = done;
        try {
            if (!stopped() && !m_progress(done, m_total))
                m_stop = true;
        } catch (...) {
            m_failure = std::current_exception();
            m_stop = true;
        }
    }

    const Progress& m_progress;
    const std::size_t m_total, m_units;
    std::size_t m_done = 0, m_unitsDone = 0;
    std::atomic<bool> m_stop{false};
    std::exception_ptr m_failure;
    std::mutex m_mutex;
};

// Geometry the kernels need, resolved once.
struct Layout {
    int C, H, W, P, Q, gh, gw, K, D;
    std::int64_t N; // patches per image
};

// Writes global patches t0 .. t0+n (patch t: image t / N, grid position t % N) to dst, patch j at
// dst + j·K as K = C·P·Q values in (C, P, Q) order, with zeros where a patch hangs over the
// bottom/right edge (dynamic padding). The image is read row by row along each run of patches on
// one grid row: a patch at a time would read C·P short pieces of C·P rows far apart, which the
// prefetchers cannot follow once the image is larger than the caches (4096², P16: 48 streams).
void packPatches(const float* x, const Layout& L, std::int64_t t0, std::int64_t n, float* dst) {
    for (std::int64_t t = t0; t < t0 + n;) {
        const std::int64_t b = t / L.N;
        const int cell = static_cast<int>(t % L.N);
        const int gy = cell / L.gw, gx0 = cell % L.gw;
        const int run = static_cast<int>(std::min<std::int64_t>(L.gw - gx0, t0 + n - t));
        const float* img = x + b * std::int64_t(L.C) * L.H * L.W;
        float* patch0 = dst + (t - t0) * L.K;
        for (int c = 0; c < L.C; ++c)
            for (int p = 0; p < L.P; ++p) {
                const int y = gy * L.P + p;
                float* piece = patch0 + (c * L.P + p) * L.Q;
                if (y >= L.H) {
                    for (int g = 0; g < run; ++g, piece += L.K)
                        std::fill(piece, piece + L.Q, 0.0f);
                    continue;
                }
                const float* row = img + (std::int64_t(c) * L.H + y) * L.W;
                for (int g = 0; g < run; ++g, piece += L.K) {
                    const int x0 = (gx0 + g) * L.Q;
                    const int inside = std::clamp(L.W - x0, 0, L.Q); // values inside the image
                    std::memcpy(piece, row + x0, sizeof(float) * inside);
                    std::fill(piece + inside, piece + L.Q, 0.0f);
                }
            }
        t += run;
    }
}

// v += bias (when given) and Σ v², in one pass over v with 16 partial sums, compiled for AVX-512,
// AVX2 and the baseline (picked at load): the embeddings come from the cores that computed them,
// so reading them once instead of twice is what this costs.
using Floats16 = float __attribute__((vector_size(64)));

__attribute__((target_clones("avx512f", "avx2", "default"))) float
addBiasSumSquares(float* v, const float* bias, int d) {
    Floats16 acc = {};
    int i = 0;
    for (; i + 16 <= d; i += 16) {
        Floats16 x;
        std::memcpy(&x, v + i, sizeof x);
        if (bias) {
            Floats16 b;
            std::memcpy(&b, bias + i, sizeof b);
            x += b;
            std::memcpy(v + i, &x, sizeof x);
        }
        acc += x * x;
    }
    float tail = 0;
    for (; i < d; ++i) {
        if (bias)
            v[i] += bias[i];
        tail += v[i] * v[i];
    }
    float sum = tail;
    for (int l = 0; l < 16; ++l)
        sum += acc[l];
    return sum;
}

// Bias, LayerNorm and L2 norm for `count` finished embeddings starting at `out`.
void finish(float* out, float* norms, std::int64_t count, const PatchEmbedWeights& w,
            const EmbedOptions& o) {
    const int d = w.dim();
    const float* bias = w.bias.empty() ? nullptr : w.bias.data();
    for (std::int64_t i = 0; i < count; ++i) {
        float* v = out + i * d;
        if (o.norm == NormKind::LayerNorm) {
            if (bias)
                Eigen::Map<Eigen::VectorXf>(v, d) += Eigen::Map<const Eigen::VectorXf>(bias, d);
            layerNorm(v, d, w.normWeight.empty() ? nullptr : w.normWeight.data(),
                      w.normBias.empty() ? nullptr : w.normBias.data(), o.normEps);
            norms[i] = std::sqrt(addBiasSumSquares(v, nullptr, d));
        } else {
            norms[i] = std::sqrt(addBiasSumSquares(v, bias, d));
        }
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
    const GemmBackend& backend = gemmBackend(o.backend);
    const std::int64_t B = x.dim(0);

    Result r;
    r.grid = planGrid({int(x.dim(2)), int(x.dim(3))}, w.patch(), o.pad, o.imgSize);
    const Layout L{w.channels(), r.grid.input.h, r.grid.input.w,     w.patch().h, w.patch().w,
                   r.grid.gh,    r.grid.gw,      w.valuesPerPatch(), w.dim(),     r.grid.count()};
    const std::int64_t T = B * L.N;
    r.embeddings = Tensor({B, L.N, L.D});
    r.norms = Tensor({B, L.N});
    r.threads = o.threads > 0 ? o.threads : availableCpus();
    r.backend = backend.name;

    const auto start = std::chrono::steady_clock::now();
    const float* wData = w.proj.data.data();
    const auto weight = o.packed && o.packed->backend == backend.name &&
                                o.packed->source == wData && o.packed->D == L.D &&
                                o.packed->K == L.K
                            ? o.packed
                            : prepackWeight(backend, wData, L.D, L.K);
    float* out = r.embeddings.data.data();
    float* norms = r.norms.data.data();
    const float* input = x.data.data();

    // The work is cut by the shapes alone, never by the thread count: any thread may run any
    // task (task_pool.hpp) and the numbers are the same bit for bit whatever ran where.
    const bool bands = o.path == ParallelPath::EmbedDimBands ||
                       (o.path == ParallelPath::Auto && T <= kBandsMaxPatches);
    if (bands) {
        // Too few patches to share out by blocks: one job whose first tasks pack a tile of
        // patches each, and whose others multiply a tile by a slice of D rows. Whoever ends a
        // tile's last slice finishes the tile (bias, LayerNorm, norms). No thread waits for
        // another: a product whose tile is not packed yet (its packer was slower, or lost its
        // core) packs the tile itself into a buffer of its own — the same values, so the numbers
        // do not depend on who packed. A separate packing pass before the products cost a 224²
        // image 5–8% of its time in the hand-over between the two.
        std::vector<float> packed(std::size_t(L.K) * std::size_t(T));
        float* const pack = packed.data();
        const int align = weight->rowAlign();
        const int sliceRows = (kBandRows + align - 1) / align * align;
        const int slices = (L.D + sliceRows - 1) / sliceRows;
        const std::int64_t tiles = (T + kTilePatches - 1) / kTilePatches;
        std::vector<std::atomic<int>> slicesLeft(static_cast<std::size_t>(tiles));
        std::vector<std::atomic<bool>> tilePacked(static_cast<std::size_t>(tiles));
        for (std::int64_t i = 0; i < tiles; ++i) {
            slicesLeft[std::size_t(i)] = slices;
            tilePacked[std::size_t(i)] = false;
        }
        ProgressGate gate(progress, std::size_t(T), std::size_t(tiles * slices));
        runTasks(r.threads, tiles + tiles * slices, [&](std::int64_t task) {
            if (gate.stopped())
                return;
            if (task < tiles) {
                const std::int64_t t0 = task * kTilePatches, n = std::min(kTilePatches, T - t0);
                packPatches(input, L, t0, n, pack + t0 * L.K);
                tilePacked[std::size_t(task)].store(true, std::memory_order_release);
                return;
            }
            const std::int64_t tile = (task - tiles) / slices;
            const int slice = int((task - tiles) % slices);
            const std::int64_t t0 = tile * kTilePatches, n = std::min(kTilePatches, T - t0);
            const float* patches = pack + t0 * L.K;
            if (!tilePacked[std::size_t(tile)].load(std::memory_order_acquire)) {
                thread_local std::vector<float> own;
                own.resize(std::size_t(L.K) * std::size_t(kTilePatches));
                packPatches(input, L, t0, n, own.data());
                patches = own.data();
            }
            weight->multiply(patches, n, slice * sliceRows, std::min(L.D, (slice + 1) * sliceRows),
                             out + t0 * L.D, L.D);
            if (slicesLeft[std::size_t(tile)].fetch_sub(1, std::memory_order_acq_rel) == 1)
                finish(out + t0 * L.D, norms + t0, n, w, o);
            gate.add(1);
        });
        gate.finishAll();
    } else {
        // Blocks of patches, each packed into the running thread's buffer, multiplied and
        // finished while it is hot: memory stays near input + output.
        const std::int64_t blocks = (T + kBlockPatches - 1) / kBlockPatches;
        ProgressGate gate(progress, std::size_t(T), std::size_t(T));
        runTasks(r.threads, blocks, [&](std::int64_t blk) {
            if (gate.stopped())
                return;
            // Kept by each thread between runs (the pool's threads live on): K × 256 floats.
            thread_local std::vector<float> scratch;
            scratch.resize(std::size_t(L.K) * kBlockPatches);
            const std::int64_t t0 = blk * kBlockPatches;
            const std::int64_t n = std::min(kBlockPatches, T - t0);
            packPatches(input, L, t0, n, scratch.data());
            weight->multiply(scratch.data(), n, 0, L.D, out + t0 * L.D, L.D);
            finish(out + t0 * L.D, norms + t0, n, w, o);
            gate.add(std::size_t(n));
        });
        gate.finishAll();
    }
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
