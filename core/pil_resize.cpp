#include "pil_resize.hpp"

#include "error.hpp"
#include "resample.hpp"

#include <algorithm>
#include <cmath>

namespace tessera {
namespace {

constexpr int kPrecisionBits = 32 - 8 - 2; // PIL's PRECISION_BITS

struct FixedTaps {
    std::vector<int> first;             // first input index per output
    std::vector<std::vector<int>> coef; // fixed-point weights per output
};

FixedTaps fixedPoint(int in, int out, Interpolation mode) {
    FixedTaps f;
    for (const Taps& t : resampleTaps(in, out, mode, true)) {
        f.first.push_back(t.index.empty() ? 0 : t.index.front());
        std::vector<int> k;
        for (double w : t.weight)
            k.push_back(static_cast<int>(w < 0 ? -0.5 + w * (1 << kPrecisionBits)
                                               : 0.5 + w * (1 << kPrecisionBits)));
        f.coef.push_back(std::move(k));
    }
    return f;
}

std::uint8_t clip8(int v) {
    if (v >= (1 << kPrecisionBits << 8))
        return 255;
    if (v <= 0)
        return 0;
    return std::uint8_t(v >> kPrecisionBits);
}

ImageU8 horizontal(const ImageU8& in, int outW, Interpolation mode) {
    const FixedTaps f = fixedPoint(in.width, outW, mode);
    const int c = in.channels;
    ImageU8 out{outW, in.height, c, std::vector<std::uint8_t>(std::size_t(outW) * in.height * c)};
    for (int y = 0; y < in.height; ++y) {
        const std::uint8_t* src = in.row(y);
        std::uint8_t* dst = out.row(y);
        for (int x = 0; x < outW; ++x)
            for (int ch = 0; ch < c; ++ch) {
                int s = 1 << (kPrecisionBits - 1);
                for (std::size_t k = 0; k < f.coef[x].size(); ++k)
                    s += src[std::size_t(f.first[x] + int(k)) * c + ch] * f.coef[x][k];
                dst[std::size_t(x) * c + ch] = clip8(s);
            }
    }
    return out;
}

ImageU8 vertical(const ImageU8& in, int outH, Interpolation mode) {
    const FixedTaps f = fixedPoint(in.height, outH, mode);
    const std::size_t rowLen = std::size_t(in.width) * in.channels;
    ImageU8 out{in.width, outH, in.channels, std::vector<std::uint8_t>(rowLen * outH)};
    for (int y = 0; y < outH; ++y) {
        std::uint8_t* dst = out.row(y);
        for (std::size_t i = 0; i < rowLen; ++i) {
            int s = 1 << (kPrecisionBits - 1);
            for (std::size_t k = 0; k < f.coef[y].size(); ++k)
                s += in.row(f.first[y] + int(k))[i] * f.coef[y][k];
            dst[i] = clip8(s);
        }
    }
    return out;
}

ImageU8 nearest(const ImageU8& in, Size2 out) {
    const int c = in.channels;
    ImageU8 o{out.w, out.h, c, std::vector<std::uint8_t>(std::size_t(out.w) * out.h * c)};
    const double sx = double(in.width) / out.w, sy = double(in.height) / out.h;
    for (int y = 0; y < out.h; ++y) {
        const int ys = std::min(int((y + 0.5) * sy), in.height - 1);
        for (int x = 0; x < out.w; ++x) {
            const int xs = std::min(int((x + 0.5) * sx), in.width - 1);
            std::copy_n(in.row(ys) + std::size_t(xs) * c, c, o.row(y) + std::size_t(x) * c);
        }
    }
    return o;
}

} // namespace

ImageU8 pilResize(const ImageU8& image, Size2 out, Interpolation mode) {
    if (out.h < 1 || out.w < 1)
        throw InputError("cannot resize to " + sizeString(out));
    if (mode == Interpolation::Nearest)
        return nearest(image, out);
    // PIL skips a pass whose size does not change; so do we (it would be the identity anyway).
    ImageU8 across = image.width == out.w ? image : horizontal(image, out.w, mode);
    return across.height == out.h ? across : vertical(across, out.h, mode);
}

} // namespace tessera
