// Analysis for the teaching views (see analysis.hpp): one patch's packed column, the terms of one
// output, cosine similarity between rows, and PCA of rows (embeddings, filters, patches).
//
// PCA is the heavy part (N up to 65536 rows of up to 3072 values). It never forms the centred
// matrix in double: rows are centred block by block into float, each block's Xᵀ·X is one float
// SYRK (sums of at most kPcaBlock products), and blocks are summed in double, a sum per thread
// with the blocks shared out over the threads. With fewer rows than values (n < dim) the n×n
// Gram matrix is decomposed instead, which is far smaller.
#include "analysis.hpp"

#include "error.hpp"
#include "task_pool.hpp"

#include <Eigen/Core>
#include <Eigen/Eigenvalues>
#include <Eigen/QR>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <exception>
#include <functional>
#include <future>
#include <limits>
#include <mutex>
#include <numeric>
#include <string>
#include <thread>

namespace tessera {
namespace {

using RowMatrixF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowMatrixD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Rows centred and multiplied per step of the covariance pass: one progress tick, one cancel
// point. 1024 rows of 1024 floats are 4 MiB, and float sums over 1024 products stay accurate.
constexpr std::int64_t kPcaBlock = 1024;
// Below this many multiply-adds (or values copied) a loop runs on the calling thread: waking a
// team costs more than it saves, and far more when other processes hold the cores.
constexpr std::int64_t kSerialWork = std::int64_t(1) << 18;
// Rows per task of the row-wise loops (similarities, packing patches for the fit).
constexpr std::int64_t kRowsPerTask = 256;
// Rows of the similarity matrix per task: 32 × n products each.
constexpr std::int64_t kSimilarityRowsPerTask = 32;

std::string str(std::int64_t v) {
    return std::to_string(v);
}

// Fills `count` rows (their indices given) of `dim` values each into dst, row-major.
using RowSource = std::function<void(const std::int64_t* rows, std::int64_t count, float* dst)>;

// Writes patch n of one (C, H, W) image as K = C·P·Q values in (C, P, Q) order, zeros where the
// patch hangs over the bottom/right edge (dynamic padding). Same order as patch_embed.cpp packs.
void packOne(const float* img, int C, int H, int W, const PatchGrid& g, std::int64_t n,
             float* dst) {
    const int P = g.patch.h, Q = g.patch.w;
    const int y0 = int(n / g.gw) * P;
    const int x0 = int(n % g.gw) * Q;
    const int inRow = std::clamp(W - x0, 0, Q);
    for (int c = 0; c < C; ++c)
        for (int p = 0; p < P; ++p, dst += Q) {
            const int y = y0 + p;
            if (y >= H) {
                std::fill(dst, dst + Q, 0.0f);
                continue;
            }
            std::memcpy(dst, img + (std::int64_t(c) * H + y) * W + x0, sizeof(float) * inRow);
            std::fill(dst + inRow, dst + Q, 0.0f);
        }
}

// (C, H, W) of a (C, H, W) or (B, C, H, W) tensor that matches `grid` (B = 1 unless `anyBatch`);
// InputError otherwise.
struct ImageShape {
    int C, H, W;
};
ImageShape imageShape(const Tensor& x, const PatchGrid& grid, bool anyBatch = false) {
    const bool batched = x.rank() == 4;
    if (!(x.rank() == 3 || (batched && (x.dim(0) == 1 || anyBatch))))
        throw InputError(std::string("the input must be (C, H, W) or ") +
                         (anyBatch ? "(B, C, H, W)" : "(1, C, H, W)") + ", got " +
                         shapeString(x.shape));
    const std::size_t o = batched ? 1 : 0;
    const ImageShape s{int(x.dim(o)), int(x.dim(o + 1)), int(x.dim(o + 2))};
    if (s.H != grid.input.h || s.W != grid.input.w)
        throw InputError("the input " + shapeString(x.shape) + " is not the " +
                         sizeString(grid.input) + " the patch grid was planned for");
    if (s.C < 1 || grid.gh < 1 || grid.gw < 1)
        throw InputError("no patch to take from the input " + shapeString(x.shape));
    return s;
}

void tick(const Progress& progress, std::int64_t done, std::int64_t total) {
    if (progress && !progress(std::size_t(done), std::size_t(total)))
        throw Cancelled();
}

// Flips each row so that its entry of largest |value| (the first such) is positive.
void fixSigns(RowMatrixD& rows) {
    for (Eigen::Index i = 0; i < rows.rows(); ++i) {
        Eigen::Index at = 0;
        rows.row(i).cwiseAbs().maxCoeff(&at);
        if (rows(i, at) < 0)
            rows.row(i) *= -1.0;
    }
}

// The first `count` columns of an orthonormal basis whose first r columns span the r (linearly
// independent, nearly orthonormal) columns of `v`: Householder QR keeps them in order (as
// Gram-Schmidt would) and its remaining columns complete the set.
Eigen::MatrixXd orthonormalise(const Eigen::MatrixXd& v, int count) {
    const Eigen::Index dim = v.rows(), r = v.cols();
    Eigen::MatrixXd out(dim, count);
    if (r == 0) {
        out.setIdentity();
        return out;
    }
    Eigen::HouseholderQR<Eigen::MatrixXd> qr(v);
    out.setIdentity();
    out.applyOnTheLeft(qr.householderQ());
    // QR may flip a column; keep each column pointing the way of the vector it came from.
    for (Eigen::Index j = 0; j < r; ++j)
        if (out.col(j).dot(v.col(j)) < 0)
            out.col(j) *= -1.0;
    return out;
}

using Solver = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>;

// The eigen-decomposition of a symmetric `matrix`. Eigen's solver has no hook to stop it, and
// at 3072×3072 it takes a minute or more, so a large one runs on a thread of its own while the
// caller keeps asking `progress` (at `done` of `total`) every 50 ms: a "stop" is answered at
// once with Cancelled, and the abandoned solver finishes unseen on the data it owns, its result
// dropped. Small ones (well under a second) run here.
Solver decompose(Eigen::MatrixXd matrix, const Progress& progress, std::int64_t done,
                 std::int64_t total) {
    if (!progress || matrix.rows() < 512)
        return Solver(matrix);
    auto task = std::make_shared<std::packaged_task<Solver()>>(
        [m = std::move(matrix)] { return Solver(m); });
    std::future<Solver> result = task->get_future();
    std::thread([task] { (*task)(); }).detach();
    while (result.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready)
        tick(progress, done, total);
    return result.get();
}

// Runs body(group, r0, block) over the rows listed in `use`, kPcaBlock at a time, each block
// filled by `source` into a row-major rows×dim float matrix the body may change. Blocks run in
// parallel when the work is large enough (`work` multiply-adds per row); `progress` hears
// before + rows done of `total` after each block (calls serialised), and a "no" stops the loop
// between blocks (Cancelled). Exceptions leave the parallel region as they came.
template <class Body>
void forEachBlock(const RowSource& source, const std::vector<std::int64_t>& use, std::int64_t dim,
                  std::int64_t work, int threads, const Progress& progress, std::int64_t before,
                  std::int64_t total, Body body) {
    const auto m = std::int64_t(use.size());
    const std::int64_t blocks = (m + kPcaBlock - 1) / kPcaBlock;
    const int team = m * work > kSerialWork ? int(std::min<std::int64_t>(threads, blocks)) : 1;
    std::atomic<bool> stop{false};
    std::mutex mutex;
    std::int64_t done = 0;
    // Group g sums a fixed run of blocks in order, whichever thread takes it, so a fit repeats
    // to the bit (the thread count changes only the rounding). A failure stops the other groups
    // at their next block and reaches the caller from runTasks.
    runTasks(team, team, [&](std::int64_t g) {
        std::vector<float> buffer(std::size_t(std::min(m, kPcaBlock) * dim));
        for (std::int64_t blk = blocks * g / team; blk < blocks * (g + 1) / team; ++blk) {
            if (stop.load(std::memory_order_relaxed))
                return;
            const std::int64_t r0 = blk * kPcaBlock, rows = std::min(kPcaBlock, m - r0);
            try {
                source(use.data() + r0, rows, buffer.data());
                body(int(g), r0, Eigen::Map<RowMatrixF>(buffer.data(), rows, dim));
                std::lock_guard lock(mutex);
                done += rows;
                if (!stop && progress && !progress(std::size_t(before + done), std::size_t(total)))
                    stop = true;
            } catch (...) {
                stop = true;
                throw;
            }
        }
    });
    if (stop)
        throw Cancelled();
}

// PCA of the rows listed in `use` (m of them) that `source` produces, each `dim` values.
// `source` may be called from several threads at once (for different rows).
Pca pcaOf(const RowSource& source, const std::vector<std::int64_t>& use, std::int64_t dim,
          int count, const Progress& progress) {
    const auto m = std::int64_t(use.size());
    // Units of progress: rows for the mean, rows for the covariance, and the decomposition
    // counted as one more pass (it reports no progress of its own, but a stop is heard during
    // it: see decompose).
    const std::int64_t total = 3 * m;
    Pca out;
    out.dim = dim;
    const int threads = defaultThreads();

    // Pass 1: the mean, in double, a partial sum per thread.
    std::vector<Eigen::VectorXd> sums(std::size_t(threads), Eigen::VectorXd::Zero(dim));
    forEachBlock(source, use, dim, dim, threads, progress, 0, total,
                 [&](int t, std::int64_t, Eigen::Map<RowMatrixF> b) {
                     sums[std::size_t(t)] += b.cast<double>().colwise().sum().transpose();
                 });
    Eigen::VectorXd mean = Eigen::VectorXd::Zero(dim);
    for (const auto& s : sums)
        mean += s;
    mean /= double(m);
    out.mean.resize(std::size_t(dim));
    for (std::int64_t k = 0; k < dim; ++k)
        out.mean[std::size_t(k)] = float(mean[k]);
    const Eigen::VectorXf meanF = mean.cast<float>();
    const double denom = m > 1 ? double(m - 1) : 1.0;

    RowMatrixD components; // count × dim
    std::vector<double> variance(std::size_t(count), 0.0);

    if (m < dim) {
        // Gram path: X Xᵀ (m×m) has the same non-zero eigenvalues as Xᵀ X; its eigenvectors u
        // give the components v = Xᵀ u / σ. Small enough to hold the centred rows in double.
        Eigen::MatrixXd xc(m, dim);
        forEachBlock(source, use, dim, dim, threads, progress, m, total,
                     [&](int, std::int64_t r0, Eigen::Map<RowMatrixF> b) {
                         xc.middleRows(r0, b.rows()) =
                             (b.rowwise() - meanF.transpose()).cast<double>();
                     });
        out.totalVariance = m > 1 ? xc.squaredNorm() / denom : 0.0;
        Eigen::MatrixXd gram(m, m);
        gram.setZero();
        gram.selfadjointView<Eigen::Lower>().rankUpdate(xc);
        gram.triangularView<Eigen::StrictlyUpper>() = gram.transpose();
        const Solver eig = decompose(std::move(gram), progress, 2 * m, total);
        if (eig.info() != Eigen::Success)
            throw std::runtime_error("PCA: the eigen-decomposition did not converge");
        tick(progress, total - 1, total);
        // Eigenvalues come ascending. Those below 1e-9 of the largest are no direction of the
        // data (float rows carry ~1e-7 relative noise): they are left to the completion below.
        // Above it, v = Xᵀu/σ computed in double is orthonormal to ~1e-7 or better, so the
        // QR that completes the set is needed only when there is something to complete.
        const Eigen::VectorXd& lambda = eig.eigenvalues();
        const double top = lambda.size() ? std::max(lambda[lambda.size() - 1], 0.0) : 0.0;
        const double floor = top * 1e-9;
        int r = 0;
        while (r < count && r < m && lambda[m - 1 - r] > floor && lambda[m - 1 - r] > 0)
            ++r;
        Eigen::MatrixXd u(m, r);
        for (int i = 0; i < r; ++i) {
            u.col(i) = eig.eigenvectors().col(m - 1 - i) / std::sqrt(lambda[m - 1 - i]);
            variance[std::size_t(i)] = lambda[m - 1 - i] / denom;
        }
        const Eigen::MatrixXd v = xc.transpose() * u; // dim × r
        components = r == count ? RowMatrixD(v.transpose()) : orthonormalise(v, count).transpose();
    } else {
        // Covariance path: Xᵀ X (dim×dim), its lower triangle, one float SYRK per block of rows
        // (sums of at most kPcaBlock products) added to a double sum per thread.
        std::vector<Eigen::MatrixXd> sums2(static_cast<std::size_t>(threads));
        std::vector<Eigen::MatrixXf> parts(static_cast<std::size_t>(threads));
        forEachBlock(source, use, dim, dim * dim, threads, progress, m, total,
                     [&](int t, std::int64_t, Eigen::Map<RowMatrixF> b) {
                         auto& sum = sums2[std::size_t(t)];
                         auto& part = parts[std::size_t(t)];
                         if (sum.size() == 0) {
                             sum = Eigen::MatrixXd::Zero(dim, dim);
                             part.resize(dim, dim);
                         }
                         b.rowwise() -= meanF.transpose();
                         part.setZero();
                         part.selfadjointView<Eigen::Lower>().rankUpdate(b.transpose());
                         sum += part.cast<double>();
                     });
        Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(dim, dim);
        for (auto& s : sums2)
            if (s.size()) {
                cov += s;
                s.resize(0, 0);
            }
        parts.clear();
        cov.triangularView<Eigen::StrictlyUpper>() = cov.transpose();
        cov /= denom;
        out.totalVariance = m > 1 ? cov.trace() : 0.0;
        const Solver eig = decompose(std::move(cov), progress, 2 * m, total);
        if (eig.info() != Eigen::Success)
            throw std::runtime_error("PCA: the eigen-decomposition did not converge");
        tick(progress, total - 1, total);
        components.resize(count, dim);
        for (int i = 0; i < count; ++i) {
            components.row(i) = eig.eigenvectors().col(dim - 1 - i).transpose();
            variance[std::size_t(i)] = m > 1 ? std::max(eig.eigenvalues()[dim - 1 - i], 0.0) : 0;
        }
    }
    fixSigns(components);
    out.components.resize(std::size_t(count * dim));
    Eigen::Map<RowMatrixF>(out.components.data(), count, dim) = components.cast<float>();
    out.variance = std::move(variance);
    tick(progress, total, total);
    return out;
}

void checkPcaArguments(std::int64_t n, std::int64_t dim, int count) {
    if (dim < 1)
        throw InputError("PCA needs rows of at least 1 value, got " + str(dim));
    if (n < 1)
        throw InputError("PCA needs at least 1 row, got " + str(n));
    if (count < 0 || count > dim)
        throw InputError("PCA: " + str(count) + " components asked but the rows have " + str(dim) +
                         " values");
}

} // namespace

std::vector<float> packedPatch(const Tensor& x, const PatchGrid& grid, std::int64_t index) {
    const ImageShape s = imageShape(x, grid);
    if (index < 0 || index >= grid.count())
        throw InputError("patch " + str(index) + " is outside the grid of " + str(grid.count()) +
                         " patches (" + str(grid.gh) + "x" + str(grid.gw) + ")");
    std::vector<float> out(std::size_t(s.C) * grid.patch.h * grid.patch.w);
    packOne(x.data.data(), s.C, s.H, s.W, grid, index, out.data());
    return out;
}

OutputTerms outputTerms(const PatchEmbedWeights& w, std::span<const float> x, int d,
                        int largestCount) {
    validate(w);
    const int K = w.valuesPerPatch();
    if (std::int64_t(x.size()) != K)
        throw InputError("the patch has " + str(std::int64_t(x.size())) +
                         " values but the weights expect K = " + str(K));
    if (d < 0 || d >= w.dim())
        throw InputError("output " + str(d) + " is outside 0.." + str(w.dim() - 1));
    const float* row = w.proj.data.data() + std::size_t(d) * K;
    OutputTerms t;
    t.bias = w.bias.empty() ? 0.0 : double(w.bias[std::size_t(d)]);
    double sum = 0;
    for (int k = 0; k < K; ++k)
        sum += double(row[k]) * double(x[std::size_t(k)]);
    t.value = sum + t.bias;
    const int keep = std::clamp(largestCount, 0, K);
    std::vector<int> order(static_cast<std::size_t>(K));
    std::iota(order.begin(), order.end(), 0);
    auto size = [&](int k) { return std::abs(double(row[k]) * double(x[std::size_t(k)])); };
    std::partial_sort(order.begin(), order.begin() + keep, order.end(), [&](int a, int b) {
        const double sa = size(a), sb = size(b);
        return sa != sb ? sa > sb : a < b;
    });
    order.resize(std::size_t(keep));
    t.largest = std::move(order);
    return t;
}

std::vector<float> column(const Tensor& embeddings, int d) {
    if (embeddings.rank() < 2)
        throw InputError("embeddings must be N×D, got " + shapeString(embeddings.shape));
    const std::int64_t D = embeddings.shape.back();
    if (d < 0 || d >= D)
        throw InputError("output " + str(d) + " is outside 0.." + str(D - 1));
    const std::int64_t n = std::int64_t(embeddings.size()) / D;
    std::vector<float> out(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i)
        out[std::size_t(i)] = embeddings.data[std::size_t(i * D + d)];
    return out;
}

std::vector<float> cosineSimilarityMatrix(const float* rows, std::int64_t n, std::int64_t dim) {
    if (n < 1 || dim < 1)
        throw InputError("cosine similarity needs an n×dim matrix, got " + str(n) + "x" + str(dim));
    const Eigen::Map<const RowMatrixF> m(rows, n, dim);
    RowMatrixD unit = m.cast<double>();
    for (std::int64_t i = 0; i < n; ++i) {
        const double norm = unit.row(i).norm();
        unit.row(i) = norm > 0 ? RowMatrixD(unit.row(i) / norm) : RowMatrixD::Zero(1, dim);
    }
    std::vector<float> out(std::size_t(n * n));
    parallelFor(
        n * n * dim > kSerialWork ? 0 : 1, n, kSimilarityRowsPerTask,
        [&](std::int64_t i0, std::int64_t i1) {
            const RowMatrixD block =
                (unit.middleRows(i0, i1 - i0) * unit.transpose()).cwiseMax(-1.0).cwiseMin(1.0);
            Eigen::Map<RowMatrixF>(out.data() + i0 * n, i1 - i0, n) = block.cast<float>();
        });
    return out;
}

std::vector<float> cosineSimilarity(const float* rows, std::int64_t n, std::int64_t dim,
                                    std::int64_t index) {
    if (n < 1 || dim < 1)
        throw InputError("cosine similarity needs an n×dim matrix, got " + str(n) + "x" + str(dim));
    if (index < 0 || index >= n)
        throw InputError("row " + str(index) + " is outside 0.." + str(n - 1));
    const Eigen::Map<const RowMatrixF> m(rows, n, dim);
    const Eigen::VectorXd a = m.row(index).cast<double>().transpose();
    const double na = a.norm();
    std::vector<float> out(std::size_t(n), 0.0f);
    if (na == 0)
        return out;
    parallelFor(
        n * dim > kSerialWork ? 0 : 1, n, kRowsPerTask, [&](std::int64_t i0, std::int64_t i1) {
            for (std::int64_t i = i0; i < i1; ++i) {
                const auto b = m.row(i).cast<double>();
                const double nb = b.norm();
                if (nb > 0)
                    out[std::size_t(i)] = float(std::clamp(b.dot(a) / (na * nb), -1.0, 1.0));
            }
        });
    return out;
}

std::vector<std::int64_t> mostSimilar(std::span<const float> similarity, std::int64_t index,
                                      int k) {
    const auto n = std::int64_t(similarity.size());
    std::vector<std::int64_t> order;
    order.reserve(std::size_t(n));
    for (std::int64_t i = 0; i < n; ++i)
        if (i != index)
            order.push_back(i);
    const auto keep = std::size_t(std::clamp<std::int64_t>(k, 0, std::int64_t(order.size())));
    // NaN sorts last, so the order stays a strict weak ordering.
    auto key = [&](std::int64_t i) {
        const float s = similarity[std::size_t(i)];
        return std::isnan(s) ? -std::numeric_limits<float>::infinity() : s;
    };
    std::partial_sort(order.begin(), order.begin() + std::ptrdiff_t(keep), order.end(),
                      [&](std::int64_t a, std::int64_t b) {
                          const float sa = key(a), sb = key(b);
                          return sa != sb ? sa > sb : a < b;
                      });
    order.resize(keep);
    return order;
}

Pca pca(const float* rows, std::int64_t n, std::int64_t dim, int count,
        std::span<const std::uint8_t> use, const Progress& progress) {
    checkPcaArguments(n, dim, count);
    if (!use.empty() && std::int64_t(use.size()) != n)
        throw InputError("the PCA mask has " + str(std::int64_t(use.size())) + " flags for " +
                         str(n) + " rows");
    std::vector<std::int64_t> chosen;
    chosen.reserve(std::size_t(n));
    for (std::int64_t i = 0; i < n; ++i)
        if (use.empty() || use[std::size_t(i)])
            chosen.push_back(i);
    if (chosen.empty())
        throw InputError("PCA: the mask leaves no row to fit (of " + str(n) + ")");
    const RowSource source = [rows, dim](const std::int64_t* idx, std::int64_t count, float* dst) {
        for (std::int64_t i = 0; i < count; ++i)
            std::memcpy(dst + i * dim, rows + idx[i] * dim, sizeof(float) * std::size_t(dim));
    };
    return pcaOf(source, chosen, dim, count, progress);
}

std::vector<float> project(const Pca& p, const float* rows, std::int64_t n) {
    const std::int64_t dim = p.dim, c = p.count();
    std::vector<float> out(std::size_t(n * c));
    if (n == 0 || c == 0)
        return out;
    const Eigen::Map<const RowMatrixF> comp(p.components.data(), c, dim);
    const Eigen::Map<const Eigen::VectorXf> mean(p.mean.data(), dim);
    const std::int64_t blocks = (n + kPcaBlock - 1) / kPcaBlock;
    runTasks(n * dim * c > kSerialWork ? 0 : 1, blocks, [&](std::int64_t blk) {
        const std::int64_t r0 = blk * kPcaBlock, m = std::min(kPcaBlock, n - r0);
        const Eigen::Map<const RowMatrixF> x(rows + r0 * dim, m, dim);
        Eigen::Map<RowMatrixF> y(out.data() + r0 * c, m, c);
        y.noalias() = (x.rowwise() - mean.transpose()) * comp.transpose();
    });
    return out;
}

PatchEmbedWeights pcaPatchWeights(const Tensor& x, const PatchGrid& grid, int dim, bool bias,
                                  const Progress& progress) {
    // A batch (B, C, H, W) is fitted on the patches of all its images: one set of weights for
    // the one PatchEmbed that runs over the batch.
    const std::int64_t B = x.rank() == 4 ? x.dim(0) : 1;
    if (B < 1)
        throw InputError("no image in the input " + shapeString(x.shape));
    const ImageShape s = imageShape(x, grid, true);
    const std::int64_t K = std::int64_t(s.C) * grid.patch.h * grid.patch.w;
    if (dim < 1 || dim > K)
        throw InputError("--init pca-patches needs --embed-dim " + str(dim) +
                         " ≤ C·P·Q = " + str(K));
    const std::int64_t N = grid.count();
    std::vector<std::int64_t> all(static_cast<std::size_t>(B * N));
    std::iota(all.begin(), all.end(), std::int64_t(0));
    const std::int64_t imageValues = std::int64_t(s.C) * s.H * s.W;
    const RowSource source = [&](const std::int64_t* idx, std::int64_t count, float* dst) {
        parallelFor(count * K > kSerialWork ? 0 : 1, count, kRowsPerTask,
                    [&](std::int64_t i0, std::int64_t i1) {
                        for (std::int64_t i = i0; i < i1; ++i)
                            packOne(x.data.data() + idx[i] / N * imageValues, s.C, s.H, s.W, grid,
                                    idx[i] % N, dst + i * K);
                    });
    };
    const Pca p = pcaOf(source, all, K, dim, progress);

    PatchEmbedWeights w;
    w.proj = Tensor({dim, s.C, grid.patch.h, grid.patch.w}, p.components);
    if (bias) {
        // y = W·(x - mean) = W·x - W·mean.
        const Eigen::Map<const RowMatrixF> W(p.components.data(), dim, K);
        const Eigen::Map<const Eigen::VectorXf> mean(p.mean.data(), K);
        const Eigen::VectorXd b = -(W.cast<double>() * mean.cast<double>());
        w.bias.resize(std::size_t(dim));
        for (int d = 0; d < dim; ++d)
            w.bias[std::size_t(d)] = float(b[d]);
    }
    return w;
}

} // namespace tessera
