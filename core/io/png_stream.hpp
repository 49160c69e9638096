// A PNG encoder that takes its picture a band of rows at a time and hands its bytes to a sink as
// it goes: a picture too large to hold whole (the bundle's projector sprite, 8192² pixels, 256 MB
// as a QImage) is painted and encoded band by band, in a few MB.
//
// The file is 8-bit RGB (colour type 2), not interlaced; every row uses PNG's "Up" filter (the
// difference from the row above), which suits pictures made of scaled-up thumbnails, and the
// zlib stream is split into IDAT chunks of at most 1 MB.
#pragma once

#include "byte_sink.hpp"

#include <QImage>

#include <functional>

namespace tessera::io {

// `paint(band, top)` fills `band` (Format_RGB32, `width` wide, min(bandRows, height - top) rows)
// with picture rows top.. of it; it is called for up to `threads` bands at once, from as many
// threads. `level` is zlib's compression level (0..9).
void writePngInBands(int width, int height, int bandRows,
                     const std::function<void(QImage& band, int top)>& paint, const ByteSink& sink,
                     int level, int threads);

// A whole picture, the same way (its alpha, if any, dropped).
void writePng(const QImage& image, const ByteSink& sink, int level);

} // namespace tessera::io
