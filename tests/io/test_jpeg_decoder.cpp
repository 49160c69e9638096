// jpeg_decoder.hpp against Qt's reader, its ground truth: every kind of JPEG libjpeg writes
// (subsamplings, progressive, arithmetic, restart markers, grayscale, odd sizes), each EXIF
// orientation in both byte orders, CMYK left to Qt; the same bytes, or the same refusal. Cuts
// and damage are in test_image_loader.cpp, which runs both ways in on every damaged file.
#include "error.hpp"
#include "image_loader.hpp"
#include "jpeg_decoder.hpp"

#include <QImage>

#include <gtest/gtest.h>

#include <csetjmp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <jpeglib.h>
#include <unistd.h>

namespace tessera::io {
namespace {

struct Options {
    J_COLOR_SPACE space = JCS_RGB; // JCS_GRAYSCALE or JCS_CMYK for the others
    int hSample = 2, vSample = 2;  // of the first component: 2×2 is 4:2:0, 1×1 4:4:4
    bool progressive = false, arithmetic = false;
    int restartRows = 0;
};

// A picture with gradients and noise, compressed by libjpeg itself (Qt's writer makes only
// baseline or progressive 4:2:0 RGB).
std::string compress(int w, int h, const Options& o) {
    const int c = o.space == JCS_GRAYSCALE ? 1 : o.space == JCS_CMYK ? 4 : 3;
    std::vector<std::uint8_t> pixels(std::size_t(w) * h * c);
    std::uint32_t state = 7;
    for (std::size_t i = 0; i < pixels.size(); ++i) {
        state = state * 1664525u + 1013904223u;
        pixels[i] = std::uint8_t((i * 7 / c) % 251 / 2 + (state >> 26));
    }
    jpeg_compress_struct cinfo{};
    jpeg_error_mgr err{};
    cinfo.err = jpeg_std_error(&err);
    jpeg_create_compress(&cinfo);
    unsigned char* buffer = nullptr;
    unsigned long size = 0;
    jpeg_mem_dest(&cinfo, &buffer, &size);
    cinfo.image_width = JDIMENSION(w);
    cinfo.image_height = JDIMENSION(h);
    cinfo.input_components = c;
    cinfo.in_color_space = o.space;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, 90, TRUE);
    if (c > 1) {
        cinfo.comp_info[0].h_samp_factor = o.hSample;
        cinfo.comp_info[0].v_samp_factor = o.vSample;
    }
    if (o.progressive)
        jpeg_simple_progression(&cinfo);
    cinfo.arith_code = o.arithmetic ? TRUE : FALSE;
    cinfo.restart_in_rows = o.restartRows;
    jpeg_start_compress(&cinfo, TRUE);
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = pixels.data() + std::size_t(cinfo.next_scanline) * w * c;
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    std::string out(reinterpret_cast<const char*>(buffer), size);
    std::free(buffer);
    return out;
}

// The file with an EXIF APP1 segment after SOI: IFD0 holding the orientation alone.
std::string withOrientation(const std::string& jpeg, int orientation, bool bigEndian) {
    std::string tiff =
        bigEndian ? std::string("MM\0\x2a\0\0\0\x08", 8) : std::string("II\x2a\0\x08\0\0\0", 8);
    const auto u16 = [&](unsigned v) {
        tiff += bigEndian ? char(v >> 8) : char(v & 0xff);
        tiff += bigEndian ? char(v & 0xff) : char(v >> 8);
    };
    const auto u32 = [&](std::uint32_t v) {
        bigEndian ? (u16(v >> 16), u16(v & 0xffff)) : (u16(v & 0xffff), u16(v >> 16));
    };
    u16(1);      // one entry
    u16(0x0112); // Orientation
    u16(3);      // SHORT
    u32(1);      // one value, in the entry
    u16(unsigned(orientation));
    u16(0);
    u32(0); // no next IFD
    const std::string payload = std::string("Exif\0\0", 6) + tiff;
    const std::size_t length = payload.size() + 2;
    return jpeg.substr(0, 2) + "\xff\xe1" + char(length >> 8) + char(length & 0xff) + payload +
           jpeg.substr(2);
}

class JpegDecoder : public ::testing::Test {
  protected:
    void SetUp() override {
        m_dir = std::filesystem::temp_directory_path() /
                ("tessera_jpeg_" +
                 std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        std::filesystem::remove_all(m_dir);
        std::filesystem::create_directories(m_dir);
    }
    void TearDown() override { std::filesystem::remove_all(m_dir); }

    std::filesystem::path write(const std::string& name, const std::string& bytes) {
        const auto path = m_dir / name;
        std::ofstream(path, std::ios::binary) << bytes;
        return path;
    }

    // loadImage (this decoder for JPEGs) gives Qt's reader's bytes, in RGB and luminance.
    static void expectSameAsQt(const std::filesystem::path& path) {
        const QImage qt = readImage(path);
        for (const int channels : {3, 1}) {
            const ImageU8 want = toImageU8(qt, channels);
            const ImageU8 got = loadImage(path, channels);
            ASSERT_EQ(got.width, want.width) << path.filename();
            ASSERT_EQ(got.height, want.height) << path.filename();
            EXPECT_TRUE(got.pixels == want.pixels) << path.filename() << ", " << channels;
        }
    }

    std::filesystem::path m_dir;
};

std::span<const std::uint8_t> bytesOf(const std::string& s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

TEST_F(JpegDecoder, EveryKindLibjpegWritesDecodesToQtsBytes) {
    struct Kind {
        const char* name;
        int w, h;
        Options options;
    };
    const Kind kinds[] = {
        {"420", 61, 47, {}},
        {"444", 61, 47, {.hSample = 1, .vSample = 1}},
        {"422", 64, 33, {.hSample = 2, .vSample = 1}},
        {"440", 33, 64, {.hSample = 1, .vSample = 2}},
        {"progressive", 80, 60, {.progressive = true}},
        {"arithmetic", 80, 60, {.arithmetic = true}},
        {"restarts", 97, 71, {.restartRows = 1}},
        {"gray", 45, 31, {.space = JCS_GRAYSCALE}},
        {"gray-progressive", 45, 31, {.space = JCS_GRAYSCALE, .progressive = true}},
        {"one-pixel", 1, 1, {}},
        {"one-row", 300, 1, {}},
        {"one-column", 1, 300, {}},
    };
    for (const Kind& k : kinds) {
        const std::string jpeg = compress(k.w, k.h, k.options);
        ASSERT_TRUE(looksLikeJpeg(bytesOf(jpeg))) << k.name;
        expectSameAsQt(write(std::string(k.name) + ".jpg", jpeg));
    }
}

TEST_F(JpegDecoder, EachExifOrientationTurnsThePictureAsQtDoes) {
    const std::string plain = compress(40, 24, {});
    for (const bool big : {false, true})
        for (int orientation = 1; orientation <= 8; ++orientation) {
            const auto path =
                write("o" + std::to_string(orientation) + (big ? "mm" : "ii") + ".jpg",
                      withOrientation(plain, orientation, big));
            expectSameAsQt(path);
            const ImageU8 got = loadImage(path, 3);
            EXPECT_EQ(got.width, orientation >= 5 ? 24 : 40) << orientation;
        }
    // Values outside 1..8 and a broken IFD offset turn nothing.
    const auto odd = write("o9.jpg", withOrientation(plain, 9, false));
    expectSameAsQt(odd);
    std::string broken = withOrientation(plain, 6, true);
    broken[2 + 2 + 2 + 6 + 7] = '\x7f'; // IFD0's offset past the segment's end
    expectSameAsQt(write("broken.jpg", broken));
    EXPECT_EQ(loadImage(m_dir / "broken.jpg", 3).width, 40);
}

TEST_F(JpegDecoder, CmykIsLeftToQtsReader) {
    const std::string cmyk = compress(32, 24, {.space = JCS_CMYK});
    EXPECT_FALSE(decodeJpeg(bytesOf(cmyk), "cmyk.jpg", kDefaultAllocationLimitMiB));
    expectSameAsQt(write("cmyk.jpg", cmyk));
}

TEST_F(JpegDecoder, APictureOverTheAllocationLimitIsRefusedBeforeItIsDecoded) {
    // 1100×1000 as Qt's 32-bit picture is 4.2 MiB: over a 4 MiB limit, under 5.
    const std::string big = compress(1100, 1000, {});
    try {
        decodeJpeg(bytesOf(big), "big.jpg", 4);
        FAIL() << "decoded over the allocation limit";
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()), "cannot read image big.jpg: its 1100x1000 picture is over "
                                         "the decoder's allocation limit of 4 megabytes");
    }
    EXPECT_EQ(decodeJpeg(bytesOf(big), "big.jpg", 5)->width, 1100);
}

TEST_F(JpegDecoder, ErrorsAndWarningsGoNowhereButTheMessage) {
    const std::string whole = compress(64, 64, {});
    std::string damaged = whole;
    for (std::size_t i = damaged.size() / 2; i < damaged.size() / 2 + 40; ++i)
        damaged[i] = char(0xff - i % 7); // markers and bad codes inside the scan
    const std::string notJpeg = whole.substr(0, 2) + "\xff\x01 not a segment";
    // stderr into a file while decoding: libjpeg's default manager would print there.
    const auto log = m_dir / "stderr.txt";
    std::fflush(stderr);
    const int saved = ::dup(STDERR_FILENO);
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(fd, STDERR_FILENO);
    ::close(fd);
    int refused = 0;
    for (const std::string* bytes : {&std::as_const(damaged), &notJpeg})
        try {
            decodeJpeg(bytesOf(*bytes), "bad.jpg", kDefaultAllocationLimitMiB);
        } catch (const InputError& e) {
            refused += std::string(e.what()).starts_with("cannot read image bad.jpg: truncated or "
                                                         "corrupt data (");
        }
    std::fflush(stderr);
    ::dup2(saved, STDERR_FILENO);
    ::close(saved);
    EXPECT_EQ(refused, 2);
    EXPECT_EQ(std::filesystem::file_size(log), 0u);
}

TEST_F(JpegDecoder, ThreadsDecodeAtOnceToTheSameBytes) {
    const std::string jpeg = compress(320, 240, {.progressive = true});
    const std::vector<std::uint8_t> want =
        decodeJpeg(bytesOf(jpeg), "a.jpg", kDefaultAllocationLimitMiB)->pixels;
    std::vector<int> same(4, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 25; ++i)
                same[std::size_t(t)] +=
                    decodeJpeg(bytesOf(jpeg), "a.jpg", kDefaultAllocationLimitMiB)->pixels == want;
        });
    for (std::thread& t : threads)
        t.join();
    EXPECT_EQ(same, std::vector<int>(4, 25));
}

} // namespace
} // namespace tessera::io
