#include "image_loader.hpp"

#include "error.hpp"
#include "file_names.hpp"
#include "image_integrity.hpp"
#include "jpeg_decoder.hpp"

#include <QBuffer>
#include <QFile>
#include <QImageReader>
#include <QStringList>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <span>

namespace tessera::io {
namespace {

// The decoders' process-wide state, set for one decode and put back after it. Serialised: no
// two decodes may share it.
// - stderr: libpng reports a failed decode by printing "libpng error: ..." straight to it (Qt
//   installs no error callback for reading), and libtiff its own complaints, before Qt returns
//   its error. We report that error ourselves, in one line, so their copy goes to /dev/null.
// - Qt's message handler: the plugins report through qWarning. libjpeg's warnings are the only
//   sign of compressed data that stops short before the end marker or does not decode (it fills
//   gray and goes on). This thread's messages are collected; other threads' go to the handler
//   that was there.
// - QImageReader's allocation limit, which Qt keeps for the whole process.
class DecoderScope {
  public:
    explicit DecoderScope(int allocationLimitMiB) : m_lock(s_mutex) {
        std::fflush(stderr);
        m_savedStderr = ::dup(STDERR_FILENO);
        const int null = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
        if (m_savedStderr >= 0 && null >= 0)
            ::dup2(null, STDERR_FILENO);
        if (null >= 0)
            ::close(null);
        t_warnings = &m_warnings;
        s_previousHandler = qInstallMessageHandler(collect);
        m_savedLimit = QImageReader::allocationLimit();
        QImageReader::setAllocationLimit(allocationLimitMiB);
    }
    ~DecoderScope() {
        QImageReader::setAllocationLimit(m_savedLimit);
        qInstallMessageHandler(s_previousHandler);
        t_warnings = nullptr;
        std::fflush(stderr);
        if (m_savedStderr >= 0) {
            ::dup2(m_savedStderr, STDERR_FILENO);
            ::close(m_savedStderr);
        }
    }
    DecoderScope(const DecoderScope&) = delete;
    DecoderScope& operator=(const DecoderScope&) = delete;

    const QStringList& warnings() const { return m_warnings; }

  private:
    static void collect(QtMsgType type, const QMessageLogContext& context, const QString& text) {
        if (t_warnings)
            t_warnings->append(text);
        else if (const QtMessageHandler previous = s_previousHandler.load())
            previous(type, context, text); // null only until the first install has returned
    }

    static inline std::mutex s_mutex;
    static inline std::atomic<QtMessageHandler> s_previousHandler;
    static inline thread_local QStringList* t_warnings = nullptr;
    std::lock_guard<std::mutex> m_lock;
    int m_savedStderr = -1;
    int m_savedLimit = 0;
    QStringList m_warnings;
};

// The file's bytes, opened by its native name: any bytes, UTF-8 or not, as the system has them.
QByteArray readFileBytes(const std::filesystem::path& path) {
    requireRegularFile(path); // open() on a FIFO would wait for a writer
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw InputError("cannot read " + path.string() + ": " +
                         (errno == ENOENT ? "no such file" : std::strerror(errno)));
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    struct stat info {};
    (void)::fstat(fd, &info); // on failure st_mode stays 0: read as a stream, bounded below
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

// Why Qt could not decode: its reason, and what the decoders said.
std::string decodeFailure(const QImageReader& reader, QStringList warnings) {
    warnings.removeDuplicates();
    std::string detail = reader.errorString().toStdString();
    if (!warnings.isEmpty())
        detail += ": " + warnings.join("; ").simplified().toStdString();
    // A failed decode is InvalidDataError, and so is a picture over the allocation limit: only
    // Qt's warning tells that one apart.
    const bool overLimit = warnings.join(' ').contains("allocation limit");
    if (reader.error() == QImageReader::InvalidDataError && !overLimit)
        return "truncated or corrupt data (" + detail + ")";
    return detail;
}

// The file's bytes decoded by QImageReader, within DecoderScope.
QImage decodeWithQt(const QByteArray& bytes, const std::filesystem::path& path,
                    int allocationLimitMiB) {
    QBuffer device;
    device.setData(bytes);
    device.open(QIODevice::ReadOnly);
    const auto refuse = [&](const std::string& why) {
        return InputError("cannot read image " + path.string() + ": " + why);
    };
    QImage image;
    DecoderScope scope(allocationLimitMiB);
    // Recognising the format, reading the header, decoding and destroying the reader all run
    // the decoders: the reader lives inside the scope.
    QImageReader reader(&device, chooseFormat(device, path));
    reader.setAutoTransform(true); // honour EXIF orientation, as a viewer shows the photo
    const std::span file(reinterpret_cast<const std::uint8_t*>(bytes.constData()),
                         std::size_t(bytes.size()));
    if (const auto missing = findMissingData(reader.format(), file, reader.size()))
        throw refuse("truncated or corrupt data (" + *missing + ")");
    if (!reader.read(&image))
        throw refuse(decodeFailure(reader, scope.warnings()));
    // A decoder may say yes and give nothing: libmng on an MNG whose frame is cut off (found by
    // the image fuzz target).
    if (image.isNull())
        throw refuse("truncated or corrupt data (the decoder returned no picture)");
    for (const QString& warning : scope.warnings())
        if (warnsOfLostData(warning))
            throw refuse("truncated or corrupt data (" + warning.simplified().toStdString() + ")");
    return image;
}

} // namespace

QImage readImage(const std::filesystem::path& path, int allocationLimitMiB) {
    return decodeWithQt(readFileBytes(path), path, allocationLimitMiB);
}

void requireImageChannels(int channels) {
    if (channels != 1 && channels != 3)
        throw InputError("images give 3 channels (RGB) or 1 (luminance), not --in-chans " +
                         std::to_string(channels) + "; use a .npy input for other counts");
}

std::optional<Size2> readImageSize(const std::filesystem::path& path) {
    requireRegularFile(path);
    // Opened by its bytes (a POSIX descriptor handed to QFile), so that any file name works; the
    // reader reads only as far as the header.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    QFile device;
    if (fd < 0 || !device.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        const int err = errno;
        if (fd >= 0)
            ::close(fd);
        throw InputError("cannot read " + path.string() + ": " + std::strerror(err));
    }
    DecoderScope scope(kDefaultAllocationLimitMiB);
    QImageReader reader(&device, chooseFormat(device, path));
    reader.setAutoTransform(true);
    const QSize size = reader.size();
    if (!size.isValid() || size.isEmpty())
        return std::nullopt; // a format that does not say, or a broken header: decoding tells
    // size() is the stored size; an EXIF rotation by 90 degrees swaps what the image shows.
    const bool turned = reader.transformation() & QImageIOHandler::TransformationRotate90;
    return turned ? Size2{size.width(), size.height()} : Size2{size.height(), size.width()};
}

ImageU8 toImageU8(const QImage& image, int channels) {
    requireImageChannels(channels);
    ImageU8 out{image.width(), image.height(), 3,
                std::vector<std::uint8_t>(std::size_t(image.width()) * image.height() * 3)};
    if (image.format() == QImage::Format_RGB32) {
        // What Qt decodes a colour JPEG to (0xffRRGGBB): taken apart in one pass, the bytes
        // convertToFormat(RGB888) gives, without its copy and ours after it.
        for (int y = 0; y < out.height; ++y) {
            const auto* src = reinterpret_cast<const QRgb*>(image.constScanLine(y));
            std::uint8_t* dst = out.row(y);
            for (int x = 0; x < out.width; ++x) {
                dst[3 * x] = std::uint8_t(qRed(src[x]));
                dst[3 * x + 1] = std::uint8_t(qGreen(src[x]));
                dst[3 * x + 2] = std::uint8_t(qBlue(src[x]));
            }
        }
    } else {
        const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
        for (int y = 0; y < out.height; ++y)
            std::copy_n(rgb.constScanLine(y), std::size_t(out.width) * 3, out.row(y));
    }
    return channels == 1 ? toLuminance(out) : out;
}

ImageU8 loadImage(const std::filesystem::path& path, int channels, int allocationLimitMiB) {
    requireImageChannels(channels); // before decoding: a wrong flag should not cost a decode
    const QByteArray bytes = readFileBytes(path);
    // JPEGs without Qt's reader and its lock, straight to RGB (jpeg_decoder.hpp): a batch's
    // workers decode at once.
    const std::span file(reinterpret_cast<const std::uint8_t*>(bytes.constData()),
                         std::size_t(bytes.size()));
    if (looksLikeJpeg(file))
        if (std::optional<ImageU8> rgb = decodeJpeg(file, path.string(), allocationLimitMiB))
            return channels == 1 ? toLuminance(*rgb) : std::move(*rgb);
    return toImageU8(decodeWithQt(bytes, path, allocationLimitMiB), channels);
}

} // namespace tessera::io
