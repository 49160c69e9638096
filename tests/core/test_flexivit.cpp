// The FlexiViT check (core/flexivit.hpp) against resizes made apart with the plain resampler:
// PI-resize keeps ⟨x, w⟩ for a larger patch, a bilinear resize of the kernel does not.
#include "error.hpp"
#include "flexivit.hpp"
#include "patch_resample.hpp"
#include "resample.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace tessera {
namespace {

Tensor randomTensor(Shape shape, std::uint32_t seed) {
    Tensor t(shape);
    std::mt19937 gen(seed);
    std::normal_distribution<float> n(0.f, 1.f);
    for (float& v : t.data)
        v = n(gen);
    return t;
}

double dot(const std::vector<float>& a, std::span<const float> b) {
    double s = 0;
    for (std::size_t k = 0; k < a.size(); ++k)
        s += double(a[k]) * b[k];
    return s;
}

// (C, from) values resized with F.interpolate(bicubic, antialias=True), as a tensor.
std::vector<float> resizedApart(const std::vector<float>& v, int c, Size2 from, Size2 to) {
    return resize(Tensor({c, from.h, from.w}, v), to, Interpolation::Bicubic, true).data;
}

TEST(FlexiVit, PatchResizeIsTheAntialiasedBicubicResampler) {
    const Tensor x = randomTensor({3, 6, 5}, 1);
    const std::vector<float> got = resizePatchValues(x.data, 3, {6, 5}, {9, 4});
    const std::vector<float> want = resizedApart(x.data, 3, {6, 5}, {9, 4});
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < got.size(); ++i)
        EXPECT_NEAR(got[i], want[i], 1e-5) << i;
}

TEST(FlexiVit, PiResizeKeepsTheTokenForALargerPatchAndBilinearDoesNot) {
    const Size2 from{8, 8}, to{12, 12};
    // Filters with a positive mean and a patch around 1, so no sum cancels to nearly 0: each
    // token is mostly the filter's response to brightness.
    Tensor wOld = randomTensor({4, 3, from.h, from.w}, 2);
    for (float& v : wOld.data)
        v += 1.f;
    const Tensor wNew = resamplePatchKernel(wOld, to);
    const Tensor wBil = bilinearPatchKernel(wOld, to);
    Tensor patch = randomTensor({3, to.h, to.w}, 3); // the run's patch, at 12×12
    for (float& v : patch.data)
        v = 1.f + 0.3f * v;
    for (int d = 0; d < 4; ++d) {
        const FlexiVitCheck c = flexiVitCheck(patch.data, wOld, wNew, wBil, d);
        // x and R·x made apart, with the resampler itself.
        const std::vector<float> x = resizedApart(patch.data, 3, to, from);
        const std::vector<float> rx = resizedApart(x, 3, from, to);
        double scale = 0;
        for (std::size_t k = 0; k < x.size(); ++k)
            scale += std::abs(double(x[k]) * wOld.data[d * x.size() + k]);
        EXPECT_NEAR(c.scale, scale, 1e-9 * scale);
        EXPECT_NEAR(c.original, dot(x, kernelRow(wOld, d)), 1e-5 * scale);
        EXPECT_NEAR(c.bilinear, dot(rx, kernelRow(wBil, d)), 1e-5 * scale);
        // The property, to float rounding.
        EXPECT_NEAR(c.piResized, c.original, 1e-5 * scale) << "filter " << d;
        // A bilinear kernel sums over 2.25× as many pixels with weights of the same size.
        EXPECT_NEAR(c.bilinear / c.original, 2.25, 0.25) << "filter " << d;
    }
}

TEST(FlexiVit, BilinearKernelIsBilinearPerFilterAndChannel) {
    const Tensor w = randomTensor({2, 3, 4, 4}, 4);
    const Tensor b = bilinearPatchKernel(w, {6, 6});
    ASSERT_EQ(b.shape, (Shape{2, 3, 6, 6}));
    // Corner output (0, 0): src = (0.5)·(4/6) - 0.5 < 0, clamped to 0: the corner weight itself.
    for (int i = 0; i < 6; ++i)
        EXPECT_FLOAT_EQ(b.data[std::size_t(i) * 36], w.data[std::size_t(i) * 16]);
}

TEST(FlexiVit, RefusesKernelsThatDoNotBelongTogether) {
    const Tensor a = randomTensor({2, 3, 4, 4}, 5), b = randomTensor({3, 3, 6, 6}, 6);
    const std::vector<float> patch(3 * 36, 1.f);
    EXPECT_THROW(flexiVitCheck(patch, a, b, b, 0), InputError);
    EXPECT_THROW(kernelRow(a, 2), InputError);
    EXPECT_THROW(resizePatchValues(patch, 3, {4, 4}, {6, 6}), InputError);
}

} // namespace
} // namespace tessera
