#include "overlay_painter.hpp"

#include <QRegion>

#include <algorithm>
#include <array>

namespace tessera::io {

QImage toQImage(const ImageU8& img) {
    QImage q(img.width, img.height,
             img.channels == 1 ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
    for (int y = 0; y < img.height; ++y)
        std::copy_n(img.row(y), std::size_t(img.width) * img.channels, q.scanLine(y));
    return q;
}

QColor viridis(double t) {
    // Nine stops of matplotlib's viridis, linearly interpolated.
    static constexpr std::array<std::array<int, 3>, 9> kStops{{{68, 1, 84},
                                                               {71, 44, 122},
                                                               {59, 81, 139},
                                                               {44, 113, 142},
                                                               {33, 144, 141},
                                                               {39, 173, 129},
                                                               {92, 200, 99},
                                                               {170, 220, 50},
                                                               {253, 231, 37}}};
    t = std::clamp(t, 0.0, 1.0) * (kStops.size() - 1);
    const auto i = std::min<std::size_t>(std::size_t(t), kStops.size() - 2);
    const double f = t - double(i);
    auto mix = [&](int c) {
        return int(kStops[i][c] + f * (kStops[i + 1][c] - kStops[i][c]) + 0.5);
    };
    return {mix(0), mix(1), mix(2)};
}

OverlayScene OverlayScene::make(const ImageU8& resized, const PreprocessPlan& plan,
                                const PatchGrid& g, const float* norms) {
    OverlayScene s;
    s.picture = toQImage(resized);
    s.size = s.picture.size();
    s.patches = g;
    s.crop = QRectF(plan.cropX, plan.cropY, plan.output.w, plan.output.h);
    s.grid = QRectF(plan.cropX, plan.cropY, g.gw * g.patch.w, g.gh * g.patch.h);
    const auto [lo, hi] = std::minmax_element(norms, norms + g.count());
    s.normMin = *lo;
    s.normMax = *hi;
    s.heat = QImage(g.gw, g.gh, QImage::Format_ARGB32);
    for (int i = 0; i < int(g.count()); ++i) {
        const double t = *hi > *lo ? (norms[i] - *lo) / (*hi - *lo) : 0.5;
        s.heat.setPixelColor(i % g.gw, i / g.gw, viridis(t));
    }
    return s;
}

QRectF OverlayScene::contentRect() const {
    return QRectF(QPointF(0, 0), QSizeF(size)).united(grid);
}

QImage OverlayScene::previewOf(const QImage& picture) {
    if (std::max(picture.width(), picture.height()) <= kPreviewSide)
        return {};
    return picture.scaled(QSize(kPreviewSide, kPreviewSide), Qt::KeepAspectRatio,
                          Qt::SmoothTransformation);
}

OverlayScene OverlayScene::reducedFor(double scale) const {
    OverlayScene s = *this;
    const QSize target = (QSizeF(size) * scale).toSize().expandedTo(QSize(1, 1));
    if (scale >= 1 || target.width() >= picture.width())
        return s;
    const QImage& from = !preview.isNull() && target.width() <= preview.width() ? preview : picture;
    s.picture = from.scaled(target, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    return s;
}

namespace {

void paintImageLayers(QPainter& p, const OverlayScene& s, const OverlayStyle& style, double scale) {
    p.setRenderHint(QPainter::SmoothPixmapTransform, scale < 1);
    // Padding is zeros of the normalised input: the mean colour. A neutral grey stands for it.
    if (style.cropAndPadding)
        p.fillRect(s.grid, QColor(128, 128, 128));
    const QRectF image(QPointF(0, 0), QSizeF(s.size));
    p.drawImage(image, s.picture);
    if (style.cropAndPadding) {
        // (An empty clip region would clip nothing away, so empty regions are skipped.)
        const QRegion dimmed =
            QRegion(QRect(QPoint(0, 0), s.size)) - QRegion(s.crop.intersected(s.grid).toRect());
        if (!dimmed.isEmpty()) {
            p.setClipRegion(dimmed);
            p.fillRect(image, QColor(0, 0, 0, 150));
            p.setClipping(false);
        }
        const QRegion padded = QRegion(s.grid.toRect()) - QRegion(s.crop.toRect());
        if (!padded.isEmpty()) {
            p.setClipRegion(padded);
            QBrush hatch(QColor(255, 255, 255, 170), Qt::BDiagPattern);
            hatch.setTransform(QTransform::fromScale(1 / scale, 1 / scale));
            p.fillRect(s.grid, hatch);
            p.setClipping(false);
        }
    }
    if (style.heatMap) {
        p.save();
        p.setOpacity(style.heatOpacity);
        p.setRenderHint(QPainter::SmoothPixmapTransform, false);
        p.drawImage(s.grid, s.heat);
        p.restore();
    }
}

void paintGridLines(QPainter& p, const OverlayScene& s, const OverlayStyle& style, double scale,
                    QPointF offset, const QRectF& visible) {
    const PatchGrid& g = s.patches;
    const double pw = g.patch.w * scale, ph = g.patch.h * scale; // on the device
    if (!style.grid || pw < 4 || ph < 4)
        return;
    QColor c(255, 255, 255);
    c.setAlphaF(style.gridOpacity);
    p.setPen(QPen(c, 1));
    const double left = offset.x() + s.grid.left() * scale, top = offset.y() + s.grid.top() * scale;
    const int gx0 = std::max(0, int((visible.left() - left) / pw));
    const int gx1 = std::min(g.gw, int((visible.right() - left) / pw) + 1);
    const int gy0 = std::max(0, int((visible.top() - top) / ph));
    const int gy1 = std::min(g.gh, int((visible.bottom() - top) / ph) + 1);
    const double right = left + g.gw * pw, bottom = top + g.gh * ph;
    for (int gx = gx0; gx <= gx1; ++gx)
        p.drawLine(QLineF(left + gx * pw, top, left + gx * pw, bottom));
    for (int gy = gy0; gy <= gy1; ++gy)
        p.drawLine(QLineF(left, top + gy * ph, right, top + gy * ph));
    if (!style.labels || pw < 22 || ph < 14)
        return;
    QFont f = p.font();
    f.setPointSizeF(std::clamp(std::min(ph / 3, pw / 4), 6.0, 12.0));
    p.setFont(f);
    for (int gy = gy0; gy < gy1; ++gy)
        for (int gx = gx0; gx < gx1; ++gx) {
            const QRectF cell(left + gx * pw, top + gy * ph, pw, ph);
            const QString label = QString::number(gy * g.gw + gx);
            p.setPen(QColor(0, 0, 0, int(200 * style.gridOpacity)));
            p.drawText(cell.translated(1, 1), Qt::AlignCenter, label);
            p.setPen(c);
            p.drawText(cell, Qt::AlignCenter, label);
        }
}

} // namespace

void paintScene(QPainter& p, const OverlayScene& s, const OverlayStyle& style, double scale,
                QPointF offset, const QRectF& visible) {
    p.save();
    p.translate(offset);
    p.scale(scale, scale);
    paintImageLayers(p, s, style, scale);
    p.restore();
    paintGridLines(p, s, style, scale, offset, visible);
}

void paintColourBar(QPainter& p, const QRectF& bar, float lo, float hi, const QColor& text) {
    for (int y = 0; y < int(bar.height()); ++y)
        p.fillRect(QRectF(bar.left(), bar.bottom() - y - 1, bar.width(), 1),
                   viridis(y / std::max(1.0, bar.height() - 1)));
    p.setPen(text);
    p.drawRect(bar);
    p.drawText(QRectF(bar.left() - 80, bar.top() - 18, 100, 16), Qt::AlignRight,
               QString::number(double(hi), 'g', 4));
    p.drawText(QRectF(bar.left() - 80, bar.bottom() + 2, 100, 16), Qt::AlignRight,
               QString::number(double(lo), 'g', 4));
    p.drawText(QRectF(bar.left() - 80, bar.center().y() - 8, 76, 16), Qt::AlignRight,
               QStringLiteral("norm"));
}

QImage renderOverlay(const OverlayScene& s, const OverlayStyle& style, double scale) {
    const QRectF content = s.contentRect();
    const int bar = style.heatMap ? 110 : 0;
    QImage out(int(content.width() * scale) + bar, int(content.height() * scale),
               QImage::Format_RGB32);
    out.fill(QColor(60, 60, 60));
    QPainter p(&out);
    p.setRenderHint(QPainter::Antialiasing, false);
    const QPointF offset = -content.topLeft() * scale;
    paintScene(p, s, style, scale, offset, QRectF(QPointF(0, 0), QSizeF(out.size())));
    if (style.heatMap)
        paintColourBar(p, QRectF(out.width() - 34, out.height() * 0.2, 14, out.height() * 0.6),
                       s.normMin, s.normMax, Qt::white);
    return out;
}

} // namespace tessera::io
