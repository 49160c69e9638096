// PIL's Image.resize for 8-bit images, reproduced: what timm's eval transform runs.
//
// Bilinear and bicubic (a = -0.5) are PIL's antialiased convolution: the same taps as
// resample.hpp's antialias mode, turned into 22-bit fixed point, applied horizontally then
// vertically, each pass rounded and clamped to 8 bits. Nearest takes src = floor((dst + 0.5) ·
// in / out), PIL's affine nearest. Doing it as PIL does keeps Tessera within one level of timm;
// a float resize lands up to ~10 levels off at sharp edges.
//
// Each pass runs on the task pool's threads when it is large enough (over a million multiply-adds);
// every output byte is one integer sum, so the result is the same bytes for any thread count.
#pragma once

#include "image_u8.hpp"
#include "spec.hpp"

namespace tessera {

ImageU8 pilResize(const ImageU8& image, Size2 out, Interpolation mode);

// The rectangle [x, x + w) × [y, y + h) of an image.
struct PixelRect {
    int x = 0, y = 0, w = 0, h = 0;
};

// The part of pilResize(image, out, mode) inside `part`, computed alone: every output byte is a
// sum of its own, so these are the bytes of the whole resize cropped, at the cost of the part
// (timm's eval transform keeps a 224² crop of a 256×341 resize: 57% of it). InputError when the
// part is not inside `out`.
ImageU8 pilResizePart(const ImageU8& image, Size2 out, const PixelRect& part, Interpolation mode);

} // namespace tessera
