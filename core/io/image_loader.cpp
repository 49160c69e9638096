#include "image_loader.hpp"

#include "error.hpp"
#include "file_names.hpp"

#include <QBuffer>
#include <QImageReader>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>

namespace tessera::io {
namespace {

// libpng reports a failed decode by printing "libpng error: ..." straight to the process's
// stderr (Qt installs no error callback for reading), before Qt returns its own error string.
// We report that error ourselves, in one line, so the decoder's copy is sent to /dev/null for
// the length of the decode. Serialised: the redirection is process-wide.
class QuietStderr {
  public:
    QuietStderr() : m_lock(s_mutex) {
        std::fflush(stderr);
        m_saved = ::dup(STDERR_FILENO);
        const int null = ::open("/dev/null", O_WRONLY);
        if (m_saved >= 0 && null >= 0)
            ::dup2(null, STDERR_FILENO);
        if (null >= 0)
            ::close(null);
    }
    ~QuietStderr() {
        std::fflush(stderr);
        if (m_saved >= 0) {
            ::dup2(m_saved, STDERR_FILENO);
            ::close(m_saved);
        }
    }
    QuietStderr(const QuietStderr&) = delete;
    QuietStderr& operator=(const QuietStderr&) = delete;

  private:
    static inline std::mutex s_mutex;
    std::lock_guard<std::mutex> m_lock;
    int m_saved = -1;
};

// The file's bytes, opened by its native name: any bytes, UTF-8 or not, as the system has them.
QByteArray readFileBytes(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw InputError("cannot read " + path.string() + ": " +
                         (errno == ENOENT ? "no such file" : std::strerror(errno)));
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat info {};
    if (::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode))
        throw InputError("cannot read " + path.string() + ": is a directory");
    const auto tooLarge = [&] {
        return InputError("cannot read image " + path.string() + ": over " +
                          std::to_string(kMaxImageFileBytes >> 30) +
                          " GiB, too large for an image file");
    };
    if (S_ISREG(info.st_mode) && std::uintmax_t(info.st_size) > kMaxImageFileBytes)
        throw tooLarge(); // before reading any of it
    QByteArray bytes;
    if (S_ISREG(info.st_mode))
        bytes.reserve(qsizetype(info.st_size));
    char chunk[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            throw InputError("cannot read " + path.string() + ": " + std::strerror(errno));
        if (n == 0)
            return bytes;
        if (std::uintmax_t(bytes.size() + n) > kMaxImageFileBytes)
            throw tooLarge(); // a pipe, or a file that grew
        bytes.append(chunk, n);
    }
}

// The decoder for the content, as QImageReader recognises it, so that a JPEG named .png is read
// as a JPEG; where the content does not tell (a file cut inside its signature), the extension's,
// in any case, when Qt reads that format.
QByteArray chooseFormat(QIODevice& device, const std::filesystem::path& path) {
    if (const QByteArray byContent = QImageReader::imageFormat(&device); !byContent.isEmpty())
        return byContent;
    const std::string extension = lowerExtension(path);
    if (extension.empty())
        return {};
    const QByteArray hint = QByteArray::fromStdString(extension.substr(1));
    return QImageReader::supportedImageFormats().contains(hint) ? hint : QByteArray();
}

void requireImageChannels(int channels) {
    if (channels != 1 && channels != 3)
        throw InputError("images give 3 channels (RGB) or 1 (luminance), not --in-chans " +
                         std::to_string(channels) + "; use a .npy input for other counts");
}

} // namespace

QImage readImage(const std::filesystem::path& path, int allocationLimitMiB) {
    const QByteArray bytes = readFileBytes(path);
    QBuffer device;
    device.setData(bytes);
    device.open(QIODevice::ReadOnly);
    QImage image;
    QuietStderr quiet;
    // Recognising the format, reading the header, decoding and destroying the reader all run
    // the decoders: the reader lives inside the quiet scope.
    QImageReader reader(&device, chooseFormat(device, path));
    reader.setAllocationLimit(allocationLimitMiB);
    reader.setAutoTransform(true); // honour EXIF orientation, as a viewer shows the photo
    if (!reader.read(&image))
        throw InputError("cannot read image " + path.string() + ": " +
                         reader.errorString().toStdString());
    return image;
}

ImageU8 toImageU8(const QImage& image, int channels) {
    requireImageChannels(channels);
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    ImageU8 out{rgb.width(), rgb.height(), 3,
                std::vector<std::uint8_t>(std::size_t(rgb.width()) * rgb.height() * 3)};
    for (int y = 0; y < out.height; ++y)
        std::copy_n(rgb.constScanLine(y), std::size_t(out.width) * 3, out.row(y));
    return channels == 1 ? toLuminance(out) : out;
}

ImageU8 loadImage(const std::filesystem::path& path, int channels, int allocationLimitMiB) {
    requireImageChannels(channels); // before decoding: a wrong flag should not cost a decode
    return toImageU8(readImage(path, allocationLimitMiB), channels);
}

} // namespace tessera::io
