#include "image_view.hpp"

#include "colormap.hpp"
#include "session.hpp"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace tessera::ui {
namespace {

constexpr double kMinScale = 0.01, kMaxScale = 64;
constexpr double kColourBarSpace = 110; // pixels right of the image for the bar and its labels

QImage toQImage(const ImageU8& img) {
    QImage q(img.width, img.height,
             img.channels == 1 ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
    for (int y = 0; y < img.height; ++y)
        std::copy_n(img.row(y), std::size_t(img.width) * img.channels, q.scanLine(y));
    return q;
}

} // namespace

ImageView::ImageView(Session* session, QWidget* parent) : QWidget(parent), m_session(session) {
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(200, 150);
    setToolTip(tr("The image the model sees. Wheel: zoom; drag: pan; click: select a patch."));
    connect(session, &Session::resultReady, this, &ImageView::rebuild);
    connect(session, &Session::selectionChanged, this, qOverload<>(&QWidget::update));
}

void ImageView::setOverlays(const Overlays& overlays) {
    const bool barChanged = overlays.heatMap != m_overlays.heatMap;
    m_overlays = overlays;
    emit overlaysChanged();
    if (barChanged && m_fit)
        fitToWindow();
    update();
}

void ImageView::rebuild() {
    const JobOutcome* out = m_session->current();
    if (!out)
        return;
    const bool sameSize = m_picture.size() == QSize(out->resized->width, out->resized->height);
    m_picture = toQImage(*out->resized);
    const PatchGrid& g = out->result.grid;
    const PreprocessPlan& plan = out->plan;
    m_crop = QRectF(plan.cropX, plan.cropY, plan.output.w, plan.output.h);
    m_grid = QRectF(plan.cropX, plan.cropY, g.gw * g.patch.w, g.gh * g.patch.h);
    m_heat = QImage(g.gw, g.gh, QImage::Format_ARGB32);
    const auto& norms = out->result.norms.data;
    const auto [lo, hi] = std::minmax_element(norms.begin(), norms.end());
    for (int i = 0; i < int(g.count()); ++i) {
        const double t = *hi > *lo ? (norms[i] - *lo) / (*hi - *lo) : 0.5;
        m_heat.setPixelColor(i % g.gw, i / g.gw, viridis(t));
    }
    if (m_fit || !sameSize)
        fitToWindow();
    update();
}

QRectF ImageView::contentRect() const {
    return QRectF(QPointF(0, 0), QSizeF(m_picture.size())).united(m_grid);
}

void ImageView::fitToWindow() {
    m_fit = true;
    const QRectF c = contentRect();
    if (c.isEmpty())
        return;
    const double margin = 12;
    const double bar = m_overlays.heatMap ? kColourBarSpace : 0; // keep the colour bar clear
    const double w = width() - bar;
    m_scale = std::clamp(std::min((w - 2 * margin) / c.width(), (height() - 2 * margin) / c.height()),
                         kMinScale, kMaxScale);
    m_offset = QPointF(w / 2.0, height() / 2.0) - c.center() * m_scale;
    update();
}

void ImageView::actualSize() {
    const QPointF centre(width() / 2.0, height() / 2.0);
    zoomAbout(1.0 / devicePixelRatioF() / m_scale, centre);
}

void ImageView::zoomBy(double factor) { zoomAbout(factor, QPointF(width() / 2.0, height() / 2.0)); }

void ImageView::zoomAbout(double factor, QPointF at) {
    const QPointF anchor = toImage(at);
    m_scale = std::clamp(m_scale * factor, kMinScale, kMaxScale);
    m_offset = at - anchor * m_scale;
    m_fit = false;
    update();
}

QPointF ImageView::toImage(QPointF p) const { return (p - m_offset) / m_scale; }

int ImageView::patchAt(QPointF widgetPos) const {
    const JobOutcome* out = m_session->current();
    if (!out)
        return -1;
    const QPointF q = toImage(widgetPos);
    if (!m_grid.contains(q))
        return -1;
    const PatchGrid& g = out->result.grid;
    const int gx = std::min(int((q.x() - m_grid.left()) / g.patch.w), g.gw - 1);
    const int gy = std::min(int((q.y() - m_grid.top()) / g.patch.h), g.gh - 1);
    return gy * g.gw + gx;
}

QRectF ImageView::patchRect(int index) const {
    const JobOutcome* out = m_session->current();
    if (!out || index < 0 || index >= out->result.grid.count())
        return {};
    const PatchGrid& g = out->result.grid;
    const QRectF r(m_grid.left() + (index % g.gw) * g.patch.w, m_grid.top() + (index / g.gw) * g.patch.h,
                   g.patch.w, g.patch.h);
    return QRectF(m_offset + r.topLeft() * m_scale, r.size() * m_scale);
}

void ImageView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Window).darker(110));
    const JobOutcome* out = m_session->current();
    if (!out || m_picture.isNull()) {
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(rect(), Qt::AlignCenter,
                   m_session->failure().isEmpty() ? tr("Computing…") : m_session->failure());
        return;
    }
    p.save();
    p.translate(m_offset);
    p.scale(m_scale, m_scale);
    p.setRenderHint(QPainter::SmoothPixmapTransform, m_scale < 1);
    // Padding is zeros of the normalised input: the mean colour. A neutral grey stands for it.
    if (m_overlays.cropAndPadding)
        p.fillRect(m_grid, QColor(128, 128, 128));
    p.drawImage(QPointF(0, 0), m_picture);
    if (m_overlays.cropAndPadding) {
        // Cropped away (outside the crop box) and not covered by the grid: dimmed.
        // (An empty clip region would clip nothing away, so empty regions are skipped.)
        const QRegion dimmed = QRegion(QRect(QPoint(0, 0), m_picture.size())) -
                               QRegion(m_crop.intersected(m_grid).toRect());
        if (!dimmed.isEmpty()) {
            p.setClipRegion(dimmed);
            p.fillRect(QRectF(QPointF(0, 0), QSizeF(m_picture.size())), QColor(0, 0, 0, 150));
            p.setClipping(false);
        }
        // Padded (inside the grid, outside the image's crop box): hatched.
        const QRegion padded = QRegion(m_grid.toRect()) - QRegion(m_crop.toRect());
        if (!padded.isEmpty()) {
            p.setClipRegion(padded);
            QBrush hatch(QColor(255, 255, 255, 170), Qt::BDiagPattern);
            hatch.setTransform(QTransform::fromScale(1 / m_scale, 1 / m_scale));
            p.fillRect(m_grid, hatch);
            p.setClipping(false);
        }
    }
    if (m_overlays.heatMap)
        paintHeatMap(p);
    p.restore();
    const QRectF visible = QRectF(toImage(QPointF(0, 0)), toImage(QPointF(width(), height())));
    paintGrid(p, visible);
    if (m_overlays.heatMap)
        paintColourBar(p);
}

void ImageView::paintHeatMap(QPainter& p) {
    p.save();
    p.setOpacity(m_overlays.heatOpacity);
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    p.drawImage(m_grid, m_heat);
    p.restore();
}

void ImageView::paintGrid(QPainter& p, const QRectF& visible) {
    const JobOutcome* out = m_session->current();
    const PatchGrid& g = out->result.grid;
    const double pw = g.patch.w * m_scale, ph = g.patch.h * m_scale; // on screen
    if (m_overlays.grid && pw >= 4 && ph >= 4) {
        QColor c(255, 255, 255);
        c.setAlphaF(m_overlays.gridOpacity);
        p.setPen(QPen(c, 1));
        const int gx0 = std::max(0, int((visible.left() - m_grid.left()) / g.patch.w));
        const int gx1 = std::min(g.gw, int((visible.right() - m_grid.left()) / g.patch.w) + 1);
        const int gy0 = std::max(0, int((visible.top() - m_grid.top()) / g.patch.h));
        const int gy1 = std::min(g.gh, int((visible.bottom() - m_grid.top()) / g.patch.h) + 1);
        const double top = m_offset.y() + m_grid.top() * m_scale;
        const double left = m_offset.x() + m_grid.left() * m_scale;
        const double bottom = top + m_grid.height() * m_scale, right = left + m_grid.width() * m_scale;
        for (int gx = gx0; gx <= gx1; ++gx)
            p.drawLine(QLineF(left + gx * pw, top, left + gx * pw, bottom));
        for (int gy = gy0; gy <= gy1; ++gy)
            p.drawLine(QLineF(left, top + gy * ph, right, top + gy * ph));
        if (m_overlays.labels && pw >= 22 && ph >= 14) {
            QFont f = font();
            f.setPointSizeF(std::clamp(std::min(ph / 3, pw / 4), 6.0, 12.0));
            p.setFont(f);
            for (int gy = gy0; gy < gy1; ++gy)
                for (int gx = gx0; gx < gx1; ++gx) {
                    const QRectF cell(left + gx * pw, top + gy * ph, pw, ph);
                    const QString label = QString::number(gy * g.gw + gx);
                    p.setPen(QColor(0, 0, 0, int(200 * m_overlays.gridOpacity)));
                    p.drawText(cell.translated(1, 1), Qt::AlignCenter, label);
                    p.setPen(c);
                    p.drawText(cell, Qt::AlignCenter, label);
                }
        }
    }
    if (m_hover >= 0) {
        p.setPen(QPen(palette().color(QPalette::Highlight), 1.5));
        p.drawRect(patchRect(m_hover));
    }
    if (m_session->selected() >= 0) {
        const QRectF r = patchRect(m_session->selected());
        p.setPen(QPen(QColor(0, 0, 0), 5));
        p.drawRect(r);
        p.setPen(QPen(QColor(255, 200, 0), 3));
        p.drawRect(r);
    }
}

void ImageView::paintColourBar(QPainter& p) {
    const auto& norms = m_session->current()->result.norms.data;
    const auto [lo, hi] = std::minmax_element(norms.begin(), norms.end());
    const QRectF bar(width() - 34, height() * 0.2, 14, height() * 0.6);
    for (int y = 0; y < int(bar.height()); ++y)
        p.fillRect(QRectF(bar.left(), bar.bottom() - y - 1, bar.width(), 1),
                   viridis(y / std::max(1.0, bar.height() - 1)));
    p.setPen(palette().color(QPalette::WindowText));
    p.drawRect(bar);
    const QString top = QString::number(*hi, 'g', 4), bottom = QString::number(*lo, 'g', 4);
    p.drawText(QRectF(bar.left() - 80, bar.top() - 18, 100, 16), Qt::AlignRight, top);
    p.drawText(QRectF(bar.left() - 80, bar.bottom() + 2, 100, 16), Qt::AlignRight, bottom);
    p.drawText(QRectF(bar.left() - 80, bar.center().y() - 8, 76, 16), Qt::AlignRight, tr("norm"));
}

void ImageView::wheelEvent(QWheelEvent* e) {
    zoomAbout(std::pow(1.25, e->angleDelta().y() / 120.0), e->position());
}

void ImageView::mousePressEvent(QMouseEvent* e) {
    if (e->button() != Qt::LeftButton)
        return;
    m_pressPos = e->pos();
    m_pressOffset = m_offset;
    m_dragging = false;
}

void ImageView::mouseMoveEvent(QMouseEvent* e) {
    if (e->buttons() & Qt::LeftButton) {
        if ((e->pos() - m_pressPos).manhattanLength() > 4)
            m_dragging = true;
        if (m_dragging) {
            m_offset = m_pressOffset + (e->pos() - m_pressPos);
            m_fit = false;
            setCursor(Qt::ClosedHandCursor);
            update();
            return;
        }
    }
    const int hover = patchAt(e->position());
    if (hover != m_hover) {
        m_hover = hover;
        update();
    }
}

void ImageView::mouseReleaseEvent(QMouseEvent* e) {
    if (e->button() != Qt::LeftButton)
        return;
    unsetCursor();
    if (!m_dragging) {
        const int index = patchAt(e->position());
        if (index >= 0)
            emit patchClicked(index);
    }
    m_dragging = false;
}

void ImageView::resizeEvent(QResizeEvent*) {
    if (m_fit)
        fitToWindow();
}

bool ImageView::event(QEvent* e) {
    if (e->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(e);
        const int i = patchAt(help->pos());
        const JobOutcome* out = m_session->current();
        if (i < 0 || !out) {
            QToolTip::showText(help->globalPos(), toolTip(), this);
            return true;
        }
        const PatchGrid& g = out->result.grid;
        const int row = i / g.gw, col = i % g.gw;
        const int y0 = row * g.patch.h, x0 = col * g.patch.w;
        QString text = tr("patch %1 (row %2, col %3)\npixels y %4–%5, x %6–%7 of the %8×%9 input\nnorm %10")
                           .arg(i)
                           .arg(row)
                           .arg(col)
                           .arg(y0)
                           .arg(y0 + g.patch.h)
                           .arg(x0)
                           .arg(x0 + g.patch.w)
                           .arg(g.input.h)
                           .arg(g.input.w)
                           .arg(double(out->result.norms.data[i]), 0, 'g', 5);
        if (y0 + g.patch.h > g.input.h || x0 + g.patch.w > g.input.w)
            text += tr("\n(partly zero padding)");
        QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    if (e->type() == QEvent::Leave && m_hover >= 0) {
        m_hover = -1;
        update();
    }
    return QWidget::event(e);
}

} // namespace tessera::ui
