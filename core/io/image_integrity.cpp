#include "image_integrity.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace tessera::io {
namespace {

using Bytes = std::span<const std::uint8_t>;

std::uint32_t le16(Bytes b, std::size_t at) {
    return b[at] | b[at + 1] << 8;
}
std::uint32_t le32(Bytes b, std::size_t at) {
    return le16(b, at) | le16(b, at + 2) << 16;
}
std::uint32_t be16(Bytes b, std::size_t at) {
    return b[at] << 8 | b[at + 1];
}

// JPEG: the marker segments, and each scan's entropy-coded data, must lead to the EOI marker.
// Short of it, libjpeg fills in what is missing (gray for a cut scan, nothing more for the scans
// of a progressive JPEG that never came) and may say nothing. PIL refuses such files too, all
// but those whose last scan it happens to finish without the EOI.
std::optional<std::string> jpegMissingData(Bytes f) {
    std::size_t pos = 2; // after SOI
    for (;;) {
        // The next marker: 0xFF, any fill 0xFF, then a code. Entropy-coded data and stray bytes
        // (which libjpeg skips too) are passed over, as are the codes that stand alone.
        while (pos < f.size() && f[pos] != 0xFF)
            ++pos;
        while (pos < f.size() && f[pos] == 0xFF)
            ++pos;
        if (pos >= f.size())
            return "JPEG data ends before its end-of-image marker";
        const std::uint8_t code = f[pos++];
        if (code == 0xD9)
            return std::nullopt; // EOI
        const bool standalone = code == 0x00 || code == 0x01 || code == 0xD8 ||
                                (code >= 0xD0 && code <= 0xD7); // stuffed byte, TEM, SOI, RSTn
        if (standalone)
            continue;
        if (pos + 2 > f.size() || pos + be16(f, pos) > f.size())
            return "JPEG data ends inside a marker segment";
        pos += be16(f, pos); // a length under 2 is libjpeg's to refuse; the walk goes on
    }
}

// GIF data sub-blocks from pos: their bytes; pos goes past the zero-length terminator, or to the
// end of the file when that comes first.
std::vector<std::uint8_t> gifSubBlocks(Bytes f, std::size_t& pos) {
    std::vector<std::uint8_t> data;
    while (pos < f.size()) {
        const std::size_t length = f[pos++];
        if (length == 0)
            break;
        const std::size_t end = std::min(f.size(), pos + length);
        data.insert(data.end(), f.begin() + pos, f.begin() + end);
        pos = end;
    }
    return data;
}

// How many pixels the LZW codes in data stand for, counting no further than needed: the lengths
// of the strings in the code table are enough, no pixel is produced. An invalid code ends it.
std::uint64_t lzwPixelCount(const std::vector<std::uint8_t>& data, int minCodeSize,
                            std::uint64_t needed) {
    constexpr int kMaxCodeBits = 12;
    const std::uint32_t clear = 1u << minCodeSize, end = clear + 1;
    std::array<std::uint32_t, 1 << kMaxCodeBits> length{};
    std::fill_n(length.begin(), clear, 1);
    int width = minCodeSize + 1;
    std::uint32_t next = end + 1;
    std::int64_t previous = -1;
    std::uint64_t pixels = 0;
    std::uint32_t bits = 0;
    int bitCount = 0;
    for (const std::uint8_t byte : data) {
        bits |= std::uint32_t(byte) << bitCount;
        bitCount += 8;
        while (bitCount >= width) {
            const std::uint32_t code = bits & ((1u << width) - 1);
            bits >>= width;
            bitCount -= width;
            if (code == clear) {
                width = minCodeSize + 1;
                next = end + 1;
                previous = -1;
                continue;
            }
            if (code == end)
                return pixels;
            std::uint32_t size;
            if (code < clear || (code > end && code < next))
                size = length[code];
            else if (code == next && previous >= 0)
                size = length[previous] + 1; // the string being defined: previous + its first
            else
                return pixels;
            pixels += size;
            if (pixels >= needed)
                return pixels;
            if (previous >= 0 && next < length.size()) {
                length[next++] = length[previous] + 1;
                if (next == 1u << width && width < kMaxCodeBits)
                    ++width;
            }
            previous = code;
        }
    }
    return pixels;
}

// GIF: the LZW data of the first image (the one Qt reads) must stand for all its pixels. The
// trailer and even the data's terminator may be missing, as PIL allows: the pixels are there.
std::optional<std::string> gifMissingData(Bytes f) {
    if (f.size() < 13)
        return "GIF header cut short";
    std::size_t pos = 13;
    if (f[10] & 0x80)
        pos += 3u << ((f[10] & 7) + 1); // global colour table
    // Extensions are passed over to the first image; any other byte too, as PIL does.
    while (pos < f.size()) {
        const std::uint8_t block = f[pos++];
        if (block == 0x21 && pos < f.size()) { // extension: label, then sub-blocks
            ++pos;
            gifSubBlocks(f, pos);
        } else if (block == 0x2C) { // image descriptor
            if (pos + 10 > f.size())
                break;
            const std::uint32_t width = le16(f, pos + 4), height = le16(f, pos + 6);
            const std::uint8_t flags = f[pos + 8];
            pos += 9;
            if (flags & 0x80)
                pos += 3u << ((flags & 7) + 1); // local colour table
            if (pos >= f.size())
                break;
            const int minCodeSize = f[pos++];
            if (minCodeSize < 1 || minCodeSize > 11)
                return "GIF image has an invalid LZW code size " + std::to_string(minCodeSize);
            const std::uint64_t needed = std::uint64_t(width) * height;
            const std::uint64_t got = lzwPixelCount(gifSubBlocks(f, pos), minCodeSize, needed);
            if (got < needed)
                return "GIF image data holds " + std::to_string(got) + " of " +
                       std::to_string(width) + "x" + std::to_string(height) + " pixels";
            return std::nullopt;
        } else if (block == 0x3B) {
            break; // trailer
        }
    }
    return "GIF data ends before its first image";
}

// BMP run-length data (RLE8, or RLE4 with two pixels a byte) from pos must reach the last row,
// as PIL requires ("not enough image data"). Runs past a row's end are clipped, as Qt and PIL do.
std::optional<std::string> bmpRleMissingData(Bytes f, std::size_t pos, std::int64_t width,
                                             std::int64_t height, bool rle4) {
    std::int64_t x = 0, y = 0;
    while (y < height && pos + 2 <= f.size()) {
        const std::uint8_t count = f[pos], value = f[pos + 1];
        pos += 2;
        if (count > 0) {
            x += std::min<std::int64_t>(count, width - x);
        } else if (value == 0) { // end of line
            x = 0;
            ++y;
        } else if (value == 1) { // end of bitmap
            break;
        } else if (value == 2) { // delta: skip right and up
            if (pos + 2 > f.size())
                break;
            x += f[pos];
            y += f[pos + 1];
            pos += 2;
        } else { // absolute: value pixels follow, padded to 16 bits
            const std::size_t bytes = rle4 ? (value + 1) / 2 : value;
            if (pos + bytes > f.size())
                break;
            pos += bytes + bytes % 2;
            x += std::min<std::int64_t>(value, width - x);
        }
        if (x >= width && y == height - 1)
            ++y; // the last row is full: nothing further needed, not even its end-of-line
    }
    if (y >= height)
        return std::nullopt;
    return "BMP run-length data ends at row " + std::to_string(y) + " of " + std::to_string(height);
}

// BMP: bfOffBits must lie inside the file and the rows from there must fit in it. Qt reads
// rows until the file ends and keeps the rest blank; for bfOffBits past the end it reads
// whatever follows the header.
std::optional<std::string> bmpMissingData(Bytes f) {
    constexpr std::size_t kFileHeader = 14;
    if (f.size() < kFileHeader + 4)
        return "BMP header cut short";
    const std::uint32_t dataOffset = le32(f, 10), infoSize = le32(f, kFileHeader);
    std::int64_t width, height;
    std::uint32_t bitsPerPixel, compression;
    if (infoSize == 12) { // OS/2 1.x: 16-bit sizes, no compression
        if (f.size() < kFileHeader + 12)
            return "BMP header cut short";
        width = std::int16_t(le16(f, 18));
        height = std::int16_t(le16(f, 20));
        bitsPerPixel = le16(f, 24);
        compression = 0;
    } else {
        if (f.size() < kFileHeader + 40)
            return "BMP header cut short";
        width = std::int32_t(le32(f, 18));
        height = std::int32_t(le32(f, 22));
        bitsPerPixel = le16(f, 28);
        compression = le32(f, 30);
    }
    height = height < 0 ? -height : height; // top-down rows
    if (dataOffset > f.size())
        return "BMP pixel data offset " + std::to_string(dataOffset) +
               " is past the end of the file (" + std::to_string(f.size()) + " bytes)";
    if (width <= 0)
        return std::nullopt; // Qt refuses it itself
    constexpr std::uint32_t kRgb = 0, kRle8 = 1, kRle4 = 2, kBitFields = 3;
    if (compression == kRle8 || compression == kRle4)
        return bmpRleMissingData(f, dataOffset, width, height, compression == kRle4);
    if (compression != kRgb && compression != kBitFields)
        return std::nullopt;
    const std::uint64_t rowBytes = (std::uint64_t(width) * bitsPerPixel + 31) / 32 * 4;
    const std::uint64_t rowsPresent = rowBytes ? (f.size() - dataOffset) / rowBytes : 0;
    if (rowsPresent < std::uint64_t(height))
        return "BMP pixel data holds " + std::to_string(rowsPresent) + " of " +
               std::to_string(height) + " rows";
    return std::nullopt;
}

// XBM: the C array must hold a byte for every 8 pixels of every row; Qt leaves missing ones 0.
std::optional<std::string> xbmMissingData(Bytes f, QSize size) {
    if (size.isEmpty())
        return std::nullopt;
    const auto body = std::find(f.begin(), f.end(), '{');
    std::uint64_t values = 0;
    for (auto it = body; it != f.end() && it + 1 != f.end(); ++it)
        values += *it == '0' && (it[1] == 'x' || it[1] == 'X');
    const std::uint64_t needed = std::uint64_t(size.width() + 7) / 8 * size.height();
    if (values < needed)
        return "XBM data holds " + std::to_string(values) + " of " + std::to_string(needed) +
               " bytes";
    return std::nullopt;
}

} // namespace

std::optional<std::string> findMissingData(const QByteArray& format, Bytes file, QSize headerSize) {
    if (format == "jpeg" || format == "jpg")
        return jpegMissingData(file);
    if (format == "gif")
        return gifMissingData(file);
    if (format == "bmp")
        return bmpMissingData(file);
    if (format == "xbm")
        return xbmMissingData(file, headerSize);
    return std::nullopt;
}

bool warnsOfLostData(const QString& warning) {
    // libjpeg's JWRN_HIT_MARKER and JWRN_JPEG_EOF ("premature end" both), JWRN_HUFF_BAD_CODE,
    // JWRN_ARITH_BAD_CODE and JWRN_MUST_RESYNC. Others, such as extraneous bytes before a
    // marker, lose no pixels.
    static const std::array<QString, 4> kLostData = {"premature end", "bad Huffman code",
                                                     "bad arithmetic code", "instead of RST"};
    return std::any_of(kLostData.begin(), kLostData.end(), [&](const QString& phrase) {
        return warning.contains(phrase, Qt::CaseInsensitive);
    });
}

} // namespace tessera::io
