// The fast path (every GEMM backend on the task pool) against the naive reference, on many shapes.
#include "error.hpp"
#include "gemm_backend.hpp"
#include "naive_patch_embed.hpp"
#include "patch_embed.hpp"
#include "task_pool.hpp"
#include "weight_init.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <limits>
#include <random>
#include <thread>

namespace tessera {
namespace {

Tensor randomInput(Shape shape, std::uint32_t seed) {
    Tensor x(std::move(shape));
    std::mt19937 gen(seed);
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    for (float& v : x.data)
        v = u(gen);
    return x;
}

struct Case {
    int b, c, h, w, p, q, d;
    PadPolicy pad = PadPolicy::Dynamic;
    bool bias = true;
    NormKind norm = NormKind::None;
};

std::string describe(const Case& k) {
    return "B" + std::to_string(k.b) + " C" + std::to_string(k.c) + " " + std::to_string(k.h) +
           "x" + std::to_string(k.w) + " P" + std::to_string(k.p) + "x" + std::to_string(k.q) +
           " D" + std::to_string(k.d) + " pad " + std::string(name(k.pad)) +
           (k.bias ? " bias" : "") + (k.norm == NormKind::LayerNorm ? " LN" : "");
}

struct Error {
    double worst = 0; // max abs difference
    double nmse = 0;  // Σ(y − ref)² / Σ ref²: ggml's per-case measure, independent of scale
};

// The fast path (with the backend, path and threads of `o`) against the reference, after
// checking shapes.
Error measure(const Case& k, EmbedOptions o, std::uint32_t seed) {
    const Tensor x = randomInput({k.b, k.c, k.h, k.w}, seed);
    PatchEmbedWeights w =
        initWeights(InitScheme::PytorchDefault, k.d, k.c, {k.p, k.q}, k.bias, seed);
    if (k.norm == NormKind::LayerNorm) { // non-trivial affine so gamma/beta are exercised
        w.normWeight.resize(k.d);
        w.normBias.resize(k.d);
        for (int i = 0; i < k.d; ++i) {
            w.normWeight[i] = 0.5f + 0.01f * i;
            w.normBias[i] = -0.1f * (i % 3);
        }
    }
    o.pad = k.pad;
    o.norm = k.norm;
    const Result r = patchEmbed(x, w, o);
    const auto want = reference::patchEmbed(x, w, r.grid, k.norm, o.normEps);
    EXPECT_EQ(r.embeddings.shape, (Shape{k.b, r.grid.count(), k.d})) << describe(k);
    EXPECT_EQ(r.norms.shape, (Shape{k.b, r.grid.count()})) << describe(k);
    Error e;
    double sq = 0;
    for (std::size_t i = 0; i < want.size(); ++i) {
        const double diff = r.embeddings.data[i] - double(want[i]);
        e.worst = std::max(e.worst, std::abs(diff));
        e.nmse += diff * diff;
        sq += double(want[i]) * want[i];
    }
    e.nmse = sq > 0 ? e.nmse / sq : e.nmse;
    // Norms are the L2 norms of the embeddings the reference computes.
    for (std::int64_t t = 0; t < k.b * r.grid.count(); ++t) {
        double sq = 0;
        for (int j = 0; j < k.d; ++j)
            sq += want[std::size_t(t * k.d + j)] * want[std::size_t(t * k.d + j)];
        EXPECT_NEAR(r.norms.data[std::size_t(t)], std::sqrt(sq), 1e-4 * (1 + std::sqrt(sq)));
    }
    return e;
}

double compare(const Case& k, int threads, std::uint32_t seed) {
    EmbedOptions o;
    o.threads = threads;
    return measure(k, o, seed).worst;
}

TEST(PatchEmbed, MatchesReferenceOnEdgeShapes) {
    const std::vector<Case> cases = {
        {1, 3, 8, 8, 1, 1, 5},                     // P = 1: every pixel is a patch
        {1, 3, 16, 16, 16, 16, 7},                 // P = image side: one patch
        {2, 1, 28, 28, 7, 7, 32},                  // C = 1 (MNIST-like)
        {1, 3, 32, 32, 8, 8, 1},                   // D = 1
        {1, 4, 60, 60, 6, 10, 8, PadPolicy::None}, // rectangular, C = 4
        {1, 3, 50, 37, 16, 16, 24},                // dynamic padding on both sides
        {3, 2, 40, 40, 2, 2, 9},                   // 1200 patches: blocks cross images
        {2, 3, 64, 64, 16, 16, 48, PadPolicy::None, true, NormKind::LayerNorm},
        {1, 3, 33, 65, 4, 8, 16, PadPolicy::Dynamic, false, NormKind::LayerNorm},
        {1, 1, 1, 1, 1, 1, 1}, // the smallest possible run
        {1, 3, 5, 5, 8, 8, 3}, // patch larger than input, padded
    };
    for (const Case& k : cases)
        EXPECT_LT(compare(k, 0, 7), 1e-4) << describe(k);
}

TEST(PatchEmbed, MatchesReferenceOnRandomShapes) {
    std::mt19937 gen(2024);
    auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(gen); };
    for (int i = 0; i < 60; ++i) {
        Case k{pick(1, 3), pick(1, 4), pick(1, 48), pick(1, 48),
               pick(1, 9), pick(1, 9), pick(1, 40)};
        k.bias = pick(0, 1) == 1;
        k.norm = pick(0, 2) == 0 ? NormKind::LayerNorm : NormKind::None;
        EXPECT_LT(compare(k, pick(1, 3), std::uint32_t(i)), 1e-4) << describe(k);
    }
}

// Every backend, both parallel paths forced, thread counts below, at and far above the cores, on
// the shapes kernels get wrong: edges of D bands (D not a multiple of 16 or of a kernel's row
// block), partial tiles of patches, one patch, rectangular patches, C = 1 and 4, padding.
TEST(PatchEmbed, EveryBackendAndPathMatchesTheReference) {
    const std::vector<Case> cases = {
        {1, 3, 224, 224, 16, 16, 40},               // one image's 196 patches, D not a block
        {1, 1, 28, 28, 7, 7, 33},                   // C = 1, D one past a 32-row block
        {1, 4, 60, 60, 6, 10, 13, PadPolicy::None}, // C = 4, rectangular, D prime
        {1, 3, 16, 16, 16, 16, 100},                // N = 1
        {2, 3, 50, 37, 8, 8, 24, PadPolicy::Dynamic, true, NormKind::LayerNorm}, // padding, B = 2
        {1, 3, 264, 272, 8, 8, 72}, // 1122 patches: full and partial blocks
        {1, 3, 5, 5, 8, 8, 3},      // patch larger than input, padded
    };
    for (const GemmBackend& backend : gemmBackends()) {
        if (!backend.usable())
            continue;
        for (ParallelPath path : {ParallelPath::EmbedDimBands, ParallelPath::PatchBlocks})
            for (int threads : {1, 2, 3, 64})
                for (const Case& k : cases) {
                    EmbedOptions o;
                    o.backend = backend.name;
                    o.path = path;
                    o.threads = threads;
                    const Error e = measure(k, o, 11);
                    // A float dot product of K terms is off by up to ~K·ε of its terms' size.
                    const double K = double(k.c) * k.p * k.q;
                    const double bound = K * std::numeric_limits<float>::epsilon();
                    EXPECT_LT(e.nmse, bound * bound)
                        << describe(k) << " backend " << backend.name << " path " << int(path)
                        << " threads " << threads << " max abs " << e.worst;
                }
    }
}

TEST(PatchEmbed, ResultNamesTheBackendThatRan) {
    const Tensor x = randomInput({1, 3, 32, 32}, 4);
    const PatchEmbedWeights w = initWeights(InitScheme::PytorchDefault, 8, 3, {8, 8}, true, 4);
    EXPECT_EQ(patchEmbed(x, w, {}).backend, defaultGemmBackend().name);
    EmbedOptions o;
    o.backend = "eigen";
    EXPECT_EQ(patchEmbed(x, w, o).backend, "eigen");
    o.backend = "no-such";
    try {
        patchEmbed(x, w, o);
        FAIL() << "accepted an unknown backend";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("no-such"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("eigen"), std::string::npos) << e.what();
    }
}

// A packed weight is used only for the weights it was packed from, by its own backend.
TEST(PatchEmbed, UsesAPackedWeightOnlyForItsOwnWeights) {
    const Tensor x = randomInput({1, 3, 64, 64}, 6);
    const PatchEmbedWeights a = initWeights(InitScheme::PytorchDefault, 40, 3, {8, 8}, true, 6);
    const PatchEmbedWeights b = initWeights(InitScheme::PytorchDefault, 40, 3, {8, 8}, true, 7);
    for (const GemmBackend& backend : gemmBackends()) {
        if (!backend.usable())
            continue;
        EmbedOptions fresh;
        fresh.backend = backend.name;
        EmbedOptions reuse = fresh;
        reuse.packed = prepackWeight(backend, a.proj.data.data(), a.dim(), a.valuesPerPatch());
        EXPECT_EQ(patchEmbed(x, a, reuse).embeddings.data, patchEmbed(x, a, fresh).embeddings.data)
            << backend.name;
        EXPECT_EQ(patchEmbed(x, b, reuse).embeddings.data, patchEmbed(x, b, fresh).embeddings.data)
            << backend.name << ": used a's packing for b";
    }
}

TEST(PatchEmbed, OutputFormatsAreTimmLayouts) {
    const Tensor x = randomInput({2, 3, 24, 36}, 5);
    const PatchEmbedWeights w = initWeights(InitScheme::PytorchDefault, 5, 3, {8, 12}, true, 5);
    const Result r = patchEmbed(x, w, {});
    const Tensor nchw = toFormat(r.embeddings, r.grid, OutputFormat::NCHW);
    const Tensor nhwc = toFormat(r.embeddings, r.grid, OutputFormat::NHWC);
    EXPECT_EQ(nchw.shape, (Shape{2, 5, 3, 3}));
    EXPECT_EQ(nhwc.shape, (Shape{2, 3, 3, 5}));
    for (int b = 0; b < 2; ++b)
        for (int gy = 0; gy < 3; ++gy)
            for (int gx = 0; gx < 3; ++gx)
                for (int d = 0; d < 5; ++d) {
                    const float nlc =
                        r.embeddings.data[std::size_t(((b * 9) + gy * 3 + gx) * 5 + d)];
                    EXPECT_EQ(nchw.data[std::size_t(((b * 5 + d) * 3 + gy) * 3 + gx)], nlc);
                    EXPECT_EQ(nhwc.data[std::size_t(((b * 3 + gy) * 3 + gx) * 5 + d)], nlc);
                }
    EXPECT_EQ(toFormat(r.embeddings, r.grid, OutputFormat::NLC).data, r.embeddings.data);
}

// On both paths: the few-patch path reports after each band of D, so a run on a machine with
// more cores than blocks still shows progress and stops on Cancel.
class ProgressOnPath : public ::testing::TestWithParam<ParallelPath> {};

TEST_P(ProgressOnPath, CountsUpAndCancelStops) {
    const Tensor x = randomInput({1, 3, 256, 256}, 9); // 4096 patches of 2x2: many blocks
    const PatchEmbedWeights w = initWeights(InitScheme::PytorchDefault, 1024, 3, {2, 2}, true, 9);
    EmbedOptions o;
    o.path = GetParam();
    std::size_t last = 0, calls = 0, total = 0;
    patchEmbed(x, w, o, [&](std::size_t done, std::size_t all) {
        EXPECT_GT(done, last);
        last = done;
        total = all;
        ++calls;
        return true;
    });
    EXPECT_EQ(total, 128u * 128u);
    EXPECT_EQ(last, total);
    EXPECT_GT(calls, 1u);

    std::size_t cancelCalls = 0;
    EXPECT_THROW(patchEmbed(x, w, o, [&](std::size_t, std::size_t) { return ++cancelCalls < 2; }),
                 Cancelled);
    EXPECT_EQ(cancelCalls, 2u);    // no report after the false
    EXPECT_LT(cancelCalls, calls); // it stopped early, not after all blocks
}

INSTANTIATE_TEST_SUITE_P(BothPaths, ProgressOnPath,
                         ::testing::Values(ParallelPath::EmbedDimBands, ParallelPath::PatchBlocks));

TEST(PatchEmbed, RefusesMismatchedInputsNamingTheValues) {
    const PatchEmbedWeights w = initWeights(InitScheme::PytorchDefault, 8, 3, {4, 4}, true, 1);
    try {
        patchEmbed(Tensor({1, 4, 8, 8}), w, {});
        FAIL() << "accepted 4 channels for 3-channel weights";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("4 channels"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("expect 3"), std::string::npos) << e.what();
    }
    EXPECT_THROW(patchEmbed(Tensor({3, 8, 8}), w, {}), InputError);
    PatchEmbedWeights badBias = w;
    badBias.bias.resize(5);
    EXPECT_THROW(patchEmbed(Tensor({1, 3, 8, 8}), badBias, {}), InputError);
}

// Spins on every available CPU until destroyed: a machine whose cores are all taken by others.
class BusyMachine {
  public:
    BusyMachine() {
        for (int i = 0; i < availableCpus(); ++i)
            m_threads.emplace_back([this] {
                volatile std::uint64_t n = 0;
                while (!m_stop.load(std::memory_order_relaxed))
                    n = n + 1;
            });
    }
    ~BusyMachine() {
        m_stop = true;
        for (std::thread& t : m_threads)
            t.join();
    }

  private:
    std::atomic<bool> m_stop{false};
    std::vector<std::thread> m_threads;
};

// The tiles are fixed by the shapes, not by which thread runs them: with any thread count, more
// threads than cores, and every core contended, every backend on both paths gives the same bits,
// progress still only grows and ends at the total, and Cancel still stops the run.
TEST(PatchEmbed, SameBitsWithAnyThreadCountAndABusyMachine) {
    const Tensor x = randomInput({1, 3, 224, 224}, 21);    // 196 patches of 16x16
    const Tensor many = randomInput({1, 3, 128, 200}, 22); // 1600 patches of 4x4
    const PatchEmbedWeights w = initWeights(InitScheme::PytorchDefault, 200, 3, {16, 16}, true, 21);
    const PatchEmbedWeights w4 = initWeights(InitScheme::PytorchDefault, 72, 3, {4, 4}, true, 22);
    const int oversubscribed = 2 * availableCpus() + 1;
    for (const GemmBackend& backend : gemmBackends()) {
        if (!backend.usable())
            continue;
        for (const ParallelPath path : {ParallelPath::EmbedDimBands, ParallelPath::PatchBlocks}) {
            for (const auto& [input, weights] : {std::pair{&x, &w}, std::pair{&many, &w4}}) {
                EmbedOptions o;
                o.backend = backend.name;
                o.path = path;
                o.norm = NormKind::LayerNorm;
                o.threads = 1;
                const Result idle = patchEmbed(*input, *weights, o);
                const std::string where =
                    std::string(backend.name) +
                    (path == ParallelPath::PatchBlocks ? " blocks " : " bands ") +
                    shapeString(input->shape);
                // 64: far more threads than tasks, so on the few-patch path products of a tile
                // often start before its packer ends and pack the tile themselves.
                for (const int threads : {2, 3, oversubscribed, 64}) {
                    o.threads = threads;
                    EXPECT_EQ(patchEmbed(*input, *weights, o).embeddings.data, idle.embeddings.data)
                        << where << ", " << threads << " threads, idle";
                }
                BusyMachine busy;
                for (const int threads : {1, 2, oversubscribed}) {
                    o.threads = threads;
                    std::size_t last = 0, total = 0;
                    const Result loaded =
                        patchEmbed(*input, *weights, o, [&](std::size_t done, std::size_t all) {
                            EXPECT_GT(done, last) << where;
                            last = done;
                            total = all;
                            return true;
                        });
                    EXPECT_EQ(loaded.embeddings.data, idle.embeddings.data)
                        << where << ", " << threads << " threads, every core busy";
                    EXPECT_EQ(loaded.norms.data, idle.norms.data) << where;
                    EXPECT_EQ(last, total) << where;
                    if (path == ParallelPath::PatchBlocks && input == &x)
                        continue; // 196 patches are one block: nothing to cancel between
                    std::size_t calls = 0;
                    EXPECT_THROW(patchEmbed(*input, *weights, o,
                                            [&](std::size_t, std::size_t) { return ++calls < 2; }),
                                 Cancelled)
                        << where;
                    EXPECT_EQ(calls, 2u) << where << ": a report after Cancel";
                }
            }
        }
    }
}

} // namespace
} // namespace tessera
