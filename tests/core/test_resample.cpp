// The resampler against values derived by hand, and the three things built on it.
#include "error.hpp"
#include "patch_resample.hpp"
#include "pil_resize.hpp"
#include "pos_embed.hpp"
#include "preprocess.hpp"
#include "resample.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace tessera {
namespace {

std::vector<float> resize1d(std::vector<float> v, int out, Interpolation mode, bool aa) {
    const auto n = std::int64_t(v.size()); // before v is moved from
    const Tensor t({1, n}, std::move(v));
    return resize(t, {1, out}, mode, aa).data;
}

void expectNear(const std::vector<float>& got, const std::vector<double>& want, double tol) {
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < want.size(); ++i)
        EXPECT_NEAR(got[i], want[i], tol) << "at " << i;
}

TEST(Resample, SameSizeIsTheIdentityInEveryMode) {
    std::vector<float> v{3, -1, 4, 1, -5, 9};
    for (auto mode : {Interpolation::Nearest, Interpolation::Bilinear, Interpolation::Bicubic})
        for (bool aa : {false, true})
            expectNear(resize1d(v, 6, mode, aa), {3, -1, 4, 1, -5, 9}, 1e-6);
}

TEST(Resample, BilinearDoublesARampAsPyTorch) {
    // src = (d + 0.5) / 2 - 0.5, clamped at 0; the last sample clamps to the edge.
    expectNear(resize1d({0, 1, 2, 3}, 8, Interpolation::Bilinear, false),
               {0, 0.25, 0.75, 1.25, 1.75, 2.25, 2.75, 3}, 1e-6);
}

TEST(Resample, PlainBicubicUsesAMinus075AndAntialiasedAMinus05) {
    // One-hot [0, 1, 0, 0] doubled; output 2 sits at src 0.75.
    // Plain: weight of input 1 is cubic1(0.25, a = -0.75) = 0.87890625.
    EXPECT_NEAR(resize1d({0, 1, 0, 0}, 8, Interpolation::Bicubic, false)[2], 0.87890625, 1e-7);
    // Antialiased (upsampling: support 2, taps 0..2 at -0.75, 0.25, 1.25 with a = -0.5):
    // 0.2265625, 0.8671875, -0.0703125, normalised by their sum 1.0234375.
    EXPECT_NEAR(resize1d({0, 1, 0, 0}, 8, Interpolation::Bicubic, true)[2], 0.8671875 / 1.0234375,
                1e-7);
}

TEST(Resample, AntialiasWidensTheKernelWhenShrinking) {
    // Halving with antialiased bilinear: output 1 has centre 3, support 2: inputs 1..4 weigh
    // tri(0.75), tri(0.25), tri(0.25), tri(0.75) = 0.25, 0.75, 0.75, 0.25, normalised by 2.
    const auto taps = resampleTaps(8, 4, Interpolation::Bilinear, true);
    EXPECT_EQ(taps[1].index, (std::vector<int>{1, 2, 3, 4}));
    expectNear({taps[1].weight.begin(), taps[1].weight.end()}, {0.125, 0.375, 0.375, 0.125}, 1e-12);
    // Without antialias only the two nearest inputs count.
    EXPECT_EQ(resampleTaps(8, 4, Interpolation::Bilinear, false)[1].index.size(), 2u);
}

TEST(Resample, NearestFloorsTheScaledIndex) {
    expectNear(resize1d({10, 20, 30, 40}, 3, Interpolation::Nearest, false), {10, 20, 30}, 0);
    expectNear(resize1d({10, 20, 30}, 5, Interpolation::Nearest, false), {10, 10, 20, 20, 30}, 0);
}

TEST(Resample, WorksOnEveryPlaneOfABatch) {
    Tensor x({2, 3, 4, 4});
    for (std::size_t i = 0; i < x.size(); ++i)
        x.data[i] = float(i / 16); // each plane constant
    const Tensor y = resize(x, {7, 5}, Interpolation::Bicubic, true);
    EXPECT_EQ(y.shape, (Shape{2, 3, 7, 5}));
    for (std::size_t i = 0; i < y.size(); ++i)
        ASSERT_NEAR(y.data[i], float(i / 35), 1e-5); // weights sum to 1: constants stay
}

TEST(PiResize, UpsampledKernelSeesTheResizedPatchAsTheOldOneSawTheOriginal) {
    std::mt19937 gen(3);
    std::normal_distribution<float> n;
    Tensor w({3, 2, 4, 4});
    for (float& v : w.data)
        v = n(gen);
    const Size2 to{7, 6};
    const Tensor wNew = resamplePatchKernel(w, to);
    EXPECT_EQ(wNew.shape, (Shape{3, 2, 7, 6}));
    const Eigen::MatrixXd r = patchResizeMatrix({4, 4}, to);
    for (int trial = 0; trial < 5; ++trial) {
        Eigen::VectorXd x(16);
        for (auto& v : x)
            v = n(gen);
        const Eigen::VectorXd rx = r * x;
        for (int k = 0; k < 6; ++k) { // every (out, in) kernel
            double old = 0, now = 0;
            for (int i = 0; i < 16; ++i)
                old += x(i) * w.data[std::size_t(k) * 16 + i];
            for (int i = 0; i < 42; ++i)
                now += rx(i) * wNew.data[std::size_t(k) * 42 + i];
            EXPECT_NEAR(now, old, 1e-4 * (1 + std::abs(old)));
        }
    }
    EXPECT_EQ(resamplePatchKernel(w, {4, 4}).data, w.data); // same size: unchanged
    EXPECT_THROW(resamplePatchKernel(Tensor({3, 4, 4}), to), InputError);
}

TEST(PosEmbed, SinCosOrderIsSinHSinWCosHCosW) {
    const Tensor t = sincos2dPosEmbed({3, 5}, 8);
    EXPECT_EQ(t.shape, (Shape{15, 8}));
    const int n = 1 * 5 + 2;                      // h = 1, w = 2
    const double b1 = 1 / std::pow(10000.0, 0.5); // k = 1 of 2
    const float* row = t.data.data() + n * 8;
    EXPECT_NEAR(row[0], std::sin(1.0), 1e-6);
    EXPECT_NEAR(row[1], std::sin(1.0 * b1), 1e-6);
    EXPECT_NEAR(row[2], std::sin(2.0), 1e-6);
    EXPECT_NEAR(row[3], std::sin(2.0 * b1), 1e-6);
    EXPECT_NEAR(row[4], std::cos(1.0), 1e-6);
    EXPECT_NEAR(row[7], std::cos(2.0 * b1), 1e-6);
    EXPECT_THROW(sincos2dPosEmbed({3, 5}, 10), InputError);
}

TEST(PosEmbed, ResampleKeepsPrefixTokensAndChecksTheGrid) {
    Tensor pos({1, 1 + 16, 2});
    for (std::size_t i = 0; i < pos.size(); ++i)
        pos.data[i] = float(i % 2 ? 1 : -1) * 0.5f + (i < 2 ? 7.0f : 0.0f);
    const Tensor out = resamplePosEmbed(pos, {6, 3}, 1);
    EXPECT_EQ(out.shape, (Shape{1, 1 + 18, 2}));
    EXPECT_EQ(out.data[0], pos.data[0]); // class token untouched
    EXPECT_EQ(out.data[1], pos.data[1]);
    EXPECT_NEAR(out.data[2], -0.5f, 1e-6); // constant channels stay constant
    EXPECT_NEAR(out.data[3], 0.5f, 1e-6);
    try {
        resamplePosEmbed(pos, {6, 3}, 1, Size2{3, 4});
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("3x4"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("16"), std::string::npos) << e.what();
    }
    EXPECT_THROW(resamplePosEmbed(Tensor({1, 1 + 15, 2}), {4, 4}, 1), InputError); // not square
}

TEST(Preprocess, ChelseaPlanIsTimmsEvalTransform) {
    Spec s;
    s.imgSize = Size2{224, 224};
    const PreprocessPlan p = planPreprocess({300, 451}, s);
    EXPECT_EQ(p.fit, ImageFit::CenterCrop);
    EXPECT_EQ(p.resized, (Size2{256, 384})); // 224 / 0.875 = 256; int(256 · 451 / 300) = 384
    EXPECT_EQ(p.cropY, 16);
    EXPECT_EQ(p.cropX, 80);
    EXPECT_EQ(p.output, (Size2{224, 224}));
    s.preset = "inception"; // crop_pct 0.9: int(224 / 0.9) = 248
    EXPECT_EQ(planPreprocess({300, 451}, s).resized, (Size2{248, 372}));
    s.fit = ImageFit::Squash;
    EXPECT_EQ(planPreprocess({300, 451}, s).resized, (Size2{224, 224}));
    s.fit = ImageFit::CropToMultiple;
    s.patch = Size2{16, 16};
    const PreprocessPlan m = planPreprocess({300, 451}, s);
    EXPECT_EQ(m.output, (Size2{288, 448}));
    EXPECT_EQ(m.cropY, 6);
    EXPECT_EQ(m.cropX, 2); // round(1.5) = 2, half to even
    s.patch = Size2{512, 512};
    EXPECT_THROW(planPreprocess({300, 451}, s), InputError);
    Spec noSize;
    noSize.fit = ImageFit::CenterCrop;
    EXPECT_THROW(planPreprocess({300, 451}, noSize), InputError);
}

TEST(Preprocess, PresetsAndLuminanceStatistics) {
    Spec s;
    EXPECT_EQ(meanFor(s, 3), (std::vector<double>{0.485, 0.456, 0.406}));
    EXPECT_NEAR(meanFor(s, 1)[0], 0.299 * 0.485 + 0.587 * 0.456 + 0.114 * 0.406, 1e-12);
    s.preset = "clip";
    EXPECT_EQ(stdFor(s, 3)[0], 0.26862954);
    s.std = {0.5};
    EXPECT_EQ(stdFor(s, 3), std::vector<double>{0.5}); // an explicit flag beats the preset
    EXPECT_THROW(presetNamed("laion"), InputError);
}

TEST(PilResize, KeepsUniformImagesAndStaysNearTheFloatResize) {
    ImageU8 flat{37, 23, 3, std::vector<std::uint8_t>(37 * 23 * 3, 200)};
    for (auto mode : {Interpolation::Bilinear, Interpolation::Bicubic, Interpolation::Nearest}) {
        const ImageU8 r = pilResize(flat, {50, 11}, mode);
        EXPECT_EQ(r.width, 11);
        EXPECT_EQ(r.height, 50);
        for (auto v : r.pixels)
            ASSERT_EQ(v, 200);
    }
    // A smooth gradient: 8-bit two-pass PIL and the float resampler agree within one level.
    ImageU8 g{64, 48, 1, std::vector<std::uint8_t>(64 * 48)};
    Tensor f({1, 48, 64});
    for (int y = 0; y < 48; ++y)
        for (int x = 0; x < 64; ++x) {
            g.pixels[y * 64 + x] = std::uint8_t(2 * x + y);
            f.data[y * 64 + x] = float(2 * x + y);
        }
    const ImageU8 p = pilResize(g, {20, 30}, Interpolation::Bicubic);
    const Tensor q = resize(f, {20, 30}, Interpolation::Bicubic, true);
    for (std::size_t i = 0; i < p.pixels.size(); ++i)
        ASSERT_NEAR(p.pixels[i], q.data[i], 1.0) << i;
}

} // namespace
} // namespace tessera
