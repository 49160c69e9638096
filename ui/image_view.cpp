#include "image_view.hpp"

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
    const QSize before = m_scene.size;
    m_scene = out->view->scene;
    m_shown = {};
    if (m_fit || before != m_scene.size)
        fitToWindow();
    update();
}

QRectF ImageView::contentRect() const {
    return m_scene.contentRect();
}

void ImageView::fitToWindow() {
    m_fit = true;
    const QRectF c = contentRect();
    if (c.isEmpty())
        return;
    const double margin = 12;
    const double bar = m_overlays.heatMap ? kColourBarSpace : 0; // keep the colour bar clear
    const double w = width() - bar;
    m_scale =
        std::clamp(std::min((w - 2 * margin) / c.width(), (height() - 2 * margin) / c.height()),
                   kMinScale, kMaxScale);
    m_offset = QPointF(w / 2.0, height() / 2.0) - c.center() * m_scale;
    update();
}

void ImageView::actualSize() {
    const QPointF centre(width() / 2.0, height() / 2.0);
    zoomAbout(1.0 / devicePixelRatioF() / m_scale, centre);
}

void ImageView::zoomBy(double factor) {
    zoomAbout(factor, QPointF(width() / 2.0, height() / 2.0));
}

void ImageView::zoomAbout(double factor, QPointF at) {
    const QPointF anchor = toImage(at);
    m_scale = std::clamp(m_scale * factor, kMinScale, kMaxScale);
    m_offset = at - anchor * m_scale;
    m_fit = false;
    update();
}

QPointF ImageView::toImage(QPointF p) const {
    return (p - m_offset) / m_scale;
}

int ImageView::patchAt(QPointF widgetPos) const {
    const JobOutcome* out = m_session->current();
    if (!out)
        return -1;
    const QPointF q = toImage(widgetPos);
    const QRectF& grid = m_scene.grid;
    if (!grid.contains(q))
        return -1;
    const PatchGrid& g = out->result.grid;
    const int gx = std::min(int((q.x() - grid.left()) / g.patch.w), g.gw - 1);
    const int gy = std::min(int((q.y() - grid.top()) / g.patch.h), g.gh - 1);
    return gy * g.gw + gx;
}

QRectF ImageView::patchRect(int index) const {
    const JobOutcome* out = m_session->current();
    if (!out || index < 0 || index >= out->result.grid.count())
        return {};
    const PatchGrid& g = out->result.grid;
    const QRectF r(m_scene.grid.left() + (index % g.gw) * g.patch.w,
                   m_scene.grid.top() + (index / g.gw) * g.patch.h, g.patch.w, g.patch.h);
    return QRectF(m_offset + r.topLeft() * m_scale, r.size() * m_scale);
}

void ImageView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Window).darker(110));
    if (!m_session->current() || m_scene.picture.isNull()) {
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(rect(), Qt::AlignCenter,
                   m_session->failure().isEmpty() ? tr("Computing…") : m_session->failure());
        return;
    }
    // Drawn from a picture reduced to the scale on screen, made again only when the scale changes.
    const double device = m_scale * devicePixelRatioF();
    if (m_shownScale != device || m_shown.picture.isNull()) {
        m_shown = device < 1 ? m_scene.reducedFor(device) : m_scene;
        m_shownScale = device;
    }
    io::paintScene(p, m_shown, m_overlays, m_scale, m_offset, QRectF(rect()));
    paintMarks(p);
    if (m_overlays.heatMap)
        io::paintColourBar(p, QRectF(width() - 34, height() * 0.2, 14, height() * 0.6), m_scene,
                           palette().color(QPalette::WindowText));
}

void ImageView::paintMarks(QPainter& p) {
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
        QString text =
            tr("patch %1 (row %2, col %3)\npixels y %4–%5, x %6–%7 of the %8×%9 input\nnorm %10")
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
