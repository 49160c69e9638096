// Decoding image files into core tensors, through Qt's QImageReader.
//
// PNG, JPEG, BMP and GIF always; WebP and TIFF where Qt's image-format plugins are installed
// (Debian's qt6-image-formats-plugins). The decoder's allocation limit bounds the memory a file
// can make us allocate, so a small file claiming a huge size is refused, not obeyed.
#pragma once

#include "tensor.hpp"

#include <QImage>

#include <filesystem>

namespace tessera::io {

// 512 MiB of decoded pixels: a 8192×8192 RGBA image is 256 MiB.
constexpr int kDefaultAllocationLimitMiB = 512;

// Decodes the file; InputError naming the file and Qt's reason when it cannot
// (missing, unreadable, corrupt, unsupported, over the allocation limit).
QImage readImage(const std::filesystem::path& path, int allocationLimitMiB = kDefaultAllocationLimitMiB);

// (C, H, W) float in [0, 1]: channels 3 gives RGB (alpha dropped), 1 gives luminance
// L = 0.299 R + 0.587 G + 0.114 B (ITU-R 601-2, as PIL's convert("L") that timm uses).
// InputError for any other channel count.
Tensor imageToTensor(const QImage& image, int channels);

Tensor loadImage(const std::filesystem::path& path, int channels,
                 int allocationLimitMiB = kDefaultAllocationLimitMiB);

} // namespace tessera::io
