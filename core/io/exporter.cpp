#include "exporter.hpp"

#include "atomic_file.hpp"
#include "error.hpp"
#include "file_names.hpp"
#include "npy.hpp"
#include "overlay_painter.hpp"
#include "safetensors.hpp"
#include "spec_flags.hpp"
#include "zip_archive.hpp"

#include <QBuffer>
#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>

namespace tessera::io {
namespace {

constexpr int kSpriteMax = 8192; // TensorBoard's limit on a sprite's side

// Shortest text that reads back as the same float, '.' whatever the locale.
void appendFloat(std::string& out, float v) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
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

std::string pngBytes(const QImage& image) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "PNG"))
        throw std::runtime_error("cannot encode a PNG");
    return bytes.toStdString();
}

struct Box {
    std::int64_t y0, x0, y1, x1;
};

Box boxOf(const PatchGrid& g, std::int64_t n) {
    const std::int64_t row = n / g.gw, col = n % g.gw;
    return {row * g.patch.h, col * g.patch.w, (row + 1) * g.patch.h, (col + 1) * g.patch.w};
}

// The CSV rows, with or without the embedding columns.
std::string csvText(const ExportInput& in, bool withEmbeddings) {
    const Result& r = *in.result;
    const std::int64_t B = r.embeddings.dim(0), N = r.embeddings.dim(1), D = r.embeddings.dim(2);
    std::string s = "image,index,row,col,y0,x0,y1,x1,norm";
    if (withEmbeddings)
        for (std::int64_t d = 0; d < D; ++d)
            s += ",e" + std::to_string(d);
    s += '\n';
    for (std::int64_t b = 0; b < B; ++b) {
        const std::string name =
            csvField(b < std::int64_t(in.imageNames.size()) ? in.imageNames[b] : std::to_string(b));
        for (std::int64_t n = 0; n < N; ++n) {
            const Box box = boxOf(r.grid, n);
            s += name + ',' + std::to_string(n) + ',' + std::to_string(n / r.grid.gw) + ',' +
                 std::to_string(n % r.grid.gw) + ',' + std::to_string(box.y0) + ',' +
                 std::to_string(box.x0) + ',' + std::to_string(box.y1) + ',' +
                 std::to_string(box.x1) + ',';
            appendFloat(s, r.norms.data[b * N + n]);
            if (withEmbeddings) {
                const float* e = r.embeddings.data.data() + (b * N + n) * D;
                for (std::int64_t d = 0; d < D; ++d) {
                    s += ',';
                    appendFloat(s, e[d]);
                }
            }
            s += '\n';
        }
    }
    return s;
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
    QPolygonF line;
    for (std::int64_t i = 0; i <= n; ++i) {
        if (i < n && std::isfinite(norms[i])) {
            line << at(double(i), norms[i]);
            continue;
        }
        p.drawPolyline(line.size() == 1 ? QPolygonF{line[0], line[0] + QPointF(1, 0)} : line);
        line.clear();
    }
    return img;
}

// Patch thumbnails, row-major in a grid of ceil(sqrt(count)) columns, for the projector.
QImage sprite(const ExportInput& in, int* cell) {
    const Result& r = *in.result;
    const std::int64_t B = r.embeddings.dim(0), N = r.grid.count(), total = B * N;
    const int cols = int(std::ceil(std::sqrt(double(total))));
    const int rows = int((total + cols - 1) / cols);
    *cell = std::clamp(kSpriteMax / cols, 1, 64);
    QImage out(cols * *cell, rows * *cell, QImage::Format_RGB32);
    out.fill(QColor(128, 128, 128));
    QPainter p(&out);
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    for (std::int64_t b = 0; b < B && b < std::int64_t(in.views.size()); ++b) {
        const QImage view = toQImage(in.views[b]);
        for (std::int64_t n = 0; n < N; ++n) {
            const Box box = boxOf(r.grid, n);
            const std::int64_t t = b * N + n;
            const QRectF target((t % cols) * *cell, (t / cols) * *cell, *cell, *cell);
            const QRectF source(box.x0, box.y0, box.x1 - box.x0, box.y1 - box.y0);
            // The part past the picture is padding: it stays the grey the sprite starts with.
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
    }
    return out;
}

std::vector<ZipMember> projector(const ExportInput& in) {
    const Result& r = *in.result;
    const std::int64_t B = r.embeddings.dim(0), N = r.embeddings.dim(1), D = r.embeddings.dim(2);
    std::string vectors,
        metadata = B > 1 ? "image\tindex\trow\tcol\tnorm\n" : "index\trow\tcol\tnorm\n";
    for (std::int64_t b = 0; b < B; ++b)
        for (std::int64_t n = 0; n < N; ++n) {
            const float* e = r.embeddings.data.data() + (b * N + n) * D;
            for (std::int64_t d = 0; d < D; ++d) {
                if (d)
                    vectors += '\t';
                appendFloat(vectors, e[d]);
            }
            vectors += '\n';
            if (B > 1)
                metadata += std::to_string(b) + '\t';
            metadata += std::to_string(n) + '\t' + std::to_string(n / r.grid.gw) + '\t' +
                        std::to_string(n % r.grid.gw) + '\t';
            appendFloat(metadata, r.norms.data[b * N + n]);
            metadata += '\n';
        }
    int cell = 0;
    const QImage spriteImage = sprite(in, &cell);
    const QJsonObject config{
        {"embeddings", QJsonArray{QJsonObject{
                           {"tensorName", "tessera patch embeddings"},
                           {"tensorShape", QJsonArray{qint64(B * N), qint64(D)}},
                           {"tensorPath", "vectors.tsv"},
                           {"metadataPath", "metadata.tsv"},
                           {"sprite", QJsonObject{{"imagePath", "sprite.png"},
                                                  {"singleImageDim", QJsonArray{cell, cell}}}}}}}};
    return {{"projector/vectors.tsv", vectors},
            {"projector/metadata.tsv", metadata},
            {"projector/sprite.png", pngBytes(spriteImage)},
            {"projector/projector_config.json",
             QJsonDocument(config).toJson(QJsonDocument::Indented).toStdString()}};
}

QImage overlay(const ExportInput& in) {
    const Result& r = *in.result;
    PreprocessPlan plan = in.plan;
    ImageU8 picture;
    if (in.resized) {
        picture = *in.resized;
    } else { // an array: its first item, as it went in
        picture = in.views.at(0);
        plan = PreprocessPlan{};
        plan.source = plan.resized = plan.output = {picture.height, picture.width};
    }
    const OverlayScene scene = OverlayScene::make(picture, plan, r.grid, r.norms.data.data());
    OverlayStyle style;
    style.map = true;
    // Small inputs are enlarged (up to 4×) so their grid and labels read; large ones are kept
    // within 4096 pixels.
    const double side = std::max(scene.contentRect().width(), scene.contentRect().height());
    const double scale = std::min(std::clamp(1024.0 / side, 1.0, 4.0), 4096.0 / side);
    return renderOverlay(scene, style, scale);
}

void writeBytes(const std::filesystem::path& path, const std::string& bytes) {
    AtomicFile f(path);
    f.write(bytes);
    f.commit();
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
                           const ImageU8& resized, const PreprocessPlan& plan,
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
    ex.resized = resized;
    ex.plan = plan;
    ex.views = {modelView(resized, plan)};
    return ex;
}

void exportResult(const std::filesystem::path& output, const ExportInput& in) {
    const Result& r = *in.result;
    const Tensor embeddings = toFormat(r.embeddings, r.grid, in.spec.format);
    switch (exportFormatFor(output)) {
    case ExportFormat::Npy:
        saveNpy(output, embeddings);
        return;
    case ExportFormat::Npz:
        writeBytes(output, makeZip({{"embeddings.npy", encodeNpy(embeddings)},
                                    {"norms.npy", encodeNpy(r.norms)},
                                    {"grid.npy", gridNpy(r.grid)},
                                    {"patch_boxes.npy", boxesNpy(r.grid)}}));
        return;
    case ExportFormat::Safetensors: {
        TensorFile f;
        f.tensors["embeddings"] = embeddings;
        f.tensors["norms"] = r.norms;
        f.metadata["format"] = "tessera";
        f.metadata["tessera_version"] = TESSERA_VERSION;
        f.metadata["embeddings_format"] = std::string(name(in.spec.format));
        std::string args;
        for (const std::string& a : toArgs(in.spec))
            args += (args.empty() ? "" : " ") + a;
        f.metadata["spec"] = args;
        f.metadata["manifest"] = manifestJson(in);
        saveSafetensors(output, f);
        return;
    }
    case ExportFormat::Csv:
        writeBytes(output, csvText(in, true));
        return;
    case ExportFormat::Bundle: {
        std::vector<ZipMember> members{
            {"manifest.json", manifestJson(in)},
            {"embeddings.npy", encodeNpy(embeddings)},
            {"norms.npy", encodeNpy(r.norms)},
            {"patches.csv", csvText(in, false)},
            {"overlay.png", pngBytes(overlay(in))},
            {"norms.png", pngBytes(normsPlot(r))},
            {"weights.safetensors", encodeSafetensors(weightsFile(*in.weights))},
        };
        for (ZipMember& m : projector(in))
            members.push_back(std::move(m));
        writeBytes(output, makeZip(members));
        return;
    }
    }
}

} // namespace tessera::io
