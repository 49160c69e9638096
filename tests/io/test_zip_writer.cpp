// The streaming writers of exports: ZipWriter (members a piece at a time, read back by the zip
// reader; a member past 4 GiB in zip64 form; the sink's own error surfaces) and the banded PNG
// encoder (decoded by Qt's libpng-based reader into the same pixels, whatever the band height and
// thread count).
#include "atomic_file.hpp"
#include "error.hpp"
#include "png_stream.hpp"
#include "zip_archive.hpp"

#include <QImage>
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>

using namespace tessera;
namespace fs = std::filesystem;

namespace {

fs::path scratchDir(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() /
                         ("tessera_zip_writer_" + name + "_" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

// A picture with every pixel drawn at random: nothing an encoder could get right by accident.
QImage noise(int width, int height, unsigned seed) {
    QImage img(width, height, QImage::Format_RGB32);
    std::mt19937 rng(seed);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            img.setPixel(x, y, qRgb(int(rng() & 255), int(rng() & 255), int(rng() & 255)));
    return img;
}

ByteSink stringSink(std::string& out) {
    return [&out](const void* data, std::size_t bytes) {
        out.append(static_cast<const char*>(data), bytes);
    };
}

void expectSamePixels(const QImage& got, const QImage& want) {
    ASSERT_EQ(got.size(), want.size());
    for (int y = 0; y < want.height(); ++y)
        for (int x = 0; x < want.width(); ++x)
            ASSERT_EQ(qRgb(qRed(got.pixel(x, y)), qGreen(got.pixel(x, y)), qBlue(got.pixel(x, y))),
                      want.pixel(x, y))
                << "at " << x << "," << y;
}

} // namespace

TEST(PngStream, WholePictureDecodesToTheSamePixels) {
    const QImage picture = noise(301, 203, 1);
    for (int level : {0, 1, 6}) {
        std::string png;
        io::writePng(picture, stringSink(png), level);
        QImage decoded;
        ASSERT_TRUE(decoded.loadFromData(reinterpret_cast<const uchar*>(png.data()),
                                         int(png.size()), "PNG"))
            << "level " << level;
        expectSamePixels(decoded, picture);
    }
}

TEST(PngStream, BandsPaintedOnSeveralThreadsMakeOnePicture) {
    const QImage picture = noise(97, 150, 2);
    for (int threads : {1, 2, 3})
        for (int bandRows : {1, 7, 64, 150, 500}) {
            std::string png;
            const auto paint = [&](QImage& band, int top) {
                ASSERT_EQ(band.width(), picture.width());
                ASSERT_EQ(band.height(), std::min(bandRows, picture.height() - top));
                for (int y = 0; y < band.height(); ++y)
                    std::memcpy(band.scanLine(y), picture.constScanLine(top + y),
                                std::size_t(picture.width()) * 4);
            };
            io::writePngInBands(picture.width(), picture.height(), bandRows, paint, stringSink(png),
                                1, threads);
            QImage decoded;
            ASSERT_TRUE(decoded.loadFromData(reinterpret_cast<const uchar*>(png.data()),
                                             int(png.size()), "PNG"))
                << threads << " threads, bands of " << bandRows;
            expectSamePixels(decoded, picture);
        }
}

TEST(ZipWriter, MembersWrittenInPiecesReadBackWhole) {
    const fs::path dir = scratchDir("pieces");
    std::mt19937 rng(3);
    std::string big(3'000'001, '\0'); // spans many of minizip's 64 KB buffers
    for (char& c : big)
        c = char(rng());
    {
        AtomicFile file(dir / "a.zip");
        io::ZipWriter zip([&file](const void* d, std::size_t n) { file.write(d, n); });
        zip.add("first.txt", "hello");
        zip.begin("empty");
        zip.begin("dir/big.bin");
        for (std::size_t at = 0; at < big.size(); at += 70'001)
            zip.write(big.data() + at, std::min<std::size_t>(70'001, big.size() - at));
        zip.add("last.json", "{}");
        zip.finish();
        file.commit();
    }
    const std::vector<io::ZipMember> members = io::readZip(dir / "a.zip");
    ASSERT_EQ(members.size(), 4u);
    EXPECT_EQ(members[0].name, "first.txt");
    EXPECT_EQ(members[0].bytes, "hello");
    EXPECT_EQ(members[1].name, "empty");
    EXPECT_EQ(members[1].bytes, "");
    EXPECT_EQ(members[2].name, "dir/big.bin");
    EXPECT_TRUE(members[2].bytes == big);
    EXPECT_EQ(members[3].bytes, "{}");
    // makeZip is the same writer into a string.
    const std::string bytes = io::makeZip({{"x", "y"}});
    EXPECT_EQ(bytes.substr(0, 4), std::string("PK\x03\x04", 4));
    fs::remove_all(dir);
}

TEST(ZipWriter, TheSinksErrorIsWhatSurfaces) {
    std::size_t written = 0;
    const auto full = [&written](const void*, std::size_t n) {
        if (written + n > 100'000)
            throw InputError("disk full (test)");
        written += n;
    };
    const std::string chunk(50'000, 'x');
    try {
        io::ZipWriter zip(full);
        zip.begin("a.bin");
        for (int i = 0; i < 10; ++i)
            zip.write(chunk);
        zip.finish();
        FAIL() << "no error";
    } catch (const InputError& e) {
        EXPECT_STREQ(e.what(), "disk full (test)");
    }
}

// A member of 4 GiB + 100 zero bytes, then a small one: the archive is a sparse file (runs of
// zeros are skipped, not written), so the test costs the CRC of 4 GiB, not the disk. The zip
// reader must find both members at their sizes and offsets past 4 GiB, which only zip64 records
// can hold.
TEST(ZipWriter, Zip64MemberPast4GiB) {
    const fs::path dir = scratchDir("zip64");
    const fs::path path = dir / "big.zip";
    const std::uint64_t size = (std::uint64_t(1) << 32) + 100;
    {
        std::FILE* f = std::fopen(path.c_str(), "wb");
        ASSERT_NE(f, nullptr);
        const auto sparse = [f](const void* data, std::size_t bytes) {
            const char* p = static_cast<const char*>(data);
            const bool zeros = bytes >= 4096 && p[0] == 0 && std::memcmp(p, p + 1, bytes - 1) == 0;
            if (zeros ? ::fseeko(f, off_t(bytes), SEEK_CUR) != 0
                      : std::fwrite(p, 1, bytes, f) != bytes)
                throw std::runtime_error("cannot write the test archive");
        };
        io::ZipWriter zip(sparse);
        zip.begin("big.bin");
        const std::string zeros(std::size_t(64) << 20, '\0');
        for (std::uint64_t left = size; left > 0;) {
            const std::size_t n = std::size_t(std::min<std::uint64_t>(left, zeros.size()));
            zip.write(zeros.data(), n);
            left -= n;
        }
        zip.add("after.txt", "hello");
        zip.finish();
        ASSERT_EQ(std::fclose(f), 0);
    }
    io::ZipReader reader(path);
    ASSERT_EQ(reader.entries().size(), 2u);
    EXPECT_EQ(reader.entries()[0].size, size);
    EXPECT_EQ(reader.entries()[0].packed, size);
    EXPECT_EQ(reader.read("after.txt", 100), "hello"); // its header lies past 4 GiB
    EXPECT_EQ(reader.readPrefix("big.bin", 8), std::string(8, '\0'));
    fs::remove_all(dir);
}
