#include "error.hpp"
#include "patch_grid.hpp"

#include <gtest/gtest.h>

namespace tessera {
namespace {

std::string messageOf(Size2 in, Size2 p, PadPolicy pad, std::optional<Size2> img) {
    try {
        planGrid(in, p, pad, img);
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

TEST(PatchGrid, DynamicPadsBottomRightToAMultiple) {
    const PatchGrid g = planGrid({300, 451}, {16, 16}, PadPolicy::Dynamic, std::nullopt);
    EXPECT_EQ(g.gh, 19);
    EXPECT_EQ(g.gw, 29);
    EXPECT_EQ(g.count(), 551);
    EXPECT_EQ(g.padBottom(), 4);
    EXPECT_EQ(g.padRight(), 13);
    EXPECT_EQ(g.cropBottom(), 0);
}

TEST(PatchGrid, StrictChecksImgSizeAndDropsRemainderLikeConv2d) {
    const PatchGrid g = planGrid({30, 30}, {8, 8}, PadPolicy::Strict, Size2{30, 30});
    EXPECT_EQ(g.gh, 3);
    EXPECT_EQ(g.cropBottom(), 6);
    EXPECT_EQ(g.cropRight(), 6);
    const std::string m = messageOf({200, 224}, {16, 16}, PadPolicy::Strict, Size2{224, 224});
    EXPECT_NE(m.find("height 200"), std::string::npos) << m;
    EXPECT_NE(m.find("224"), std::string::npos) << m;
    EXPECT_NE(messageOf({224, 224}, {16, 16}, PadPolicy::Strict, std::nullopt), "");
}

TEST(PatchGrid, NoneNeedsDivisibleSides) {
    EXPECT_EQ(planGrid({60, 60}, {6, 10}, PadPolicy::None, std::nullopt).count(), 60);
    const std::string m = messageOf({64, 50}, {16, 16}, PadPolicy::None, std::nullopt);
    EXPECT_NE(m.find("width 50"), std::string::npos) << m;
    EXPECT_NE(m.find("16"), std::string::npos) << m;
}

TEST(PatchGrid, PatchLargerThanInputIsExplained) {
    const std::string m = messageOf({10, 10}, {16, 16}, PadPolicy::Strict, Size2{10, 10});
    EXPECT_NE(m.find("larger than the input"), std::string::npos) << m;
    // Dynamic padding makes one padded patch out of it, as timm does.
    EXPECT_EQ(planGrid({10, 10}, {16, 16}, PadPolicy::Dynamic, std::nullopt).count(), 1);
}

} // namespace
} // namespace tessera
