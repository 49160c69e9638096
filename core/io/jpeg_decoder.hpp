// JPEG files decoded by libjpeg (Debian's libjpeg-turbo) directly, without Qt's image reader.
//
// Why beside QImageReader: Qt's reader keeps process-wide state around a decode (its message
// handler, its allocation limit; image_loader.cpp serialises every decode behind one lock for
// them), so a batch's workers could not decode two photos at once; and Qt decodes a colour JPEG
// to RGB888, converts it to RGB32, which ImageU8 takes apart again. Here everything is the
// decode's own: libjpeg's messages go to this decode's error manager (never to stderr), the
// allocation limit is a parameter, and the pixels land as RGB in the ImageU8.
//
// The same bytes as Qt's reader, which runs the same library with the same settings (islow IDCT,
// fancy upsampling) and turns the picture by its EXIF orientation the same way (tested image by
// image against Qt). The same refusals too, in the same words: a structure cut short
// (image_integrity.hpp), libjpeg's warnings that data was lost (every warning is seen here; Qt
// sees only a decode's first), an error, or a picture over the allocation limit.
#pragma once

#include "image_u8.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace tessera::io {

// Whether the bytes start as a JPEG file does (SOI and a marker).
bool looksLikeJpeg(std::span<const std::uint8_t> file);

// The picture as RGB, EXIF-turned; nullopt for a JPEG this path leaves to Qt (CMYK and YCCK,
// which Qt inverts for Adobe files). InputError "cannot read image NAME: ..." when the file
// cannot be decoded or its picture is over allocationLimitMiB.
std::optional<ImageU8> decodeJpeg(std::span<const std::uint8_t> file, const std::string& name,
                                  int allocationLimitMiB);

} // namespace tessera::io
