// pilResize, the fast form (taps in one block, rows interleaved, tasks of rows on the pool),
// against a plain transcription of PIL's ImagingResampleHorizontal/Vertical_8bpc, and against
// itself on one thread: every byte must agree, for every size, channel count and thread count.
#include "error.hpp"
#include "pil_resize.hpp"
#include "preprocess.hpp"
#include "resample.hpp"
#include "spec_flags.hpp"
#include "task_pool.hpp"

#include <gtest/gtest.h>

#include <random>

namespace tessera {
namespace {

// PIL's 8-bit passes as Pillow's Resample.c writes them: per output, its taps' weights in 22-bit
// fixed point (rounded away from zero), the sum started at a half, clipped after the shift. One
// output at a time, nothing shared: slow and plain.
constexpr int kBits = 22;

std::vector<int> fixedWeights(const Taps& t) {
    std::vector<int> k;
    for (double w : t.weight)
        k.push_back(int(w < 0 ? -0.5 + w * (1 << kBits) : 0.5 + w * (1 << kBits)));
    return k;
}

std::uint8_t clipPil(int ss) {
    if (ss < 0)
        return 0;
    if (ss >= (1 << kBits << 8))
        return 255;
    return std::uint8_t(ss >> kBits);
}

ImageU8 naiveHorizontal(const ImageU8& in, int outW, Interpolation mode) {
    const std::vector<Taps> taps = resampleTaps(in.width, outW, mode, true);
    ImageU8 out{outW, in.height, in.channels,
                std::vector<std::uint8_t>(std::size_t(outW) * in.height * in.channels)};
    for (int y = 0; y < in.height; ++y)
        for (int x = 0; x < outW; ++x) {
            const std::vector<int> k = fixedWeights(taps[x]);
            for (int c = 0; c < in.channels; ++c) {
                int ss = 1 << (kBits - 1);
                for (std::size_t j = 0; j < k.size(); ++j)
                    ss += in.row(y)[std::size_t(taps[x].index[j]) * in.channels + c] * k[j];
                out.row(y)[std::size_t(x) * in.channels + c] = clipPil(ss);
            }
        }
    return out;
}

ImageU8 naiveVertical(const ImageU8& in, int outH, Interpolation mode) {
    const std::vector<Taps> taps = resampleTaps(in.height, outH, mode, true);
    const std::size_t len = std::size_t(in.width) * in.channels;
    ImageU8 out{in.width, outH, in.channels, std::vector<std::uint8_t>(len * outH)};
    for (int y = 0; y < outH; ++y) {
        const std::vector<int> k = fixedWeights(taps[y]);
        for (std::size_t i = 0; i < len; ++i) {
            int ss = 1 << (kBits - 1);
            for (std::size_t j = 0; j < k.size(); ++j)
                ss += in.row(taps[y].index[j])[i] * k[j];
            out.row(y)[i] = clipPil(ss);
        }
    }
    return out;
}

ImageU8 naivePilResize(const ImageU8& in, Size2 out, Interpolation mode) {
    const ImageU8 across = in.width == out.w ? in : naiveHorizontal(in, out.w, mode);
    return across.height == out.h ? across : naiveVertical(across, out.h, mode);
}

// Noise with hard edges: blocks of 0 and 255 (where bicubic's negative lobes overshoot and clip)
// over random bytes.
ImageU8 testImage(int w, int h, int c, unsigned seed) {
    std::mt19937 rng(seed);
    ImageU8 im{w, h, c, std::vector<std::uint8_t>(std::size_t(w) * h * c)};
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int ch = 0; ch < c; ++ch) {
                const bool edge = ((x / 7) + (y / 5)) % 3 == 0;
                im.row(y)[std::size_t(x) * c + ch] =
                    edge ? (((x / 7) % 2) ? 255 : 0) : std::uint8_t(rng() & 0xff);
            }
    return im;
}

struct ThreadCount {
    explicit ThreadCount(int n) { setDefaultThreads(n); }
    ~ThreadCount() { setDefaultThreads(0); }
};

TEST(PilResize, EqualsPilsPlainPassesByteForByte) {
    struct Case {
        int w, h, c;
        Size2 out;
    };
    // Down and up, one side or both, odd sizes, 1 to 4 channels, fewer rows than one interleaved
    // block of 8, and a 640x480 photo to timm's 256 short side.
    const Case cases[] = {{640, 480, 3, {256, 341}}, {97, 61, 3, {23, 211}}, {33, 5, 1, {3, 70}},
                          {50, 40, 4, {40, 17}},     {7, 300, 2, {150, 7}},  {1, 1, 3, {5, 9}},
                          {300, 3, 3, {2, 31}}};
    for (const Case& k : cases)
        for (Interpolation mode : {Interpolation::Bilinear, Interpolation::Bicubic}) {
            const ImageU8 in = testImage(k.w, k.h, k.c, unsigned(k.w * 31 + k.h));
            const ImageU8 want = naivePilResize(in, k.out, mode);
            const ImageU8 got = pilResize(in, k.out, mode);
            ASSERT_EQ(got.width, want.width);
            ASSERT_EQ(got.height, want.height);
            EXPECT_TRUE(got.pixels == want.pixels) << k.w << "x" << k.h << "x" << k.c << " to "
                                                   << sizeString(k.out) << " " << name(mode);
        }
}

TEST(PilResize, ThreadCountDoesNotChangeOneByte) {
    // Large enough that both passes go parallel (over a million multiply-adds each).
    const ImageU8 in = testImage(1280, 960, 3, 7);
    for (Interpolation mode : {Interpolation::Bilinear, Interpolation::Bicubic}) {
        ImageU8 one;
        {
            ThreadCount t(1);
            one = pilResize(in, {512, 683}, mode);
        }
        for (int threads : {2, 3, 8}) {
            ThreadCount t(threads);
            const ImageU8 many = pilResize(in, {512, 683}, mode);
            EXPECT_TRUE(many.pixels == one.pixels) << threads << " threads, " << name(mode);
        }
    }
}

TEST(PilResize, APartIsTheWholeResizeCroppedByteForByte) {
    struct Case {
        int w, h;
        Size2 out;
        PixelRect part;
    };
    // timm's eval crop of a photo, corners, one row or column, the whole, a side that keeps its
    // size (that pass is skipped), an enlargement, and a part larger than one task of rows.
    const Case cases[] = {
        {800, 600, {256, 341}, {58, 16, 224, 224}}, {97, 61, {23, 211}, {0, 0, 5, 3}},
        {97, 61, {23, 211}, {210, 22, 1, 1}},       {97, 61, {23, 211}, {0, 7, 211, 1}},
        {97, 61, {23, 211}, {0, 0, 211, 23}},       {64, 48, {48, 20}, {3, 10, 15, 30}},
        {64, 48, {30, 64}, {10, 2, 40, 25}},        {9, 7, {70, 80}, {33, 20, 40, 41}}};
    for (const Case& k : cases)
        for (Interpolation mode :
             {Interpolation::Nearest, Interpolation::Bilinear, Interpolation::Bicubic}) {
            const ImageU8 in = testImage(k.w, k.h, 3, unsigned(k.w + k.h));
            const PixelRect& r = k.part;
            const ImageU8 want = crop(pilResize(in, k.out, mode), r.x, r.y, r.w, r.h);
            const ImageU8 got = pilResizePart(in, k.out, r, mode);
            ASSERT_EQ(got.width, r.w);
            ASSERT_EQ(got.height, r.h);
            EXPECT_TRUE(got.pixels == want.pixels)
                << k.w << "x" << k.h << " to " << sizeString(k.out) << ", part at (" << r.x << ", "
                << r.y << ") " << r.w << "x" << r.h << " " << name(mode);
        }
    EXPECT_THROW(pilResizePart(testImage(8, 8, 3, 1), {4, 4}, {1, 0, 4, 4}, Interpolation::Bicubic),
                 InputError);
}

TEST(PilResize, PreprocessingInOneGoEqualsItsTwoHalves) {
    const ImageU8 photo = testImage(803, 611, 3, 5);
    const char* fits[][2] = {{"center-crop", "224"},
                             {"center-crop", "200x160"},
                             {"squash", "96x128"},
                             {"crop-multiple", ""},
                             {"native", ""}};
    for (const auto& [fit, size] : fits) {
        std::vector<std::string> args = {"--fit", fit, "--patch-size", "16"};
        if (*size)
            args.insert(args.end(), {"--img-size", size});
        const Spec spec = specFromArgs(args);
        const PreprocessPlan plan = planPreprocess({photo.height, photo.width}, spec);
        const Tensor want = cropAndNormalize(resizeForPlan(photo, plan), plan, spec);
        const Tensor got = preprocessImage(photo, plan, spec);
        EXPECT_EQ(got.shape, want.shape) << fit;
        EXPECT_TRUE(got.data == want.data) << fit << " " << size;
    }
}

} // namespace
} // namespace tessera
