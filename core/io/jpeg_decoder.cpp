#include "jpeg_decoder.hpp"

#include "error.hpp"
#include "image_integrity.hpp"

#include <QSize>
#include <QString>

#include <csetjmp>
#include <cstdio> // jpeglib.h needs FILE and size_t first
#include <memory>
#include <vector>

#include <jpeglib.h>

namespace tessera::io {
namespace {

// libjpeg reports through this: an error jumps back to decode()'s setjmp (libjpeg is C; an
// exception must not cross it), a warning is kept. Nothing reaches stderr.
struct ErrorManager {
    jpeg_error_mgr pub{};
    std::jmp_buf jump{};
    std::string error;
    std::vector<std::string> warnings;
};

std::string formatted(j_common_ptr cinfo) {
    char text[JMSG_LENGTH_MAX] = {};
    cinfo->err->format_message(cinfo, text);
    return text;
}

[[noreturn]] void onError(j_common_ptr cinfo) {
    auto* e = reinterpret_cast<ErrorManager*>(cinfo->err);
    e->error = formatted(cinfo);
    std::longjmp(e->jump, 1);
}

void onMessage(j_common_ptr cinfo, int level) {
    if (level >= 0)
        return; // trace messages
    auto* e = reinterpret_cast<ErrorManager*>(cinfo->err);
    ++e->pub.num_warnings;
    if (e->warnings.size() < 8) // a damaged file can warn at every block
        e->warnings.push_back(formatted(cinfo));
}

// What libjpeg makes of the file, before the EXIF turn. Every C++ object it touches after setjmp
// lives in `out` or `err`, reached through references: a longjmp leaves them as they were.
enum class Decoded { Ok, Error, LeftToQt, OverLimit };

Decoded decode(std::span<const std::uint8_t> file, int allocationLimitMiB, ErrorManager& err,
               ImageU8& out, std::vector<std::uint8_t>& exif) {
    jpeg_decompress_struct cinfo{};
    cinfo.err = jpeg_std_error(&err.pub);
    err.pub.error_exit = onError;
    err.pub.emit_message = onMessage;
    if (setjmp(err.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return Decoded::Error;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, file.data(), static_cast<unsigned long>(file.size()));
    jpeg_save_markers(&cinfo, JPEG_APP0 + 1, 0xffff);
    jpeg_read_header(&cinfo, TRUE);
    for (jpeg_saved_marker_ptr m = cinfo.marker_list; m; m = m->next)
        if (m->marker == JPEG_APP0 + 1 && m->data_length > 6 &&
            std::equal(m->data, m->data + 6, "Exif\0\0")) {
            exif.assign(m->data + 6, m->data + m->data_length);
            break;
        }
    if (cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK) {
        jpeg_destroy_decompress(&cinfo);
        return Decoded::LeftToQt;
    }
    // Qt's limit, as Qt counts it for the 32-bit picture its reader makes.
    const std::uint64_t qtBytes = std::uint64_t(cinfo.image_width) * cinfo.image_height * 4;
    out.width = int(cinfo.image_width);
    out.height = int(cinfo.image_height);
    out.channels = 3;
    if (allocationLimitMiB > 0 && (qtBytes >> 20) >= std::uint64_t(allocationLimitMiB)) {
        jpeg_destroy_decompress(&cinfo);
        return Decoded::OverLimit;
    }
    // libjpeg's defaults, which Qt's reader keeps at its default quality: islow IDCT, fancy
    // upsampling; grayscale is replicated to RGB as QImage's conversion does.
    cinfo.out_color_space = JCS_RGB;
    jpeg_start_decompress(&cinfo);
    out.pixels.resize(std::size_t(out.width) * out.height * 3);
    while (cinfo.output_scanline < cinfo.output_height) {
        JSAMPROW row = out.row(int(cinfo.output_scanline));
        jpeg_read_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    return Decoded::Ok;
}

// The EXIF orientation tag (0x0112) of IFD0, 1 when absent or unreadable.
int exifOrientation(const std::vector<std::uint8_t>& tiff) {
    if (tiff.size() < 8)
        return 1;
    const bool big = tiff[0] == 'M' && tiff[1] == 'M';
    if (!big && !(tiff[0] == 'I' && tiff[1] == 'I'))
        return 1;
    const auto u16 = [&](std::size_t at) {
        return big ? unsigned(tiff[at] << 8 | tiff[at + 1])
                   : unsigned(tiff[at + 1] << 8 | tiff[at]);
    };
    const auto u32 = [&](std::size_t at) {
        return big ? std::uint32_t(u16(at)) << 16 | u16(at + 2)
                   : std::uint32_t(u16(at + 2)) << 16 | u16(at);
    };
    if (u16(2) != 42)
        return 1;
    const std::size_t ifd = u32(4);
    if (ifd + 2 > tiff.size()) // sizes and offsets as read: no subtraction to wrap around
        return 1;
    const unsigned entries = u16(ifd);
    for (unsigned i = 0; i < entries; ++i) {
        const std::size_t at = ifd + 2 + std::size_t(i) * 12;
        if (at + 12 > tiff.size())
            break;
        if (u16(at) == 0x0112) {
            const unsigned value = u16(at + 8);
            return value >= 1 && value <= 8 ? int(value) : 1;
        }
    }
    return 1;
}

// The picture as a viewer shows it (EXIF 2.3's eight orientations, as Qt's autoTransform).
ImageU8 turned(const ImageU8& in, int orientation) {
    if (orientation == 1)
        return in;
    const bool swap = orientation >= 5; // the four that turn by 90°
    const int w = swap ? in.height : in.width, h = swap ? in.width : in.height;
    ImageU8 out{w, h, in.channels, std::vector<std::uint8_t>(in.pixels.size())};
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            // Where output pixel (x, y) comes from in the stored picture.
            int sx = x, sy = y;
            switch (orientation) {
            case 2:
                sx = in.width - 1 - x;
                break; // mirrored
            case 3:
                sx = in.width - 1 - x, sy = in.height - 1 - y;
                break; // 180°
            case 4:
                sy = in.height - 1 - y;
                break; // flipped
            case 5:
                sx = y, sy = x;
                break; // transposed
            case 6:
                sx = y, sy = in.height - 1 - x;
                break; // 90° clockwise
            case 7:
                sx = in.width - 1 - y, sy = in.height - 1 - x;
                break; // transversed
            case 8:
                sx = in.width - 1 - y, sy = x;
                break; // 90° anticlockwise
            }
            std::copy_n(in.row(sy) + std::size_t(sx) * 3, 3, out.row(y) + std::size_t(x) * 3);
        }
    return out;
}

} // namespace

bool looksLikeJpeg(std::span<const std::uint8_t> file) {
    return file.size() >= 3 && file[0] == 0xff && file[1] == 0xd8 && file[2] == 0xff;
}

std::optional<ImageU8> decodeJpeg(std::span<const std::uint8_t> file, const std::string& name,
                                  int allocationLimitMiB) {
    const auto refuse = [&](const std::string& why) {
        return InputError("cannot read image " + name + ": " + why);
    };
    // The structure first, as image_loader does: a file cut short costs no decode.
    if (const auto missing = findMissingData("jpeg", file, QSize()))
        throw refuse("truncated or corrupt data (" + *missing + ")");
    auto err = std::make_unique<ErrorManager>();
    ImageU8 picture;
    std::vector<std::uint8_t> exif;
    switch (decode(file, allocationLimitMiB, *err, picture, exif)) {
    case Decoded::LeftToQt:
        return std::nullopt;
    case Decoded::Error:
        throw refuse("truncated or corrupt data (" + err->error + ")");
    case Decoded::OverLimit:
        throw refuse("its " + std::to_string(picture.width) + "x" + std::to_string(picture.height) +
                     " picture is over the decoder's allocation limit of " +
                     std::to_string(allocationLimitMiB) + " megabytes");
    case Decoded::Ok:
        break;
    }
    for (const std::string& warning : err->warnings)
        if (warnsOfLostData(QString::fromStdString(warning)))
            throw refuse("truncated or corrupt data (" + warning + ")");
    return turned(picture, exifOrientation(exif));
}

} // namespace tessera::io
