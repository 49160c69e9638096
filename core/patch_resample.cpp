#include "patch_resample.hpp"

#include "error.hpp"
#include "resample.hpp"

#include <Eigen/SVD>

#include <algorithm>
#include <cfloat>

namespace tessera {
namespace {

// The 1-D resampling as a matrix (out × in).
Eigen::MatrixXd axisMatrix(int in, int out) {
    Eigen::MatrixXd m = Eigen::MatrixXd::Zero(out, in);
    const auto taps = resampleTaps(in, out, Interpolation::Bicubic, true);
    for (int o = 0; o < out; ++o)
        for (std::size_t k = 0; k < taps[o].index.size(); ++k)
            m(o, taps[o].index[k]) += taps[o].weight[k];
    return m;
}

Eigen::MatrixXd pseudoInverse(const Eigen::MatrixXd& r) {
    Eigen::BDCSVD<Eigen::MatrixXd> svd(r, Eigen::ComputeThinU | Eigen::ComputeThinV);
    const auto& s = svd.singularValues();
    const double cutoff =
        double(std::max(r.rows(), r.cols())) * FLT_EPSILON * (s.size() ? s(0) : 0);
    Eigen::VectorXd inv = Eigen::VectorXd::Zero(s.size());
    for (Eigen::Index i = 0; i < s.size(); ++i)
        if (s(i) > cutoff)
            inv(i) = 1.0 / s(i);
    return svd.matrixV() * inv.asDiagonal() * svd.matrixU().transpose();
}

// R is dense, in double, and its pseudo-inverse an SVD: past this many elements (256 MB) the
// work is minutes and gigabytes, far beyond any patch size FlexiViT uses (8 to 48).
constexpr std::int64_t kMaxResizeMatrix = std::int64_t(1) << 25;

void checkResizeMatrix(Size2 from, Size2 to) {
    if (from.h < 1 || from.w < 1 || to.h < 1 || to.w < 1)
        throw InputError("cannot resample a " + sizeString(from) + " kernel to " + sizeString(to));
    const std::int64_t elements =
        checkedProduct({to.h, to.w, from.h, from.w}, "the PI-resize matrix's size");
    if (elements > kMaxResizeMatrix)
        throw InputError("PI-resizing a " + sizeString(from) + " kernel to " + sizeString(to) +
                         " needs a " + std::to_string(std::int64_t(to.h) * to.w) + " × " +
                         std::to_string(std::int64_t(from.h) * from.w) +
                         " resize matrix, over the " + std::to_string(kMaxResizeMatrix) +
                         "-element (256 MB) limit");
}

} // namespace

Eigen::MatrixXd patchResizeMatrix(Size2 from, Size2 to) {
    checkResizeMatrix(from, to);
    // Resizing is separable, so R is the Kronecker product of the two axes' matrices:
    // R[(y, x), (i, j)] = rows(y, i) · cols(x, j).
    const Eigen::MatrixXd rows = axisMatrix(from.h, to.h), cols = axisMatrix(from.w, to.w);
    Eigen::MatrixXd r(to.h * to.w, from.h * from.w);
    for (int y = 0; y < to.h; ++y)
        for (int x = 0; x < to.w; ++x)
            for (int i = 0; i < from.h; ++i)
                for (int j = 0; j < from.w; ++j)
                    r(y * to.w + x, i * from.w + j) = rows(y, i) * cols(x, j);
    return r;
}

Tensor resamplePatchKernel(const Tensor& kernel, Size2 to) {
    if (kernel.rank() != 4)
        throw InputError("a patch-embedding kernel is (D, C, P, Q), got " +
                         shapeString(kernel.shape));
    const Size2 from{int(kernel.dim(2)), int(kernel.dim(3))};
    if (from == to)
        return kernel;
    checkResizeMatrix(from, to);
    const Eigen::MatrixXd pinv = pseudoInverse(patchResizeMatrix(from, to)); // PQ × P'Q'
    const Eigen::Index rows = kernel.dim(0) * kernel.dim(1);
    using RowMatrixF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    const Eigen::Map<const RowMatrixF> w(kernel.data.data(), rows, from.h * from.w);
    Tensor out({kernel.dim(0), kernel.dim(1), to.h, to.w});
    Eigen::Map<RowMatrixF>(out.data.data(), rows, to.h * to.w) =
        (w.cast<double>() * pinv).cast<float>();
    return out;
}

} // namespace tessera
