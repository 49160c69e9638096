// Images in through QImageReader: values, channels, and every way a file can be refused.
#include "error.hpp"
#include "image_loader.hpp"
#include "input_loader.hpp"
#include "npy.hpp"

#include <QImage>
#include <QImageWriter>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace tessera::io {
namespace {

class ImageLoader : public ::testing::Test {
  protected:
    void SetUp() override {
        m_dir = std::filesystem::temp_directory_path() /
                ("tessera_io_" +
                 std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        std::filesystem::remove_all(m_dir);
        std::filesystem::create_directories(m_dir);
    }
    void TearDown() override { std::filesystem::remove_all(m_dir); }

    // A 3×2 image with known pixels; alpha 0 on one pixel to show it is dropped.
    std::filesystem::path writeImage(const char* format) {
        QImage img(3, 2, QImage::Format_ARGB32);
        img.setPixel(0, 0, qRgba(255, 0, 0, 255));
        img.setPixel(1, 0, qRgba(0, 255, 0, 255));
        img.setPixel(2, 0, qRgba(0, 0, 255, 0));
        img.setPixel(0, 1, qRgba(255, 255, 255, 255));
        img.setPixel(1, 1, qRgba(0, 0, 0, 255));
        img.setPixel(2, 1, qRgba(51, 102, 153, 255));
        const auto path = m_dir / (std::string("img.") + format);
        EXPECT_TRUE(img.save(QString::fromStdString(path.string()), format));
        return path;
    }

    std::filesystem::path m_dir;
};

TEST_F(ImageLoader, PngBecomesRgbAndChwInUnitRange) {
    const ImageU8 img = loadImage(writeImage("png"), 3);
    EXPECT_EQ(img.width, 3);
    EXPECT_EQ(img.height, 2);
    EXPECT_EQ(img.channels, 3);
    EXPECT_EQ(img.pixels[2 * 3 + 2], 255); // B of (0,2): alpha 0 dropped, colour kept
    const Tensor t = toTensor(img);
    EXPECT_EQ(t.shape, (Shape{3, 2, 3}));
    const std::size_t plane = 6;
    EXPECT_FLOAT_EQ(t.data[0], 1.0f);             // R of (0,0)
    EXPECT_FLOAT_EQ(t.data[plane + 1], 1.0f);     // G of (0,1)
    EXPECT_FLOAT_EQ(t.data[2 * plane + 2], 1.0f); // B of (0,2)
    EXPECT_FLOAT_EQ(t.data[5], 51 / 255.0f);
    EXPECT_FLOAT_EQ(t.data[plane + 5], 102 / 255.0f);
    EXPECT_FLOAT_EQ(t.data[2 * plane + 5], 153 / 255.0f);
}

TEST_F(ImageLoader, OneChannelIsPilLuminance) {
    const ImageU8 l = loadImage(writeImage("png"), 1);
    EXPECT_EQ(l.channels, 1);
    // PIL: (19595 R + 38470 G + 7471 B + 32768) >> 16
    EXPECT_EQ(l.pixels[0], (19595 * 255 + 32768) >> 16); // red: 76
    EXPECT_EQ(l.pixels[1], (38470 * 255 + 32768) >> 16); // green: 150
    EXPECT_EQ(l.pixels[3], 255);
    EXPECT_EQ(l.pixels[5], (19595 * 51 + 38470 * 102 + 7471 * 153 + 32768) >> 16);
}

TEST_F(ImageLoader, ReadsBmpAndJpeg) {
    const ImageU8 bmp = loadImage(writeImage("bmp"), 3);
    EXPECT_EQ(bmp.pixels, loadImage(writeImage("png"), 3).pixels); // lossless formats agree
    const ImageU8 j = loadImage(writeImage("jpg"), 3);
    EXPECT_EQ(j.width * j.height * j.channels, 18);
}

TEST_F(ImageLoader, RefusesCorruptMissingAndOversizedFiles) {
    const auto corrupt = m_dir / "corrupt.png";
    std::ofstream(corrupt) << "\x89PNG\r\n\x1a\n this is not a png body";
    try {
        loadImage(corrupt, 3);
        FAIL() << "a corrupt file was decoded";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("corrupt.png"), std::string::npos) << e.what();
    }
    EXPECT_THROW(loadImage(m_dir / "missing.png", 3), InputError);

    // 6000×6000 RGB32 is 137 MiB decoded: over a 64 MiB limit, refused before allocating.
    QImage big(6000, 6000, QImage::Format_RGB32);
    big.fill(Qt::gray);
    const auto bigPath = m_dir / "big.png";
    ASSERT_TRUE(big.save(QString::fromStdString(bigPath.string())));
    EXPECT_THROW(readImage(bigPath, 64), InputError);
    EXPECT_EQ(readImage(bigPath, 256).width(), 6000);
}

TEST_F(ImageLoader, ChannelCountsOtherThanOneOrThreeAreExplained) {
    try {
        loadImage(writeImage("png"), 4);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("--in-chans 4"), std::string::npos) << e.what();
    }
}

TEST_F(ImageLoader, InputsAreNormalisedImagesOrNpyAsIs) {
    Spec spec;
    spec.mean = {0.5};
    spec.std = {0.25}; // no --img-size: the image stays at its own size
    const Input img = loadInput(writeImage("png"), spec, 3);
    EXPECT_TRUE(img.isImage);
    EXPECT_EQ(img.batch.shape, (Shape{1, 3, 2, 3}));
    EXPECT_FLOAT_EQ(img.batch.data[0], (1.0f - 0.5f) / 0.25f);

    saveNpy(m_dir / "x.npy", Tensor({2, 4, 4}, 7.0f));
    const Input arr = loadInput(m_dir / "x.npy", spec, 3);
    EXPECT_FALSE(arr.isImage);
    EXPECT_EQ(arr.batch.shape, (Shape{1, 2, 4, 4}));
    EXPECT_EQ(arr.batch.data[0], 7.0f); // not normalised
    saveNpy(m_dir / "bad.npy", Tensor({4, 4}));
    EXPECT_THROW(loadInput(m_dir / "bad.npy", spec, 3), InputError);
}

} // namespace
} // namespace tessera::io
