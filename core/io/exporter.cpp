#include "exporter.hpp"

#include "atomic_file.hpp"
#include "error.hpp"
#include "file_names.hpp"
#include "npy.hpp"
#include "overlay_painter.hpp"
#include "png_stream.hpp"
#include "safetensors.hpp"
#include "spec_flags.hpp"
#include "task_pool.hpp"
#include "zip_archive.hpp"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <exception>
#include <fstream>
#include <functional>
#include <map>

namespace tessera::io {
namespace {

constexpr int kSpriteMax = 8192; // TensorBoard's limit on a sprite's side
// zlib's level for the bundle's PNGs: 1, since 6 (Qt's and libpng's default) takes 2.4 times as
// long on the sprite for a file 0.6 times the size (docs/architecture-notes.md, "Streamed
// exports").
constexpr int kPngLevel = 1;
// What a streamed member holds in memory at once (text, a transposed band, a sprite band).
constexpr std::size_t kChunkBytes = std::size_t(4) << 20;
// Threads formatting text or painting sprite bands, each holding a chunk or two: the run's, up to
// this many, so a 64-core run's export still holds tens of MB, not hundreds.
constexpr int kMaxExportThreads = 8;

int exportThreads(const Result& r) {
    return std::clamp(r.threads, 1, kMaxExportThreads);
}

ByteSink fileSink(AtomicFile& file) {
    return [&file](const void* data, std::size_t bytes) { file.write(data, bytes); };
}

void put(const ByteSink& sink, std::string_view bytes) {
    sink(bytes.data(), bytes.size());
}

// Shortest text that reads back as the same float, '.' whatever the locale.
void appendFloat(std::string& out, float v) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

// Text of `rows` rows, made by `row(out, t)` appending row t, handed to a sink a block at a time:
// a CSV or TSV of every embedding (574 MB for a 2048² P8 D768 run) is never held whole. Shortest
// float text (to_chars) is most of a large bundle's time, so `threads` blocks of about
// kChunkBytes (`rowBytes` a row, roughly) are made at once, then written in order.
// `threads` is at least 1.
void writeRows(std::int64_t rows, std::size_t rowBytes, int threads,
               const std::function<void(std::string& out, std::int64_t t)>& row,
               const ByteSink& sink) {
    const std::int64_t perBlock =
        std::max<std::int64_t>(1, std::int64_t(kChunkBytes / std::max<std::size_t>(rowBytes, 1)));
    std::vector<std::string> blocks(static_cast<std::size_t>(threads));
    for (std::int64_t t0 = 0; t0 < rows; t0 += perBlock * threads) {
        runTasks(threads, threads, [&](std::int64_t k) {
            std::string& out = blocks[std::size_t(k)];
            out.clear();
            out.reserve(std::size_t(perBlock) * rowBytes * 5 / 4); // no doubling past it
            const std::int64_t begin = t0 + k * perBlock, end = std::min(rows, begin + perBlock);
            for (std::int64_t t = begin; t < end; ++t)
                row(out, t);
        });
        for (const std::string& block : blocks)
            put(sink, block);
    }
}

QJsonArray jsonShape(const Shape& s) {
    QJsonArray a;
    for (auto d : s)
        a.append(qint64(d));
    return a;
}

QJsonArray jsonSize(Size2 s) {
    return QJsonArray{s.h, s.w};
}

QJsonArray jsonDoubles(const std::vector<double>& v) {
    QJsonArray a;
    for (double x : v)
        a.append(x);
    return a;
}

QJsonValue orNull(bool present, const QJsonValue& v) {
    return present ? v : QJsonValue();
}

struct Box {
    std::int64_t y0, x0, y1, x1;
};

Box boxOf(const PatchGrid& g, std::int64_t n) {
    const std::int64_t row = n / g.gw, col = n % g.gw;
    return {row * g.patch.h, col * g.patch.w, (row + 1) * g.patch.h, (col + 1) * g.patch.w};
}

// The CSV rows, with or without the embedding columns.
void writeCsv(const ExportInput& in, bool withEmbeddings, const ByteSink& sink) {
    const Result& r = *in.result;
    const std::int64_t B = r.embeddings.dim(0), N = r.embeddings.dim(1), D = r.embeddings.dim(2);
    std::string head = "image,index,row,col,y0,x0,y1,x1,norm";
    if (withEmbeddings)
        for (std::int64_t d = 0; d < D; ++d)
            head += ",e" + std::to_string(d);
    put(sink, head + '\n');
    std::vector<std::string> names;
    for (std::int64_t b = 0; b < B; ++b)
        names.push_back(csvField(b < std::int64_t(in.imageNames.size()) ? in.imageNames[b]
                                                                        : std::to_string(b)));
    const auto row = [&](std::string& s, std::int64_t t) {
        const std::int64_t b = t / N, n = t % N;
        const Box box = boxOf(r.grid, n);
        s += names[std::size_t(b)] + ',' + std::to_string(n) + ',' + std::to_string(n / r.grid.gw) +
             ',' + std::to_string(n % r.grid.gw) + ',' + std::to_string(box.y0) + ',' +
             std::to_string(box.x0) + ',' + std::to_string(box.y1) + ',' + std::to_string(box.x1) +
             ',';
        appendFloat(s, r.norms.data[t]);
        if (withEmbeddings) {
            const float* e = r.embeddings.data.data() + t * D;
            for (std::int64_t d = 0; d < D; ++d) {
                s += ',';
                appendFloat(s, e[d]);
            }
        }
        s += '\n';
    };
    writeRows(B * N, std::size_t(withEmbeddings ? 40 + 12 * D : 40), exportThreads(r), row, sink);
}

// The embeddings' values in the Spec's layout, straight from the Result's (B, N, D) rows, with no
// copy of the whole: NLC and NHWC are those rows as they are; NCHW is their transpose, made a
// band of channels (about kChunkBytes) at a time.
void writeEmbeddingValues(const Result& r, OutputFormat format, const ByteSink& sink) {
    const Tensor& e = r.embeddings;
    if (format != OutputFormat::NCHW) {
        sink(e.data.data(), e.data.size() * sizeof(float));
        return;
    }
    const std::int64_t B = e.dim(0), N = e.dim(1), D = e.dim(2);
    const std::int64_t channels = std::clamp<std::int64_t>(
        std::int64_t(kChunkBytes / sizeof(float)) / std::max<std::int64_t>(N, 1), 1, D);
    std::vector<float> band(std::size_t(channels * N));
    for (std::int64_t b = 0; b < B; ++b)
        for (std::int64_t d0 = 0; d0 < D; d0 += channels) {
            const std::int64_t dn = std::min(channels, D - d0);
            const float* src = e.data.data() + b * N * D + d0;
            for (std::int64_t n = 0; n < N; ++n)
                for (std::int64_t d = 0; d < dn; ++d)
                    band[std::size_t(d * N + n)] = src[n * D + d];
            sink(band.data(), std::size_t(dn * N) * sizeof(float));
        }
}

Shape embeddingsShape(const ExportInput& in) {
    const Result& r = *in.result;
    return outputShape(r.embeddings.dim(0), r.grid, r.embeddings.dim(2), in.spec.format);
}

// embeddings.npy of an .npz or a bundle, and the .npy export itself.
void writeEmbeddingsNpy(const ExportInput& in, const ByteSink& sink) {
    put(sink, npyHeader(embeddingsShape(in)));
    writeEmbeddingValues(*in.result, in.spec.format, sink);
}

std::string gridNpy(const PatchGrid& g) {
    return encodeNpyInt64({g.gh, g.gw}, {2});
}

std::string boxesNpy(const PatchGrid& g) {
    std::vector<std::int64_t> v;
    for (std::int64_t n = 0; n < g.count(); ++n) {
        const Box b = boxOf(g, n);
        v.insert(v.end(), {b.y0, b.x0, b.y1, b.x1});
    }
    return encodeNpyInt64(v, {g.count(), 4});
}

TensorFile weightsFile(const PatchEmbedWeights& w) {
    TensorFile f;
    f.tensors["proj.weight"] = w.proj;
    const auto vec = [](const std::vector<float>& v) {
        return Tensor({std::int64_t(v.size())}, v);
    };
    if (!w.bias.empty())
        f.tensors["proj.bias"] = vec(w.bias);
    if (!w.normWeight.empty())
        f.tensors["norm.weight"] = vec(w.normWeight);
    if (!w.normBias.empty())
        f.tensors["norm.bias"] = vec(w.normBias);
    f.metadata["format"] = "pt";
    return f;
}

// A line plot of the norms by patch index, with axes: the bundle's norms.png.
QImage normsPlot(const Result& r) {
    const int W = 1000, H = 420, left = 70, right = 20, top = 40, bottom = 50;
    QImage img(W, H, QImage::Format_RGB32);
    img.fill(Qt::white);
    QPainter p(&img);
    p.setRenderHint(QPainter::Antialiasing);
    const std::int64_t n = r.grid.count();
    const float* norms = r.norms.data.data();
    // NaN or inf norms (from NaN or huge inputs) are left out: they break the line.
    float highest = 0;
    for (std::int64_t i = 0; i < n; ++i)
        if (std::isfinite(norms[i]))
            highest = std::max(highest, norms[i]);
    const float hi = highest * 1.05f + 1e-6f;
    const QRectF plot(left, top, W - left - right, H - top - bottom);
    auto at = [&](double i, double v) {
        return QPointF(plot.left() + (n > 1 ? i / double(n - 1) : 0.5) * plot.width(),
                       plot.bottom() - v / hi * plot.height());
    };
    p.setPen(QColor(220, 220, 220));
    for (int k = 0; k <= 4; ++k) {
        const double y = plot.bottom() - k * plot.height() / 4;
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
    }
    p.setPen(Qt::black);
    p.drawRect(plot);
    for (int k = 0; k <= 4; ++k) {
        p.drawText(QRectF(0, plot.bottom() - k * plot.height() / 4 - 8, left - 6, 16),
                   Qt::AlignRight | Qt::AlignVCenter, QString::number(hi * k / 4, 'g', 3));
        const double i = (n - 1) * k / 4.0;
        p.drawText(QRectF(at(i, 0).x() - 40, plot.bottom() + 4, 80, 16), Qt::AlignHCenter,
                   QString::number(std::llround(i)));
    }
    p.drawText(QRectF(0, 6, W, 24), Qt::AlignHCenter, QStringLiteral("L2 norm per patch"));
    p.drawText(QRectF(0, H - 24, W, 20), Qt::AlignHCenter, QStringLiteral("patch index"));
    p.setPen(QPen(QColor(32, 120, 200), 1.5));
    // The points of each pixel column are drawn as their lowest and highest, in index order:
    // the same picture as every point (65536 of them at 2048² P8), at a cost set by the width.
    QPolygonF line;
    // As separate segments, not one polyline: Qt strokes a polyline into one path whose
    // self-overlaps (a column's zigzag) cost seconds to fill; segments cost milliseconds.
    const auto endLine = [&] {
        if (line.size() == 1)
            p.drawLine(line[0], line[0] + QPointF(1, 0));
        QVector<QLineF> segments;
        for (qsizetype k = 1; k < line.size(); ++k)
            segments.append(QLineF(line[k - 1], line[k]));
        p.drawLines(segments);
        line.clear();
    };
    std::int64_t low = -1, high = -1; // the column's lowest and highest finite points so far
    const auto endColumn = [&] {
        if (low >= 0) {
            line << at(double(std::min(low, high)), norms[std::min(low, high)]);
            if (low != high)
                line << at(double(std::max(low, high)), norms[std::max(low, high)]);
        }
        low = high = -1;
    };
    const int columns = std::max(1, int(plot.width()));
    for (std::int64_t i = 0; i < n; ++i) {
        if (i > 0 && i * columns / n != (i - 1) * columns / n)
            endColumn();
        if (!std::isfinite(norms[i])) { // NaN or inf norms break the line
            endColumn();
            endLine();
            continue;
        }
        if (low < 0 || norms[i] < norms[low])
            low = i;
        if (high < 0 || norms[i] > norms[high])
            high = i;
    }
    endColumn();
    endLine();
    return img;
}

// Patch thumbnails, row-major in a grid of ceil(sqrt(count)) columns, for the projector: up to
// 8192² pixels, so painted and encoded a band of cell rows at a time (see png_stream.hpp).
// Returns the cell's side.
int writeSprite(const ExportInput& in, const ByteSink& sink) {
    const Result& r = *in.result;
    const std::int64_t B = r.embeddings.dim(0), N = r.grid.count(), total = B * N;
    const int cols = int(std::ceil(std::sqrt(double(total))));
    const int rows = int((total + cols - 1) / cols);
    const int cell = std::clamp(kSpriteMax / cols, 1, 64);
    // The views' own pixels, wrapped (read-only) rather than copied into QImages.
    std::vector<QImage> views;
    for (std::int64_t b = 0; b < B && b < std::int64_t(in.views.size()); ++b) {
        const ImageU8& v = in.views[std::size_t(b)];
        views.emplace_back(v.pixels.data(), v.width, v.height, qsizetype(v.width) * v.channels,
                           v.channels == 1 ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
    }
    const int width = cols * cell;
    const int cellRowsPerBand =
        std::max(1, int(kChunkBytes / (std::size_t(width) * 4 * std::size_t(cell))));
    const auto paint = [&](QImage& band, int top) {
        band.fill(QColor(128, 128, 128));
        QPainter p(&band);
        p.setRenderHint(QPainter::SmoothPixmapTransform);
        p.translate(0, -top);
        const std::int64_t first = std::int64_t(top / cell) * cols;
        const std::int64_t last =
            std::min<std::int64_t>(total, std::int64_t((top + band.height()) / cell) * cols);
        for (std::int64_t t = first; t < last && t / N < std::int64_t(views.size()); ++t) {
            const QImage& view = views[std::size_t(t / N)];
            const Box box = boxOf(r.grid, t % N);
            const QRectF target((t % cols) * cell, (t / cols) * cell, cell, cell);
            const QRectF source(box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0);
            // The part past the picture is padding: it stays the grey the band starts with.
            const QRectF inside = source.intersected(QRectF(QPointF(0, 0), QSizeF(view.size())));
            if (inside.isEmpty())
                continue;
            const double sx = target.width() / source.width(),
                         sy = target.height() / source.height();
            const QRectF to(target.left() + (inside.left() - source.left()) * sx,
                            target.top() + (inside.top() - source.top()) * sy, inside.width() * sx,
                            inside.height() * sy);
            p.drawImage(to, view, inside);
        }
    };
    writePngInBands(width, rows * cell, cellRowsPerBand * cell, paint, sink, kPngLevel,
                    exportThreads(r));
    return cell;
}

void writeProjector(const ExportInput& in, ZipWriter& zip) {
    const Result& r = *in.result;
    const std::int64_t B = r.embeddings.dim(0), N = r.embeddings.dim(1), D = r.embeddings.dim(2);
    zip.begin("projector/vectors.tsv");
    const auto vector = [&](std::string& s, std::int64_t t) {
        const float* e = r.embeddings.data.data() + t * D;
        for (std::int64_t d = 0; d < D; ++d) {
            if (d)
                s += '\t';
            appendFloat(s, e[d]);
        }
        s += '\n';
    };
    writeRows(B * N, std::size_t(12 * D), exportThreads(r), vector, zip.memberSink());
    zip.begin("projector/metadata.tsv");
    zip.write(B > 1 ? "image\tindex\trow\tcol\tnorm\n" : "index\trow\tcol\tnorm\n");
    const auto meta = [&](std::string& s, std::int64_t t) {
        const std::int64_t b = t / N, n = t % N;
        if (B > 1)
            s += std::to_string(b) + '\t';
        s += std::to_string(n) + '\t' + std::to_string(n / r.grid.gw) + '\t' +
             std::to_string(n % r.grid.gw) + '\t';
        appendFloat(s, r.norms.data[t]);
        s += '\n';
    };
    writeRows(B * N, 32, exportThreads(r), meta, zip.memberSink());
    zip.begin("projector/sprite.png");
    const int cell = writeSprite(in, zip.memberSink());
    const QJsonObject config{
        {"embeddings", QJsonArray{QJsonObject{
                           {"tensorName", "tessera patch embeddings"},
                           {"tensorShape", QJsonArray{qint64(B * N), qint64(D)}},
                           {"tensorPath", "vectors.tsv"},
                           {"metadataPath", "metadata.tsv"},
                           {"sprite", QJsonObject{{"imagePath", "sprite.png"},
                                                  {"singleImageDim", QJsonArray{cell, cell}}}}}}}};
    zip.add("projector/projector_config.json",
            QJsonDocument(config).toJson(QJsonDocument::Indented).toStdString());
}

void writeOverlay(const ExportInput& in, const ByteSink& sink) {
    const Result& r = *in.result;
    PreprocessPlan plan = in.plan;
    // Referred to, not copied: a 2048² picture is 12 MB of the export's peak.
    const ImageU8& picture = in.resized ? *in.resized : in.views.at(0);
    if (!in.resized) { // an array: its first item, as it went in
        plan = PreprocessPlan{};
        plan.source = plan.resized = plan.output = {picture.height, picture.width};
    }
    const OverlayScene scene =
        OverlayScene::make(borrowedQImage(picture), plan, r.grid, r.norms.data.data());
    OverlayStyle style;
    style.map = true;
    // Small inputs are enlarged (up to 4×) so their grid and labels read; large ones are kept
    // within 4096 pixels.
    const double side = std::max(scene.contentRect().width(), scene.contentRect().height());
    const double scale = std::min(std::clamp(1024.0 / side, 1.0, 4.0), 4096.0 / side);
    writeOverlayPng(scene, style, scale, sink, kPngLevel);
}

} // namespace

ExportFormat parseExportFormat(const std::string& name) {
    for (auto f : {ExportFormat::Npy, ExportFormat::Npz, ExportFormat::Safetensors,
                   ExportFormat::Csv, ExportFormat::Bundle})
        if (extensionOf(f) == "." + name)
            return f;
    throw InputError("unknown export format '" + name +
                     "' (choices: npy, npz, safetensors, csv, zip)");
}

ExportFormat exportFormatFor(const std::filesystem::path& output) {
    const std::string ext = lowerExtension(output);
    if (ext.empty())
        throw InputError("output " + output.string() +
                         " has no extension (.npy, .npz, .safetensors, .csv or .zip)");
    for (auto f : {ExportFormat::Npy, ExportFormat::Npz, ExportFormat::Safetensors,
                   ExportFormat::Csv, ExportFormat::Bundle})
        if (extensionOf(f) == ext)
            return f;
    throw InputError("output " + output.string() + ": unknown extension '" + ext +
                     "' (choices: .npy, .npz, .safetensors, .csv, .zip)");
}

std::string extensionOf(ExportFormat f) {
    switch (f) {
    case ExportFormat::Npy:
        return ".npy";
    case ExportFormat::Npz:
        return ".npz";
    case ExportFormat::Safetensors:
        return ".safetensors";
    case ExportFormat::Csv:
        return ".csv";
    case ExportFormat::Bundle:
        return ".zip";
    }
    return {};
}

ImageU8 modelView(const ImageU8& resized, const PreprocessPlan& p) {
    return p.output == p.resized ? resized
                                 : crop(resized, p.cropX, p.cropY, p.output.w, p.output.h);
}

ImageU8 arrayView(const Tensor& batch, std::int64_t b) {
    const std::int64_t C = batch.dim(1), H = batch.dim(2), W = batch.dim(3);
    const int channels = C >= 3 ? 3 : 1;
    ImageU8 img{int(W), int(H), channels, std::vector<std::uint8_t>(std::size_t(W * H * channels))};
    for (int c = 0; c < channels; ++c) {
        const float* plane = batch.data.data() + (b * C + c) * H * W;
        // Over the finite values only: a NaN or inf pixel is drawn black, never cast to int.
        float lo = INFINITY, hi = -INFINITY;
        for (std::int64_t i = 0; i < H * W; ++i)
            if (std::isfinite(plane[i])) {
                lo = std::min(lo, plane[i]);
                hi = std::max(hi, plane[i]);
            }
        const double range = hi > lo ? double(hi) - lo : 1.0;
        for (std::int64_t i = 0; i < H * W; ++i)
            img.pixels[std::size_t(i * channels + c)] =
                std::isfinite(plane[i])
                    ? std::uint8_t(std::lround(255.0 * (double(plane[i]) - lo) / range))
                    : 0;
    }
    return img;
}

std::string csvField(const std::string& text) {
    if (text.find_first_of(",\"\n") == std::string::npos)
        return text;
    std::string quoted = "\"";
    for (char c : text)
        quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

std::string sha256OfFile(const std::filesystem::path& path) {
    // Opened by its bytes (std::ifstream), not through a QString: any file name works.
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError("cannot read " + path.string() + " to hash it");
    QCryptographicHash hash(QCryptographicHash::Sha256);
    std::vector<char> block(1 << 20);
    while (in) {
        in.read(block.data(), std::streamsize(block.size()));
        hash.addData(QByteArrayView(block.data(), qsizetype(in.gcount())));
    }
    if (in.bad())
        throw InputError("cannot read " + path.string() + " to hash it");
    return hash.result().toHex().toStdString();
}

std::string manifestJson(const ExportInput& in) {
    const Spec& s = in.spec;
    const Result& r = *in.result;
    QJsonArray args;
    for (const std::string& a : toArgs(s))
        args.append(QString::fromStdString(a));
    const auto str = [](std::string_view v) {
        return QString::fromUtf8(v.data(), qsizetype(v.size()));
    };
    const Size2 patch = in.weights->patch();
    QJsonObject spec{
        {"args", args},
        {"patch_size", jsonSize(patch)},
        {"embed_dim", in.weights->dim()},
        {"in_chans", in.weights->channels()},
        {"img_size", orNull(bool(s.imgSize), s.imgSize ? jsonSize(*s.imgSize) : QJsonValue())},
        {"pad", str(name(s.padPolicy()))},
        {"fit", str(name(s.imageFit()))},
        {"preset", str(presetNamed(s.preset).name)},
        {"crop_pct", s.cropPct.value_or(presetNamed(s.preset).cropPct)},
        {"interpolation", str(name(s.interpolation.value_or(presetNamed(s.preset).interpolation)))},
        {"mean", jsonDoubles(meanFor(s, in.weights->channels()))},
        {"std", jsonDoubles(stdFor(s, in.weights->channels()))},
        {"format", str(name(s.format))},
        {"norm", str(name(s.norm))},
        {"norm_eps", s.normEps},
        {"bias", !in.weights->bias.empty()},
        {"weights", orNull(!s.weightsPath.empty(), QString::fromStdString(s.weightsPath))},
        {"weights_key", QString::fromStdString(s.weightsKey)},
        {"resample_weights", s.resampleWeights},
        {"threads", r.threads},
        {"backend", QString::fromStdString(r.backend)}, // the GEMM backend that ran
    };
    QJsonObject weights;
    if (s.weightsPath.empty())
        weights = {{"source", "init"}, {"init", str(name(s.init))}, {"seed", qint64(s.seed)}};
    else
        weights = {{"source", "file"},
                   {"file", QString::fromStdString(
                                std::filesystem::path(s.weightsPath).filename().string())},
                   {"sha256", QString::fromStdString(in.record.weightsSha256)},
                   {"layout", QString::fromStdString(in.record.weightsLayout)}};
    const QJsonObject manifest{
        {"tessera_version", TESSERA_VERSION},
        {"spec", spec},
        {"input", QJsonObject{{"file", QString::fromStdString(in.record.inputName)},
                              {"sha256", QString::fromStdString(in.record.inputSha256)},
                              {"kind", in.record.inputIsImage ? "image" : "array"},
                              {"size", jsonSize(in.record.inputSize)},
                              {"preprocessed_size", jsonSize(r.grid.input)},
                              {"preprocessing", QString::fromStdString(in.record.preprocessing)}}},
        {"weights", weights},
        {"outputs",
         QJsonObject{{"embeddings", jsonShape(outputShape(r.embeddings.dim(0), r.grid,
                                                          r.embeddings.dim(2), s.format))},
                     {"format", str(name(s.format))},
                     {"grid", QJsonArray{r.grid.gh, r.grid.gw}},
                     {"norms", jsonShape(r.norms.shape)}}},
        {"time_ms", r.millis},
        {"threads", r.threads},
        {"backend", QString::fromStdString(r.backend)},
    };
    return QJsonDocument(manifest).toJson(QJsonDocument::Indented).toStdString();
}

std::vector<std::string> specArgsFromManifest(const std::filesystem::path& path) {
    QJsonParseError error;
    const QJsonDocument doc =
        QJsonDocument::fromJson(QByteArray::fromStdString(readFile(path)), &error);
    const QJsonValue args = doc.object()["spec"].toObject()["args"];
    if (error.error != QJsonParseError::NoError || !args.isArray())
        throw InputError(path.string() + ": not a Tessera manifest (no spec.args" +
                         (error.error ? ": " + error.errorString().toStdString() : std::string()) +
                         ")");
    std::vector<std::string> out;
    for (const QJsonValue& v : args.toArray())
        out.push_back(v.toString().toStdString());
    return out;
}

ExportInput imageRunExport(const Spec& spec, const Result& result, const PatchEmbedWeights& weights,
                           const ImageU8* resized, const PreprocessPlan& plan,
                           const std::string& inputName, const std::string& inputSha256,
                           const std::string& weightsSha256, const std::string& weightsLayout) {
    ExportInput ex;
    ex.spec = spec;
    ex.spec.threads = result.threads;
    ex.spec.patch = weights.patch();
    ex.spec.embedDim = weights.dim();
    ex.spec.inChans = weights.channels();
    ex.result = &result;
    ex.weights = &weights;
    ex.imageNames = {inputName};
    ex.record = {inputName,      inputSha256,   true,         plan.source,
                 describe(plan), weightsSha256, weightsLayout};
    ex.plan = plan;
    if (resized) {
        ex.resized = *resized;
        ex.views = {modelView(*resized, plan)};
    }
    return ex;
}

// Every format is written straight into its AtomicFile's temporary, member by member, from the
// Result itself: the export holds a few MB besides the Result, whatever its size.
void exportResult(const std::filesystem::path& output, const ExportInput& in) {
    const Result& r = *in.result;
    const ExportFormat format = exportFormatFor(output);
    AtomicFile file(output);
    const ByteSink sink = fileSink(file);
    switch (format) {
    case ExportFormat::Npy:
        writeEmbeddingsNpy(in, sink);
        break;
    case ExportFormat::Npz: {
        ZipWriter zip(sink);
        zip.begin("embeddings.npy");
        writeEmbeddingsNpy(in, zip.memberSink());
        zip.add("norms.npy", encodeNpy(r.norms));
        zip.add("grid.npy", gridNpy(r.grid));
        zip.add("patch_boxes.npy", boxesNpy(r.grid));
        zip.finish();
        break;
    }
    case ExportFormat::Safetensors: {
        std::map<std::string, std::string> metadata{
            {"format", "tessera"},
            {"tessera_version", TESSERA_VERSION},
            {"embeddings_format", std::string(name(in.spec.format))},
            {"manifest", manifestJson(in)},
        };
        std::string args;
        for (const std::string& a : toArgs(in.spec))
            args += (args.empty() ? "" : " ") + a;
        metadata["spec"] = args;
        // In the header's (key) order: embeddings, then norms.
        put(sink, encodeSafetensorsHeader(
                      {{"embeddings", embeddingsShape(in)}, {"norms", r.norms.shape}}, metadata));
        writeEmbeddingValues(r, in.spec.format, sink);
        sink(r.norms.data.data(), r.norms.data.size() * sizeof(float));
        break;
    }
    case ExportFormat::Csv:
        writeCsv(in, true, sink);
        break;
    case ExportFormat::Bundle: {
        ZipWriter zip(sink);
        zip.add("manifest.json", manifestJson(in));
        zip.begin("embeddings.npy");
        writeEmbeddingsNpy(in, zip.memberSink());
        zip.add("norms.npy", encodeNpy(r.norms));
        zip.begin("patches.csv");
        writeCsv(in, false, zip.memberSink());
        zip.begin("overlay.png");
        writeOverlay(in, zip.memberSink());
        zip.begin("norms.png");
        writePng(normsPlot(r), zip.memberSink(), kPngLevel);
        zip.add("weights.safetensors", encodeSafetensors(weightsFile(*in.weights)));
        writeProjector(in, zip);
        zip.finish();
        break;
    }
    }
    file.commit();
}

} // namespace tessera::io
