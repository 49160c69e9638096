// Images in through QImageReader: values, channels, and every way a file can be refused.
#include "error.hpp"
#include "image_loader.hpp"
#include "input_loader.hpp"
#include "npy.hpp"

#include <QByteArray>
#include <QImage>
#include <QImageReader>
#include <QImageWriter>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

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

    // A photo-like picture: noise makes the compressed data most of a JPEG or WebP file, so a
    // cut lands in it, not in the headers.
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

    static std::string bytesOf(const std::filesystem::path& path) {
        std::ifstream in(path, std::ios::binary);
        return {std::istreambuf_iterator<char>(in), {}};
    }

    std::filesystem::path writeBytes(const std::string& name, const std::string& bytes) {
        const auto path = m_dir / name;
        std::ofstream(path, std::ios::binary) << bytes;
        return path;
    }

    // The first `size` bytes of the file, as "cut<size>-<name>".
    std::filesystem::path cut(const std::filesystem::path& path, std::size_t size) {
        return writeBytes("cut" + std::to_string(size) + "-" + path.filename().string(),
                          bytesOf(path).substr(0, size));
    }

    std::filesystem::path cutToAThird(const std::filesystem::path& path) {
        return cut(path, std::filesystem::file_size(path) / 3);
    }

    // The one-line message, naming the file and saying why.
    // Refused by both ways in: readImage (Qt's reader, what the app shows) and loadImage (the
    // CLI's; JPEGs through jpeg_decoder.hpp), in the same words. loadImage's message returned.
    static std::string expectRefusedAsDamaged(const std::filesystem::path& path) {
        std::string message;
        for (const bool qt : {true, false})
            try {
                if (qt)
                    readImage(path);
                else
                    loadImage(path, 3);
                ADD_FAILURE() << path.filename() << " was decoded by " << (qt ? "Qt" : "loadImage");
            } catch (const InputError& e) {
                message = e.what();
                EXPECT_NE(message.find("cannot read image " + path.string() + ": "),
                          std::string::npos)
                    << message;
                EXPECT_NE(message.find("truncated or corrupt data ("), std::string::npos)
                    << message;
                EXPECT_EQ(message.find('\n'), std::string::npos) << message;
            }
        return message;
    }

    // The whole file loads, and so does it with bytes after its end; each cut is refused.
    void expectOnlyWholeFileLoads(const std::filesystem::path& path,
                                  const std::vector<std::size_t>& cuts) {
        const QSize size = readImage(path).size();
        EXPECT_FALSE(size.isEmpty());
        const auto trailing = writeBytes("trailing-" + path.filename().string(),
                                         bytesOf(path) + "bytes after the end");
        EXPECT_EQ(readImage(trailing).size(), size);
        EXPECT_EQ(loadImage(trailing, 3).width, size.width());
        for (const std::size_t at : cuts)
            expectRefusedAsDamaged(cut(path, at));
    }

    std::filesystem::path m_dir;
};

void put16(std::string& out, unsigned v) {
    out += char(v & 0xFF);
    out += char(v >> 8 & 0xFF);
}

void put32(std::string& out, std::uint32_t v) {
    put16(out, v & 0xFFFF);
    put16(out, v >> 16);
}

// Palette entry i of the test GIFs and BMPs.
QRgb paletteColour(int i) {
    return qRgb(i, 255 - i, i * 7 & 0xFF);
}

// A GIF of width×height whose pixel (x, y) is palette index (3x + 5y) mod 256 (Qt writes no GIF).
// The LZW data is all literal codes, with a clear code often enough that codes stay 9 bits wide.
std::string gif(int width, int height, bool interlaced) {
    std::string out = "GIF89a";
    put16(out, width);
    put16(out, height);
    // A global colour table of 256, background 0, square pixels.
    out += std::string("\xF7\x00\x00", 3);
    for (int i = 0; i < 256; ++i) {
        out += char(qRed(paletteColour(i)));
        out += char(qGreen(paletteColour(i)));
        out += char(qBlue(paletteColour(i)));
    }
    out += ',';
    put32(out, 0); // left, top
    put16(out, width);
    put16(out, height);
    out += interlaced ? '\x40' : '\x00';
    out += '\x08';         // LZW minimum code size
    std::vector<int> rows; // in the order they are stored
    for (const auto& [first, step] :
         interlaced ? std::vector<std::pair<int, int>>{{0, 8}, {4, 8}, {2, 4}, {1, 2}}
                    : std::vector<std::pair<int, int>>{{0, 1}})
        for (int y = first; y < height; y += step)
            rows.push_back(y);
    std::string data;
    std::uint32_t bits = 0;
    int bitCount = 0;
    const auto code = [&](unsigned c) {
        bits |= c << bitCount;
        for (bitCount += 9; bitCount >= 8; bitCount -= 8, bits >>= 8)
            data += char(bits & 0xFF);
    };
    int literals = 0;
    for (const int y : rows)
        for (int x = 0; x < width; ++x, ++literals) {
            if (literals % 100 == 0)
                code(256); // clear
            code((3 * x + 5 * y) & 0xFF);
        }
    code(257); // end of information
    if (bitCount > 0)
        data += char(bits & 0xFF);
    for (std::size_t i = 0; i < data.size(); i += 255) {
        const std::string block = data.substr(i, 255);
        out += char(block.size());
        out += block;
    }
    out += '\x00'; // block terminator
    out += ';';    // trailer
    return out;
}

// An 8-bit BMP, run-length encoded (RLE8) as the given data, with paletteColour's palette.
std::string bmpRle8(int width, int height, const std::string& data) {
    constexpr std::uint32_t kDataOffset = 14 + 40 + 256 * 4;
    std::string out = "BM";
    put32(out, kDataOffset + data.size());
    put32(out, 0);
    put32(out, kDataOffset);
    put32(out, 40);
    put32(out, width);
    put32(out, height);
    put16(out, 1); // planes
    put16(out, 8); // bits per pixel
    put32(out, 1); // BI_RLE8
    put32(out, data.size());
    put32(out, 2835); // 72 dpi
    put32(out, 2835);
    put32(out, 256);
    put32(out, 0);
    for (int i = 0; i < 256; ++i) {
        out += char(qBlue(paletteColour(i)));
        out += char(qGreen(paletteColour(i)));
        out += char(qRed(paletteColour(i)));
        out += '\x00';
    }
    return out + data;
}

// RLE8 data for width×height: each row as runs of 4 pixels, bottom row first, row r's run at x
// of index x + r, then end of line; end of bitmap after the last.
std::string rle8Rows(int width, int height) {
    std::string data;
    for (int row = 0; row < height; ++row) {
        for (int x = 0; x < width; x += 4) {
            data += char(std::min(4, width - x));
            data += char(x + row);
        }
        data += std::string("\x00\x00", 2);
    }
    return data + std::string("\x00\x01", 2);
}

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
    const int processLimit = QImageReader::allocationLimit();
    try {
        readImage(bigPath, 64);
        FAIL() << "decoded over the allocation limit";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("allocation limit of 64 megabytes"), std::string::npos)
            << e.what();
    }
    EXPECT_EQ(readImage(bigPath, 256).width(), 6000);
    EXPECT_EQ(QImageReader::allocationLimit(), processLimit); // Qt has one limit for the process
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
    const Input img = loadInput(writeImage("png"), spec, 3, KeepResized::Yes);
    EXPECT_TRUE(img.isImage);
    EXPECT_EQ(img.batch.shape, (Shape{1, 3, 2, 3}));
    EXPECT_FLOAT_EQ(img.batch.data[0], (1.0f - 0.5f) / 0.25f);
    ASSERT_TRUE(img.resized);
    EXPECT_EQ(img.resized->width, 3);
    // Without the resized picture: none kept, the same tensor.
    const Input bare = loadInput(writeImage("png"), spec, 3, KeepResized::No);
    EXPECT_FALSE(bare.resized);
    EXPECT_EQ(bare.batch.data, img.batch.data);

    saveNpy(m_dir / "x.npy", Tensor({2, 4, 4}, 7.0f));
    const Input arr = loadInput(m_dir / "x.npy", spec, 3, KeepResized::No);
    EXPECT_FALSE(arr.isImage);
    EXPECT_EQ(arr.batch.shape, (Shape{1, 2, 4, 4}));
    EXPECT_EQ(arr.batch.data[0], 7.0f); // not normalised
    saveNpy(m_dir / "bad.npy", Tensor({4, 4}));
    EXPECT_THROW(loadInput(m_dir / "bad.npy", spec, 3, KeepResized::No), InputError);
}

TEST_F(ImageLoader, JpegsCutAnywhereAreRefused) {
    for (const bool progressive : {false, true}) {
        SCOPED_TRACE(progressive ? "progressive" : "baseline");
        const auto path =
            save(photo(), progressive ? "progressive.jpg" : "baseline.jpg", "jpeg", progressive);
        const std::size_t size = std::filesystem::file_size(path);
        // A third: inside the compressed data, which libjpeg fills gray (a baseline JPEG) or
        // shows at the quality of the scans so far (a progressive one). Two bytes short: no
        // end-of-image marker, which PIL refuses too.
        expectOnlyWholeFileLoads(path, {size / 3, size * 2 / 3, size - 2});
    }
}

TEST_F(ImageLoader, JpegWhoseDataStopsHalfwayBeforeItsEndMarkerIsRefused) {
    const std::string whole = bytesOf(save(photo(), "whole.jpg", "jpeg"));
    // The end-of-image marker is there, but the compressed data stops halfway before it:
    // libjpeg only warns, and fills the rest gray.
    const std::string message = expectRefusedAsDamaged(
        writeBytes("halfway.jpg", whole.substr(0, whole.size() / 2) + "\xFF\xD9"));
    EXPECT_NE(message.find("premature end of data segment"), std::string::npos) << message;
}

TEST_F(ImageLoader, DecodersSayNothingAndOtherWarningsStillReachTheirHandler) {
    static QStringList seen;
    seen.clear();
    const QtMessageHandler previous = qInstallMessageHandler(
        [](QtMsgType, const QMessageLogContext&, const QString& text) { seen << text; });
    const std::string whole = bytesOf(save(photo(), "whole.jpg", "jpeg"));
    EXPECT_THROW(
        readImage(writeBytes("halfway.jpg", whole.substr(0, whole.size() / 2) + "\xFF\xD9")),
        InputError); // libjpeg warns while decoding it
    qWarning("after the decode");
    qInstallMessageHandler(previous);
    EXPECT_EQ(seen, QStringList{"after the decode"});
}

TEST_F(ImageLoader, GifsCutBeforeTheirLastPixelAreRefused) {
    for (const bool interlaced : {false, true}) {
        SCOPED_TRACE(interlaced ? "interlaced" : "plain");
        const std::string whole = gif(64, 48, interlaced);
        const auto path = writeBytes(interlaced ? "interlaced.gif" : "plain.gif", whole);
        const QImage img = readImage(path);
        EXPECT_EQ(img.pixel(10, 7), paletteColour(3 * 10 + 5 * 7)); // rows where they belong
        EXPECT_EQ(img.pixel(63, 47), paletteColour((3 * 63 + 5 * 47) & 0xFF));
        // Four bytes short: the last pixels' codes are gone with the terminator and trailer.
        expectOnlyWholeFileLoads(path, {whole.size() / 3, whole.size() - 4});
        // Two bytes short: only the terminator and trailer are gone; every pixel is there, and
        // PIL reads it too.
        EXPECT_EQ(readImage(cut(path, whole.size() - 2)).pixel(63, 47), img.pixel(63, 47));
    }
}

TEST_F(ImageLoader, BmpsCutShortAreRefused) {
    for (const bool indexed : {false, true}) {
        SCOPED_TRACE(indexed ? "8-bit" : "24-bit");
        const QImage img = indexed ? photo().convertToFormat(QImage::Format_Indexed8) : photo();
        const auto path = save(img, indexed ? "indexed.bmp" : "rgb.bmp", "bmp");
        const std::size_t size = std::filesystem::file_size(path);
        expectOnlyWholeFileLoads(path, {size / 3, size - 1}); // one byte short: the last row
    }
}

TEST_F(ImageLoader, BmpWhosePixelDataStartsPastItsEndIsRefused) {
    std::string bytes = bytesOf(save(photo(), "photo.bmp", "bmp"));
    std::string offset;
    put32(offset, bytes.size() + 100);
    bytes.replace(10, 4, offset); // bfOffBits
    const std::string message = expectRefusedAsDamaged(writeBytes("offset.bmp", bytes));
    EXPECT_NE(message.find("past the end"), std::string::npos) << message;
}

TEST_F(ImageLoader, RunLengthBmpsMustReachTheirLastRow) {
    const std::string whole = bmpRle8(64, 48, rle8Rows(64, 48));
    const auto path = writeBytes("rle.bmp", whole);
    const QImage img = readImage(path);
    EXPECT_EQ(img.pixel(4, 47), paletteColour(4)); // rows are stored bottom first
    EXPECT_EQ(img.pixel(4, 0), paletteColour(4 + 47));
    expectOnlyWholeFileLoads(path, {whole.size() / 3, whole.size() / 2});
    // Random bytes instead of runs: they seldom end a line, so the rows are never all there. Qt
    // shows whatever it made of them.
    std::string garbage(rle8Rows(64, 48).size(), '\0');
    std::uint32_t state = 7;
    for (char& c : garbage) {
        state = state * 1664525u + 1013904223u;
        c = char(state >> 24);
    }
    expectRefusedAsDamaged(writeBytes("garbage.bmp", bmpRle8(64, 48, garbage)));
    // An end of bitmap after 10 rows: Qt leaves the rest blank, PIL refuses it.
    expectRefusedAsDamaged(writeBytes("early-end.bmp", bmpRle8(64, 48, rle8Rows(64, 10))));
}

TEST_F(ImageLoader, TruncatedWebpAndTiffAreRefused) {
    for (const char* format : {"webp", "tiff"}) {
        SCOPED_TRACE(format);
        ASSERT_TRUE(QImageReader::supportedImageFormats().contains(format))
            << "Qt's plugin for it is missing: setup.sh installs qt6-image-formats-plugins";
        const auto path = save(photo(), std::string("photo.") + format, format);
        const std::size_t size = std::filesystem::file_size(path);
        expectOnlyWholeFileLoads(path, {size / 3, size - 1});
    }
}

TEST_F(ImageLoader, TruncatedPngIsRefused) {
    const auto path = save(photo(), "photo.png", "png");
    const std::size_t size = std::filesystem::file_size(path);
    expectOnlyWholeFileLoads(path, {size / 3, size - 12}); // 12: the IEND chunk
}

TEST_F(ImageLoader, TruncatedXbmIsRefused) {
    const auto path = save(photo().convertToFormat(QImage::Format_Mono), "photo.xbm", "xbm");
    expectOnlyWholeFileLoads(path, {std::filesystem::file_size(path) / 3});
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
    // Where the content no longer tells (a PNG cut inside its signature), the extension, in
    // any case, says what the file was meant to be: damaged, not of an unknown format.
    expectRefusedAsDamaged(writeBytes("TINY.PNG", bytesOf(writeImage("png")).substr(0, 5)));
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
        EXPECT_NE(std::string(e.what()).find("is a folder"), std::string::npos) << e.what();
    }
}

// The one-pass path for RGB32 (what a colour JPEG decodes to) gives the bytes Qt's own
// conversion to RGB888 gives, for RGB and for luminance; other formats keep Qt's conversion.
TEST(ToImageU8, Rgb32TakenApartEqualsQtsConversion) {
    QImage image(37, 11, QImage::Format_RGB32);
    std::uint32_t state = 12345;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            state = state * 1664525u + 1013904223u;
            image.setPixel(x, y, 0xff000000u | (state >> 8));
        }
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    const ImageU8 got = toImageU8(image, 3);
    ASSERT_EQ(got.width, 37);
    ASSERT_EQ(got.height, 11);
    for (int y = 0; y < rgb.height(); ++y)
        EXPECT_TRUE(std::equal(got.row(y), got.row(y) + 37 * 3, rgb.constScanLine(y))) << y;
    const ImageU8 viaQt = toImageU8(image.convertToFormat(QImage::Format_ARGB32), 1);
    EXPECT_EQ(toImageU8(image, 1).pixels, viaQt.pixels);
}

} // namespace
} // namespace tessera::io
