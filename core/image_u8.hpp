// ImageU8: a decoded 8-bit image, as PIL holds it before timm's transforms run.
//
// Pixels are interleaved H×W×C (row-major, channels fastest), C = 3 (RGB) or 1 (luminance).
// Preprocessing resizes in this form, rounding to 8 bits after each pass as PIL does, and only
// then turns it into a float C×H×W tensor.
#pragma once

#include "tensor.hpp"

#include <cstdint>
#include <vector>

namespace tessera {

struct ImageU8 {
    int width = 0;
    int height = 0;
    int channels = 0;
    std::vector<std::uint8_t> pixels; // height · width · channels

    std::uint8_t* row(int y) { return pixels.data() + std::size_t(y) * width * channels; }
    const std::uint8_t* row(int y) const {
        return pixels.data() + std::size_t(y) * width * channels;
    }
};

// PIL's convert("L") from RGB: L = (19595 R + 38470 G + 7471 B + 32768) >> 16.
ImageU8 toLuminance(const ImageU8& rgb);

// The rectangle [x, x + w) × [y, y + h), which must lie inside the image.
ImageU8 crop(const ImageU8& image, int x, int y, int w, int h);

// (C, H, W) float in [0, 1]: value / 255.
Tensor toTensor(const ImageU8& image);

} // namespace tessera
