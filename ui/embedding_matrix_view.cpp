#include "embedding_matrix_view.hpp"

#include "filters_render.hpp"
#include "matrix_picture.hpp"
#include "on_screen.hpp"
#include "selection_colours.hpp"
#include "session.hpp"
#include "view_canvas.hpp"

#include <QLabel>
#include <QLinearGradient>
#include <QPainter>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace tessera::ui {
namespace {

QString number(double v) {
    return QString::number(v, 'g', 3);
}

} // namespace

EmbeddingMatrixView::EmbeddingMatrixView(Session* session, QWidget* parent)
    : QWidget(parent), m_session(session), m_job(this, [this](Picture p) {
          m_picture = std::move(p);
          m_canvas->update();
      }) {
    auto* layout = viewColumn(this);
    m_caption = addCaption(this, layout);
    m_canvas = makeCanvas(this, {160, 120},
                          tr("Hover to read a value; click to select that patch and filter (in the "
                             "margins: only the patch, or only the filter); then the arrow keys "
                             "step the filter (left, right) and the patch (up, down)."));
    // Too many columns for the mouse to land on each: after a click, the arrow keys step the
    // selected filter (left, right) and patch (up, down) one at a time, and the readout follows.
    m_canvas->setFocusPolicy(Qt::ClickFocus);
    layout->addWidget(m_canvas, 1);
    connect(session, &Session::resultReady, this,
            [this] { rebuildWhenSeen(this, m_rebuildOwed, [this] { rebuild(); }); });
    connect(session, &Session::selectionChanged, m_canvas, qOverload<>(&QWidget::update));
    connect(session, &Session::filterChanged, m_canvas, qOverload<>(&QWidget::update));
    rebuild();
}

QRgb EmbeddingMatrixView::colourOf(double value, double range) {
    return divergingRgb(range > 0 ? value / range : 0);
}

int EmbeddingMatrixView::patchCount() const {
    return m_outcome ? int(m_outcome->result.grid.count()) : 0;
}

int EmbeddingMatrixView::dimCount() const {
    return m_outcome ? m_outcome->dim : 0;
}

QRect EmbeddingMatrixView::plotRect() const {
    const QFontMetrics fm = m_canvas->fontMetrics();
    // Room for the axis labels and, between them and the plot, the selection's arrowheads.
    const int left = fm.horizontalAdvance(QStringLiteral("65535")) + fm.height() + 14;
    const int top = fm.height() + 14;
    const int right = fm.horizontalAdvance(QStringLiteral("-0.000")) + 30; // the colour bar
    const int bottom = fm.height() + 8;                                    // the readout
    return QRect(left, top, std::max(1, m_canvas->width() - left - right),
                 std::max(1, m_canvas->height() - top - bottom));
}

QRect EmbeddingMatrixView::colourBarRect() const {
    const QRect plot = plotRect();
    return {plot.right() + 8, plot.top(), 12, plot.height()};
}

QPoint EmbeddingMatrixView::positionOf(int n, int d) const {
    const QRect plot = plotRect();
    const int rows = std::max(1, patchCount()), cols = std::max(1, dimCount());
    return {plot.left() + int((d + 0.5) * plot.width() / cols),
            plot.top() + int((n + 0.5) * plot.height() / rows)};
}

int EmbeddingMatrixView::rowAt(int y) const {
    const QRect plot = plotRect();
    if (patchCount() == 0 || y < plot.top() || y > plot.bottom())
        return -1;
    return std::clamp(int(std::int64_t(y - plot.top()) * patchCount() / plot.height()), 0,
                      patchCount() - 1);
}

int EmbeddingMatrixView::columnAt(int x) const {
    const QRect plot = plotRect();
    if (dimCount() == 0 || x < plot.left() || x > plot.right())
        return -1;
    return std::clamp(int(std::int64_t(x - plot.left()) * dimCount() / plot.width()), 0,
                      dimCount() - 1);
}

QString EmbeddingMatrixView::caption() const {
    return m_caption->text();
}

void EmbeddingMatrixView::rebuild() {
    m_outcome = m_session->currentShared();
    // The last picture stays up until the new one is made: results come in bursts (a slider
    // dragged), and a blank between them would flicker.
    m_job.cancel();
    if (!m_outcome || m_outcome->result.embeddings.size() == 0) {
        m_outcome = nullptr;
        m_picture = {};
        m_caption->setText(tr("No result yet: open an image to see its embedding matrix."));
        m_canvas->update();
        return;
    }
    const int n = patchCount(), d = dimCount();
    m_caption->setText(
        tr("%1 patches × %2 numbers: each row is one patch's embedding, the tokens the "
           "Transformer reads. Column d is output d at every patch (filter d's response). Blue "
           "below 0, red above.")
            .arg(n)
            .arg(d));
    request();
}

void EmbeddingMatrixView::request() {
    if (!m_outcome || !onScreen(this))
        return;
    const QRect plot = plotRect();
    const QSize size(std::min(plot.width(), dimCount()), std::min(plot.height(), patchCount()));
    if (m_picture.outcome == m_outcome && m_picture.size == size)
        return;
    m_job.run([outcome = m_outcome, size](const std::atomic<bool>& cancel) {
        return makePicture(outcome, size, cancel);
    });
}

EmbeddingMatrixView::Picture
EmbeddingMatrixView::makePicture(std::shared_ptr<const JobOutcome> outcome, QSize size,
                                 const std::atomic<bool>& cancel) {
    Picture out;
    out.outcome = outcome;
    out.size = size;
    const std::int64_t n = outcome->result.grid.count(), d = outcome->dim;
    const float* y = outcome->result.embeddings.data.data(); // the first image's N×D
    const std::int64_t total = n * d;

    const std::span<const float> values(y, std::size_t(total));
    const SymmetricRange range =
        symmetricRange(std::span(&values, 1), kMatrixRangeQuantile, cancel);
    out.maxAbs = range.maxAbs;
    out.range = range.range;
    QImage image = envelopeImage(y, n, d, size, out.range, cancel);
    out.image = std::move(image);
    return out;
}

void EmbeddingMatrixView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    cameOnScreen();
}

void EmbeddingMatrixView::cameOnScreen() {
    if (std::exchange(m_rebuildOwed, false)) {
        // The picture is of a result long gone: "Drawing…" rather than it under new captions.
        m_picture = {};
        return rebuild();
    }
    request();
}

bool EmbeddingMatrixView::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_canvas &&
        routeCanvasEvent(event, {[this] { paint(); }, [this] { request(); },
                                 [this](QPoint at) { hover(at); }, [this](QPoint at) { click(at); },
                                 [this](int key) { return step(key); }}))
        return true;
    return QWidget::eventFilter(watched, event);
}

bool EmbeddingMatrixView::step(int key) {
    if (!m_outcome)
        return false;
    const int n = int(m_outcome->result.grid.count()), dims = dimCount();
    int patch = std::max(0, m_session->selected()), d = std::max(0, m_session->selectedFilter());
    switch (key) {
    case Qt::Key_Left:
        d = std::max(0, d - 1);
        break;
    case Qt::Key_Right:
        d = std::min(dims - 1, d + 1);
        break;
    case Qt::Key_Up:
        patch = std::max(0, patch - 1);
        break;
    case Qt::Key_Down:
        patch = std::min(n - 1, patch + 1);
        break;
    default:
        return false;
    }
    m_session->select(patch);
    m_session->selectFilter(d);
    const float v =
        m_outcome->result.embeddings.data[std::size_t(patch) * std::size_t(dims) + std::size_t(d)];
    const int gw = std::max(1, m_outcome->result.grid.gw);
    m_readout = tr("patch %1 (row %2, col %3), dim %4: %5")
                    .arg(patch)
                    .arg(patch / gw)
                    .arg(patch % gw)
                    .arg(d)
                    .arg(double(v), 0, 'g', 4);
    m_canvas->update();
    return true;
}

void EmbeddingMatrixView::hover(QPoint pos) {
    // Beside the plot, the left margin hovers a row alone and the top margin a column alone.
    const QRect plot = plotRect();
    const int n = pos.x() >= 0 && pos.x() <= plot.right() ? rowAt(pos.y()) : -1;
    const int d = pos.y() >= 0 && pos.y() <= plot.bottom() ? columnAt(pos.x()) : -1;
    QString text;
    if (m_outcome && n >= 0) {
        const int gw = std::max(1, m_outcome->result.grid.gw);
        text = tr("patch %1 (row %2, col %3)").arg(n).arg(n / gw).arg(n % gw);
    }
    if (m_outcome && d >= 0) {
        if (n >= 0) {
            const float v = m_outcome->result.embeddings
                                .data[std::size_t(n) * std::size_t(dimCount()) + std::size_t(d)];
            text = tr("%1, dim %2: %3").arg(text).arg(d).arg(double(v), 0, 'g', 4);
        } else {
            text = tr("dim %1 (filter %1's response)").arg(d);
        }
    }
    m_readout = text;
    if (n != m_hoverRow) {
        m_hoverRow = n;
        emit patchHovered(n);
    }
    if (d != m_hoverColumn) {
        m_hoverColumn = d;
        emit filterHovered(d);
    }
    m_canvas->update();
}

void EmbeddingMatrixView::click(QPoint pos) {
    // In the plot: the patch and the filter; in the left margin the patch, in the top the filter.
    const QRect plot = plotRect();
    const int n = pos.x() <= plot.right() ? rowAt(pos.y()) : -1;
    const int d = pos.y() <= plot.bottom() ? columnAt(pos.x()) : -1;
    if (n >= 0)
        m_session->select(n);
    if (d >= 0)
        m_session->selectFilter(d);
}

void EmbeddingMatrixView::paint() {
    QPainter p(m_canvas);
    const QRect plot = plotRect();
    const QFontMetrics fm = m_canvas->fontMetrics();
    const QColor text = palette().color(QPalette::Text);
    if (!m_outcome) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(m_canvas->rect(), Qt::AlignCenter | Qt::TextWordWrap,
                   tr("No embeddings to show yet."));
        return;
    }
    const int n = patchCount(), d = dimCount();
    if (!m_picture.image.isNull()) {
        p.setRenderHint(QPainter::SmoothPixmapTransform, false);
        p.drawImage(plot, m_picture.image);
    } else {
        p.fillRect(plot, palette().color(QPalette::Window));
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(plot, Qt::AlignCenter, tr("Drawing…"));
    }
    p.setPen(palette().color(QPalette::Mid));
    p.drawRect(plot.adjusted(-1, -1, 0, 0));

    // Axes: the patch index down the left, the dim across the top.
    p.setPen(text);
    p.drawText(QRect(0, plot.top(), plot.left() - 12, fm.height()), Qt::AlignRight,
               QStringLiteral("0"));
    p.drawText(QRect(0, plot.bottom() - fm.height(), plot.left() - 12, fm.height()), Qt::AlignRight,
               QString::number(n - 1));
    p.save();
    p.translate(fm.height() / 2 + 2, plot.center().y());
    p.rotate(-90);
    p.drawText(QRect(-plot.height() / 2, -fm.height() / 2, plot.height(), fm.height()),
               Qt::AlignCenter, tr("patch n"));
    p.restore();
    const int axisTop = plot.top() - fm.height() - 11;
    p.drawText(QRect(plot.left(), axisTop, plot.width(), fm.height()), Qt::AlignLeft,
               QStringLiteral("0"));
    p.drawText(QRect(plot.left(), axisTop, plot.width(), fm.height()), Qt::AlignHCenter,
               tr("dim d"));
    p.drawText(QRect(plot.left(), axisTop, plot.width(), fm.height()), Qt::AlignRight,
               QString::number(d - 1));

    // The colour bar: +range at the top, -range at the bottom.
    const QRect bar = colourBarRect();
    QLinearGradient gradient(bar.topLeft(), bar.bottomLeft());
    for (int i = 0; i <= 20; ++i)
        gradient.setColorAt(i / 20.0, QColor(divergingRgb(1 - i / 10.0)));
    p.fillRect(bar, gradient);
    p.setPen(palette().color(QPalette::Mid));
    p.drawRect(bar.adjusted(0, 0, -1, -1));
    p.setPen(text);
    const int labelX = bar.right() + 3;
    const int labelW = m_canvas->width() - labelX;
    p.drawText(QRect(labelX, bar.top(), labelW, fm.height()), Qt::AlignLeft,
               QStringLiteral("+") + number(m_picture.range));
    p.drawText(QRect(labelX, bar.center().y() - fm.height() / 2, labelW, fm.height()),
               Qt::AlignLeft, QStringLiteral("0"));
    p.drawText(QRect(labelX, bar.bottom() - fm.height(), labelW, fm.height()), Qt::AlignLeft,
               QStringLiteral("−") + number(m_picture.range));

    // The selection: the patch's row and the filter's column, at least 3 pixels wide.
    auto band = [](int lo, int extent, int index, int count) {
        const int a = lo + int(std::int64_t(index) * extent / count);
        const int b = lo + int(std::int64_t(index + 1) * extent / count);
        return std::pair{a, std::max(b, a + 1)};
    };
    p.setBrush(Qt::NoBrush);
    const int selected = m_session->selected();
    if (selected >= 0 && selected < n) {
        auto [a, b] = band(plot.top(), plot.height(), selected, n);
        p.setPen(QPen(selectedPatchColour(), 2));
        p.drawRect(QRect(plot.left() - 1, a - 1, plot.width() + 1, std::max(3, b - a + 1)));
        const int mid = (a + b) / 2;
        p.setBrush(selectedPatchColour());
        p.drawPolygon(QPolygon{
            {plot.left() - 9, mid - 5}, {plot.left() - 3, mid}, {plot.left() - 9, mid + 5}});
        p.setBrush(Qt::NoBrush);
    }
    const int filter = m_session->selectedFilter();
    if (filter >= 0 && filter < d) {
        auto [a, b] = band(plot.left(), plot.width(), filter, d);
        p.setPen(QPen(selectedFilterColour(), 2));
        p.drawRect(QRect(a - 1, plot.top() - 1, std::max(3, b - a + 1), plot.height() + 1));
        const int mid = (a + b) / 2;
        p.setBrush(selectedFilterColour());
        p.drawPolygon(
            QPolygon{{mid - 5, plot.top() - 9}, {mid, plot.top() - 3}, {mid + 5, plot.top() - 9}});
        p.setBrush(Qt::NoBrush);
    }

    // The readout under the plot, or what the colours mean.
    p.setPen(text);
    QString line = m_readout;
    if (line.isEmpty() && !m_picture.image.isNull()) {
        line = m_picture.maxAbs > m_picture.range
                   ? tr("±%1 holds 99.5% of the values (max |value| %2)")
                         .arg(number(m_picture.range), number(m_picture.maxAbs))
                   : tr("colours to ±%1").arg(number(m_picture.range));
        if (m_picture.image.height() < n || m_picture.image.width() < d)
            line += tr("; a pixel: its block's strongest");
    }
    const int width = m_canvas->width() - 8;
    p.drawText(QRect(4, plot.bottom() + 4, width, fm.height()), Qt::AlignLeft,
               fm.elidedText(line, Qt::ElideRight, width));
}

} // namespace tessera::ui
