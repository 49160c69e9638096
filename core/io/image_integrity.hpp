// Finding image files whose pixel data is cut short or damaged where Qt's decoders say nothing.
//
// Qt's JPEG, GIF, BMP and XBM readers fill whatever the file does not hold with gray or the
// background and report success; PIL raises on the same files ("image file is truncated", "not
// enough image data"). These checks read the file's structure (no pixels are decoded) so that
// such files are refused instead. PNG, WebP, TIFF, PPM, ICO and TGA need none: Qt's decoders
// already fail on them.
#pragma once

#include <QByteArray>
#include <QSize>
#include <QString>

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace tessera::io {

// What is missing or damaged, in a few words, or nothing when the structure is whole.
// format: QImageReader's name for the decoder it chose ("jpeg", "gif", "bmp", "xbm", ...);
// headerSize: the size that decoder read from the header (only XBM needs it).
std::optional<std::string> findMissingData(const QByteArray& format,
                                           std::span<const std::uint8_t> file, QSize headerSize);

// Whether a warning from a decoder means pixels were made up: libjpeg's warnings when its
// compressed data runs out or does not decode, after which it fills gray and carries on.
bool warnsOfLostData(const QString& warning);

} // namespace tessera::io
