#include "pil_resize.hpp"

#include "error.hpp"
#include "resample.hpp"
#include "task_pool.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <tuple>
#include <utility>

namespace tessera {
namespace {

constexpr int kPrecisionBits = 32 - 8 - 2; // PIL's PRECISION_BITS

// A pass of the resize below this many multiply-adds runs on the calling thread: starting a
// team costs more than it saves (a 224 crop's vertical pass is ~3 million).
constexpr std::int64_t kParallelMacs = std::int64_t(1) << 20;
// Tasks of the two passes: 4 blocks of 8 rows, 16 output rows. Fixed sizes: the bytes never
// depend on the thread count (they could not anyway: each row is summed alone).
constexpr std::int64_t kBlocksPerTask = 4, kRowsPerTask = 16;

// The taps of every output in one block: output o reads count[o] inputs from first[o], with the
// fixed-point weights coef[o·stride ...]. One allocation per pass, none per row or output.
struct FixedTaps {
    int stride = 0;
    std::vector<int> first, count, coef;
    const int* weights(int o) const { return coef.data() + std::size_t(o) * stride; }
    // The inputs outputs [o0, o0 + n) read: [first, end).
    std::pair<int, int> span(int o0, int n) const {
        int lo = std::numeric_limits<int>::max(), hi = 0;
        for (int o = o0; o < o0 + n; ++o) {
            lo = std::min(lo, first[std::size_t(o)]);
            hi = std::max(hi, first[std::size_t(o)] + count[std::size_t(o)]);
        }
        return {lo, std::max(lo, hi)};
    }
};

FixedTaps fixedPoint(int in, int out, Interpolation mode) {
    const std::vector<Taps> taps = resampleTaps(in, out, mode, true);
    FixedTaps f;
    for (const Taps& t : taps)
        f.stride = std::max(f.stride, int(t.weight.size()));
    f.first.resize(taps.size());
    f.count.resize(taps.size());
    f.coef.assign(taps.size() * std::size_t(f.stride), 0);
    for (std::size_t o = 0; o < taps.size(); ++o) {
        const Taps& t = taps[o];
        f.first[o] = t.index.empty() ? 0 : t.index.front();
        f.count[o] = int(t.weight.size());
        int* k = f.coef.data() + o * f.stride;
        for (std::size_t j = 0; j < t.weight.size(); ++j) {
            const double w = t.weight[j];
            k[j] = static_cast<int>(w < 0 ? -0.5 + w * (1 << kPrecisionBits)
                                          : 0.5 + w * (1 << kPrecisionBits));
        }
    }
    return f;
}

// PIL's clip8: the sum's top bits, clamped to 0..255. Written as a shift and a clamp (the same
// values: a sum at or above 2^30 shifts to 256 or more, one at or below 0 to 0 or -1) so that the
// loops over a row vectorise.
inline std::uint8_t clip8(int v) {
    return std::uint8_t(std::clamp(v >> kPrecisionBits, 0, 255));
}

constexpr int kHalf = 1 << (kPrecisionBits - 1);

// The horizontal pass works on kLanes rows at once: their bytes are interleaved into `lanes`
// (lanes[i · kLanes + r] = byte i of row r, as int), so that each tap is one multiply-add over
// kLanes contiguous ints, which the compiler vectorises; summed one row at a time, the taps of
// the interleaved RGB bytes do not. Sums are the same integers in the same precision as PIL's.
constexpr int kLanes = 8;
// One tap over the kLanes rows: a GCC vector, so that it is one multiply-add whatever the
// auto-vectoriser makes of the loop around it (it kept the 8 sums in scalar registers).
using Lanes = int __attribute__((vector_size(kLanes * sizeof(int))));

// The build is portable (SSE2, no 32-bit vector multiply), so the two inner loops are also
// compiled for AVX2 and picked at load time by the CPU (GCC's function multi-versioning): 8 int
// multiply-adds per instruction instead of emulated ones. Integers: the same bytes either way.
#define TESSERA_RESIZE_CLONES __attribute__((target_clones("avx2", "default")))

// Rows [y0, y0 + rows) of `in` (rows ≤ kLanes) through the horizontal pass, output columns
// [x0, x0 + out.width) of the whole pass's, into out's rows from outY.
// Only the input columns those outputs read, [colFirst, colEnd), are interleaved.
TESSERA_RESIZE_CLONES void horizontalRows(const ImageU8& in, int y0, int rows, ImageU8& out,
                                          int outY, int x0, const FixedTaps& f, int colFirst,
                                          int colEnd, int* lanes) {
    const int c = in.channels;
    const std::size_t inLen = std::size_t(colEnd - colFirst) * c;
    for (int r = 0; r < kLanes; ++r) {
        // Padding repeats a row.
        const std::uint8_t* src = in.row(y0 + std::min(r, rows - 1)) + std::size_t(colFirst) * c;
        for (std::size_t i = 0; i < inLen; ++i)
            lanes[i * kLanes + r] = src[i];
    }
    for (int x = 0; x < out.width; ++x) {
        const int* k = f.weights(x0 + x);
        const int n = f.count[x0 + x];
        for (int ch = 0; ch < c; ++ch) {
            Lanes sum = Lanes{} + kHalf;
            const int* s = lanes + (std::size_t(f.first[x0 + x] - colFirst) * c + ch) * kLanes;
            for (int j = 0; j < n; ++j) {
                Lanes v;
                std::memcpy(&v, s + std::size_t(j) * c * kLanes, sizeof v);
                sum += v * k[j];
            }
            const std::size_t at = std::size_t(x) * c + ch;
            for (int r = 0; r < rows; ++r)
                out.row(outY + r)[at] = clip8(sum[r]);
        }
    }
}

// The horizontal pass to outW columns, of columns [x0, x0 + w) and input rows [y0, y0 + h).
ImageU8 horizontal(const ImageU8& in, int outW, Interpolation mode, int x0, int w, int y0, int h) {
    const FixedTaps f = fixedPoint(in.width, outW, mode);
    // Named ints, not a structured binding: clang 14 (the fuzz build's) cannot capture one.
    int colFirst = 0, colEnd = 0;
    std::tie(colFirst, colEnd) = f.span(x0, w);
    const int c = in.channels;
    ImageU8 out{w, h, c, std::vector<std::uint8_t>(std::size_t(w) * h * c)};
    const std::int64_t macs = std::int64_t(w) * h * c * f.stride;
    const int blocks = (h + kLanes - 1) / kLanes;
    // Blocks of rows are independent: any split over threads gives the same bytes. Each thread
    // interleaves into a buffer of its own, kept between passes.
    parallelFor(macs > kParallelMacs ? 0 : 1, blocks, kBlocksPerTask,
                [&](std::int64_t b0, std::int64_t b1) {
                    thread_local std::vector<int> lanes;
                    lanes.resize(std::size_t(colEnd - colFirst) * c * kLanes);
                    for (std::int64_t b = b0; b < b1; ++b) {
                        const int r = int(b) * kLanes;
                        horizontalRows(in, y0 + r, std::min(kLanes, h - r), out, r, x0, f,
                                       colFirst, colEnd, lanes.data());
                    }
                });
    return out;
}

// Output row y of the vertical pass (of the whole pass's rows) into out's row outY; `in` holds
// the input's rows from inY0 on. A row is summed in chunks on the stack, one input row at a
// time: the inner loop runs along contiguous bytes and vectorises, and nothing is allocated.
TESSERA_RESIZE_CLONES void verticalRow(const ImageU8& in, int inY0, int y, ImageU8& out, int outY,
                                       const FixedTaps& f) {
    constexpr std::size_t kChunk = 512;
    const std::size_t rowLen = std::size_t(in.width) * in.channels;
    const int* k = f.weights(y);
    const int n = f.count[y];
    std::uint8_t* dst = out.row(outY);
    std::array<int, kChunk> sum;
    for (std::size_t i0 = 0; i0 < rowLen; i0 += kChunk) {
        const std::size_t m = std::min(kChunk, rowLen - i0);
        std::fill_n(sum.begin(), m, kHalf);
        for (int j = 0; j < n; ++j) {
            const std::uint8_t* s = in.row(f.first[y] - inY0 + j) + i0;
            const int kj = k[j];
            for (std::size_t i = 0; i < m; ++i)
                sum[i] += s[i] * kj;
        }
        for (std::size_t i = 0; i < m; ++i)
            dst[i0 + i] = clip8(sum[i]);
    }
}

// Output rows [y0, y0 + h) of the vertical pass with taps f, from `in` holding rows from inY0.
ImageU8 vertical(const ImageU8& in, int inY0, const FixedTaps& f, int y0, int h) {
    const std::size_t rowLen = std::size_t(in.width) * in.channels;
    ImageU8 out{in.width, h, in.channels, std::vector<std::uint8_t>(rowLen * h)};
    const std::int64_t macs = std::int64_t(rowLen) * h * f.stride;
    parallelFor(macs > kParallelMacs ? 0 : 1, h, kRowsPerTask,
                [&](std::int64_t r0, std::int64_t r1) {
                    for (std::int64_t r = r0; r < r1; ++r)
                        verticalRow(in, inY0, y0 + int(r), out, int(r), f);
                });
    return out;
}

ImageU8 nearest(const ImageU8& in, Size2 out, const PixelRect& part) {
    const int c = in.channels;
    ImageU8 o{part.w, part.h, c, std::vector<std::uint8_t>(std::size_t(part.w) * part.h * c)};
    const double sx = double(in.width) / out.w, sy = double(in.height) / out.h;
    for (int y = 0; y < part.h; ++y) {
        const int ys = std::min(int((part.y + y + 0.5) * sy), in.height - 1);
        for (int x = 0; x < part.w; ++x) {
            const int xs = std::min(int((part.x + x + 0.5) * sx), in.width - 1);
            std::copy_n(in.row(ys) + std::size_t(xs) * c, c, o.row(y) + std::size_t(x) * c);
        }
    }
    return o;
}

} // namespace

ImageU8 pilResize(const ImageU8& image, Size2 out, Interpolation mode) {
    return pilResizePart(image, out, {0, 0, out.w, out.h}, mode);
}

ImageU8 pilResizePart(const ImageU8& image, Size2 out, const PixelRect& part, Interpolation mode) {
    if (out.h < 1 || out.w < 1)
        throw InputError("cannot resize to " + sizeString(out));
    if (part.x < 0 || part.y < 0 || part.w < 1 || part.h < 1 || part.w > out.w - part.x ||
        part.h > out.h - part.y)
        throw InputError("the part " + std::to_string(part.w) + "x" + std::to_string(part.h) +
                         " at (" + std::to_string(part.x) + ", " + std::to_string(part.y) +
                         ") is not inside the resized " + sizeString(out));
    if (mode == Interpolation::Nearest)
        return nearest(image, out, part);
    // PIL skips a pass whose size does not change; so do we (it would be the identity anyway).
    // The vertical pass reads only some of the image's rows: the horizontal pass runs on those
    // alone, as PIL's ImagingResampleInner does.
    const bool rowsChange = image.height != out.h;
    FixedTaps down;
    int rowFirst = part.y, rowEnd = part.y + part.h;
    if (rowsChange) {
        down = fixedPoint(image.height, out.h, mode);
        std::tie(rowFirst, rowEnd) = down.span(part.y, part.h);
    }
    ImageU8 across = image.width == out.w ? crop(image, part.x, rowFirst, part.w, rowEnd - rowFirst)
                                          : horizontal(image, out.w, mode, part.x, part.w, rowFirst,
                                                       rowEnd - rowFirst);
    return rowsChange ? vertical(across, rowFirst, down, part.y, part.h) : across;
}

} // namespace tessera
