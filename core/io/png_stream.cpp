#include "png_stream.hpp"
#include "task_pool.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

namespace tessera::io {
namespace {

constexpr std::size_t kIdatBytes = std::size_t(1) << 20;

void putU32(std::string& out, std::uint32_t v) {
    out += char(v >> 24);
    out += char(v >> 16);
    out += char(v >> 8);
    out += char(v);
}

// A chunk: length, type, data, and the CRC-32 of type and data.
void writeChunk(const ByteSink& sink, const char* type, const unsigned char* data,
                std::size_t bytes) {
    std::string head;
    putU32(head, std::uint32_t(bytes));
    head.append(type, 4);
    uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(type), 4);
    if (bytes) // crc32_z(crc, nullptr, 0) is not crc but zlib's initial value
        crc = crc32_z(crc, data, bytes);
    sink(head.data(), head.size());
    if (bytes)
        sink(data, bytes);
    std::string tail;
    putU32(tail, std::uint32_t(crc));
    sink(tail.data(), tail.size());
}

// The deflate stream of the filtered rows, emitted as IDAT chunks as its output fills.
class IdatStream {
  public:
    IdatStream(const ByteSink& sink, int level) : m_sink(sink), m_out(kIdatBytes) {
        if (deflateInit(&m_z, level) != Z_OK)
            throw std::runtime_error("cannot start a PNG's zlib stream");
        m_z.next_out = m_out.data();
        m_z.avail_out = uInt(m_out.size());
    }
    ~IdatStream() { deflateEnd(&m_z); }
    IdatStream(const IdatStream&) = delete;
    IdatStream& operator=(const IdatStream&) = delete;

    void put(const unsigned char* data, std::size_t bytes, bool last) {
        m_z.next_in = const_cast<Bytef*>(data);
        m_z.avail_in = uInt(bytes);
        const int flush = last ? Z_FINISH : Z_NO_FLUSH;
        int status;
        do {
            if (m_z.avail_out == 0)
                writeOut();
            status = deflate(&m_z, flush);
            if (status == Z_STREAM_ERROR)
                throw std::runtime_error("cannot deflate a PNG's rows");
        } while (m_z.avail_in > 0 || (last && status != Z_STREAM_END));
        if (last && m_z.next_out != m_out.data())
            writeOut();
    }

  private:
    void writeOut() {
        if (m_z.next_out != m_out.data())
            writeChunk(m_sink, "IDAT", m_out.data(), std::size_t(m_z.next_out - m_out.data()));
        m_z.next_out = m_out.data();
        m_z.avail_out = uInt(m_out.size());
    }

    const ByteSink& m_sink;
    std::vector<unsigned char> m_out;
    z_stream m_z{}; // zalloc, zfree and opaque null: zlib's own allocator
};

} // namespace

void writePngInBands(int width, int height, int bandRows,
                     const std::function<void(QImage& band, int top)>& paint, const ByteSink& sink,
                     int level, int threads) {
    if (width <= 0 || height <= 0 || bandRows <= 0)
        throw std::logic_error("writePngInBands: empty picture or band");
    static const unsigned char kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    sink(kSignature, sizeof kSignature);
    std::string ihdr;
    putU32(ihdr, std::uint32_t(width));
    putU32(ihdr, std::uint32_t(height));
    ihdr += {char(8), char(2), char(0), char(0), char(0)}; // 8 bits, RGB, deflate, filter 0, -
    writeChunk(sink, "IHDR", reinterpret_cast<const unsigned char*>(ihdr.data()), ihdr.size());

    // `threads` bands are painted and filtered at once, then deflated in order (one zlib
    // stream). Painting is most of the time, and QPainter may draw on distinct QImages at once.
    threads = std::max(threads, 1);
    IdatStream idat(sink, level);
    const std::size_t rowBytes = 1 + std::size_t(width) * 3; // the filter byte, then RGB
    const int bands = (height + bandRows - 1) / bandRows;
    std::vector<QImage> images(static_cast<std::size_t>(threads));
    std::vector<std::vector<unsigned char>> filtered(static_cast<std::size_t>(threads));
    std::vector<unsigned char> lastRow(std::size_t(width) * 3, 0); // above the group's first row
    for (int first = 0; first < bands; first += threads) {
        const int count = std::min(threads, bands - first);
        runTasks(count, count, [&](std::int64_t k) {
            const int top = (first + int(k)) * bandRows, rows = std::min(bandRows, height - top);
            QImage& band = images[std::size_t(k)];
            if (band.width() != width || band.height() != rows)
                band = QImage(width, rows, QImage::Format_RGB32);
            paint(band, top);
            std::vector<unsigned char>& out = filtered[std::size_t(k)];
            out.resize(rowBytes * std::size_t(rows));
            for (int y = 0; y < rows; ++y) {
                unsigned char* o = out.data() + rowBytes * std::size_t(y);
                o[0] = 2; // Up: each byte minus the one above it
                const QRgb* px = reinterpret_cast<const QRgb*>(band.constScanLine(y));
                for (int x = 0; x < width; ++x) {
                    o[1 + 3 * x] = std::uint8_t(qRed(px[x]));
                    o[2 + 3 * x] = std::uint8_t(qGreen(px[x]));
                    o[3 + 3 * x] = std::uint8_t(qBlue(px[x]));
                }
            }
        });
        // Up filtering, bottom row first so each row still has its neighbour's raw bytes.
        for (int k = 0; k < count; ++k) {
            std::vector<unsigned char>& out = filtered[std::size_t(k)];
            const std::size_t rows = out.size() / rowBytes;
            std::vector<unsigned char> nextLast(out.end() - std::ptrdiff_t(rowBytes) + 1,
                                                out.end());
            for (std::size_t y = rows; y-- > 0;) {
                unsigned char* o = out.data() + rowBytes * y + 1;
                const unsigned char* above =
                    y > 0 ? out.data() + rowBytes * (y - 1) + 1 : lastRow.data();
                for (std::size_t i = 0; i + 1 < rowBytes; ++i)
                    o[i] = std::uint8_t(o[i] - above[i]);
            }
            lastRow.swap(nextLast);
            idat.put(out.data(), out.size(), first + k == bands - 1);
        }
    }
    writeChunk(sink, "IEND", nullptr, 0);
}

void writePng(const QImage& image, const ByteSink& sink, int level) {
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    const auto copy = [&](QImage& band, int top) {
        for (int y = 0; y < band.height(); ++y)
            std::memcpy(band.scanLine(y), rgb.constScanLine(top + y), std::size_t(rgb.width()) * 4);
    };
    writePngInBands(rgb.width(), rgb.height(), 64, copy, sink, level, 1);
}

} // namespace tessera::io
