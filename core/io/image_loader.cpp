#include "image_loader.hpp"

#include "error.hpp"

#include <QImageReader>

#include <fcntl.h>
#include <unistd.h>

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

Tensor imageToTensor(const QImage& image, int channels) {
    requireImageChannels(channels);
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    const int h = rgb.height(), w = rgb.width();
    Tensor t({channels, h, w});
    const std::size_t plane = std::size_t(h) * w;
    for (int y = 0; y < h; ++y) {
        const uchar* row = rgb.constScanLine(y);
        for (int x = 0; x < w; ++x) {
            const float r = row[3 * x] / 255.0f, g = row[3 * x + 1] / 255.0f,
                        b = row[3 * x + 2] / 255.0f;
            const std::size_t i = std::size_t(y) * w + x;
            if (channels == 3) {
                t.data[i] = r;
                t.data[plane + i] = g;
                t.data[2 * plane + i] = b;
            } else {
                t.data[i] = 0.299f * r + 0.587f * g + 0.114f * b;
            }
        }
    }
    return t;
}

Tensor loadImage(const std::filesystem::path& path, int channels, int allocationLimitMiB) {
    requireImageChannels(channels); // before decoding: a wrong flag should not cost a decode
    return imageToTensor(readImage(path, allocationLimitMiB), channels);
}

} // namespace tessera::io
