#include "patch_inspector_data.hpp"

#include "analysis.hpp"
#include "error.hpp"
#include "layer_norm.hpp"

#include <QCoreApplication>

#include <algorithm>
#include <array>
#include <cmath>

namespace tessera::ui {
namespace {

void check(const std::atomic<bool>& cancel) {
    if (cancel.load())
        throw Cancelled();
}

double maxAbs(const auto& values) {
    double m = 0;
    for (const auto v : values)
        if (std::isfinite(double(v)))
            m = std::max(m, std::abs(double(v)));
    return m;
}

} // namespace

PatchInspection inspectPatch(const JobOutcome& outcome, int index,
                             const std::atomic<bool>& cancel) {
    const Tensor& input = *outcome.input;
    const PatchGrid& grid = outcome.result.grid;
    const PatchEmbedWeights& w = *outcome.weights;
    if (index < 0 || index >= grid.count())
        throw InputError("patch " + std::to_string(index) + " is outside the grid of " +
                         std::to_string(grid.count()));
    PatchInspection s;
    s.index = index;
    s.gy = index / grid.gw;
    s.gx = index % grid.gw;
    s.channels = int(input.dim(1));
    s.patch = grid.patch;
    s.x = packedPatch(input, grid, index);
    s.layerNorm = outcome.spec.norm == NormKind::LayerNorm;
    s.mean = meanFor(outcome.spec, s.channels);
    s.std = stdFor(outcome.spec, s.channels);
    s.xRange = maxAbs(s.x);

    // Raw pixels: the tensor is the resized image cropped at (cropX, cropY); beyond the tensor's
    // own H×W lies the zero padding of a dynamic grid.
    const ImageU8& img = *outcome.resized;
    const int P = s.patch.h, Q = s.patch.w;
    s.raw.assign(std::size_t(s.valuesPerPatch()), -1);
    for (int p = 0; p < P; ++p)
        for (int q = 0; q < Q; ++q) {
            const int y = s.gy * P + p, x = s.gx * Q + q;
            if (y >= grid.input.h || x >= grid.input.w) {
                ++s.paddedPixels;
                continue;
            }
            const std::uint8_t* px = img.row(outcome.plan.cropY + y) +
                                     std::size_t(outcome.plan.cropX + x) * img.channels;
            for (int c = 0; c < s.channels && c < img.channels; ++c)
                s.raw[std::size_t(s.k(c, p, q))] = px[c];
        }
    check(cancel);

    // Every output's sum (D × K multiply-adds: 2.4 million for ViT-B, a few milliseconds here).
    const int D = w.dim();
    s.preNorm.resize(std::size_t(D));
    for (int d = 0; d < D; ++d) {
        s.preNorm[std::size_t(d)] = outputTerms(w, s.x, d, 0).value;
        if (d % 64 == 63)
            check(cancel);
    }
    s.computed = s.preNorm;
    if (s.layerNorm) {
        std::vector<float> v(s.preNorm.begin(), s.preNorm.end());
        layerNorm(v.data(), D, w.normWeight.empty() ? nullptr : w.normWeight.data(),
                  w.normBias.empty() ? nullptr : w.normBias.data(), outcome.spec.normEps);
        s.computed.assign(v.begin(), v.end());
    }
    const float* row = outcome.result.embeddings.data.data() + std::size_t(index) * D;
    s.resultRow.assign(row, row + D);
    s.preRange = maxAbs(s.preNorm);
    s.resultRange = s.layerNorm ? maxAbs(s.resultRow) : std::max(s.preRange, maxAbs(s.resultRow));
    return s;
}

WeightPicture weightPicture(std::shared_ptr<const PatchEmbedWeights> weights,
                            const std::atomic<bool>& cancel) {
    WeightPicture pic;
    pic.source = weights;
    const int D = weights->dim(), K = weights->valuesPerPatch();
    const std::vector<float>& v = weights->proj.data;
    std::vector<float> mags(v.size());
    std::transform(v.begin(), v.end(), mags.begin(), [](float a) { return std::abs(a); });
    pic.maxAbs = maxAbs(mags);
    if (!mags.empty()) {
        auto at = mags.begin() + std::ptrdiff_t(double(mags.size() - 1) * 0.99);
        std::nth_element(mags.begin(), at, mags.end());
        pic.range = *at;
    }
    if (!(pic.range > 0))
        pic.range = pic.maxAbs > 0 ? pic.maxAbs : 1;
    check(cancel);
    pic.image = QImage(K, D, QImage::Format_RGB32);
    for (int d = 0; d < D; ++d) {
        auto* line = reinterpret_cast<QRgb*>(pic.image.scanLine(d));
        const float* wd = v.data() + std::size_t(d) * K;
        for (int k = 0; k < K; ++k)
            line[k] = divergingRgb(wd[k] / pic.range);
        if (d % 64 == 63)
            check(cancel);
    }
    pic.preview = K > kPreviewSize.width() || D > kPreviewSize.height()
                      ? pic.image.scaled(std::min(K, kPreviewSize.width()),
                                         std::min(D, kPreviewSize.height()), Qt::IgnoreAspectRatio,
                                         Qt::SmoothTransformation)
                      : pic.image;
    return pic;
}

QString channelName(int c, int channels) {
    if (channels == 3)
        return QStringList{QCoreApplication::translate("tessera::ui::PatchInspector", "R"),
                           QCoreApplication::translate("tessera::ui::PatchInspector", "G"),
                           QCoreApplication::translate("tessera::ui::PatchInspector", "B")}
            .at(c);
    if (channels == 1)
        return QCoreApplication::translate("tessera::ui::PatchInspector", "L", "luminance");
    return QString::number(c);
}

QRgb channelTint(int c, int channels, int value) {
    if (channels != 3)
        return qRgb(value, value, value);
    return c == 0 ? qRgb(value, 0, 0) : c == 1 ? qRgb(0, value, 0) : qRgb(0, 0, value);
}

} // namespace tessera::ui
