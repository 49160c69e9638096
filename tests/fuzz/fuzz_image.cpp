// Fuzz target: an image file through readImage (QImageReader with the allocation limit, and
// image_integrity's checks for truncated files) and toImageU8, and through loadImage (whose
// JPEGs go to jpeg_decoder.hpp: libjpeg and our EXIF reading), on any bytes (fuzz_targets.hpp).
// The bytes go through a file in /dev/shm: readImage takes a path, as the faces call it.
#include "fuzz_qt.hpp"
#include "fuzz_scratch_file.hpp"
#include "fuzz_targets.hpp"

#include "error.hpp"
#include "image_loader.hpp"

namespace {

// Small enough that a decode within it stays far below libFuzzer's -rss_limit_mb, even as the
// RGB copy toImageU8 makes.
constexpr int kLimitMiB = 64;

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    tessera::fuzz::quietQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::filesystem::path path = tessera::fuzz::scratchFile(data, size, ".img");
    try {
        // What the loader promises for whatever it accepts: a picture within the allocation
        // limit, whose 8-bit copy has the picture's size and one byte per pixel and channel.
        const QImage image = tessera::io::readImage(path, kLimitMiB);
        if (image.isNull() || image.sizeInBytes() > qsizetype(kLimitMiB) * 1024 * 1024)
            __builtin_trap();
        for (const int channels : {3, 1}) {
            const tessera::ImageU8 u8 = tessera::io::toImageU8(image, channels);
            if (u8.width != image.width() || u8.height != image.height() ||
                u8.channels != channels ||
                u8.pixels.size() != std::size_t(u8.width) * std::size_t(u8.height) * channels)
                __builtin_trap();
        }
    } catch (const tessera::InputError&) {
        // The expected way to say no.
    }
    try {
        const tessera::ImageU8 u8 = tessera::io::loadImage(path, 3, kLimitMiB);
        if (u8.width < 1 || u8.height < 1 || u8.channels != 3 ||
            u8.pixels.size() != std::size_t(u8.width) * std::size_t(u8.height) * 3 ||
            std::size_t(u8.width) * std::size_t(u8.height) * 4 >
                std::size_t(kLimitMiB) * 1024 * 1024)
            __builtin_trap();
    } catch (const tessera::InputError&) {
    }
    return 0;
}
