// Images in through QImageReader: values, channels, and every way a file can be refused.
#include "error.hpp"
#include "image_loader.hpp"
#include "input_loader.hpp"
#include "npy.hpp"

#include <QImage>
#include <QImageWriter>

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

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

    // A photo-like picture, noisy as photos are.
    static QImage photo(int width = 128, int height = 96) {
        QImage img(width, height, QImage::Format_RGB32);
        std::uint32_t state = 1;
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < width; ++x) {
                state = state * 1664525u + 1013904223u;
                img.setPixel(x, y, qRgb(x * 2, y * 2, int(state >> 24)));
            }
        return img;
    }

    std::filesystem::path save(const QImage& img, const std::string& name, const char* format,
                               bool progressive = false) {
        const auto path = m_dir / name;
        QImageWriter writer(QString::fromStdString(path.string()), format);
        writer.setProgressiveScanWrite(progressive);
        EXPECT_TRUE(writer.write(img)) << writer.errorString().toStdString();
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

TEST_F(ImageLoader, FileNamesAreBytesNotText) {
    const auto name = m_dir / "caf\xE9.png"; // Latin-1 é: not UTF-8
    std::filesystem::copy_file(writeImage("png"), name);
    EXPECT_EQ(readImage(name).size(), QSize(3, 2));
    try {
        readImage(m_dir / "caf\xE9-missing.png");
        FAIL();
    } catch (const InputError& e) {
        // Printed as the name is, byte for byte.
        EXPECT_NE(std::string(e.what()).find("caf\xE9-missing.png: no such file"),
                  std::string::npos)
            << e.what();
    }
}

TEST_F(ImageLoader, FormatComesFromTheContentTheExtensionInAnyCaseHelping) {
    const auto jpeg = save(photo(), "photo.jpg", "jpeg");
    std::filesystem::copy_file(jpeg, m_dir / "PHOTO.JPG");
    EXPECT_EQ(readImage(m_dir / "PHOTO.JPG").size(), QSize(128, 96));
    std::filesystem::copy_file(jpeg, m_dir / "photo.png"); // misnamed
    EXPECT_EQ(readImage(m_dir / "photo.png").size(), QSize(128, 96));
}

TEST_F(ImageLoader, FilesOverTheSizeLimitAndFoldersAreRefusedUnread) {
    const auto huge = m_dir / "huge.png";
    std::filesystem::copy_file(writeImage("png"), huge);
    std::filesystem::resize_file(huge, kMaxImageFileBytes + 1); // sparse: no disk is used
    try {
        readImage(huge);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("over 1 GiB"), std::string::npos) << e.what();
    }
    try {
        readImage(m_dir);
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("is a directory"), std::string::npos) << e.what();
    }
}

} // namespace
} // namespace tessera::io
