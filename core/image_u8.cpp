#include "image_u8.hpp"

#include "error.hpp"
#include "task_pool.hpp"

#include <algorithm>

namespace tessera {

namespace {
constexpr std::int64_t kPixelsPerTask = std::int64_t(1) << 16;
}

ImageU8 toLuminance(const ImageU8& rgb) {
    if (rgb.channels == 1)
        return rgb;
    ImageU8 l{rgb.width, rgb.height, 1,
              std::vector<std::uint8_t>(std::size_t(rgb.width) * rgb.height)};
    for (std::size_t i = 0; i < l.pixels.size(); ++i) {
        const std::uint8_t* p = &rgb.pixels[3 * i];
        l.pixels[i] = std::uint8_t((19595u * p[0] + 38470u * p[1] + 7471u * p[2] + 0x8000u) >> 16);
    }
    return l;
}

ImageU8 crop(const ImageU8& image, int x, int y, int w, int h) {
    if (x < 0 || y < 0 || w < 1 || h < 1 || x + w > image.width || y + h > image.height)
        throw InputError("crop " + std::to_string(w) + "x" + std::to_string(h) + " at (" +
                         std::to_string(x) + ", " + std::to_string(y) + ") does not fit the " +
                         std::to_string(image.width) + "x" + std::to_string(image.height) +
                         " image");
    ImageU8 out{w, h, image.channels,
                std::vector<std::uint8_t>(std::size_t(w) * h * image.channels)};
    for (int r = 0; r < h; ++r)
        std::copy_n(image.row(y + r) + std::size_t(x) * image.channels,
                    std::size_t(w) * image.channels, out.row(r));
    return out;
}

Tensor toTensor(const ImageU8& image) {
    const int c = image.channels;
    Tensor t({c, image.height, image.width});
    const std::int64_t plane = std::int64_t(image.width) * image.height;
    // A 4096×4096 photo is 50 M values: worth both cores; a 224 crop (50 K) is one task.
    parallelFor(0, plane, kPixelsPerTask, [&](std::int64_t begin, std::int64_t end) {
        for (std::int64_t i = begin; i < end; ++i)
            for (int ch = 0; ch < c; ++ch)
                t.data[ch * plane + i] = image.pixels[i * c + ch] / 255.0f;
    });
    return t;
}

} // namespace tessera
