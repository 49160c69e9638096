// The token sequence after PatchEmbed (token_sequence.hpp) against timm's rules written out by
// hand, and a checkpoint's table resampled to a new grid against the golden case computed by the
// real timm (tests/data/golden/posembed_14_to_16).
#include "error.hpp"
#include "npy.hpp"
#include "pos_embed.hpp"
#include "token_sequence.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace tessera;

namespace {

Tensor randomTensor(Shape shape, unsigned seed) {
    Tensor t(std::move(shape));
    std::mt19937 rng(seed);
    std::normal_distribution<float> n;
    for (float& v : t.data)
        v = n(rng);
    return t;
}

// Row r of a (T, D) tensor.
std::vector<float> rowOf(const Tensor& t, std::int64_t r) {
    const std::int64_t d = t.shape.back();
    return {t.data.begin() + r * d, t.data.begin() + (r + 1) * d};
}

std::vector<float> plus(std::vector<float> a, const std::vector<float>& b) {
    for (std::size_t i = 0; i < a.size(); ++i)
        a[i] += b[i];
    return a;
}

FoundWeights checkpoint(std::int64_t d, int side, bool classRow, int regs = 0) {
    FoundWeights w;
    w.clsToken = randomTensor({1, 1, d}, 1);
    w.posEmbed = randomTensor({1, (classRow ? 1 : 0) + side * side, d}, 2);
    if (regs)
        w.regTokens = randomTensor({1, regs, d}, 3);
    return w;
}

} // namespace

TEST(TokenSequence, RandomWeightsGetAZeroClassTokenAndSinCosPositions) {
    const Size2 grid{3, 5};
    const Tensor patches = randomTensor({1, 15, 16}, 4);
    const TokenSequence s = tokenSequence(patches, grid, nullptr, {});
    ASSERT_EQ(s.tokens.shape, (Shape{16, 16}));
    EXPECT_EQ(s.classTokens, 1);
    EXPECT_FALSE(s.classFromFile);
    EXPECT_FALSE(s.classHasPosition);
    EXPECT_EQ(s.source, PositionSource::SinCos2d);
    EXPECT_EQ(rowOf(s.tokens, 0), std::vector<float>(16, 0.0f)); // zeros, no position
    const Tensor table = sincos2dPosEmbed(grid, 16);
    const Tensor flat({15, 16}, patches.data);
    for (int k = 0; k < 15; ++k)
        EXPECT_EQ(rowOf(s.tokens, 1 + k), plus(rowOf(flat, k), rowOf(table, k))) << k;
    EXPECT_EQ(patchPositions(s)->data, table.data);
}

TEST(TokenSequence, WithoutAClassTokenOrWithRegistersTheOrderFollowsTimm) {
    const Size2 grid{2, 2};
    const Tensor patches = randomTensor({4, 8}, 5);
    const TokenSequence none = tokenSequence(patches, grid, nullptr, {false, 0});
    EXPECT_EQ(none.tokens.shape, (Shape{4, 8}));
    EXPECT_EQ(none.prefixTokens(), 0);
    EXPECT_EQ(rowOf(none.tokens, 0), plus(rowOf(patches, 0), rowOf(sincos2dPosEmbed(grid, 8), 0)));

    const TokenSequence regs = tokenSequence(patches, grid, nullptr, {true, 3});
    EXPECT_EQ(regs.tokens.shape, (Shape{8, 8})); // class, 3 registers, 4 patches
    for (int r = 1; r <= 3; ++r)
        EXPECT_EQ(rowOf(regs.positions, r), std::vector<float>(8, 0.0f)); // no position
    EXPECT_EQ(rowOf(regs.tokens, 4), plus(rowOf(patches, 0), rowOf(sincos2dPosEmbed(grid, 8), 0)));
}

TEST(TokenSequence, ACheckpointsClassTokenAndTableAreAddedRowByRow) {
    const Size2 grid{4, 4};
    const FoundWeights w = checkpoint(12, 4, true);
    const Tensor patches = randomTensor({16, 12}, 6);
    const TokenSequence s = tokenSequence(patches, grid, &w, {});
    EXPECT_TRUE(s.classFromFile);
    EXPECT_TRUE(s.classHasPosition);
    EXPECT_EQ(s.source, PositionSource::Learned);
    ASSERT_TRUE(s.fileGrid);
    EXPECT_EQ(*s.fileGrid, grid);
    // Row 0: class token + position 0, exactly timm's cat-then-add.
    EXPECT_EQ(rowOf(s.tokens, 0), plus(rowOf(*w.clsToken, 0), rowOf(*w.posEmbed, 0)));
    for (int k = 0; k < 16; ++k)
        EXPECT_EQ(rowOf(s.tokens, 1 + k), plus(rowOf(patches, k), rowOf(*w.posEmbed, 1 + k)));

    // A table without a class row (no_embed_class): the class token gets no position.
    const FoundWeights noClassRow = checkpoint(12, 4, false);
    const TokenSequence t = tokenSequence(patches, grid, &noClassRow, {});
    EXPECT_FALSE(t.classHasPosition);
    EXPECT_EQ(rowOf(t.tokens, 0), rowOf(*noClassRow.clsToken, 0));
    EXPECT_EQ(rowOf(t.tokens, 1), plus(rowOf(patches, 0), rowOf(*noClassRow.posEmbed, 0)));

    // Registers from the file when their count is the one asked for.
    const FoundWeights withRegs = checkpoint(12, 4, true, 2);
    const TokenSequence r = tokenSequence(patches, grid, &withRegs, {true, 2});
    EXPECT_TRUE(r.regFromFile);
    EXPECT_EQ(rowOf(r.tokens, 2), rowOf(*withRegs.regTokens, 1));
    EXPECT_FALSE(tokenSequence(patches, grid, &withRegs, {true, 1}).regFromFile);
}

TEST(TokenSequence, ATableOfAnotherGridIsResampledAsTimmDoes) {
    // The golden case: a (1, 197, 32) table from a 14×14 ViT, resampled by the real timm to 16×16.
    const std::string dir =
        std::string(TESSERA_SOURCE_DIR) + "/tests/data/golden/posembed_14_to_16";
    FoundWeights w;
    w.posEmbed = loadNpy(dir + "/pos.npy");
    const Tensor want = loadNpy(dir + "/out.npy"); // (1, 257, 32)
    const Tensor patches({256, 32});               // zeros: the tokens are the positions
    const TokenSequence s = tokenSequence(patches, {16, 16}, &w, {});
    EXPECT_EQ(s.source, PositionSource::LearnedResampled);
    EXPECT_EQ(*s.fileGrid, (Size2{14, 14}));
    ASSERT_EQ(s.positions.size(), want.size());
    double worst = 0;
    for (std::size_t i = 0; i < want.size(); ++i)
        worst = std::max(worst, double(std::abs(s.positions.data[i] - want.data[i])));
    EXPECT_LT(worst, 2e-4); // the golden case's own tolerance
}

TEST(TokenSequence, RefusesWhatDoesNotFit) {
    const Tensor patches = randomTensor({6, 12}, 7);
    EXPECT_THROW(tokenSequence(patches, {2, 2}, nullptr, {}), InputError);
    FoundWeights odd = checkpoint(12, 4, true);
    odd.posEmbed = randomTensor({1, 15, 12}, 8); // neither a square nor 1 + a square
    EXPECT_THROW(tokenSequence(patches, {2, 3}, &odd, {}), InputError);
    EXPECT_THROW(tokenSequence(patches, {2, 3}, nullptr, {true, 65}), InputError);
    // D not divisible by 4 and no table: no positions, said so.
    const TokenSequence s = tokenSequence(randomTensor({6, 10}, 9), {2, 3}, nullptr, {});
    EXPECT_EQ(s.source, PositionSource::None);
    EXPECT_FALSE(patchPositions(s));
}
