// Decoding image files into 8-bit images, through Qt's QImageReader; loadImage() decodes JPEGs
// with libjpeg directly (jpeg_decoder.hpp: the same bytes, without the reader's process-wide
// state, so that several threads decode at once).
//
// PNG, JPEG, BMP and GIF always; WebP and TIFF where Qt's image-format plugins are installed
// (Debian's qt6-image-formats-plugins). The decoder's allocation limit bounds the memory a file
// can make us allocate, so a small file claiming a huge size is refused, not obeyed.
//
// Truncated or corrupt files are refused, as PIL (and so timm) refuses them, rather than turned
// into embeddings of a partly blank picture. Qt's JPEG, GIF, BMP and XBM decoders fill what is
// missing with gray or the background and report success: image_integrity.hpp finds such files
// by their structure, and libjpeg's warnings that its data ran out or does not decode refuse a
// JPEG too. Where this differs from PIL: refused are a JPEG whose data is damaged but not short
// (PIL shows the damage), one missing only its end-of-image marker (PIL reads the few whose
// last scan it happens to finish) and a PNG missing only its IEND chunk (Qt refuses it); read
// is a GIF cut after its last pixel's code (whole, though PIL refuses it).
//
// The file is read by its name's bytes, whatever their encoding, and decoded from memory: the
// format comes from the content, the extension in any case being a hint.
#pragma once

#include "image_u8.hpp"
#include "spec.hpp"

#include <QImage>

#include <cstdint>
#include <filesystem>
#include <optional>

namespace tessera::io {

// 512 MiB of decoded pixels: an 8192×8192 RGBA image is 256 MiB.
constexpr int kDefaultAllocationLimitMiB = 512;

// Image files are read whole into memory; anything larger is refused before it is read.
constexpr std::uintmax_t kMaxImageFileBytes = std::uintmax_t(1) << 30;

// Decodes the file; InputError naming the file and the reason when it cannot (missing,
// unreadable, over kMaxImageFileBytes, truncated, corrupt, unsupported, over the allocation
// limit).
QImage readImage(const std::filesystem::path& path,
                 int allocationLimitMiB = kDefaultAllocationLimitMiB);

// InputError unless channels is 1 or 3, the counts an image gives.
void requireImageChannels(int channels);

// The size the decoded (and EXIF-turned) image will have, from the file's header alone;
// nullopt when the header does not say. InputError when the file cannot be opened.
std::optional<Size2> readImageSize(const std::filesystem::path& path);

// channels 3: RGB (alpha dropped, as PIL's convert("RGB")); 1: PIL's luminance.
// InputError for any other channel count.
ImageU8 toImageU8(const QImage& image, int channels);

ImageU8 loadImage(const std::filesystem::path& path, int channels,
                  int allocationLimitMiB = kDefaultAllocationLimitMiB);

} // namespace tessera::io
