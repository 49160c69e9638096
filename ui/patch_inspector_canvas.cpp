#include "patch_inspector_canvas.hpp"

#include "patch_inspector_data.hpp"
#include "selection_colours.hpp"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace tessera::ui {
namespace {

constexpr double kMargin = 4;       // left and right of every picture: their columns line up
constexpr double kStripHeight = 18; // the vector strips
constexpr double kPointer = 9;      // room above a vector strip for the pointers to its marks
constexpr double kZoomCell = 9;     // a magnified value's width, pixels
constexpr double kMaxTile = 200;    // a pixel tile's side at most (a wide dock leaves air)

QColor textColour(const QWidget* w) {
    return w->palette().color(QPalette::WindowText);
}
QColor faint(const QWidget* w, int alpha) {
    QColor c = textColour(w);
    c.setAlpha(alpha);
    return c;
}

// The mark of a highlighted item: the selection's yellow inside a dark edge, seen on any colour.
void markRect(QPainter& p, const QRectF& r) {
    p.save();
    p.setBrush(Qt::NoBrush);
    p.setPen(QPen(QColor(20, 20, 20), 3));
    p.drawRect(r);
    p.setPen(QPen(selectedPatchColour(), 1.5));
    p.drawRect(r);
    p.restore();
}

// Padding: light grey crossed by dark diagonals, unlike any pixel's flat colour.
void hatch(QPainter& p, const QRectF& r) {
    p.save();
    p.fillRect(r, QColor(205, 205, 205));
    p.setClipRect(r);
    p.setPen(QPen(QColor(70, 70, 70), 1.5));
    const double step = 4;
    for (double x = r.left() - r.height(); x < r.right(); x += step)
        p.drawLine(QPointF(x, r.bottom()), QPointF(x + r.height(), r.top()));
    p.restore();
}

} // namespace

// ---- IndexedCanvas ----

IndexedCanvas::IndexedCanvas(Qt::Orientation orientation, QWidget* parent)
    : QWidget(parent), m_orientation(orientation) {
    setMouseTracking(true);
    setFocusPolicy(Qt::ClickFocus);
}

void IndexedCanvas::setCount(int n) {
    m_count = n;
    m_highlight = m_highlight < n ? m_highlight : -1;
    m_hovered = -1;
    update();
}

void IndexedCanvas::setHighlight(int i) {
    i = i >= 0 && i < m_count ? i : -1;
    if (i == m_highlight)
        return;
    m_highlight = i;
    update();
}

QPointF IndexedCanvas::positionOf(int i) const {
    const QRectF a = itemArea();
    if (m_orientation == Qt::Horizontal)
        return {a.left() + (i + 0.5) * a.width() / m_count, a.center().y()};
    return {a.center().x(), a.top() + (i + 0.5) * a.height() / m_count};
}

int IndexedCanvas::indexAt(QPointF pos) const {
    const QRectF a = itemArea();
    if (m_count <= 0 || !a.contains(pos))
        return -1;
    const bool rows = m_orientation == Qt::Vertical;
    const double t = rows ? (pos.y() - a.top()) / a.height() : (pos.x() - a.left()) / a.width();
    return std::clamp(int(t * m_count), 0, m_count - 1);
}

void IndexedCanvas::setHovered(int i) {
    if (i == m_hovered)
        return;
    m_hovered = i;
    emit hoveredItem(i);
}

void IndexedCanvas::mouseMoveEvent(QMouseEvent* e) {
    setHovered(indexAt(e->position()));
}

void IndexedCanvas::mousePressEvent(QMouseEvent* e) {
    const int i = indexAt(e->position());
    if (e->button() == Qt::LeftButton && i >= 0)
        emit clickedItem(i);
}

void IndexedCanvas::leaveEvent(QEvent*) {
    setHovered(-1);
}

void IndexedCanvas::keyPressEvent(QKeyEvent* e) {
    int step = 0;
    switch (e->key()) {
    case Qt::Key_Left:
    case Qt::Key_Up:
        step = -1;
        break;
    case Qt::Key_Right:
    case Qt::Key_Down:
        step = 1;
        break;
    case Qt::Key_PageUp:
        step = -16;
        break;
    case Qt::Key_PageDown:
        step = 16;
        break;
    default:
        QWidget::keyPressEvent(e);
        return;
    }
    if (m_count > 0)
        emit clickedItem(std::clamp(std::max(m_highlight, 0) + step, 0, m_count - 1));
}

// ---- VectorStrip ----

VectorStrip::VectorStrip(QWidget* parent) : IndexedCanvas(Qt::Horizontal, parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void VectorStrip::setVector(std::vector<float> values, double range, int channels, int rows,
                            int columns) {
    m_values = std::move(values);
    m_range = range > 0 ? range : 1;
    m_channels = channels;
    m_rows = rows;
    m_columns = columns;
    m_strip = QImage(std::max<int>(1, int(m_values.size())), 1, QImage::Format_RGB32);
    for (std::size_t k = 0; k < m_values.size(); ++k)
        m_strip.setPixel(int(k), 0, divergingRgb(m_values[k] / m_range));
    setCount(int(m_values.size()));
}

void VectorStrip::setMarks(std::vector<int> ks) {
    m_marks = std::move(ks);
    update();
}

QSize VectorStrip::sizeHint() const {
    const int fh = fontMetrics().height();
    return {400, int(fh + kPointer + 2 * kStripHeight + 14 + 2 * fh + 4)};
}

QRectF VectorStrip::itemArea() const {
    const double fh = fontMetrics().height();
    return {kMargin, fh + kPointer, width() - 2 * kMargin, kStripHeight};
}

int VectorStrip::zoomCount() const {
    const int fit = int((width() - 2 * kMargin) / kZoomCell);
    return std::clamp(fit, 1, std::max(1, count()));
}

int VectorStrip::zoomStart() const {
    const int n = zoomCount(), h = std::max(0, highlight());
    return std::clamp(highlight() < 0 ? 0 : h - n / 2, 0, std::max(0, count() - n));
}

void VectorStrip::paintEvent(QPaintEvent*) {
    if (m_values.empty())
        return;
    QPainter p(this);
    const QRectF a = itemArea();
    const int K = count(), block = m_rows * m_columns;
    const double fh = fontMetrics().height();
    auto xOf = [&](double k) { return a.left() + k * a.width() / K; };

    // Overview: every value; smooth scaling when K exceeds the pixels (a 768-value strip in 400).
    p.setRenderHint(QPainter::SmoothPixmapTransform, K > a.width());
    p.drawImage(a, m_strip);
    p.setPen(faint(this, 120));
    p.drawRect(a);
    // Channel blocks: a boundary line and the channel's name with its range of k.
    for (int c = 0; c < m_channels; ++c) {
        const double x0 = xOf(c * block), x1 = xOf((c + 1) * block);
        if (c > 0) {
            p.setPen(QPen(textColour(this), 2));
            p.drawLine(QPointF(x0, a.top() - 3), QPointF(x0, a.bottom() + 3));
        }
        const QString full = tr("%1: k %2–%3")
                                 .arg(channelName(c, m_channels))
                                 .arg(c * block)
                                 .arg((c + 1) * block - 1);
        const QString text =
            fontMetrics().horizontalAdvance(full) < x1 - x0 - 4 ? full : channelName(c, m_channels);
        p.setPen(textColour(this));
        p.drawText(QRectF(x0, 0, x1 - x0, fh), Qt::AlignCenter, text);
    }

    // The magnified run, joined to where it lies in the overview.
    const int n = zoomCount(), start = zoomStart();
    const QRectF zoom(a.left(), a.bottom() + 14, n * kZoomCell, kStripHeight);
    const QRectF window(xOf(start), a.top(), std::max(2.0, xOf(start + n) - xOf(start)),
                        a.height());
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(faint(this, 150), 1, Qt::DashLine));
    p.drawLine(window.bottomLeft(), zoom.topLeft());
    p.drawLine(window.bottomRight(), zoom.topRight());
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setPen(QPen(textColour(this), 1));
    p.setBrush(Qt::NoBrush);
    p.drawRect(window);
    for (int i = 0; i < n; ++i) {
        const int k = start + i;
        const QRectF cell(zoom.left() + i * kZoomCell, zoom.top(), kZoomCell, zoom.height());
        p.fillRect(cell, QColor(divergingRgb(m_values[std::size_t(k)] / m_range)));
    }
    p.setPen(faint(this, 120));
    p.drawRect(zoom);
    // Rows of the patch start every Q values: a tick, and "R row 3" where there is room.
    const QFontMetrics fm = fontMetrics();
    double lastLabelEnd = -1e9;
    for (int i = 0; i < n; ++i) {
        const int k = start + i;
        if (m_columns <= 0 || k % m_columns != 0)
            continue;
        const double x = zoom.left() + i * kZoomCell;
        const bool channelStart = block > 0 && k % block == 0;
        p.setPen(QPen(textColour(this), channelStart ? 2 : 1));
        p.drawLine(QPointF(x, zoom.top() - 2), QPointF(x, zoom.bottom() + 4));
        const QString label =
            tr("%1 row %2").arg(channelName(k / block, m_channels)).arg((k % block) / m_columns);
        if (x > lastLabelEnd + 6 && x + fm.horizontalAdvance(label) < width()) {
            p.drawText(QPointF(x + 2, zoom.bottom() + fh), label);
            lastLabelEnd = x + fm.horizontalAdvance(label);
        }
    }
    p.setPen(faint(this, 170));
    p.drawText(QRectF(zoom.left(), zoom.bottom() + fh + 2, width() - 2 * kMargin, fh),
               Qt::AlignLeft, tr("k = %1 … %2 magnified").arg(start).arg(start + n - 1));
    p.setRenderHint(QPainter::Antialiasing);
    for (const int k : m_marks) {
        const double x = xOf(k + 0.5);
        const QPointF tip[3] = {{x, a.top() - 1}, {x - 4, a.top() - 7}, {x + 4, a.top() - 7}};
        p.setPen(QPen(QColor(20, 20, 20), 1));
        p.setBrush(selectedPatchColour());
        p.drawPolygon(tip, 3);
    }
    p.setRenderHint(QPainter::Antialiasing, false);
    if (highlight() >= 0) {
        markRect(p, QRectF(xOf(highlight()) - 1, a.top() - 2, std::max(3.0, a.width() / K) + 2,
                           a.height() + 4));
        const int i = highlight() - start;
        markRect(p,
                 QRectF(zoom.left() + i * kZoomCell, zoom.top() - 1, kZoomCell, zoom.height() + 2));
    }
}

// ---- MatrixView ----

MatrixView::MatrixView(QWidget* parent) : IndexedCanvas(Qt::Vertical, parent) {
    QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

void MatrixView::setPicture(const WeightPicture* picture, int channels) {
    m_picture = picture ? picture->preview : QImage();
    m_scaled = QImage();
    m_rows = picture ? picture->image.height() : 0;
    m_columns = picture ? picture->image.width() : 0;
    m_channels = channels;
    setCount(m_rows);
    updateGeometry();
}

int MatrixView::heightForWidth(int w) const {
    const double fh = fontMetrics().height();
    if (m_rows <= 0 || m_columns <= 0)
        return int(fh + 80);
    const double h = (w - 2 * kMargin) * m_rows / m_columns;
    return int(fh + 5 + std::clamp(h, 90.0, 240.0));
}

QSize MatrixView::sizeHint() const {
    return {400, heightForWidth(400)};
}

QRectF MatrixView::pictureArea() const {
    const double fh = fontMetrics().height();
    return {kMargin, fh + 4, width() - 2 * kMargin, height() - fh - 5};
}

QRectF MatrixView::itemArea() const {
    return pictureArea();
}

void MatrixView::resizeEvent(QResizeEvent*) {
    m_scaled = QImage();
}

void MatrixView::paintEvent(QPaintEvent*) {
    if (m_picture.isNull())
        return;
    QPainter p(this);
    const QRectF a = pictureArea();
    const QSize size = a.size().toSize();
    if (m_scaled.size() != size && !size.isEmpty())
        // Averaging down keeps each row's texture; made once per size, not per hover.
        m_scaled = m_picture.scaled(size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    p.drawImage(a.topLeft(), m_scaled);
    p.setPen(faint(this, 120));
    p.drawRect(a);
    const double fh = fontMetrics().height();
    for (int c = 0; c < m_channels; ++c) {
        const double x0 = a.left() + a.width() * c / m_channels;
        const double x1 = a.left() + a.width() * (c + 1) / m_channels;
        if (c > 0) {
            p.setPen(QPen(textColour(this), 2));
            p.drawLine(QPointF(x0, a.top() - 3), QPointF(x0, a.bottom()));
        }
        p.setPen(textColour(this));
        p.drawText(QRectF(x0, 0, x1 - x0, fh), Qt::AlignCenter,
                   tr("columns of %1").arg(channelName(c, m_channels)));
    }
    if (highlight() >= 0) {
        const double rh = a.height() / m_rows;
        const double y = a.top() + highlight() * rh;
        const double h = std::max(3.0, rh);
        markRect(p, QRectF(a.left() - 2, y + rh / 2 - h / 2 - 1, a.width() + 4, h + 2));
    }
}

// ---- BarStrip ----

BarStrip::BarStrip(QWidget* parent) : IndexedCanvas(Qt::Horizontal, parent) {
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void BarStrip::setValues(std::vector<double> values, double range) {
    m_values = std::move(values);
    m_range = range > 0 ? range : 1;
    setCount(int(m_values.size()));
}

QSize BarStrip::sizeHint() const {
    return {400, 64};
}

QRectF BarStrip::itemArea() const {
    return {kMargin, 2, width() - 2 * kMargin, height() - 4.0};
}

void BarStrip::paintEvent(QPaintEvent*) {
    if (m_values.empty())
        return;
    QPainter p(this);
    const QRectF a = itemArea();
    p.fillRect(a, faint(this, 14));
    const double zero = a.center().y(), half = a.height() / 2;
    const double w = a.width() / count();
    if (highlight() >= 0) {
        QColor band = selectedPatchColour();
        band.setAlpha(90);
        p.fillRect(
            QRectF(a.left() + highlight() * w - 1, a.top(), std::max(2.0, w) + 2, a.height()),
            band);
    }
    const QColor up(divergingRgb(0.85)), down(divergingRgb(-0.85));
    for (int d = 0; d < count(); ++d) {
        const double v = std::clamp(m_values[std::size_t(d)] / m_range, -1.0, 1.0);
        if (!std::isfinite(v))
            continue;
        const double h = v * half;
        p.fillRect(QRectF(a.left() + d * w, h > 0 ? zero - h : zero, std::max(w, 1.0),
                          std::max(std::abs(h), 0.5)),
                   h > 0 ? up : down);
    }
    p.setPen(faint(this, 140));
    p.drawLine(QPointF(a.left(), zero), QPointF(a.right(), zero));
    p.setPen(faint(this, 70));
    p.setBrush(Qt::NoBrush);
    p.drawRect(a);
    if (highlight() >= 0)
        markRect(p,
                 QRectF(a.left() + highlight() * w - 1, a.top(), std::max(2.0, w) + 2, a.height()));
}

// ---- PixelTiles ----

PixelTiles::PixelTiles(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

void PixelTiles::setPatch(const PatchInspection* patch) {
    m_patch = patch;
    m_hovered = {};
    updateGeometry();
    update();
}

void PixelTiles::setHighlight(int k) {
    if (k == m_highlight)
        return;
    m_highlight = k;
    update();
}

PixelTiles::Geometry PixelTiles::geometry(int width) const {
    Geometry g;
    g.label = fontMetrics().height() + 2;
    g.gap = 8;
    const int C = m_patch ? m_patch->channels : 3;
    g.lines = C == 1 ? 1 : 2;
    g.columns = C == 3 ? 4 : C == 1 ? 3 : C;
    g.tile =
        std::clamp((width - 2 * kMargin - g.gap * (g.columns - 1)) / g.columns, 16.0, kMaxTile);
    return g;
}

std::pair<int, int> PixelTiles::place(Slot slot, int c) const {
    const int C = m_patch ? m_patch->channels : 3;
    switch (slot) {
    case Slot::Colour:
        return C == 3 ? std::pair{0, 0} : std::pair{-1, -1};
    case Slot::Raw:
        return {0, C == 3 ? 1 + c : c};
    case Slot::Normalised:
        return C == 3 ? std::pair{1, 1 + c} : C == 1 ? std::pair{0, 1} : std::pair{1, c};
    case Slot::Key:
        return C == 3 ? std::pair{1, 0} : C == 1 ? std::pair{0, 2} : std::pair{-1, -1};
    }
    return {-1, -1};
}

QRectF PixelTiles::tileRect(const Geometry& g, Slot slot, int c) const {
    const auto [line, column] = place(slot, c);
    if (line < 0)
        return {};
    const int P = m_patch ? m_patch->patch.h : 1, Q = m_patch ? m_patch->patch.w : 1;
    const double cell = g.tile / std::max(P, Q);
    const double lineHeight = g.label + g.tile + g.label + g.gap;
    return {kMargin + column * (g.tile + g.gap), line * lineHeight + g.label, cell * Q, cell * P};
}

int PixelTiles::heightForWidth(int w) const {
    const Geometry g = geometry(w);
    return int(g.lines * (g.label + g.tile + g.label + g.gap));
}

QSize PixelTiles::sizeHint() const {
    return {400, heightForWidth(400)};
}

void PixelTiles::paintTile(QPainter& p, const QRectF& r, Slot slot, int c) const {
    const PatchInspection& s = *m_patch;
    const int P = s.patch.h, Q = s.patch.w;
    auto raw = [&](int ch, int y, int x) { return std::max(0, s.raw[std::size_t(s.k(ch, y, x))]); };
    QImage img(Q, P, QImage::Format_RGB32);
    for (int y = 0; y < P; ++y)
        for (int x = 0; x < Q; ++x) {
            QRgb rgb;
            if (slot == Slot::Normalised)
                rgb = divergingRgb(s.x[std::size_t(s.k(c, y, x))] / (s.xRange > 0 ? s.xRange : 1));
            else if (slot == Slot::Colour)
                rgb = qRgb(raw(0, y, x), raw(1, y, x), raw(2, y, x));
            else
                rgb = channelTint(c, s.channels, raw(c, y, x));
            img.setPixel(x, y, rgb);
        }
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    p.drawImage(r, img);
    const double cell = r.width() / Q;
    for (int y = 0; y < P; ++y)
        for (int x = 0; x < Q; ++x)
            if (s.raw[std::size_t(s.k(0, y, x))] < 0)
                hatch(p, QRectF(r.left() + x * cell, r.top() + y * cell, cell, cell));
    if (cell >= 6) { // pixel lines help count rows and columns
        p.setPen(QPen(QColor(128, 128, 128, 60), 1));
        for (int x = 1; x < Q; ++x)
            p.drawLine(QPointF(r.left() + x * cell, r.top()),
                       QPointF(r.left() + x * cell, r.bottom()));
        for (int y = 1; y < P; ++y)
            p.drawLine(QPointF(r.left(), r.top() + y * cell),
                       QPointF(r.right(), r.top() + y * cell));
    }
    p.setPen(faint(this, 120));
    p.setBrush(Qt::NoBrush);
    p.drawRect(r);
}

// The colour key of the normalised tiles: the diverging map from −max|x| to +max|x|.
void PixelTiles::paintKey(QPainter& p, const QRectF& r) const {
    const double range = m_patch->xRange;
    const QRectF bar(r.left(), r.top(), std::min(16.0, r.width() / 4), r.height());
    for (int y = 0; y < int(bar.height()); ++y)
        p.fillRect(QRectF(bar.left(), bar.top() + y, bar.width(), 1),
                   QColor(divergingRgb(1 - 2 * (y + 0.5) / bar.height())));
    p.setPen(faint(this, 120));
    p.drawRect(bar);
    p.setPen(textColour(this));
    const QRectF labels(bar.right() + 4, bar.top(), r.width() - bar.width() - 4, bar.height());
    p.drawText(labels, Qt::AlignTop | Qt::AlignLeft, QString::number(range, 'f', 2));
    p.drawText(labels, Qt::AlignVCenter | Qt::AlignLeft, QStringLiteral("0"));
    p.drawText(labels, Qt::AlignBottom | Qt::AlignLeft, QString::number(-range, 'f', 2));
}

void PixelTiles::paintEvent(QPaintEvent*) {
    if (!m_patch)
        return;
    const PatchInspection& s = *m_patch;
    QPainter p(this);
    const Geometry g = geometry(width());
    const QFontMetrics fm = fontMetrics();
    auto caption = [&](const QRectF& tile, const QString& text) {
        p.setPen(textColour(this));
        p.drawText(
            QRectF(tile.left() - g.gap / 2, tile.bottom() + 1, tile.width() + g.gap, g.label),
            Qt::AlignHCenter | Qt::AlignTop,
            fm.elidedText(text, Qt::ElideRight, int(tile.width() + g.gap)));
    };
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(textColour(this));
    if (g.lines == 1) {
        p.drawText(QPointF(kMargin, fm.ascent()), tr("As stored (0–255), and normalised: x"));
    } else {
        p.drawText(QPointF(kMargin, fm.ascent()), tr("Pixels as stored: 0–255"));
        const double line1 = tileRect(g, Slot::Normalised).top() - g.label;
        p.drawText(QPointF(kMargin, line1 + fm.ascent()), tr("After normalisation: the values x"));
    }
    p.setFont(font());
    if (const QRectF r = tileRect(g, Slot::Colour); !r.isEmpty()) {
        paintTile(p, r, Slot::Colour, 0);
        caption(r, tr("patch"));
    }
    if (const QRectF r = tileRect(g, Slot::Key); !r.isEmpty())
        paintKey(p, r);
    for (int c = 0; c < s.channels; ++c) {
        const QRectF top = tileRect(g, Slot::Raw, c), bottom = tileRect(g, Slot::Normalised, c);
        paintTile(p, top, Slot::Raw, c);
        paintTile(p, bottom, Slot::Normalised, c);
        caption(top, channelName(c, s.channels));
        // Two lines have their own titles; on one line the tiles say which is which.
        caption(bottom, g.lines == 1 ? tr("%1, normalised").arg(channelName(c, s.channels))
                                     : channelName(c, s.channels));
    }
    if (m_highlight >= 0 && m_highlight < s.valuesPerPatch()) {
        const int block = s.patch.h * s.patch.w;
        const int c = m_highlight / block, pp = (m_highlight % block) / s.patch.w,
                  q = m_highlight % s.patch.w;
        const double cell = g.tile / std::max(s.patch.h, s.patch.w);
        for (const QRectF& r : {tileRect(g, Slot::Raw, c), tileRect(g, Slot::Normalised, c),
                                tileRect(g, Slot::Colour)})
            if (!r.isEmpty())
                markRect(p, QRectF(r.left() + q * cell, r.top() + pp * cell, cell, cell));
    }
}

PixelTiles::Cell PixelTiles::cellAt(QPointF pos) const {
    if (!m_patch)
        return {};
    const Geometry g = geometry(width());
    for (const Slot slot : {Slot::Raw, Slot::Normalised})
        for (int c = 0; c < m_patch->channels; ++c) {
            const QRectF r = tileRect(g, slot, c);
            if (!r.contains(pos))
                continue;
            const double cell = r.width() / m_patch->patch.w;
            return {slot == Slot::Normalised, c,
                    std::clamp(int((pos.y() - r.top()) / cell), 0, m_patch->patch.h - 1),
                    std::clamp(int((pos.x() - r.left()) / cell), 0, m_patch->patch.w - 1)};
        }
    return {};
}

QPointF PixelTiles::positionOf(int c, int p, int q, bool normalised) const {
    const QRectF r = tileRect(geometry(width()), normalised ? Slot::Normalised : Slot::Raw, c);
    const double cell = r.width() / m_patch->patch.w;
    return {r.left() + (q + 0.5) * cell, r.top() + (p + 0.5) * cell};
}

void PixelTiles::mouseMoveEvent(QMouseEvent* e) {
    const Cell cell = cellAt(e->position());
    if (cell.c == m_hovered.c && cell.p == m_hovered.p && cell.q == m_hovered.q &&
        cell.normalised == m_hovered.normalised)
        return;
    m_hovered = cell;
    emit hoveredCell(cell);
}

void PixelTiles::leaveEvent(QEvent*) {
    if (!m_hovered.valid())
        return;
    m_hovered = {};
    emit hoveredCell(m_hovered);
}

} // namespace tessera::ui
