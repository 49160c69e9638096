// core/analysis against naive references written here: the im2col column by bounds checks, sums
// in double by plain loops, and PCA from a covariance built by loops in double and decomposed by
// Eigen's dense solver (a different route from the code's blocked float GEMM and Gram path).
#include "analysis.hpp"
#include "error.hpp"
#include "naive_patch_embed.hpp"
#include "weight_init.hpp"

#include <Eigen/Eigenvalues>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace tessera {
namespace {

Tensor randomTensor(Shape shape, std::uint32_t seed) {
    Tensor x(std::move(shape));
    std::mt19937 gen(seed);
    std::normal_distribution<float> n(0.0f, 1.0f);
    for (float& v : x.data)
        v = n(gen);
    return x;
}

// The im2col column of patch `index` straight from the definition: value (c, p, q) of the patch
// is pixel (c, gy·P + p, gx·Q + q), or 0 outside the image.
std::vector<float> naiveColumn(const Tensor& x, const PatchGrid& g, std::int64_t index) {
    const auto C = x.dim(1), H = x.dim(2), W = x.dim(3);
    const auto gy = index / g.gw, gx = index % g.gw;
    std::vector<float> out;
    for (std::int64_t c = 0; c < C; ++c)
        for (std::int64_t p = 0; p < g.patch.h; ++p)
            for (std::int64_t q = 0; q < g.patch.w; ++q) {
                const auto y = gy * g.patch.h + p, xx = gx * g.patch.w + q;
                out.push_back(y < H && xx < W ? x.data[std::size_t((c * H + y) * W + xx)] : 0.0f);
            }
    return out;
}

TEST(Analysis, PackedPatchIsTheNaiveColumnPaddedOrNot) {
    struct Case {
        int c, h, w, p, q;
        PadPolicy pad;
    };
    for (const Case k :
         {Case{3, 32, 48, 16, 16, PadPolicy::None}, Case{3, 37, 50, 16, 16, PadPolicy::Dynamic},
          Case{2, 9, 7, 4, 3, PadPolicy::Dynamic}, Case{1, 5, 5, 5, 5, PadPolicy::None}}) {
        const Tensor x = randomTensor({1, k.c, k.h, k.w}, 3);
        const PatchGrid g = planGrid({k.h, k.w}, {k.p, k.q}, k.pad, std::nullopt);
        const Tensor chw({k.c, k.h, k.w}, x.data); // (C, H, W) is accepted as well
        for (std::int64_t i = 0; i < g.count(); ++i) {
            const auto want = naiveColumn(x, g, i);
            EXPECT_EQ(packedPatch(x, g, i), want) << "patch " << i;
            EXPECT_EQ(packedPatch(chw, g, i), want) << "patch " << i;
        }
    }
}

TEST(Analysis, PackedPatchHasZerosInThePadding) {
    const Tensor x = randomTensor({1, 1, 5, 5}, 4);
    const PatchGrid g = planGrid({5, 5}, {4, 4}, PadPolicy::Dynamic, std::nullopt);
    const auto last = packedPatch(x, g, 3); // bottom-right: pixels (4, 4) and 15 zeros
    EXPECT_EQ(last[0], x.data[24]);
    EXPECT_EQ(std::count(last.begin() + 1, last.end(), 0.0f), 15);
}

TEST(Analysis, PackedPatchRefusesBadIndexAndShape) {
    const Tensor x = randomTensor({1, 3, 32, 32}, 5);
    const PatchGrid g = planGrid({32, 32}, {16, 16}, PadPolicy::None, std::nullopt);
    EXPECT_THROW(packedPatch(x, g, 4), InputError);
    EXPECT_THROW(packedPatch(x, g, -1), InputError);
    const PatchGrid other = planGrid({48, 32}, {16, 16}, PadPolicy::None, std::nullopt);
    try {
        packedPatch(x, other, 0);
        FAIL() << "no error for a grid of another size";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("48x32"), std::string::npos) << e.what();
    }
    EXPECT_THROW(packedPatch(randomTensor({2, 3, 32, 32}, 1), g, 0), InputError);
}

// y = W·packedPatch + b is the row patchEmbed returns, and outputTerms reports that value.
TEST(Analysis, PackedPatchIsWhatPatchEmbedMultiplies) {
    const Tensor x = randomTensor({1, 3, 37, 50}, 6);
    const PatchEmbedWeights w = initWeights(InitScheme::PytorchDefault, 24, 3, {16, 16}, true, 9);
    EmbedOptions o;
    o.pad = PadPolicy::Dynamic;
    const Result r = patchEmbed(x, w, o);
    const int D = w.dim(), K = w.valuesPerPatch();
    for (std::int64_t i = 0; i < r.grid.count(); ++i) {
        const auto col = packedPatch(x, r.grid, i);
        for (int d = 0; d < D; ++d) {
            double y = w.bias[d];
            for (int k = 0; k < K; ++k)
                y += double(w.proj.data[std::size_t(d) * K + k]) * col[std::size_t(k)];
            const float got = r.embeddings.data[std::size_t(i * D + d)];
            EXPECT_NEAR(got, y, 1e-5 * (1 + std::abs(y))) << "patch " << i << " d " << d;
            const OutputTerms t = outputTerms(w, col, d, 5);
            EXPECT_NEAR(t.value, y, 1e-9 * (1 + std::abs(y)));
            EXPECT_NEAR(t.value, got, 1e-5 * (1 + std::abs(y)));
            EXPECT_EQ(t.bias, double(w.bias[d]));
        }
    }
}

TEST(Analysis, OutputTermsLargestAreTheLargestProducts) {
    const PatchEmbedWeights w = initWeights(InitScheme::LecunNormal, 8, 3, {4, 4}, false, 2);
    const Tensor x = randomTensor({48}, 8);
    const int K = 48, d = 5;
    std::vector<std::pair<double, int>> terms;
    for (int k = 0; k < K; ++k)
        terms.push_back({-std::abs(double(w.proj.data[d * K + k]) * x.data[k]), k});
    std::sort(terms.begin(), terms.end());
    const OutputTerms t = outputTerms(w, x.data, d, 10);
    ASSERT_EQ(t.largest.size(), 10u);
    for (int i = 0; i < 10; ++i)
        EXPECT_EQ(t.largest[i], terms[i].second) << i;
    EXPECT_EQ(t.bias, 0.0);
    EXPECT_EQ(outputTerms(w, x.data, d, 1000).largest.size(), std::size_t(K));
    EXPECT_THROW(outputTerms(w, x.data, 8, 3), InputError);
    EXPECT_THROW(outputTerms(w, std::span<const float>(x.data).first(47), 0, 3), InputError);
}

TEST(Analysis, ColumnIsOneOutputAtEveryPatch) {
    const Tensor e = randomTensor({1, 6, 4}, 11);
    const auto c = column(e, 2);
    ASSERT_EQ(c.size(), 6u);
    for (int i = 0; i < 6; ++i)
        EXPECT_EQ(c[i], e.data[i * 4 + 2]);
    EXPECT_THROW(column(e, 4), InputError);
}

TEST(Analysis, CosineSimilarityAgreesWithDoubleLoops) {
    const int n = 40, dim = 13;
    Tensor rows = randomTensor({n, dim}, 12);
    std::fill_n(rows.data.begin() + 7 * dim, dim, 0.0f); // row 7 has norm 0
    auto naive = [&](int a, int b) {
        double ab = 0, aa = 0, bb = 0;
        for (int k = 0; k < dim; ++k) {
            ab += double(rows.data[a * dim + k]) * rows.data[b * dim + k];
            aa += double(rows.data[a * dim + k]) * rows.data[a * dim + k];
            bb += double(rows.data[b * dim + k]) * rows.data[b * dim + k];
        }
        return aa == 0 || bb == 0 ? 0.0 : ab / std::sqrt(aa * bb);
    };
    std::vector<std::vector<float>> all;
    for (int i = 0; i < n; ++i)
        all.push_back(cosineSimilarity(rows.data.data(), n, dim, i));
    for (int a = 0; a < n; ++a) {
        EXPECT_NEAR(all[a][a], a == 7 ? 0.0 : 1.0, 1e-6) << a;
        for (int b = 0; b < n; ++b) {
            EXPECT_NEAR(all[a][b], naive(a, b), 1e-6) << a << " " << b;
            EXPECT_EQ(all[a][b], all[b][a]) << a << " " << b;
            EXPECT_LE(std::abs(all[a][b]), 1.0f);
        }
    }
    EXPECT_THROW(cosineSimilarity(rows.data.data(), n, dim, n), InputError);
}

// The whole matrix at once: row i is cosineSimilarity(i), a zero row gives zeros, on a size
// large enough to run as several tasks.
TEST(Analysis, CosineSimilarityMatrixIsEveryRowsSimilarity) {
    for (const auto& [n, dim] : {std::pair{40, 13}, std::pair{200, 96}}) {
        Tensor rows = randomTensor({n, dim}, 14);
        std::fill_n(rows.data.begin() + 7 * dim, dim, 0.0f);
        const std::vector<float> all = cosineSimilarityMatrix(rows.data.data(), n, dim);
        ASSERT_EQ(all.size(), std::size_t(n * n));
        for (int i = 0; i < n; ++i) {
            const std::vector<float> row = cosineSimilarity(rows.data.data(), n, dim, i);
            for (int j = 0; j < n; ++j)
                ASSERT_NEAR(all[std::size_t(i * n + j)], row[std::size_t(j)], 2e-7)
                    << n << "x" << dim << " at " << i << ", " << j;
        }
        EXPECT_EQ(all[std::size_t(7 * n + 7)], 0.0f);
    }
    EXPECT_THROW(cosineSimilarityMatrix(nullptr, 0, 3), InputError);
}

TEST(Analysis, MostSimilarIsTheSortedOrderWithoutItself) {
    const std::vector<float> s = {1.0f, 0.2f, 0.9f, -0.5f, 0.9f, 0.95f, 0.2f};
    EXPECT_EQ(mostSimilar(s, 0, 4), (std::vector<std::int64_t>{5, 2, 4, 1}));
    EXPECT_EQ(mostSimilar(s, 5, 3), (std::vector<std::int64_t>{0, 2, 4}));
    EXPECT_EQ(mostSimilar(s, 0, 100).size(), 6u);
    EXPECT_TRUE(mostSimilar(s, 0, 0).empty());
    // Against a full sort of random similarities.
    std::mt19937 gen(3);
    std::uniform_int_distribution<int> u(-10, 10); // few values: many ties
    std::vector<float> r(200);
    for (float& v : r)
        v = float(u(gen)) / 10;
    std::vector<std::int64_t> want(200);
    std::iota(want.begin(), want.end(), 0);
    want.erase(want.begin() + 17);
    std::stable_sort(want.begin(), want.end(),
                     [&](std::int64_t a, std::int64_t b) { return r[a] > r[b]; });
    want.resize(25);
    EXPECT_EQ(mostSimilar(r, 17, 25), want);
}

// The naive PCA: mean and covariance by loops in double, Eigen's dense solver, descending.
struct NaivePca {
    std::vector<double> mean, variance;
    Eigen::MatrixXd vectors; // columns, descending variance
    double total = 0;
};
NaivePca naivePca(const float* rows, std::int64_t n, std::int64_t dim,
                  const std::vector<std::uint8_t>& use = {}) {
    NaivePca r;
    r.mean.assign(dim, 0.0);
    std::int64_t m = 0;
    for (std::int64_t i = 0; i < n; ++i)
        if (use.empty() || use[i]) {
            ++m;
            for (std::int64_t k = 0; k < dim; ++k)
                r.mean[k] += rows[i * dim + k];
        }
    for (auto& v : r.mean)
        v /= double(m);
    Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(dim, dim);
    for (std::int64_t i = 0; i < n; ++i)
        if (use.empty() || use[i])
            for (std::int64_t a = 0; a < dim; ++a)
                for (std::int64_t b = 0; b < dim; ++b)
                    cov(a, b) += (rows[i * dim + a] - r.mean[a]) * (rows[i * dim + b] - r.mean[b]);
    cov /= double(m - 1);
    r.total = cov.trace();
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(cov);
    r.vectors = eig.eigenvectors().rowwise().reverse();
    for (std::int64_t i = dim - 1; i >= 0; --i)
        r.variance.push_back(eig.eigenvalues()[i]);
    return r;
}

Eigen::MatrixXd componentsOf(const Pca& p) {
    Eigen::MatrixXd c(p.count(), p.dim);
    for (int i = 0; i < p.count(); ++i)
        for (std::int64_t k = 0; k < p.dim; ++k)
            c(i, k) = p.components[i * p.dim + k];
    return c;
}

// Orthonormal rows, descending variances, explained variance ≤ 1, the sign rule.
void expectWellFormed(const Pca& p, double tol) {
    const Eigen::MatrixXd c = componentsOf(p);
    const Eigen::MatrixXd gram = c * c.transpose();
    EXPECT_LT((gram - Eigen::MatrixXd::Identity(p.count(), p.count())).cwiseAbs().maxCoeff(), tol);
    double sum = 0;
    for (int i = 0; i < p.count(); ++i) {
        if (i > 0) {
            EXPECT_LE(p.variance[i], p.variance[i - 1]) << i;
        }
        EXPECT_GE(p.variance[i], 0.0);
        sum += p.variance[i];
        Eigen::Index at = 0;
        c.row(i).cwiseAbs().maxCoeff(&at);
        EXPECT_GT(c(i, at), 0.0) << "component " << i << " breaks the sign rule";
    }
    EXPECT_LE(sum, p.totalVariance * (1 + 1e-6));
}

// Components that match the naive ones up to sign, where the variance gap lets them be unique.
void expectMatchesNaive(const Pca& p, const NaivePca& want, double tol) {
    const Eigen::MatrixXd c = componentsOf(p);
    for (std::int64_t k = 0; k < p.dim; ++k)
        EXPECT_NEAR(p.mean[k], want.mean[k], 1e-5);
    EXPECT_NEAR(p.totalVariance, want.total, 1e-5 * want.total);
    for (int i = 0; i < p.count(); ++i) {
        EXPECT_NEAR(p.variance[i], std::max(want.variance[i], 0.0), tol * want.variance[0]) << i;
        if (want.variance[i] < 1e-6 * want.variance[0])
            continue; // a zero-variance direction: any orthonormal completion is right
        const double dot = std::abs(c.row(i).dot(want.vectors.col(i)));
        EXPECT_NEAR(dot, 1.0, tol) << "component " << i;
    }
}

TEST(Analysis, PcaAgreesWithTheNaiveCovarianceOnBothPaths) {
    // n > dim and n == dim use the covariance, n < dim the Gram matrix. Rows are correlated
    // (a random mixing of scaled normals) so the variances are distinct and well spread.
    for (const auto& [n, dim] :
         {std::pair{300, 20}, std::pair{20, 20}, std::pair{15, 40}, std::pair{2500, 12}}) {
        const Tensor z = randomTensor({n, dim}, 21);
        const Tensor mix = randomTensor({dim, dim}, 22);
        std::vector<float> rows(std::size_t(n) * dim);
        for (int i = 0; i < n; ++i)
            for (int a = 0; a < dim; ++a) {
                double s = 3.0;
                for (int b = 0; b < dim; ++b)
                    s += z.data[i * dim + b] * (b + 1.0) / dim * mix.data[b * dim + a];
                rows[i * dim + a] = float(s);
            }
        const Pca p = pca(rows.data(), n, dim, dim);
        SCOPED_TRACE("n " + std::to_string(n) + " dim " + std::to_string(dim));
        ASSERT_EQ(p.count(), dim);
        expectWellFormed(p, 1e-5);
        expectMatchesNaive(p, naivePca(rows.data(), n, dim), 1e-4);
        const Pca few = pca(rows.data(), n, dim, 3);
        ASSERT_EQ(few.count(), 3);
        expectWellFormed(few, 1e-5);
        for (int i = 0; i < 3; ++i)
            EXPECT_EQ(few.variance[i], p.variance[i]);
    }
}

TEST(Analysis, PcaMaskFitsOnlyTheChosenRows) {
    const int n = 200, dim = 6;
    Tensor rows = randomTensor({n, dim}, 31);
    std::vector<std::uint8_t> use(n);
    std::vector<float> chosen;
    for (int i = 0; i < n; ++i) {
        use[i] = i % 3 == 0;
        // Rows left out are far off, so fitting them would show.
        if (!use[i])
            for (int k = 0; k < dim; ++k)
                rows.data[i * dim + k] = rows.data[i * dim + k] * 50 + 100;
        else
            chosen.insert(chosen.end(), rows.data.begin() + i * dim,
                          rows.data.begin() + (i + 1) * dim);
    }
    const Pca masked = pca(rows.data.data(), n, dim, dim, use);
    const Pca direct = pca(chosen.data(), std::int64_t(chosen.size() / dim), dim, dim);
    expectMatchesNaive(masked, naivePca(rows.data.data(), n, dim, use), 1e-4);
    for (std::size_t i = 0; i < direct.components.size(); ++i)
        EXPECT_NEAR(masked.components[i], direct.components[i], 1e-5);
    EXPECT_THROW(pca(rows.data.data(), n, dim, 2, std::vector<std::uint8_t>(n, 0)), InputError);
    EXPECT_THROW(pca(rows.data.data(), n, dim, 2, std::vector<std::uint8_t>(n - 1, 1)), InputError);
}

TEST(Analysis, PcaCompletesWhenTheDataHasFewerDirections) {
    // 4 rows: 3 directions around their mean; 8 asked of 10.
    const int n = 4, dim = 10;
    const Tensor rows = randomTensor({n, dim}, 41);
    const Pca p = pca(rows.data.data(), n, dim, 8);
    ASSERT_EQ(p.count(), 8);
    expectWellFormed(p, 1e-6);
    for (int i = 0; i < 3; ++i)
        EXPECT_GT(p.variance[i], 0.0);
    for (int i = 3; i < 8; ++i)
        EXPECT_EQ(p.variance[i], 0.0);
    expectMatchesNaive(p, naivePca(rows.data.data(), n, dim), 1e-4);
    double sum = 0;
    for (double v : p.variance)
        sum += v;
    EXPECT_NEAR(sum, p.totalVariance, 1e-9 * p.totalVariance); // 3 directions hold it all
    // The completed directions are orthogonal to every centred row.
    const auto coords = project(p, rows.data.data(), n);
    for (int i = 0; i < n; ++i)
        for (int c = 3; c < 8; ++c)
            EXPECT_NEAR(coords[i * 8 + c], 0.0, 1e-5);
    // One row: no direction at all, still an orthonormal set.
    const Pca one = pca(rows.data.data(), 1, dim, dim);
    expectWellFormed(one, 1e-9);
    EXPECT_EQ(one.totalVariance, 0.0);
}

TEST(Analysis, ProjectIsTheDotWithEachComponent) {
    const int n = 1500, dim = 9, count = 4; // more than one block of rows
    const Tensor rows = randomTensor({n, dim}, 51);
    const Pca p = pca(rows.data.data(), n, dim, count);
    const auto y = project(p, rows.data.data(), n);
    ASSERT_EQ(y.size(), std::size_t(n * count));
    double var0 = 0;
    for (int i = 0; i < n; ++i)
        for (int c = 0; c < count; ++c) {
            double s = 0;
            for (int k = 0; k < dim; ++k)
                s += (double(rows.data[i * dim + k]) - p.mean[k]) * p.components[c * dim + k];
            EXPECT_NEAR(y[i * count + c], s, 1e-5) << i << " " << c;
            if (c == 0)
                var0 += s * s / (n - 1);
        }
    EXPECT_NEAR(var0, p.variance[0], 1e-5 * p.variance[0]); // coordinates carry the variance
}

TEST(Analysis, PcaRefusesBadCounts) {
    const Tensor rows = randomTensor({5, 4}, 61);
    try {
        pca(rows.data.data(), 5, 4, 5);
        FAIL() << "no error for 5 components of 4 values";
    } catch (const InputError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find('5'), std::string::npos) << m;
        EXPECT_NE(m.find('4'), std::string::npos) << m;
    }
    EXPECT_THROW(pca(rows.data.data(), 0, 4, 1), InputError);
    EXPECT_THROW(pca(rows.data.data(), 5, 4, -1), InputError);
}

TEST(Analysis, PcaReportsProgressAndCancels) {
    const int n = 5000, dim = 16; // several blocks
    const Tensor rows = randomTensor({n, dim}, 71);
    std::vector<std::size_t> seen;
    std::size_t total = 0;
    pca(rows.data.data(), n, dim, 4, {}, [&](std::size_t done, std::size_t all) {
        seen.push_back(done);
        total = all;
        return true;
    });
    ASSERT_GE(seen.size(), 3u);
    EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
    EXPECT_EQ(seen.back(), total);
    int calls = 0;
    EXPECT_THROW(
        pca(rows.data.data(), n, dim, 4, {}, [&](std::size_t, std::size_t) { return ++calls < 2; }),
        Cancelled);
    EXPECT_EQ(calls, 2); // it stopped at the first "no"
    const Tensor x = randomTensor({1, 3, 64, 64}, 72);
    const PatchGrid g = planGrid({64, 64}, {8, 8}, PadPolicy::None, std::nullopt);
    EXPECT_THROW(pcaPatchWeights(x, g, 8, true, [](std::size_t, std::size_t) { return false; }),
                 Cancelled);
}

// A large decomposition runs on its own thread; the caller can still say stop while it runs, and
// without a stop the result is the one computed in place.
TEST(Analysis, PcaCancelsDuringALargeDecomposition) {
    const int n = 700, dim = 600;
    const Tensor rows = randomTensor({n, dim}, 73);
    std::size_t stoppedAt = 0;
    EXPECT_THROW(pca(rows.data.data(), n, dim, 4, {},
                     [&](std::size_t done, std::size_t all) {
                         if (done < all * 2 / 3)
                             return true;
                         stoppedAt = done;
                         return false;
                     }),
                 Cancelled);
    EXPECT_EQ(stoppedAt, std::size_t(2 * n)); // the rows are done, the decomposition is not
    const Pca quiet = pca(rows.data.data(), n, dim, 4);
    const Pca watched =
        pca(rows.data.data(), n, dim, 4, {}, [](std::size_t, std::size_t) { return true; });
    EXPECT_EQ(quiet.components, watched.components);
    EXPECT_EQ(quiet.variance, watched.variance);
}

// The naive patch matrix: one naive column per patch, as rows.
std::vector<float> naivePatches(const Tensor& x, const PatchGrid& g) {
    std::vector<float> rows;
    for (std::int64_t i = 0; i < g.count(); ++i) {
        const auto c = naiveColumn(x, g, i);
        rows.insert(rows.end(), c.begin(), c.end());
    }
    return rows;
}

TEST(Analysis, PcaPatchWeightsProjectTheCentredPatches) {
    // 30 patches of K = 48 (Gram path) and 100 patches of K = 12 (covariance path), padded.
    struct Case {
        int c, h, w, p, d;
    };
    for (const Case k : {Case{3, 21, 27, 4, 10}, Case{3, 40, 37, 2, 12}}) {
        SCOPED_TRACE("K " + std::to_string(k.c * k.p * k.p));
        const Tensor x = randomTensor({1, k.c, k.h, k.w}, 81);
        const PatchGrid g = planGrid({k.h, k.w}, {k.p, k.p}, PadPolicy::Dynamic, std::nullopt);
        const int K = k.c * k.p * k.p;
        const auto rows = naivePatches(x, g);
        const NaivePca want = naivePca(rows.data(), g.count(), K);

        const PatchEmbedWeights w = pcaPatchWeights(x, g, k.d, true, {});
        EXPECT_EQ(w.proj.shape, (Shape{k.d, k.c, k.p, k.p}));
        ASSERT_EQ(w.bias.size(), std::size_t(k.d));
        const Pca direct = pca(rows.data(), g.count(), K, k.d);
        EXPECT_EQ(w.proj.data, direct.components);
        expectMatchesNaive(direct, want, 1e-4);
        for (int d = 0; d < k.d; ++d) {
            double b = 0;
            for (int i = 0; i < K; ++i)
                b -= double(w.proj.data[d * K + i]) * want.mean[i];
            EXPECT_NEAR(w.bias[d], b, 1e-5) << d;
        }
        // So the embeddings are the centred patches' coordinates: mean 0, variance as fitted.
        EmbedOptions o;
        const Result r = patchEmbed(x, w, o);
        for (int d = 0; d < k.d; ++d) {
            double mean = 0, var = 0;
            for (std::int64_t i = 0; i < g.count(); ++i)
                mean += r.embeddings.data[i * k.d + d] / double(g.count());
            for (std::int64_t i = 0; i < g.count(); ++i)
                var += std::pow(r.embeddings.data[i * k.d + d] - mean, 2) / (g.count() - 1.0);
            EXPECT_NEAR(mean, 0.0, 1e-5) << d;
            EXPECT_NEAR(var, direct.variance[d], 1e-4 * direct.variance[0]) << d;
        }
        const PatchEmbedWeights noBias = pcaPatchWeights(x, g, k.d, false, {});
        EXPECT_TRUE(noBias.bias.empty());
        EXPECT_EQ(noBias.proj.data, w.proj.data);
    }
}

TEST(Analysis, PcaPatchWeightsRefuseMoreOutputsThanPatchValues) {
    const Tensor x = randomTensor({1, 3, 32, 32}, 91);
    const PatchGrid g = planGrid({32, 32}, {4, 4}, PadPolicy::None, std::nullopt);
    try {
        pcaPatchWeights(x, g, 49, true, {});
        FAIL() << "no error for D 49 > K 48";
    } catch (const InputError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("49"), std::string::npos) << m;
        EXPECT_NE(m.find("48"), std::string::npos) << m;
    }
    EXPECT_NO_THROW(pcaPatchWeights(x, g, 48, true, {}));
}

} // namespace
} // namespace tessera
