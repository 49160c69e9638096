// The overlay painter with norms that are not finite: NaN and ±inf patches are painted in the
// "no value" colour, the heat map's range comes from the finite norms, and nothing is undefined.
#include "overlay_painter.hpp"

#include <QGuiApplication>

#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <limits>
#include <vector>

namespace tessera::io {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

class OverlayPainter : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        // Painting text (the colour bar's labels) needs fonts, so a QGuiApplication.
        static int argc = 1;
        static char name[] = "tessera_io_tests";
        static char* argv[] = {name, nullptr};
        if (!QGuiApplication::instance())
            new QGuiApplication(argc, argv);
    }

    // A 32×32 grey image cut into 4×4 patches of 8, with one norm per patch.
    static OverlayScene scene(const std::vector<float>& norms) {
        ImageU8 grey{32, 32, 3, std::vector<std::uint8_t>(32 * 32 * 3, 128)};
        PreprocessPlan plan;
        plan.source = plan.resized = plan.output = {32, 32};
        const PatchGrid g = planGrid({32, 32}, {8, 8}, PadPolicy::None, std::nullopt);
        return OverlayScene::make(grey, plan, g, norms.data());
    }

    // The heat map alone, opaque, 4 device pixels an image pixel; the colour at patch i's centre.
    static QColor heatAt(const OverlayScene& s, int i) {
        OverlayStyle style;
        style.grid = style.labels = style.cropAndPadding = false;
        style.map = true;
        style.mapOpacity = 1;
        const QImage out = renderOverlay(s, style, 4);
        return out.pixelColor(((i % 4) * 8 + 4) * 4, ((i / 4) * 8 + 4) * 4);
    }
};

TEST_F(OverlayPainter, NonFiniteNormsArePaintedAsNoValue) {
    std::vector<float> norms(16);
    for (int i = 0; i < 16; ++i)
        norms[std::size_t(i)] = 1.0f + float(i);
    norms[3] = kNaN;
    norms[6] = kInf;
    norms[9] = -kInf;
    norms[12] = -kNaN;
    const OverlayScene s = scene(norms);
    EXPECT_EQ(s.map.noValue, 4);
    EXPECT_EQ(s.map.min, 1.0);
    EXPECT_EQ(s.map.max, 16.0);
    for (int i : {3, 6, 9, 12})
        EXPECT_EQ(heatAt(s, i), noValueColour()) << "patch " << i;
    for (int i : {0, 1, 2, 4, 5, 7, 8, 10, 11, 13, 14, 15})
        EXPECT_NE(heatAt(s, i), noValueColour()) << "patch " << i;
    EXPECT_EQ(heatAt(s, 0), viridis(0));
    EXPECT_EQ(heatAt(s, 15), viridis(1));
}

TEST_F(OverlayPainter, NothingFiniteIsAllNoValue) {
    const std::vector<float> norms{kNaN, kInf, -kInf, kNaN, kNaN, kNaN, kInf, kInf,
                                   kNaN, kNaN, kNaN,  kNaN, kNaN, kNaN, kNaN, kNaN};
    const OverlayScene s = scene(norms);
    EXPECT_EQ(s.map.noValue, 16);
    EXPECT_EQ(s.map.min, 0.0);
    EXPECT_EQ(s.map.max, 0.0);
    for (int i = 0; i < 16; ++i)
        EXPECT_EQ(heatAt(s, i), noValueColour()) << "patch " << i;
}

TEST_F(OverlayPainter, RangeWiderThanAFloatHolds) {
    std::vector<float> norms(16, 1.0f);
    norms[0] = -FLT_MAX; // the span FLT_MAX - -FLT_MAX overflows a float
    norms[15] = FLT_MAX;
    const OverlayScene s = scene(norms);
    EXPECT_EQ(s.map.noValue, 0);
    EXPECT_EQ(heatAt(s, 0), viridis(0));
    EXPECT_EQ(heatAt(s, 15), viridis(1));
    EXPECT_EQ(heatAt(s, 5), viridis(0.5));
}

TEST_F(OverlayPainter, ViridisTakesAnyDouble) {
    EXPECT_EQ(viridis(std::nan("")), noValueColour());
    EXPECT_EQ(viridis(-HUGE_VAL), viridis(0));
    EXPECT_EQ(viridis(HUGE_VAL), viridis(1));
}

// The bundle's overlay.png is painted band by band; decoded, it is the whole picture pixel for
// pixel: lines, labels and outlines that cross a band's edge included, and the legend.
TEST_F(OverlayPainter, TheBandedPngIsTheWholePicture) {
    // 200×150, padded to 208×160 by P16, at 3× (624 + legend by 480 pixels): cells are 48 pixels,
    // so band edges every 128 rows cut through cells, labels, outlines and the colour bar.
    ImageU8 picture{200, 150, 3, std::vector<std::uint8_t>(200 * 150 * 3)};
    for (std::size_t i = 0; i < picture.pixels.size(); ++i)
        picture.pixels[i] = std::uint8_t((i * 37) % 251);
    PreprocessPlan plan;
    plan.source = plan.resized = plan.output = {150, 200};
    const PatchGrid g = planGrid({150, 200}, {16, 16}, PadPolicy::Dynamic, std::nullopt);
    std::vector<float> norms(std::size_t(g.count()));
    for (std::size_t i = 0; i < norms.size(); ++i)
        norms[i] = float(i % 17);
    OverlayScene s = OverlayScene::make(borrowedQImage(picture), plan, g, norms.data());
    s.map.outlined = {0, 7, 20, 40};
    OverlayStyle style;
    style.map = true;
    const QImage whole = renderOverlay(s, style, 3);
    ASSERT_GT(whole.height(), 3 * kOverlayBandRows);
    std::string png;
    writeOverlayPng(
        s, style, 3,
        [&png](const void* data, std::size_t bytes) {
            png.append(static_cast<const char*>(data), bytes);
        },
        1);
    const QImage decoded =
        QImage::fromData(reinterpret_cast<const uchar*>(png.data()), int(png.size()), "PNG");
    ASSERT_FALSE(decoded.isNull());
    EXPECT_EQ(decoded.convertToFormat(QImage::Format_RGB32),
              whole.convertToFormat(QImage::Format_RGB32));
    // And the borrowed picture is the copied one.
    EXPECT_EQ(borrowedQImage(picture), toQImage(picture));
}

TEST_F(OverlayPainter, ThePreviewIsReadyForScalingOnTheGuiThread) {
    // The view reduces the preview for the screen on the GUI thread at every new result; Qt's
    // smooth scaling first converts anything but RGB32 / ARGB32_Premultiplied (50 ms for 1600²).
    ImageU8 rgb{2000, 1000, 3, std::vector<std::uint8_t>(2000 * 1000 * 3)};
    for (std::size_t i = 0; i < rgb.pixels.size(); ++i)
        rgb.pixels[i] = std::uint8_t((i * 31) % 253);
    const QImage picture = toQImage(rgb);
    const QImage preview = OverlayScene::previewOf(picture);
    ASSERT_FALSE(preview.isNull());
    EXPECT_EQ(preview.size(), QSize(OverlayScene::kPreviewSide, OverlayScene::kPreviewSide / 2));
    EXPECT_EQ(preview.format(), QImage::Format_RGB32);
    // The same picture, reduced: a pixel of a uniform region keeps its colour.
    QImage flat(2000, 1000, QImage::Format_RGB888);
    flat.fill(QColor(10, 200, 30));
    EXPECT_EQ(OverlayScene::previewOf(flat).pixelColor(800, 400), QColor(10, 200, 30));

    QImage withAlpha(2000, 1000, QImage::Format_RGBA8888);
    withAlpha.fill(QColor(255, 0, 0, 128));
    EXPECT_EQ(OverlayScene::previewOf(withAlpha).format(), QImage::Format_ARGB32_Premultiplied);
    // Small pictures have none: they are reduced from themselves.
    EXPECT_TRUE(OverlayScene::previewOf(QImage(1600, 900, QImage::Format_RGB888)).isNull());
}

} // namespace
} // namespace tessera::io
