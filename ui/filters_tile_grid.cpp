#include "filters_tile_grid.hpp"

#include "filters_render.hpp"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>

#include <algorithm>
#include <numeric>

namespace tessera::ui {
namespace {

constexpr int kGap = 6; // between tiles, and around the grid

} // namespace

TileGrid::TileGrid(QWidget* parent) : QAbstractScrollArea(parent) {
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setFrameShape(QFrame::NoFrame);
    viewport()->setMouseTracking(true);
    viewport()->setBackgroundRole(QPalette::Base);
    viewport()->setAutoFillBackground(true);
    verticalScrollBar()->setSingleStep(20);
    setFocusPolicy(Qt::StrongFocus);
}

void TileGrid::setTiles(std::vector<Tile> tiles, QList<int> order) {
    m_tiles = std::move(tiles);
    setOrder(std::move(order));
}

void TileGrid::setOrder(QList<int> order) {
    if (order.isEmpty()) {
        order.resize(qsizetype(m_tiles.size()));
        std::iota(order.begin(), order.end(), 0);
    }
    m_order = std::move(order);
    m_slotOf.fill(-1, qsizetype(m_tiles.size()));
    for (int slot = 0; slot < m_order.size(); ++slot)
        m_slotOf[m_order[slot]] = slot;
    relayout();
    if (m_selected >= int(m_tiles.size()))
        m_selected = -1;
    viewport()->update();
}

void TileGrid::setPlaceholder(const QString& text) {
    m_placeholder = text;
    viewport()->update();
}

void TileGrid::setSelected(int id, bool reveal) {
    m_selected = id >= 0 && id < count() ? id : -1;
    if (reveal && m_selected >= 0)
        ensureVisible(m_selected);
    viewport()->update();
}

void TileGrid::setTargetWidth(int pixels) {
    m_targetWidth = std::max(8, pixels);
    relayout();
    viewport()->update();
}

void TileGrid::relayout() {
    m_image = m_tiles.empty() ? QSize(1, 1) : m_tiles.front().image.size();
    const int w = std::max(1, m_image.width());
    // Whole screen pixels per weight, so every weight is a square of one size.
    m_scale = std::max(1, (m_targetWidth + w - 1) / w);
    const int labelHeight = fontMetrics().height();
    int labelWidth = 0; // wide enough for every label, so neighbours' never touch
    for (const Tile& tile : m_tiles)
        labelWidth = std::max(labelWidth, fontMetrics().horizontalAdvance(tile.label) + 6);
    m_cell = QSize(std::max(w * m_scale, labelWidth), m_image.height() * m_scale + labelHeight + 2);
    const int avail = viewport()->width() - kGap;
    m_columns = std::max(1, avail / (m_cell.width() + kGap));
    const int rows = (int(m_order.size()) + m_columns - 1) / m_columns;
    const int content = kGap + rows * (m_cell.height() + kGap);
    verticalScrollBar()->setPageStep(viewport()->height());
    verticalScrollBar()->setRange(0, std::max(0, content - viewport()->height()));
}

QRect TileGrid::cellRect(int slot) const {
    // Centre the columns in the width, so a narrow dock shows no lopsided gap.
    const int used = m_columns * (m_cell.width() + kGap) + kGap;
    const int left = std::max(0, (viewport()->width() - used) / 2) + kGap;
    const int row = slot / m_columns, col = slot % m_columns;
    return {left + col * (m_cell.width() + kGap), kGap + row * (m_cell.height() + kGap),
            m_cell.width(), m_cell.height()};
}

QRect TileGrid::imageRect(int id) const {
    if (id < 0 || id >= count() || m_slotOf[id] < 0)
        return {};
    const QRect cell = cellRect(m_slotOf[id]).translated(0, -verticalScrollBar()->value());
    const QSize size = m_tiles[std::size_t(id)].image.size() * m_scale;
    return {cell.x() + (cell.width() - size.width()) / 2, cell.y(), size.width(), size.height()};
}

int TileGrid::idAt(QPoint pos) const {
    if (m_order.isEmpty())
        return -1;
    const QPoint content = pos + QPoint(0, verticalScrollBar()->value());
    const QRect first = cellRect(0);
    const int col = (content.x() - first.x()) / (m_cell.width() + kGap);
    const int row = (content.y() - first.y()) / (m_cell.height() + kGap);
    if (content.x() < first.x() || content.y() < first.y() || col >= m_columns)
        return -1;
    const int slot = row * m_columns + col;
    if (slot >= m_order.size() || !cellRect(slot).contains(content))
        return -1;
    return m_order[slot];
}

void TileGrid::ensureVisible(int id) {
    if (id < 0 || id >= count() || m_slotOf[id] < 0)
        return;
    const QRect cell = cellRect(m_slotOf[id]);
    QScrollBar* bar = verticalScrollBar();
    if (cell.top() - kGap < bar->value())
        bar->setValue(cell.top() - kGap);
    else if (cell.bottom() + kGap > bar->value() + viewport()->height())
        bar->setValue(cell.bottom() + kGap - viewport()->height());
}

void TileGrid::paintEvent(QPaintEvent*) {
    QPainter painter(viewport());
    if (m_order.isEmpty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(viewport()->rect().adjusted(12, 12, -12, -12),
                         Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
        return;
    }
    const int top = verticalScrollBar()->value();
    const int rowHeight = m_cell.height() + kGap;
    const int firstRow = std::max(0, (top - kGap) / rowHeight);
    const int lastRow = (top + viewport()->height()) / rowHeight;
    const int end = std::min(int(m_order.size()), (lastRow + 1) * m_columns);
    const QColor frame = palette().color(QPalette::Mid);
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    for (int slot = firstRow * m_columns; slot < end; ++slot) {
        const int id = m_order[slot];
        const Tile& tile = m_tiles[std::size_t(id)];
        const QRect image = imageRect(id);
        painter.drawImage(image, tile.image);
        painter.setPen(frame);
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(image.adjusted(-1, -1, 0, 0));
        const QRect cell = cellRect(slot).translated(0, -top);
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(QRect(cell.x() - kGap / 2, image.bottom() + 2, cell.width() + kGap,
                               fontMetrics().height()),
                         Qt::AlignHCenter | Qt::AlignTop, tile.label);
        if (id == m_selected) {
            painter.setPen(QPen(selectedFilterColour(), 3));
            painter.drawRect(image.adjusted(-3, -3, 2, 2));
        }
    }
}

void TileGrid::resizeEvent(QResizeEvent* event) {
    QAbstractScrollArea::resizeEvent(event);
    relayout();
}

void TileGrid::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton)
        return;
    const int id = idAt(event->position().toPoint());
    if (id >= 0)
        emit tileClicked(id);
}

void TileGrid::keyPressEvent(QKeyEvent* event) {
    const int last = int(m_order.size()) - 1;
    if (last < 0)
        return QAbstractScrollArea::keyPressEvent(event);
    const int slot = m_selected >= 0 ? m_slotOf[m_selected] : -1;
    const int page = m_columns * std::max(1, viewport()->height() / (m_cell.height() + kGap));
    int next = slot;
    switch (event->key()) {
    case Qt::Key_Left:
        next = slot - 1;
        break;
    case Qt::Key_Right:
        next = slot + 1;
        break;
    case Qt::Key_Up:
        next = slot - m_columns;
        break;
    case Qt::Key_Down:
        next = slot < 0 ? 0 : slot + m_columns;
        break;
    case Qt::Key_PageUp:
        next = slot - page;
        break;
    case Qt::Key_PageDown:
        next = slot < 0 ? 0 : slot + page;
        break;
    case Qt::Key_Home:
        next = 0;
        break;
    case Qt::Key_End:
        next = last;
        break;
    default:
        return QAbstractScrollArea::keyPressEvent(event);
    }
    next = std::clamp(next, 0, last);
    if (next != slot)
        emit tileClicked(m_order[next]);
}

bool TileGrid::viewportEvent(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int id = idAt(help->pos());
        if (id >= 0)
            QToolTip::showText(help->globalPos(), m_tiles[std::size_t(id)].tip, viewport(),
                               imageRect(id));
        else
            QToolTip::hideText();
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

} // namespace tessera::ui
