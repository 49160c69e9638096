#include "patch_map.hpp"

#include <QCoreApplication>
#include <QFontMetricsF>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <span>

namespace tessera::io {
namespace {

using Rgb = std::array<int, 3>;

QColor interpolate(std::span<const Rgb> stops, double t) {
    if (std::isnan(t))
        return noValueColour(); // clamping keeps NaN, and a NaN index is undefined behaviour
    t = std::clamp(t, 0.0, 1.0) * (stops.size() - 1);
    const auto i = std::min<std::size_t>(std::size_t(t), stops.size() - 2);
    const double f = t - double(i);
    auto mix = [&](int c) { return int(stops[i][c] + f * (stops[i + 1][c] - stops[i][c]) + 0.5); };
    return {mix(0), mix(1), mix(2)};
}

} // namespace

QColor noValueColour() {
    return {236, 0, 140};
}

QColor viridis(double t) {
    // Nine stops of matplotlib's viridis, linearly interpolated.
    static constexpr Rgb kStops[] = {{68, 1, 84},    {71, 44, 122},  {59, 81, 139},
                                     {44, 113, 142}, {33, 144, 141}, {39, 173, 129},
                                     {92, 200, 99},  {170, 220, 50}, {253, 231, 37}};
    return interpolate(kStops, t);
}

QColor diverging(double t) {
    // ColorBrewer's RdBu (11 classes), reversed so that negative is blue and positive red.
    static constexpr Rgb kStops[] = {{5, 48, 97},     {33, 102, 172},  {67, 147, 195},
                                     {146, 197, 222}, {209, 229, 240}, {247, 247, 247},
                                     {253, 219, 199}, {244, 165, 130}, {214, 96, 77},
                                     {178, 24, 43},   {103, 0, 31}};
    return interpolate(kStops, t);
}

QColor paletteColour(Palette palette, double t) {
    return palette == Palette::Diverging ? diverging(t) : viridis(t);
}

PatchMap scalarMap(const float* values, int gw, int gh, Palette palette, const QString& title,
                   std::optional<std::pair<double, double>> range) {
    PatchMap m;
    m.title = title;
    m.palette = palette;
    const std::int64_t n = std::int64_t(gw) * gh;
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (std::int64_t i = 0; i < n; ++i) {
        if (std::isfinite(values[i])) {
            lo = std::min(lo, double(values[i]));
            hi = std::max(hi, double(values[i]));
        } else {
            ++m.noValue;
        }
    }
    if (m.noValue == n)
        lo = hi = 0;
    if (range)
        std::tie(lo, hi) = *range;
    if (palette == Palette::Diverging) {
        const double a = std::max(std::abs(lo), std::abs(hi));
        lo = -a;
        hi = a;
    }
    m.min = lo;
    m.max = hi;
    m.values.assign(values, values + n);
    const double span = hi - lo; // in doubles: the span of two finite floats can overflow a float
    m.cells = QImage(gw, gh, QImage::Format_ARGB32);
    for (std::int64_t i = 0; i < n; ++i) {
        const QColor c = !std::isfinite(values[i]) ? noValueColour()
                         : span > 0 ? paletteColour(palette, (double(values[i]) - lo) / span)
                                    : paletteColour(palette, 0.5);
        m.cells.setPixelColor(int(i % gw), int(i / gw), c);
    }
    return m;
}

PatchMap rgbMap(const float* rgb, int gw, int gh, const QString& title,
                const QStringList& channels) {
    PatchMap m;
    m.title = title;
    m.scalar = false;
    m.channels = channels;
    m.cells = QImage(gw, gh, QImage::Format_ARGB32);
    m.cells.fill(Qt::transparent);
    const std::int64_t n = std::int64_t(gw) * gh;
    for (std::int64_t i = 0; i < n; ++i) {
        const float* v = rgb + 3 * i;
        if (std::isnan(v[0]) || std::isnan(v[1]) || std::isnan(v[2]))
            continue;
        auto byte = [](float x) { return int(std::clamp(x, 0.0f, 1.0f) * 255.0f + 0.5f); };
        m.cells.setPixelColor(int(i % gw), int(i / gw), QColor(byte(v[0]), byte(v[1]), byte(v[2])));
    }
    return m;
}

void paintLegend(QPainter& p, const QRectF& area, const PatchMap& m, const QColor& text) {
    p.save();
    p.setPen(text);
    const QFontMetricsF fm(p.font());
    const double line = fm.height();
    const QRectF inner = area.adjusted(6, 8, -6, -8);
    // The title, wrapped over up to three lines at the top.
    QRectF titleBox(inner.left(), inner.top(), inner.width(), 3 * line);
    titleBox = fm.boundingRect(titleBox, Qt::AlignLeft | Qt::TextWordWrap, m.title);
    p.drawText(titleBox, Qt::AlignLeft | Qt::TextWordWrap, m.title);
    double y = titleBox.bottom() + line / 2;
    if (m.empty()) {
        // Nothing to show yet (no selection): the note says what to do.
        p.drawText(QRectF(inner.left(), y, inner.width(), inner.bottom() - y),
                   Qt::AlignLeft | Qt::TextWordWrap, m.note);
        p.restore();
        return;
    }
    if (m.scalar) {
        const double barHeight = std::max(40.0, (inner.bottom() - y) * 0.6 - 2 * line);
        const QRectF bar(inner.left() + 2, y + line, 14, barHeight);
        for (int i = 0; i < int(bar.height()); ++i)
            p.fillRect(QRectF(bar.left(), bar.bottom() - i - 1, bar.width(), 1),
                       paletteColour(m.palette, i / std::max(1.0, bar.height() - 1)));
        p.drawRect(bar);
        const bool any = m.noValue < m.cells.width() * m.cells.height();
        auto number = [&](double v) {
            return any ? QString::number(v, 'g', 4) : QStringLiteral("–");
        };
        const double textLeft = bar.right() + 6;
        p.drawText(QRectF(textLeft, bar.top() - line / 2, inner.right() - textLeft, line),
                   Qt::AlignLeft | Qt::AlignVCenter, number(m.max));
        p.drawText(QRectF(textLeft, bar.bottom() - line / 2, inner.right() - textLeft, line),
                   Qt::AlignLeft | Qt::AlignVCenter, number(m.min));
        if (m.palette == Palette::Diverging && any)
            p.drawText(
                QRectF(textLeft, bar.center().y() - line / 2, inner.right() - textLeft, line),
                Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("0"));
        y = bar.bottom() + line;
        if (m.noValue > 0) {
            const QRectF swatch(bar.left(), y, bar.width(), bar.width());
            p.fillRect(swatch, noValueColour());
            p.drawRect(swatch);
            p.drawText(
                QRectF(textLeft, swatch.center().y() - line / 2, inner.right() - textLeft, line),
                Qt::AlignLeft | Qt::AlignVCenter,
                QCoreApplication::translate("tessera::io::PatchMap", "no value"));
            y = swatch.bottom() + line / 2;
        }
    } else {
        static const QColor kSwatches[3] = {QColor(220, 40, 40), QColor(40, 170, 60),
                                            QColor(50, 90, 230)};
        for (int c = 0; c < int(m.channels.size()) && c < 3; ++c) {
            const QRectF swatch(inner.left() + 2, y + 2, 14, 14);
            p.fillRect(swatch, kSwatches[c]);
            p.drawRect(swatch);
            const QRectF label(swatch.right() + 6, y, inner.right() - swatch.right() - 6, 2 * line);
            const QRectF used =
                fm.boundingRect(label, Qt::AlignLeft | Qt::TextWordWrap, m.channels[c]);
            p.drawText(label, Qt::AlignLeft | Qt::TextWordWrap, m.channels[c]);
            y = std::max(swatch.bottom(), used.bottom()) + line / 2;
        }
    }
    if (!m.note.isEmpty())
        p.drawText(QRectF(inner.left(), y, inner.width(), inner.bottom() - y),
                   Qt::AlignLeft | Qt::TextWordWrap, m.note);
    p.restore();
}

} // namespace tessera::io
