#include "positions_view.hpp"

#include "analysis.hpp"
#include "compute_job.hpp"
#include "filters_render.hpp"
#include "on_screen.hpp"
#include "selection_colours.hpp"
#include "sequence_source.hpp"
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

// `count` indices spread evenly over 0 .. size-1, both ends included (all of them when they fit).
std::vector<int> evenlySpaced(int size, int count) {
    std::vector<int> out;
    if (size <= count) {
        for (int i = 0; i < size; ++i)
            out.push_back(i);
        return out;
    }
    for (int i = 0; i < count; ++i)
        out.push_back(count > 1 ? int(std::lround(double(i) * (size - 1) / (count - 1))) : 0);
    return out;
}

// How many of `side` rows (or columns) to show when the longer side `longest` shows at most
// kMaxShownSide: one stride for both, so the small maps keep the grid's shape.
int shownCount(int side, int longest) {
    if (longest <= kMaxShownSide)
        return side;
    return std::max(1, int(std::lround(double(side) * kMaxShownSide / longest)));
}

// The position of `values` nearest `value` (the list ascending).
int nearest(const std::vector<int>& values, int value) {
    int best = 0;
    for (int i = 0; i < int(values.size()); ++i)
        if (std::abs(values[std::size_t(i)] - value) < std::abs(values[std::size_t(best)] - value))
            best = i;
    return best;
}

} // namespace

PositionsView::PositionsView(Session* session, QWidget* parent)
    : QWidget(parent), m_session(session), m_job(
                                               this, [this](Maps maps) { take(std::move(maps)); },
                                               [this](const QString& message) { fail(message); }),
      m_largeJob(this, [this](Large large) {
          m_large = std::move(large);
          m_canvas->update();
      }) {
    auto* layout = viewColumn(this);
    m_caption = addCaption(this, layout);
    m_sources = addCaption(this, layout);
    m_canvas = makeCanvas(this, {200, 240},
                          tr("Click a small map to select its patch and draw its map large."));
    layout->addWidget(m_canvas, 1);
    connect(session, &Session::resultReady, this,
            [this] { rebuildWhenSeen(this, m_rebuildOwed, [this] { rebuild(); }); });
    connect(session, &Session::selectionChanged, this, [this] {
        requestLarge();
        m_canvas->update();
    });
    rebuild();
}

void PositionsView::take(Maps maps) {
    m_maps = std::move(maps);
    m_error.clear();
    m_sources->setText(sourceText());
    requestLarge();
    m_canvas->update();
}

void PositionsView::fail(const QString& message) {
    m_error = message;
    m_canvas->update();
}

QString PositionsView::caption() const {
    return m_caption->text();
}

QString PositionsView::sourceText() const {
    if (!m_maps.info)
        return {};
    QString text = positionSource(*m_maps.info, m_maps.outcome->dim);
    const int gh = m_maps.info->grid.h, gw = m_maps.info->grid.w;
    if (!m_maps.rows.empty() && (int(m_maps.rows.size()) < gh || int(m_maps.cols.size()) < gw))
        text += QLatin1Char('\n') + tr("Showing an evenly spaced %1 × %2 of the %3 × %4 positions "
                                       "(each small map shows the same subset).")
                                        .arg(m_maps.rows.size())
                                        .arg(m_maps.cols.size())
                                        .arg(gh)
                                        .arg(gw);
    return text;
}

void PositionsView::rebuild() {
    m_outcome = m_session->currentShared();
    m_job.cancel();
    m_largeJob.cancel();
    if (!m_outcome || m_outcome->result.embeddings.size() == 0) {
        m_outcome = nullptr;
        m_maps = {};
        m_large = {};
        m_error.clear();
        m_caption->setText(tr("No result yet: open an image to see its position embeddings."));
        m_sources->clear();
        m_canvas->update();
        return;
    }
    m_error.clear(); // a new result: whatever the last one could not show
    m_caption->setText(
        tr("Each small map is one patch position: how alike its position embedding is to every "
           "other position's (cosine similarity), drawn where that patch lies in the %1 × %2 grid. "
           "In a trained ViT nearby positions look alike: that is how the model can tell where a "
           "patch was. Noise here means the table was never trained.")
            .arg(m_outcome->result.grid.gh)
            .arg(m_outcome->result.grid.gw));
    request();
}

void PositionsView::request() {
    if (!m_outcome || !onScreen(this) || m_maps.outcome == m_outcome)
        return;
    if (const QString why = sequenceOverBudget(*m_outcome, m_memoryBudget); !why.isEmpty()) {
        m_maps = {};
        m_sources->clear();
        return fail(why);
    }
    m_job.run([outcome = m_outcome](const std::atomic<bool>& cancel) {
        return makeMaps(outcome, cancel);
    });
}

int PositionsView::wantedLarge() const {
    if (!m_maps.info)
        return -1;
    const Size2 grid = m_maps.info->grid;
    const int selected = m_session->selected();
    if (selected >= 0 && selected < grid.h * grid.w)
        return selected;
    return grid.h / 2 * grid.w + grid.w / 2;
}

void PositionsView::requestLarge() {
    const int index = wantedLarge();
    if (!m_maps.positions || index < 0) {
        m_large = {};
        return;
    }
    if (m_large.positions == m_maps.positions && m_large.index == index)
        return;
    m_largeJob.run([positions = m_maps.positions, grid = m_maps.info->grid,
                    index](const std::atomic<bool>& cancel) {
        return makeLarge(positions, grid, index, cancel);
    });
}

PositionsView::Maps PositionsView::makeMaps(std::shared_ptr<const JobOutcome> outcome,
                                            const std::atomic<bool>& cancel) {
    Maps out;
    out.outcome = outcome;
    TokenSequence sequence = sequenceOf(*outcome);
    std::optional<Tensor> positions = patchPositions(sequence);
    sequence.tokens = {};
    sequence.positions = {};
    const Size2 grid = sequence.grid;
    out.info = std::make_shared<const TokenSequence>(std::move(sequence));
    if (!positions)
        return out;
    if (cancel.load())
        throw Cancelled();
    out.positions = std::make_shared<const Tensor>(std::move(*positions));
    const std::int64_t d = out.positions->dim(1);
    const int longest = std::max(grid.h, grid.w);
    out.rows = evenlySpaced(grid.h, shownCount(grid.h, longest));
    out.cols = evenlySpaced(grid.w, shownCount(grid.w, longest));
    for (int r : out.rows)
        for (int c : out.cols)
            out.shown.push_back(r * grid.w + c);
    const auto n = std::int64_t(out.shown.size());
    std::vector<float> rows(std::size_t(n * d));
    for (std::int64_t i = 0; i < n; ++i)
        std::copy_n(out.positions->data.begin() + out.shown[std::size_t(i)] * d, d,
                    rows.begin() + i * d);
    if (cancel.load())
        throw Cancelled();
    out.similarity = cosineSimilarityMatrix(rows.data(), n, d);
    const int sh = int(out.rows.size()), sw = int(out.cols.size());
    out.mosaic = QImage(sw * sw, sh * sh, QImage::Format_RGB32);
    for (int i = 0; i < sh; ++i)
        for (int j = 0; j < sw; ++j) {
            const float* map = out.similarity.data() + std::size_t(i * sw + j) * std::size_t(n);
            for (int a = 0; a < sh; ++a) {
                auto* line = reinterpret_cast<QRgb*>(out.mosaic.scanLine(i * sh + a)) + j * sw;
                for (int b = 0; b < sw; ++b)
                    line[b] = divergingRgb(map[a * sw + b]);
            }
        }
    return out;
}

PositionsView::Large PositionsView::makeLarge(std::shared_ptr<const Tensor> positions, Size2 grid,
                                              int index, const std::atomic<bool>& cancel) {
    Large out;
    out.positions = positions;
    out.index = index;
    out.similarity =
        cosineSimilarity(positions->data.data(), positions->dim(0), positions->dim(1), index);
    if (cancel.load())
        throw Cancelled();
    out.image = QImage(grid.w, grid.h, QImage::Format_RGB32);
    for (int r = 0; r < grid.h; ++r) {
        auto* line = reinterpret_cast<QRgb*>(out.image.scanLine(r));
        for (int c = 0; c < grid.w; ++c)
            line[c] = divergingRgb(out.similarity[std::size_t(r * grid.w + c)]);
    }
    return out;
}

PositionsView::Geometry PositionsView::geometry() const {
    const QFontMetrics fm = m_canvas->fontMetrics();
    Geometry g;
    const int w = m_canvas->width(), h = m_canvas->height();
    const int largeSide = std::clamp(h / 4, 60, 220);
    const int mosaicH = std::max(20, h - largeSide - 2 * fm.height() - 20);
    const int sh = std::max<int>(1, int(m_maps.rows.size()));
    const int sw = std::max<int>(1, int(m_maps.cols.size()));
    // Each small map's pixels square: a map is sw·k wide and sh·k high.
    const double k = std::min(double(w - 8) / (sw * sw), double(mosaicH) / (sh * sh));
    const int mw = int(k * sw * sw), mh = int(k * sh * sh);
    g.mosaic = QRect((w - mw) / 2, 2, std::max(1, mw), std::max(1, mh));
    g.cell = std::max(1, int(k * std::min(sw, sh)));
    const int top = g.mosaic.bottom() + fm.height() + 12;
    const int side = std::max(20, std::min(largeSide, h - top - fm.height() - 6));
    const int gh = m_maps.info ? m_maps.info->grid.h : 1,
              gw = m_maps.info ? m_maps.info->grid.w : 1;
    const int largeW = std::min(w / 2, side * gw / std::max(1, gh));
    const int largeH = std::min(side, largeW * gh / std::max(1, gw));
    g.large = QRect(8, top, std::max(1, largeW), std::max(1, largeH));
    g.bar = QRect(g.large.right() + 16, top, 12, side);
    return g;
}

QPoint PositionsView::cellCentre(int shown) const {
    const Geometry g = geometry();
    const int sw = std::max<int>(1, int(m_maps.cols.size()));
    const int sh = std::max<int>(1, int(m_maps.rows.size()));
    const int i = shown / sw, j = shown % sw;
    return {g.mosaic.left() + int((j + 0.5) * g.mosaic.width() / sw),
            g.mosaic.top() + int((i + 0.5) * g.mosaic.height() / sh)};
}

int PositionsView::shownAt(QPoint pos) const {
    if (m_maps.shown.empty())
        return -1;
    const Geometry g = geometry();
    if (!g.mosaic.contains(pos))
        return -1;
    const int sw = int(m_maps.cols.size()), sh = int(m_maps.rows.size());
    const int j = std::clamp((pos.x() - g.mosaic.left()) * sw / g.mosaic.width(), 0, sw - 1);
    const int i = std::clamp((pos.y() - g.mosaic.top()) * sh / g.mosaic.height(), 0, sh - 1);
    return i * sw + j;
}

void PositionsView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    cameOnScreen();
}

void PositionsView::cameOnScreen() {
    if (std::exchange(m_rebuildOwed, false)) {
        m_sources->clear(); // of a result long gone; the maps say "Computing…" meanwhile
        return rebuild();
    }
    request();
}

bool PositionsView::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_canvas && routeCanvasEvent(event, {[this] { paint(); },
                                                        {},
                                                        [this](QPoint at) { hover(at); },
                                                        [this](QPoint at) { click(at); },
                                                        {}}))
        return true;
    return QWidget::eventFilter(watched, event);
}

void PositionsView::click(QPoint pos) {
    const int shown = shownAt(pos);
    if (shown >= 0)
        m_session->select(m_maps.shown[std::size_t(shown)]);
}

void PositionsView::hover(QPoint pos) {
    m_hover = shownAt(pos);
    m_readout.clear();
    const int gw = m_maps.info ? std::max(1, m_maps.info->grid.w) : 1;
    if (m_hover >= 0) {
        const int index = m_maps.shown[std::size_t(m_hover)];
        m_readout =
            tr("position of patch %1 (row %2, col %3)").arg(index).arg(index / gw).arg(index % gw);
        if (m_large.positions == m_maps.positions && m_large.index >= 0 &&
            std::size_t(index) < m_large.similarity.size())
            m_readout += tr(": similarity to patch %1's %2")
                             .arg(m_large.index)
                             .arg(double(m_large.similarity[std::size_t(index)]), 0, 'f', 3);
    } else if (!m_large.image.isNull() && m_large.positions == m_maps.positions) {
        const QRect large = geometry().large;
        if (large.contains(pos)) {
            const int gh = m_large.image.height();
            const int c = std::clamp((pos.x() - large.left()) * gw / large.width(), 0, gw - 1);
            const int r = std::clamp((pos.y() - large.top()) * gh / large.height(), 0, gh - 1);
            m_readout = tr("row %1, col %2: similarity %3")
                            .arg(r)
                            .arg(c)
                            .arg(double(m_large.similarity[std::size_t(r * gw + c)]), 0, 'f', 3);
        }
    }
    m_canvas->update();
}

void PositionsView::paint() {
    QPainter p(m_canvas);
    const QFontMetrics fm = m_canvas->fontMetrics();
    const QColor text = palette().color(QPalette::Text);
    const bool ready = m_outcome && m_maps.outcome == m_outcome;
    if (!m_outcome || !m_error.isEmpty() || !ready || !m_maps.positions) {
        QString message = tr("No position embeddings to show yet.");
        if (!m_error.isEmpty())
            message = m_error;
        else if (ready && m_maps.info)
            message = positionSource(*m_maps.info, m_outcome->dim);
        else if (m_outcome)
            message = tr("Computing…");
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(m_canvas->rect().adjusted(8, 8, -8, -8), Qt::AlignCenter | Qt::TextWordWrap,
                   message);
        return;
    }
    const Geometry g = geometry();
    const int sh = int(m_maps.rows.size()), sw = int(m_maps.cols.size());
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    p.drawImage(g.mosaic, m_maps.mosaic);
    // Thin gaps between the maps, when the maps are big enough to spare them.
    const auto cellRect = [&](int shown) {
        const int i = shown / sw, j = shown % sw;
        const int x0 = g.mosaic.left() + j * g.mosaic.width() / sw;
        const int x1 = g.mosaic.left() + (j + 1) * g.mosaic.width() / sw;
        const int y0 = g.mosaic.top() + i * g.mosaic.height() / sh;
        const int y1 = g.mosaic.top() + (i + 1) * g.mosaic.height() / sh;
        return QRect(x0, y0, x1 - x0, y1 - y0);
    };
    if (g.cell >= 6) {
        p.setPen(palette().color(QPalette::Mid));
        for (int j = 1; j < sw; ++j) {
            const int x = g.mosaic.left() + j * g.mosaic.width() / sw;
            p.drawLine(x, g.mosaic.top(), x, g.mosaic.bottom());
        }
        for (int i = 1; i < sh; ++i) {
            const int y = g.mosaic.top() + i * g.mosaic.height() / sh;
            p.drawLine(g.mosaic.left(), y, g.mosaic.right(), y);
        }
    }
    p.setBrush(Qt::NoBrush);
    if (m_hover >= 0) {
        p.setPen(QPen(text, 1));
        p.drawRect(cellRect(m_hover).adjusted(-1, -1, 0, 0));
    }
    const Size2 grid = m_maps.info->grid;
    if (m_large.index >= 0) {
        // The large map's patch, or the shown map nearest it.
        const int r = m_large.index / grid.w, c = m_large.index % grid.w;
        const int shown = nearest(m_maps.rows, r) * sw + nearest(m_maps.cols, c);
        p.setPen(QPen(selectedPatchColour(), 2));
        p.drawRect(cellRect(shown).adjusted(-1, -1, 0, 0));
    }

    // The large map, the legend and what they show.
    p.setPen(text);
    const int gw = grid.w;
    QString title;
    if (m_large.index >= 0) {
        const bool selected = m_session->selected() == m_large.index;
        title = (selected ? tr("Patch %1 (row %2, col %3): its similarity to every position")
                          : tr("Centre patch %1 (row %2, col %3): click a map to choose"))
                    .arg(m_large.index)
                    .arg(m_large.index / gw)
                    .arg(m_large.index % gw);
    }
    p.drawText(QRect(4, g.large.top() - fm.height() - 4, m_canvas->width() - 8, fm.height()),
               Qt::AlignLeft, fm.elidedText(title, Qt::ElideRight, m_canvas->width() - 8));
    if (!m_large.image.isNull() && m_large.positions == m_maps.positions) {
        p.drawImage(g.large, m_large.image);
        // The patch itself, marked in its own map.
        const int r = m_large.index / gw, c = m_large.index % gw;
        const QRect at(g.large.left() + c * g.large.width() / gw,
                       g.large.top() + r * g.large.height() / grid.h,
                       std::max(2, g.large.width() / gw), std::max(2, g.large.height() / grid.h));
        p.setPen(QPen(selectedPatchColour(), 2));
        p.drawRect(at.adjusted(-1, -1, 0, 0));
    }
    p.setPen(palette().color(QPalette::Mid));
    p.drawRect(g.large.adjusted(-1, -1, 0, 0));
    QLinearGradient gradient(g.bar.topLeft(), g.bar.bottomLeft());
    for (int i = 0; i <= 20; ++i)
        gradient.setColorAt(i / 20.0, QColor(divergingRgb(1 - i / 10.0)));
    p.fillRect(g.bar, gradient);
    p.drawRect(g.bar.adjusted(0, 0, -1, -1));
    p.setPen(text);
    const int lx = g.bar.right() + 4, lw = m_canvas->width() - lx - 4;
    p.drawText(QRect(lx, g.bar.top(), lw, fm.height()), Qt::AlignLeft, tr("+1 same direction"));
    p.drawText(QRect(lx, g.bar.center().y() - fm.height() / 2, lw, fm.height()), Qt::AlignLeft,
               tr("0 unrelated"));
    p.drawText(QRect(lx, g.bar.bottom() - fm.height(), lw, fm.height()), Qt::AlignLeft,
               tr("−1 opposite"));

    const int width = m_canvas->width() - 8;
    const int y = std::max(g.large.bottom(), g.bar.bottom()) + 4;
    p.drawText(QRect(4, y, width, fm.height()), Qt::AlignLeft,
               fm.elidedText(m_readout.isEmpty()
                                 ? tr("Cosine similarity, colours fixed to −1 … +1.")
                                 : m_readout,
                             Qt::ElideRight, width));
}

} // namespace tessera::ui
