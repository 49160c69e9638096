#include "image_loader.hpp"

#include "error.hpp"

#include <QImageReader>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
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

void requireImageChannels(int channels) {
    if (channels != 1 && channels != 3)
        throw InputError("images give 3 channels (RGB) or 1 (luminance), not --in-chans " +
                         std::to_string(channels) + "; use a .npy input for other counts");
}

} // namespace

QImage readImage(const std::filesystem::path& path, int allocationLimitMiB) {
    const QString name = QString::fromStdString(path.string());
    if (!std::filesystem::exists(path))
        throw InputError("cannot read " + path.string() + ": no such file");
    QImageReader reader(name);
    reader.setAllocationLimit(allocationLimitMiB);
    reader.setAutoTransform(true); // honour EXIF orientation, as a viewer shows the photo
    QImage image;
    bool ok = false;
    {
        QuietStderr quiet;
        ok = reader.read(&image);
    }
    if (!ok)
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
