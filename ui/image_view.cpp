#include "image_view.hpp"

#include "selection_colours.hpp"
#include "session.hpp"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace tessera::ui {
namespace {

constexpr double kMinScale = 0.01, kMaxScale = 64;

} // namespace

ImageView::ImageView(Session* session, QWidget* parent) : QWidget(parent), m_session(session) {
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(200, 150);
    setToolTip(tr("The image the model sees. Wheel: zoom; drag: pan; click: select a patch."));
    connect(session, &Session::resultReady, this, &ImageView::rebuild);
    connect(session, &Session::selectionChanged, this, qOverload<>(&QWidget::update));
    connect(session, &Session::patchSetChanged, this, &ImageView::updatePatchSet);
}

void ImageView::setOverlays(const Overlays& overlays) {
    const bool barChanged = overlays.map != m_overlays.map;
    m_overlays = overlays;
    emit overlaysChanged();
    if (barChanged && m_fit)
        fitToWindow();
    update();
}

void ImageView::setMap(const io::PatchMap& map) {
    const PatchGrid& g = m_scene.patches;
    if (!map.empty() && map.cells.size() != QSize(g.gw, g.gh))
        return;
    m_scene.map = map;
    m_shown.map = map;
    update();
}

void ImageView::rebuild() {
    const JobOutcome* out = m_session->current();
    if (!out)
        return;
    const QSize before = m_scene.size;
    m_pointed = -1;
    io::PatchMap map = std::move(m_scene.map);
    m_scene = out->view->scene;
    // The map shown stays until PatchMaps brings the new result's, when it fits the new grid.
    if (map.cells.size() == m_scene.map.cells.size())
        m_scene.map = std::move(map);
    m_shown = {};
    if (m_fit || before != m_scene.size)
        fitToWindow();
    updatePatchSet();
}

void ImageView::updatePatchSet() {
    const JobOutcome* out = m_session->current();
    m_inSet.clear();
    m_setTint = {};
    if (out && !m_session->selectedPatches().isEmpty()) {
        const PatchGrid& g = out->result.grid;
        m_inSet.assign(std::size_t(g.count()), false);
        m_setTint = QImage(g.gw, g.gh, QImage::Format_ARGB32_Premultiplied);
        m_setTint.fill(Qt::transparent);
        QColor tint = patchSetColour();
        tint.setAlpha(110);
        for (int i : m_session->selectedPatches()) {
            m_inSet[std::size_t(i)] = true;
            m_setTint.setPixelColor(i % g.gw, i / g.gw, tint);
        }
    }
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
    const double bar = m_overlays.map ? io::kLegendWidth : 0; // keep the colour bar clear
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

io::PatchLabels ImageView::patchLabels() const {
    if (!m_session->current())
        return {};
    return io::layoutLabels(m_scene, m_overlays, m_scale, m_offset, QRectF(rect()), font());
}

void ImageView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Window).darker(110));
    if (!m_session->current() || m_scene.picture.isNull()) {
        // No result yet (or the first settings fail): the image as decoded, so the user sees
        // what was opened, with the reason in words over it.
        const QImage& image = m_session->image();
        if (!image.isNull()) {
            const QSize fit = image.size().scaled(size(), Qt::KeepAspectRatio);
            const QRect at(QPoint((width() - fit.width()) / 2, (height() - fit.height()) / 2), fit);
            p.drawImage(at, image);
        }
        const QString text =
            m_session->failure().isEmpty() ? tr("Computing…") : m_session->failure();
        const QRect box = p.fontMetrics().boundingRect(rect().adjusted(40, 0, -40, 0),
                                                       Qt::AlignCenter | Qt::TextWordWrap, text);
        p.fillRect(box.adjusted(-10, -6, 10, 6), QColor(0, 0, 0, 170));
        p.setPen(Qt::white);
        p.drawText(box, Qt::AlignCenter | Qt::TextWordWrap, text);
        return;
    }
    // Drawn from a picture reduced to the scale on screen, made again only when the scale changes.
    const double device = m_scale * devicePixelRatioF();
    if (m_shownScale != device || m_shown.picture.isNull()) {
        m_shown = device < 1 ? m_scene.reducedFor(device) : m_scene;
        m_shownScale = device;
    }
    io::paintImageLayers(p, m_shown, m_overlays, m_scale, m_offset);
    p.drawImage(QPointF(0, 0), gridLayer());
    io::paintOutlines(p, m_shown, m_overlays, m_scale, m_offset);
    paintPatchSet(p);
    paintMarks(p);
    paintGridNote(p);
    if (m_overlays.map) {
        // A zoomed picture may reach under the legend: the legend keeps a panel of its own.
        QColor panel = palette().color(QPalette::Window);
        panel.setAlpha(225);
        p.fillRect(QRectF(width() - io::kLegendWidth, 0, io::kLegendWidth, height()), panel);
        io::paintLegend(p, QRectF(width() - io::kLegendWidth, 0, io::kLegendWidth, height()),
                        m_scene.map, palette().color(QPalette::WindowText));
    }
    if (hasFocus()) { // the arrow keys act here: say so
        p.setPen(QPen(palette().color(QPalette::Highlight), 2 * m_overlays.lineWidth));
        p.setBrush(Qt::NoBrush);
        p.drawRect(QRectF(rect()).adjusted(1, 1, -1, -1));
    }
}

const QImage& ImageView::gridLayer() {
    const double dpr = devicePixelRatioF();
    GridLayerKey key{m_shown.patches.patch,
                     m_shown.patches.gw,
                     m_shown.patches.gh,
                     m_shown.grid,
                     m_scale,
                     dpr,
                     m_overlays.gridOpacity,
                     m_overlays.lineWidth,
                     m_offset,
                     size(),
                     m_overlays.grid,
                     m_overlays.labels,
                     font()};
    if (key == m_gridKey && !m_gridLayer.isNull())
        return m_gridLayer;
    m_gridKey = std::move(key);
    m_gridLayer = QImage((QSizeF(size()) * dpr).toSize(), QImage::Format_ARGB32_Premultiplied);
    m_gridLayer.setDevicePixelRatio(dpr);
    m_gridLayer.fill(Qt::transparent);
    QPainter p(&m_gridLayer);
    p.setFont(font());
    io::paintGridLines(p, m_shown, m_overlays, m_scale, m_offset, QRectF(rect()));
    return m_gridLayer;
}

QString ImageView::gridNote() const {
    if (!m_overlays.grid || !m_session->current())
        return {};
    const io::VisibleCells c = io::visibleCells(m_scene, m_scale, m_offset, QRectF(rect()));
    if (c.gx0 >= c.gx1 || (c.pw >= 4 && c.ph >= 4)) // the threshold of io::paintGridLines
        return {};
    return tr("Grid not drawn: a patch is %1 pixels on screen at this zoom. Zoom in to see it.")
        .arg(std::min(c.pw, c.ph), 0, 'f', 1);
}

void ImageView::paintGridNote(QPainter& p) {
    const QString text = gridNote();
    if (text.isEmpty())
        return;
    const int right = m_overlays.map ? io::kLegendWidth : 0; // clear of the map's legend
    QRect box =
        p.fontMetrics().boundingRect(rect().adjusted(16, 0, -16 - right, -16),
                                     Qt::AlignLeft | Qt::AlignBottom | Qt::TextWordWrap, text);
    box.moveBottom(height() - 12);
    p.fillRect(box.adjusted(-8, -4, 8, 4), QColor(0, 0, 0, 170));
    p.setPen(Qt::white);
    p.drawText(box, Qt::AlignLeft | Qt::AlignBottom | Qt::TextWordWrap, text);
}

void ImageView::paintPatchSet(QPainter& p) {
    if (m_inSet.empty())
        return;
    const PatchGrid& g = m_scene.patches;
    p.save();
    p.translate(m_offset);
    p.scale(m_scale, m_scale);
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    p.drawImage(m_scene.grid, m_setTint);
    p.restore();
    // Around the set, not around each patch: where a set patch meets one outside it (or the grid's
    // edge). Only for the visible cells, and only where cells are big enough for lines to help.
    const io::VisibleCells c = io::visibleCells(m_scene, m_scale, m_offset, QRectF(rect()));
    if (c.pw < 4 || c.ph < 4)
        return;
    auto in = [&](int gx, int gy) {
        return gx >= 0 && gy >= 0 && gx < g.gw && gy < g.gh && m_inSet[std::size_t(gy * g.gw + gx)];
    };
    QList<QLineF> edges;
    for (int gy = c.gy0; gy < c.gy1; ++gy)
        for (int gx = c.gx0; gx < c.gx1; ++gx) {
            if (!in(gx, gy))
                continue;
            const double x0 = c.left + gx * c.pw, y0 = c.top + gy * c.ph;
            const double x1 = x0 + c.pw, y1 = y0 + c.ph;
            if (!in(gx - 1, gy))
                edges << QLineF(x0, y0, x0, y1);
            if (!in(gx + 1, gy))
                edges << QLineF(x1, y0, x1, y1);
            if (!in(gx, gy - 1))
                edges << QLineF(x0, y0, x1, y0);
            if (!in(gx, gy + 1))
                edges << QLineF(x0, y1, x1, y1);
        }
    p.setPen(QPen(QColor(0, 0, 0), 3.5 * m_overlays.lineWidth));
    p.drawLines(edges);
    p.setPen(QPen(patchSetColour(), 1.5 * m_overlays.lineWidth));
    p.drawLines(edges);
}

void ImageView::highlight(int index) {
    const int n = m_session->current() ? int(m_session->current()->result.grid.count()) : 0;
    index = index < n ? index : -1;
    if (index == m_pointed)
        return;
    m_pointed = index;
    if (index >= 0)
        scrollTo(index);
    update();
}

void ImageView::paintMarks(QPainter& p) {
    for (const int i : {m_hover, m_pointed})
        if (i >= 0) {
            p.setPen(QPen(palette().color(QPalette::Highlight),
                          (i == m_pointed ? 3 : 1.5) * m_overlays.lineWidth));
            p.drawRect(patchRect(i));
        }
    if (m_session->selected() >= 0) {
        const QRectF r = patchRect(m_session->selected());
        p.setPen(QPen(QColor(0, 0, 0), 5 * m_overlays.lineWidth));
        p.drawRect(r);
        p.setPen(QPen(selectedPatchColour(), 3 * m_overlays.lineWidth));
        p.drawRect(r);
    }
}

void ImageView::wheelEvent(QWheelEvent* e) {
    zoomAbout(std::pow(1.25, e->angleDelta().y() / 120.0), e->position());
}

void ImageView::mousePressEvent(QMouseEvent* e) {
    setFocus(Qt::MouseFocusReason); // the arrow keys then move from what was clicked
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
    const QPointF q = toImage(e->position());
    const QPoint pixel(int(std::floor(q.x())), int(std::floor(q.y())));
    emit pixelHovered(QRect(QPoint(0, 0), m_scene.size).contains(pixel) ? pixel : QPoint(-1, -1));
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

void ImageView::keyPressEvent(QKeyEvent* e) {
    const JobOutcome* out = m_session->current();
    const int key = e->key();
    const QPoint step = key == Qt::Key_Left    ? QPoint(-1, 0)
                        : key == Qt::Key_Right ? QPoint(1, 0)
                        : key == Qt::Key_Up    ? QPoint(0, -1)
                        : key == Qt::Key_Down  ? QPoint(0, 1)
                                               : QPoint();
    if (!out || step.isNull()) {
        QWidget::keyPressEvent(e);
        return;
    }
    const PatchGrid& g = out->result.grid;
    int index = 0; // with nothing selected, the keys start at the first patch
    if (const int from = m_session->selected(); from >= 0) {
        const int gx = std::clamp(from % g.gw + step.x(), 0, g.gw - 1);
        const int gy = std::clamp(from / g.gw + step.y(), 0, g.gh - 1);
        index = gy * g.gw + gx;
    }
    emit patchClicked(index);
    scrollTo(index);
}

void ImageView::scrollTo(int index) {
    const QRectF r = patchRect(index);
    const double bar = m_overlays.map ? io::kLegendWidth : 0;
    const QRectF area = QRectF(rect()).adjusted(8, 8, -8 - bar, -8);
    if (r.isEmpty() || area.contains(r))
        return;
    QPointF shift;
    if (r.left() < area.left())
        shift.rx() = area.left() - r.left();
    else if (r.right() > area.right())
        shift.rx() = area.right() - r.right();
    if (r.top() < area.top())
        shift.ry() = area.top() - r.top();
    else if (r.bottom() > area.bottom())
        shift.ry() = area.bottom() - r.bottom();
    m_offset += shift;
    m_fit = false;
    update();
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
                .arg(y0 + g.patch.h - 1) // inclusive, as the walkthrough says it
                .arg(x0)
                .arg(x0 + g.patch.w - 1)
                .arg(g.input.h)
                .arg(g.input.w)
                .arg(double(out->result.norms.data[i]), 0, 'g', 5);
        if (y0 + g.patch.h > g.input.h || x0 + g.patch.w > g.input.w)
            text += tr("\n(partly zero padding)");
        const io::PatchMap& map = m_scene.map;
        if (m_overlays.map && !map.valueName.isEmpty() && std::size_t(i) < map.values.size())
            text += tr("\n%1: %2").arg(map.valueName).arg(double(map.values[i]), 0, 'g', 5);
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
