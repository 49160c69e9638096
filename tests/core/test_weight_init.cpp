// Initialisation statistics within bounds, and reproducibility by seed.
#include "weight_init.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace tessera {
namespace {

struct Stats {
    double mean = 0, std = 0, min = 1e30, max = -1e30;
};

Stats stats(const std::vector<float>& v) {
    Stats s;
    for (float x : v) {
        s.mean += x;
        s.min = std::min(s.min, double(x));
        s.max = std::max(s.max, double(x));
    }
    s.mean /= double(v.size());
    for (float x : v)
        s.std += (x - s.mean) * (x - s.mean);
    s.std = std::sqrt(s.std / double(v.size()));
    return s;
}

constexpr int kD = 192, kC = 3; // fan_in = 3·16·16 = 768; 147,456 draws
constexpr double kFanIn = 768;

TEST(WeightInit, PytorchDefaultIsKaimingUniformWithUniformBias) {
    const auto w = initWeights(InitScheme::PytorchDefault, kD, kC, {16, 16}, true, 1);
    const double bound = 1 / std::sqrt(kFanIn);
    const Stats s = stats(w.proj.data);
    EXPECT_GE(s.min, -bound);
    EXPECT_LE(s.max, bound);
    EXPECT_NEAR(s.std, bound / std::sqrt(3.0), 0.02 * bound);
    EXPECT_NEAR(s.mean, 0, 0.01 * bound);
    ASSERT_EQ(w.bias.size(), std::size_t(kD));
    const Stats b = stats(w.bias);
    EXPECT_GE(b.min, -bound);
    EXPECT_LE(b.max, bound);
    EXPECT_GT(b.max - b.min, bound); // spread over the range, not zeros
}

TEST(WeightInit, LecunNormalIsTruncatedWithTheVarianceRestored) {
    const auto w = initWeights(InitScheme::LecunNormal, kD, kC, {16, 16}, true, 2);
    const double target = std::sqrt(1 / kFanIn);
    const double sigma = target / 0.87962566103423978;
    const Stats s = stats(w.proj.data);
    EXPECT_GE(s.min, -2 * sigma);
    EXPECT_LE(s.max, 2 * sigma);
    EXPECT_NEAR(s.std, target, 0.02 * target); // the 0.8796 factor gives back std √(1/fan_in)
    EXPECT_EQ(stats(w.bias).max, 0.0);
    EXPECT_EQ(stats(w.bias).min, 0.0);
}

TEST(WeightInit, XavierUniformUsesFanInAndEmbedDim) {
    const auto w = initWeights(InitScheme::XavierUniform, kD, kC, {16, 16}, true, 3);
    const double bound = std::sqrt(6 / (kFanIn + kD));
    const Stats s = stats(w.proj.data);
    EXPECT_GE(s.min, -bound);
    EXPECT_LE(s.max, bound);
    EXPECT_NEAR(s.std, bound / std::sqrt(3.0), 0.02 * bound);
}

TEST(WeightInit, TruncNormalHasStd002) {
    const auto w = initWeights(InitScheme::TruncNormal, kD, kC, {16, 16}, false, 4);
    const Stats s = stats(w.proj.data);
    EXPECT_NEAR(s.std, 0.02, 0.0005);
    EXPECT_NEAR(s.mean, 0, 0.0005);
    EXPECT_GT(s.max, 0.06); // a normal, not clipped near ±2σ
    EXPECT_TRUE(w.bias.empty());
}

TEST(WeightInit, SameSeedSameWeightsOtherSeedOthers) {
    for (auto scheme : {InitScheme::PytorchDefault, InitScheme::LecunNormal,
                        InitScheme::XavierUniform, InitScheme::TruncNormal}) {
        const auto a = initWeights(scheme, 16, 3, {4, 4}, true, 42);
        const auto b = initWeights(scheme, 16, 3, {4, 4}, true, 42);
        const auto c = initWeights(scheme, 16, 3, {4, 4}, true, 43);
        EXPECT_EQ(a.proj.data, b.proj.data) << name(scheme);
        EXPECT_EQ(a.bias, b.bias) << name(scheme);
        EXPECT_NE(a.proj.data, c.proj.data) << name(scheme);
        EXPECT_EQ(a.proj.shape, (Shape{16, 3, 4, 4}));
    }
}

} // namespace
} // namespace tessera
