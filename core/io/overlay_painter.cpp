#include "overlay_painter.hpp"

#include "png_stream.hpp"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QRegion>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace tessera::io {

QImage toQImage(const ImageU8& img) {
    QImage q(img.width, img.height,
             img.channels == 1 ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
    for (int y = 0; y < img.height; ++y)
        std::copy_n(img.row(y), std::size_t(img.width) * img.channels, q.scanLine(y));
    return q;
}

QImage borrowedQImage(const ImageU8& img) {
    return QImage(img.pixels.data(), img.width, img.height, qsizetype(img.width) * img.channels,
                  img.channels == 1 ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
}

OverlayScene OverlayScene::make(const ImageU8& resized, const PreprocessPlan& plan,
                                const PatchGrid& g, const float* norms) {
    return make(toQImage(resized), plan, g, norms);
}

OverlayScene OverlayScene::make(QImage picture, const PreprocessPlan& plan, const PatchGrid& g,
                                const float* norms) {
    OverlayScene s;
    s.picture = std::move(picture);
    s.size = s.picture.size();
    s.patches = g;
    s.crop = QRectF(plan.cropX, plan.cropY, plan.output.w, plan.output.h);
    s.grid = QRectF(plan.cropX, plan.cropY, g.gw * g.patch.w, g.gh * g.patch.h);
    s.map = scalarMap(norms, g.gw, g.gh, Palette::Viridis,
                      QCoreApplication::translate("tessera::io::OverlayPainter", "norm"));
    return s;
}

QRectF OverlayScene::contentRect() const {
    return QRectF(QPointF(0, 0), QSizeF(size)).united(grid);
}

QImage OverlayScene::previewOf(const QImage& picture) {
    if (std::max(picture.width(), picture.height()) <= kPreviewSide)
        return {};
    // In the format Qt's smooth scaling works in: reducing an RGB888 preview for the screen
    // converted all of it first, on the GUI thread (50 ms for 1600², the longest event-loop gap
    // after a 4096² result).
    return picture
        .scaled(QSize(kPreviewSide, kPreviewSide), Qt::KeepAspectRatio, Qt::SmoothTransformation)
        .convertToFormat(picture.hasAlphaChannel() ? QImage::Format_ARGB32_Premultiplied
                                                   : QImage::Format_RGB32);
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

VisibleCells visibleCells(const OverlayScene& s, double scale, QPointF offset,
                          const QRectF& visible) {
    const PatchGrid& g = s.patches;
    VisibleCells c;
    c.pw = g.patch.w * scale;
    c.ph = g.patch.h * scale;
    c.left = offset.x() + s.grid.left() * scale;
    c.top = offset.y() + s.grid.top() * scale;
    if (!(c.pw > 0 && c.ph > 0))
        return c;
    // Clamped as doubles: far outside the grid the cell number need not fit an int.
    auto clampCell = [](double cell, int cells) {
        return int(std::clamp(cell, 0.0, double(cells)));
    };
    c.gx0 = clampCell(std::floor((visible.left() - c.left) / c.pw), g.gw);
    c.gx1 = clampCell(std::ceil((visible.right() - c.left) / c.pw), g.gw);
    c.gy0 = clampCell(std::floor((visible.top() - c.top) / c.ph), g.gh);
    c.gy1 = clampCell(std::ceil((visible.bottom() - c.top) / c.ph), g.gh);
    return c;
}

namespace {

void paintPictureLayers(QPainter& p, const OverlayScene& s, const OverlayStyle& style,
                        double scale) {
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
    if (style.map && !s.map.empty()) {
        p.save();
        p.setOpacity(style.mapOpacity);
        p.setRenderHint(QPainter::SmoothPixmapTransform, false);
        p.drawImage(s.grid, s.map.cells);
        p.restore();
    }
}

} // namespace

void paintGridLines(QPainter& p, const OverlayScene& s, const OverlayStyle& style, double scale,
                    QPointF offset, const QRectF& visible) {
    const PatchGrid& g = s.patches;
    const VisibleCells c = visibleCells(s, scale, offset, visible);
    if (!style.grid || c.pw < 4 || c.ph < 4)
        return;
    QColor line(255, 255, 255);
    line.setAlphaF(style.gridOpacity);
    p.setPen(QPen(line, style.lineWidth));
    const double right = c.left + g.gw * c.pw, bottom = c.top + g.gh * c.ph;
    for (int gx = c.gx0; gx <= c.gx1; ++gx)
        p.drawLine(QLineF(c.left + gx * c.pw, c.top, c.left + gx * c.pw, bottom));
    for (int gy = c.gy0; gy <= c.gy1; ++gy)
        p.drawLine(QLineF(c.left, c.top + gy * c.ph, right, c.top + gy * c.ph));
    const PatchLabels labels = layoutLabels(s, style, scale, offset, visible, p.font());
    p.save();
    p.setFont(labels.font);
    const QColor shadow(0, 0, 0, int(200 * style.gridOpacity));
    for (qsizetype k = 0; k < labels.indices.size(); ++k) {
        const QString text = QString::number(labels.indices[k]);
        const QRectF box = labels.boxes[k].adjusted(0, 0, -1, -1); // the text, without its shadow
        p.setPen(shadow);
        p.drawText(box.translated(1, 1), Qt::AlignCenter, text);
        p.setPen(line);
        p.drawText(box, Qt::AlignCenter, text);
    }
    p.restore();
}

PatchLabels layoutLabels(const OverlayScene& s, const OverlayStyle& style, double scale,
                         QPointF offset, const QRectF& visible, const QFont& base) {
    // Pixels kept free on each side of a label, so neighbours stay apart and clear of the lines.
    constexpr double kPad = 2;
    constexpr int kMinPixels = 7, kMaxPixels = 14; // below 7 pixels digits cannot be read
    PatchLabels out;
    const VisibleCells c = visibleCells(s, scale, offset, visible);
    const double roomW = c.pw - 2 * kPad - 1, roomH = c.ph - 2 * kPad - 1; // 1: the shadow
    if (!style.grid || !style.labels || c.gx0 >= c.gx1 || c.gy0 >= c.gy1 || roomH < kMinPixels)
        return out;
    // One size for every label on screen, the largest at which the longest visible one fits:
    // the last visible patch has the most digits, and '8' stands for a font's widest digit.
    const int last = (c.gy1 - 1) * s.patches.gw + c.gx1 - 1;
    const QString widest = QString::number(last);
    const QString eights(widest.size(), QChar('8'));
    out.font = base;
    int px = std::min(kMaxPixels, int(roomH));
    for (; px >= kMinPixels; --px) {
        out.font.setPixelSize(px);
        const QFontMetricsF fm(out.font);
        const double w = std::max(fm.horizontalAdvance(widest), fm.horizontalAdvance(eights));
        if (fm.height() <= roomH && w <= roomW)
            break;
    }
    if (px < kMinPixels)
        return out;
    const QFontMetricsF fm(out.font);
    const double h = fm.height();
    for (int gy = c.gy0; gy < c.gy1; ++gy)
        for (int gx = c.gx0; gx < c.gx1; ++gx) {
            const int index = gy * s.patches.gw + gx;
            const double w = fm.horizontalAdvance(QString::number(index));
            if (w > roomW)
                continue; // a glyph wider than the '8's: left out rather than overlapping
            const QPointF centre(c.left + (gx + 0.5) * c.pw, c.top + (gy + 0.5) * c.ph);
            out.indices.append(index);
            out.boxes.append(QRectF(centre.x() - w / 2, centre.y() - h / 2, w + 1, h + 1));
        }
    return out;
}

void paintImageLayers(QPainter& p, const OverlayScene& s, const OverlayStyle& style, double scale,
                      QPointF offset) {
    p.save();
    p.translate(offset);
    p.scale(scale, scale);
    paintPictureLayers(p, s, style, scale);
    p.restore();
}

void paintOutlines(QPainter& p, const OverlayScene& s, const OverlayStyle& style, double scale,
                   QPointF offset) {
    if (!style.map || s.map.outlined.isEmpty())
        return;
    // Dark under light: an outline that reads on any colour of the map or the picture.
    const PatchGrid& g = s.patches;
    const double pw = g.patch.w * scale, ph = g.patch.h * scale;
    const QPointF origin = offset + s.grid.topLeft() * scale;
    p.save();
    p.setBrush(Qt::NoBrush);
    for (const int width : {4, 2}) {
        p.setPen(QPen(width == 4 ? QColor(0, 0, 0, 200) : QColor(255, 255, 255),
                      width * style.lineWidth));
        for (const int i : s.map.outlined)
            p.drawRect(QRectF(origin.x() + (i % g.gw) * pw, origin.y() + (i / g.gw) * ph, pw, ph)
                           .adjusted(2, 2, -2, -2));
    }
    p.restore();
}

void paintScene(QPainter& p, const OverlayScene& s, const OverlayStyle& style, double scale,
                QPointF offset, const QRectF& visible) {
    paintImageLayers(p, s, style, scale, offset);
    paintGridLines(p, s, style, scale, offset, visible);
    paintOutlines(p, s, style, scale, offset);
}

namespace {

QSize overlaySize(const OverlayScene& s, const OverlayStyle& style, double scale) {
    const QRectF content = s.contentRect();
    return {int(content.width() * scale) + (style.map ? kLegendWidth : 0),
            int(content.height() * scale)};
}

// The legend as a picture of its own, kLegendWidth × height; null without a map. Drawn into each
// band it would not be the same pixels: the rasteriser takes other paths for a shape the band
// cuts (a corner of the colour bar's frame moved by a pixel).
QImage legendPicture(const OverlayScene& s, const OverlayStyle& style, int height) {
    if (!style.map)
        return {};
    QImage legend(kLegendWidth, height, QImage::Format_RGB32);
    legend.fill(QColor(60, 60, 60));
    QPainter p(&legend);
    paintLegend(p, QRectF(0, 0, kLegendWidth, height), s.map, Qt::white);
    return legend;
}

// Rows top .. top + band.height() of the overlay: the scene painted moved up by whole pixels,
// and the legend copied in.
void paintOverlayBand(QImage& band, int top, const QImage& legend, const OverlayScene& s,
                      const OverlayStyle& style, double scale) {
    band.fill(QColor(60, 60, 60));
    QPainter p(&band);
    p.setRenderHint(QPainter::Antialiasing, false);
    p.translate(0, -top);
    const QPointF offset = -s.contentRect().topLeft() * scale;
    paintScene(p, s, style, scale, offset, QRectF(0, top, band.width(), band.height()));
    if (!legend.isNull())
        p.drawImage(QPoint(band.width() - legend.width(), 0), legend);
}

} // namespace

QImage renderOverlay(const OverlayScene& s, const OverlayStyle& style, double scale) {
    const QSize size = overlaySize(s, style, scale);
    QImage out(size, QImage::Format_RGB32);
    paintOverlayBand(out, 0, legendPicture(s, style, size.height()), s, style, scale);
    return out;
}

void writeOverlayPng(const OverlayScene& s, const OverlayStyle& style, double scale,
                     const ByteSink& sink, int level) {
    const QSize size = overlaySize(s, style, scale);
    const QImage legend = legendPicture(s, style, size.height());
    const auto paint = [&](QImage& band, int top) {
        paintOverlayBand(band, top, legend, s, style, scale);
    };
    // One thread: the scene's picture and fonts are shared, and the overlay is a small part of a
    // bundle's time.
    writePngInBands(size.width(), size.height(), kOverlayBandRows, paint, sink, level, 1);
}

} // namespace tessera::io
