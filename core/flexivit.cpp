#include "flexivit.hpp"

#include "error.hpp"
#include "patch_resample.hpp"
#include "resample.hpp"

#include <cmath>

namespace tessera {
namespace {

double dot(std::span<const float> a, std::span<const float> b) {
    double s = 0;
    for (std::size_t k = 0; k < a.size(); ++k)
        s += double(a[k]) * double(b[k]);
    return s;
}

} // namespace

std::vector<float> resizePatchValues(std::span<const float> patch, int channels, Size2 from,
                                     Size2 to) {
    const std::size_t in = std::size_t(from.h) * from.w, out = std::size_t(to.h) * to.w;
    if (channels < 1 || patch.size() != in * channels)
        throw InputError("a patch of " + std::to_string(channels) + " x " + sizeString(from) +
                         " has " + std::to_string(in * channels) + " values, got " +
                         std::to_string(patch.size()));
    const Eigen::MatrixXd r = patchResizeMatrix(from, to); // out × in
    std::vector<float> result(out * channels);
    for (int c = 0; c < channels; ++c) {
        const Eigen::Map<const Eigen::VectorXf> x(patch.data() + c * in, Eigen::Index(in));
        Eigen::Map<Eigen::VectorXf>(result.data() + c * out, Eigen::Index(out)) =
            (r * x.cast<double>()).cast<float>();
    }
    return result;
}

Tensor bilinearPatchKernel(const Tensor& kernel, Size2 to) {
    if (kernel.rank() != 4)
        throw InputError("a patch-embedding kernel is (D, C, P, Q), got " +
                         shapeString(kernel.shape));
    return resize(kernel, to, Interpolation::Bilinear, false);
}

std::span<const float> kernelRow(const Tensor& kernel, int d) {
    if (kernel.rank() != 4 || d < 0 || d >= kernel.dim(0))
        throw InputError("no filter " + std::to_string(d) + " in a kernel of shape " +
                         shapeString(kernel.shape));
    const std::size_t k = std::size_t(kernel.dim(1) * kernel.dim(2) * kernel.dim(3));
    return {kernel.data.data() + std::size_t(d) * k, k};
}

FlexiVitCheck flexiVitCheck(std::span<const float> patch, const Tensor& oldKernel,
                            const Tensor& newKernel, const Tensor& bilinearKernel, int d) {
    if (oldKernel.rank() != 4 || newKernel.rank() != 4 || bilinearKernel.shape != newKernel.shape ||
        oldKernel.dim(0) != newKernel.dim(0) || oldKernel.dim(1) != newKernel.dim(1))
        throw InputError("kernels " + shapeString(oldKernel.shape) + ", " +
                         shapeString(newKernel.shape) + " and " +
                         shapeString(bilinearKernel.shape) + " do not belong together");
    const int c = int(oldKernel.dim(1));
    const Size2 from{int(oldKernel.dim(2)), int(oldKernel.dim(3))};
    const Size2 now{int(newKernel.dim(2)), int(newKernel.dim(3))};
    const std::vector<float> x = resizePatchValues(patch, c, now, from);
    const std::vector<float> rx = resizePatchValues(x, c, from, now);
    const std::span<const float> wOld = kernelRow(oldKernel, d);
    FlexiVitCheck out;
    out.original = dot(x, wOld);
    out.piResized = dot(rx, kernelRow(newKernel, d));
    out.bilinear = dot(rx, kernelRow(bilinearKernel, d));
    for (std::size_t k = 0; k < x.size(); ++k)
        out.scale += std::abs(double(x[k]) * double(wOld[k]));
    return out;
}

} // namespace tessera
