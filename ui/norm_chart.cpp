#include "norm_chart.hpp"

#include "histogram.hpp"
#include "nice_ticks.hpp"
#include "selection_colours.hpp"
#include "session.hpp"

#include <QAreaSeries>
#include <QChartView>
#include <QFontMetricsF>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QLineSeries>
#include <QMouseEvent>
#include <QScatterSeries>
#include <QSplitter>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace tessera::ui {
namespace {

// Ticks before the chart is laid out (its plot area is empty until then).
constexpr int kDefaultTicks = 6;
// Value axes reach this far above the data, so the highest point or bar stays clear of the frame.
constexpr double kHeadroom = 1.08;

QChart* newChart(const QString& title) {
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->legend()->hide();
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setAnimationOptions(QChart::NoAnimation);
    return chart;
}

// Round ticks for [lo, hi] on `axis`, as many as its labels have room for along `length` pixels:
// long labels such as "27.7125" need fewer ticks than "0, 5, 10". With `twoTicks`, an axis that
// would hold fewer than two (a narrow range in a narrow dock) widens out to the ticks around it.
void setTicks(QValueAxis* axis, double lo, double hi, bool integer, double length,
              bool twoTicks = false) {
    int maxTicks = kDefaultTicks;
    if (length > 0) {
        const NiceTicks guess = niceTicks(lo, hi, maxTicks, integer);
        const QFontMetricsF fm(axis->labelsFont());
        double room = 2.5 * fm.height(); // vertical axes: a label's height, and air
        if (axis->orientation() == Qt::Horizontal) {
            const double last = guess.first + (guess.count - 1) * guess.step;
            room = 20 +
                   std::max(fm.horizontalAdvance(QString::number(guess.first, 'f', guess.decimals)),
                            fm.horizontalAdvance(QString::number(last, 'f', guess.decimals)));
        }
        maxTicks = std::max(2, int(length / room) + 1);
    }
    NiceTicks t = niceTicks(lo, hi, maxTicks, integer);
    if (twoTicks && t.count < 2)
        t = niceTicks(lo, hi, maxTicks, integer, true);
    // Qt places dynamic ticks by adding the interval up to the maximum, and 27.70 + 0.01 + 0.01
    // lands a hair past 27.72: the maximum is nudged up so that a tick meant there is drawn.
    // Fixed ticks while range and interval change: dynamic ticks at the old interval over the new
    // range can be millions of items (Qt makes one per tick, in quadratic time: a freeze).
    const double max = t.max + t.step * 1e-9;
    const QString format = QStringLiteral("%.%1f").arg(t.decimals);
    // Unchanged (most results leave an axis as it was): setting it again would lay the chart
    // out and paint it once more.
    if (axis->tickType() == QValueAxis::TicksDynamic && axis->min() == t.min &&
        axis->max() == max && axis->tickAnchor() == t.first && axis->tickInterval() == t.step &&
        axis->labelFormat() == format)
        return;
    axis->setTickType(QValueAxis::TicksFixed);
    axis->setRange(t.min, max);
    axis->setTickAnchor(t.first);
    axis->setTickInterval(t.step);
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setLabelFormat(format);
}

void attach(QChart* chart, QAbstractSeries* series, QValueAxis* x, QValueAxis* y) {
    chart->addSeries(series);
    series->attachAxis(x);
    series->attachAxis(y);
}

QAreaSeries* newBars(const QColor& fill, const QPen& border) {
    // An area series does not own its edge series (Qt's docs say so): parented here, it goes
    // with the bars instead of leaking.
    auto* edge = new QLineSeries;
    auto* bars = new QAreaSeries(edge);
    edge->setParent(bars);
    bars->setBrush(fill);
    bars->setPen(border);
    return bars;
}

// Bars with this outline; none shown when it is empty (an empty area series still draws its
// pen: a stray line at the axis's left end, read as a marker).
void setBars(QAreaSeries* bars, const QList<QPointF>& outline) {
    bars->upperSeries()->replace(outline);
    bars->setVisible(!outline.isEmpty());
}

// The outline of bars of `counts` over `h`'s bins, as an area's upper edge: each non-empty bin a
// bar from edge to edge, less a sliver each side so neighbouring bars read apart.
QList<QPointF> barOutline(const Histogram& h, const std::vector<int>& counts) {
    QList<QPointF> points;
    const double gap = h.width * 0.04;
    for (int b = 0; b < int(counts.size()); ++b) {
        if (counts[std::size_t(b)] == 0)
            continue;
        const double x0 = h.edge(b) + gap, x1 = h.edge(b + 1) - gap, y = counts[std::size_t(b)];
        points << QPointF(x0, 0) << QPointF(x0, y) << QPointF(x1, y) << QPointF(x1, 0);
    }
    return points;
}

// A few lines of text beside a point of a chart, on a plate that keeps them readable over the data.
QGraphicsSimpleTextItem* newReadout(QChart* chart) {
    auto* plate = new QGraphicsRectItem(chart);
    plate->setBrush(QColor(255, 255, 255, 225));
    plate->setPen(QPen(QColor(0, 0, 0, 90)));
    plate->setZValue(10);
    plate->hide();
    return new QGraphicsSimpleTextItem(plate);
}

// Shows `text` above and right of `anchor` (chart coordinates), flipped to the other side where the
// chart's edge is near: a dock can be narrower than the readout is wide. Empty text hides it.
void showReadout(QGraphicsSimpleTextItem* readout, const QString& text, QPointF anchor) {
    auto* plate = static_cast<QGraphicsRectItem*>(readout->parentItem());
    plate->setVisible(!text.isEmpty());
    if (text.isEmpty())
        return;
    readout->setText(text);
    const QRectF box = readout->boundingRect().adjusted(-4, -2, 4, 2);
    plate->setRect(box);
    const QRectF chart = static_cast<QChart*>(plate->parentItem())->rect().adjusted(2, 2, -2, -2);
    QPointF at = anchor + QPointF(10, -10 - box.height());
    if (at.x() + box.width() > chart.right())
        at.rx() = anchor.x() - 10 - box.width();
    if (at.y() < chart.top())
        at.ry() = anchor.y() + 10;
    at.rx() = std::clamp(at.x(), chart.left(), std::max(chart.left(), chart.right() - box.width()));
    at.ry() = std::clamp(at.y(), chart.top(), std::max(chart.top(), chart.bottom() - box.height()));
    plate->setPos(at - box.topLeft());
}

QString rangeText(double a, double b, int decimals) {
    return NormChart::tr("%1 to %2").arg(a, 0, 'f', decimals).arg(b, 0, 'f', decimals);
}

} // namespace

NormChart::NormChart(Session* session, QWidget* parent) : QWidget(parent), m_session(session) {
    QChart* plot = newChart(tr("L2 norm per patch"));
    m_line = new QLineSeries;
    m_marker = new QScatterSeries;
    m_marker->setMarkerSize(11);
    m_marker->setColor(selectedPatchColour());
    m_marker->setBorderColor(Qt::black);
    m_hoverMarker = new QScatterSeries;
    m_hoverMarker->setMarkerSize(9);
    m_hoverMarker->setColor(Qt::transparent);
    m_hoverMarker->setBorderColor(QColor(40, 40, 40));
    m_x = new QValueAxis;
    m_x->setTitleText(tr("patch index"));
    m_y = new QValueAxis;
    m_y->setTitleText(tr("norm"));
    plot->addAxis(m_x, Qt::AlignBottom);
    plot->addAxis(m_y, Qt::AlignLeft);
    for (QAbstractSeries* s :
         {static_cast<QAbstractSeries*>(m_line), static_cast<QAbstractSeries*>(m_hoverMarker),
          static_cast<QAbstractSeries*>(m_marker)})
        attach(plot, s, m_x, m_y);
    m_plotReadout = newReadout(plot);
    m_plotView = new QChartView(plot);
    m_plotView->setRenderHint(QPainter::Antialiasing);
    m_plotView->setToolTip(tr("Each patch's embedding norm; click to select that patch."));
    m_plotView->viewport()->setMouseTracking(true);
    m_plotView->viewport()->installEventFilter(this);

    QChart* hist = newChart(tr("Histogram of norms"));
    m_value = new QValueAxis;
    m_value->setTitleText(tr("norm"));
    m_value->setGridLineVisible(false);
    m_count = new QValueAxis;
    m_count->setTitleText(tr("patches"));
    hist->addAxis(m_value, Qt::AlignBottom);
    hist->addAxis(m_count, Qt::AlignLeft);
    m_bars = newBars(QColor(32, 120, 200), QPen(QColor(20, 80, 140), 1));
    m_setBars = newBars(patchSetColour(), QPen(QColor(0, 90, 120), 1));
    m_markBar = newBars(Qt::transparent, QPen(selectedPatchColour(), 2.5));
    for (QAbstractSeries* s : {m_bars, m_setBars, m_markBar})
        attach(hist, s, m_value, m_count);
    m_histReadout = newReadout(hist);
    m_histView = new QChartView(hist);
    m_histView->setRenderHint(QPainter::Antialiasing);
    m_histView->setToolTip(tr("How the norms are distributed; click a bar to select its patches."));
    m_histView->viewport()->setMouseTracking(true);
    m_histView->viewport()->installEventFilter(this);

    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(m_plotView);
    split->addWidget(m_histView);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    connect(session, &Session::resultReady, this, &NormChart::rebuild);
    connect(session, &Session::selectionChanged, this, &NormChart::mark);
    connect(session, &Session::patchSetChanged, this, &NormChart::showPatchSet);
    // How many ticks fit depends on the plot's size; the axes' labels change that size a little,
    // so this settles after a step or two (an axis set to what it has emits nothing). Never
    // inside the chart's layout, though: Qt Charts lays a chart out again at once when an axis's
    // range changes, still with its old size, so a range set there for the new size was set back
    // for the old one, and back again, one stack frame deeper each time, until the stack ran out
    // (a narrow histogram range, a hidden dock widened in one step). After the layout, once.
    m_ticksTimer.setSingleShot(true);
    m_ticksTimer.setInterval(0);
    connect(&m_ticksTimer, &QTimer::timeout, this, &NormChart::updateTicks);
    for (QChart* chart : {plot, hist})
        connect(chart, &QChart::plotAreaChanged, &m_ticksTimer, qOverload<>(&QTimer::start));
}

int NormChart::pointCount() const {
    return int(m_line->count());
}
int NormChart::markedIndex() const {
    return m_marked;
}
int NormChart::markedBin() const {
    return m_markedBin;
}
QString NormChart::histogramTitle() const {
    return m_histView->chart()->title();
}
QString NormChart::plotReadout() const {
    return m_plotReadout->parentItem()->isVisible() ? m_plotReadout->text() : QString();
}

QList<QRectF> NormChart::bars() const {
    const QList<QPointF> outline = m_bars->upperSeries()->points(); // four corners a bar
    QList<QRectF> bars;
    for (qsizetype k = 0; k + 3 < outline.size(); k += 4)
        bars << QRectF(QPointF(outline[k].x(), 0), QPointF(outline[k + 2].x(), outline[k + 1].y()));
    return bars;
}

const Histogram* NormChart::histogram() const {
    const JobOutcome* out = m_session->current();
    return out ? &out->view->histogram : nullptr;
}

void NormChart::rebuild() {
    const JobOutcome* out = m_session->current();
    if (!out)
        return;
    const ViewData& v = *out->view;
    const Histogram& h = v.histogram;
    const int n = int(h.binOf.size());
    m_line->replace(v.plot);
    m_line->setPointsVisible(n <= 400);
    setBars(m_bars, barOutline(h, h.counts));
    updateTicks();

    m_marked = -1;
    m_markedBin = -1;
    hoverPlot(-1);
    hoverHistogram(-1);
    showPatchSet();
    mark(m_session->selected());
}

void NormChart::updateTicks() {
    const Histogram* h = histogram();
    if (!h)
        return;
    const QRectF plot = m_plotView->chart()->plotArea(), hist = m_histView->chart()->plotArea();
    const int n = int(h->binOf.size());
    // Points sit on whole indices: half a patch of room at each end keeps the end markers whole.
    setTicks(m_x, -0.5, n - 0.5, true, plot.width());
    setTicks(m_y, 0, h->hi * kHeadroom, false, plot.height()); // from zero: sizes read against 0
    const auto [lo, hi] = h->axisRange();
    // Two ticks at least for a range to read off; the single bar stays centred.
    setTicks(m_value, lo, hi, false, hist.width(), !h->single);
    const int tallest =
        h->counts.empty() ? 0 : *std::max_element(h->counts.begin(), h->counts.end());
    // Whole-number ticks, so a bar of one reaches the "1" exactly.
    setTicks(m_count, 0, std::max(1.0, tallest * kHeadroom), true, hist.height());
}

void NormChart::mark(int index) {
    m_marker->clear();
    setBars(m_markBar, {});
    m_marked = -1;
    m_markedBin = -1;
    const JobOutcome* out = m_session->current();
    if (!out || index < 0 || index >= int(out->view->histogram.binOf.size()))
        return;
    m_marked = index;
    const float norm = out->result.norms.data[std::size_t(index)];
    if (!std::isfinite(norm))
        return; // neither on the plot nor in a bin
    m_marker->append(index, norm);
    const Histogram& h = out->view->histogram;
    m_markedBin = h.binOf[std::size_t(index)];
    std::vector<int> one(h.counts.size(), 0);
    one[std::size_t(m_markedBin)] = h.counts[std::size_t(m_markedBin)];
    setBars(m_markBar, barOutline(h, one));
}

void NormChart::showPatchSet() {
    const Histogram* h = histogram();
    if (!h)
        return;
    std::vector<int> counts(h->counts.size(), 0);
    for (int i : m_session->selectedPatches())
        if (const int b = h->binOf[std::size_t(i)]; b >= 0)
            ++counts[std::size_t(b)];
    setBars(m_setBars, barOutline(*h, counts));
    updateHistogramTitle();
}

void NormChart::updateHistogramTitle() {
    // Short lines: a chart cuts its title off at its width, and the dock can be narrow.
    const Histogram& h = *histogram();
    const int decimals = decimalsFor(h.width);
    const int n = int(h.binOf.size());
    QStringList lines{tr("Histogram of norms")};
    if (h.finite == 0)
        lines << tr("no norm is finite");
    else if (h.single && h.lo == h.hi)
        lines << tr("all at %1").arg(double(h.lo), 0, 'g', 7);
    else if (h.single) // apart by float rounding only: digits enough to show it
        lines << tr("one value to float precision")
              << tr("%1 to %2").arg(double(h.lo), 0, 'g', 9).arg(double(h.hi), 0, 'g', 9);
    else
        lines << rangeText(h.lo, h.hi, decimals + 1);
    if (h.notFinite() > 0)
        lines << tr("not shown: %1 NaN, %2 ±inf").arg(h.nan).arg(h.posInf + h.negInf);
    // LayerNorm without a gain scales every embedding to mean 0 and variance 1: its norm is √D,
    // less a trace from LayerNorm's eps. The spread left is not the image's.
    if (const JobOutcome* out = m_session->current();
        out && out->spec.norm == NormKind::LayerNorm && out->weights &&
        out->weights->normWeight.empty() && out->weights->normBias.empty())
        lines << tr("LayerNorm makes every norm ≈ √D = %1")
                     .arg(std::sqrt(double(out->dim)), 0, 'f', 2);

    const QList<int>& set = m_session->selectedPatches();
    if (!set.isEmpty()) {
        const int b = h.binOf[std::size_t(set.front())];
        const bool oneBin = b >= 0 && set.size() == h.counts[std::size_t(b)] &&
                            std::all_of(set.begin(), set.end(),
                                        [&](int i) { return h.binOf[std::size_t(i)] == b; });
        lines << (oneBin ? tr("selected bar: %1 of %2 patches") : tr("selected: %1 of %2 patches"))
                     .arg(set.size())
                     .arg(n);
    }
    m_histView->chart()->setTitle(lines.join(QStringLiteral("<br>")));
}

QPointF NormChart::plotPosition(int index) const {
    const JobOutcome* out = m_session->current();
    if (!out || index < 0 || index >= int(out->result.grid.count()))
        return {};
    QChart* chart = m_plotView->chart();
    const QPointF inChart =
        chart->mapToPosition(QPointF(index, out->result.norms.data[std::size_t(index)]), m_line);
    return m_plotView->mapFromScene(chart->mapToScene(inChart));
}

QPointF NormChart::barPosition(int bin) const {
    const Histogram* h = histogram();
    if (!h || bin < 0 || bin >= h->bins())
        return {};
    QChart* chart = m_histView->chart();
    const QPointF value((h->edge(bin) + h->edge(bin + 1)) / 2, h->counts[std::size_t(bin)] / 2.0);
    return m_histView->mapFromScene(chart->mapToScene(chart->mapToPosition(value, m_bars)));
}

int NormChart::patchAt(QPoint pos) const {
    const JobOutcome* out = m_session->current();
    QChart* chart = m_plotView->chart();
    const QPointF inChart = chart->mapFromScene(m_plotView->mapToScene(pos));
    if (!out || !chart->plotArea().adjusted(-6, -6, 6, 6).contains(inChart))
        return -1;
    const double x = chart->mapToValue(inChart, m_line).x();
    const int n = int(out->result.grid.count()); // patches, whether or not each is a point
    return int(std::lround(std::clamp(x, 0.0, double(n - 1))));
}

int NormChart::binAt(QPoint pos) const {
    const Histogram* h = histogram();
    QChart* chart = m_histView->chart();
    const QPointF inChart = chart->mapFromScene(m_histView->mapToScene(pos));
    if (!h || h->bins() == 0 || !chart->plotArea().contains(inChart))
        return -1;
    const double cell = std::floor((chart->mapToValue(inChart, m_bars).x() - h->start) / h->width);
    return cell >= 0 && cell < h->bins() ? int(cell) : -1;
}

QList<int> NormChart::patchesIn(int bin) const {
    const Histogram* h = histogram();
    QList<int> patches;
    if (!h || bin < 0)
        return patches;
    patches.reserve(h->counts[std::size_t(bin)]);
    for (int i = 0; i < int(h->binOf.size()); ++i)
        if (h->binOf[std::size_t(i)] == bin)
            patches.append(i);
    return patches;
}

void NormChart::hoverPlot(int index) {
    m_hoverMarker->clear();
    const JobOutcome* out = m_session->current();
    if (!out || index < 0) {
        showReadout(m_plotReadout, {}, {});
        return;
    }
    const PatchGrid& g = out->result.grid;
    const float norm = out->result.norms.data[std::size_t(index)];
    if (std::isfinite(norm))
        m_hoverMarker->append(index, norm);
    const QPointF at(index, std::isfinite(norm) ? norm : 0.0f);
    showReadout(m_plotReadout,
                tr("patch %1 (row %2, col %3)\nnorm %4")
                    .arg(index)
                    .arg(index / g.gw)
                    .arg(index % g.gw)
                    .arg(double(norm), 0, 'g', 6),
                m_plotView->chart()->mapToPosition(at, m_line));
}

void NormChart::hoverHistogram(int bin) {
    const Histogram* h = histogram();
    if (!h || bin < 0) {
        showReadout(m_histReadout, {}, {});
        return;
    }
    const int count = h->counts[std::size_t(bin)];
    const QString range = h->single
                              ? QString::number(double(h->lo), 'g', 7)
                              : rangeText(h->edge(bin), h->edge(bin + 1), decimalsFor(h->width));
    const QPointF top((h->edge(bin) + h->edge(bin + 1)) / 2, count);
    showReadout(m_histReadout,
                count > 0 ? tr("%1\n%2 of %3 patches\nclick to select them")
                                .arg(range)
                                .arg(count)
                                .arg(h->binOf.size())
                          : tr("%1\nno patches").arg(range),
                m_histView->chart()->mapToPosition(top, m_bars));
}

bool NormChart::eventFilter(QObject* watched, QEvent* event) {
    const bool onPlot = watched == m_plotView->viewport();
    const bool onHist = watched == m_histView->viewport();
    if (!onPlot && !onHist)
        return QWidget::eventFilter(watched, event);
    if (event->type() == QEvent::Leave) {
        onPlot ? hoverPlot(-1) : hoverHistogram(-1);
    } else if (event->type() == QEvent::MouseMove) {
        const QPoint pos = static_cast<QMouseEvent*>(event)->pos();
        onPlot ? hoverPlot(patchAt(pos)) : hoverHistogram(binAt(pos));
    } else if (event->type() == QEvent::MouseButtonRelease &&
               static_cast<QMouseEvent*>(event)->button() == Qt::LeftButton) {
        const QPoint pos = static_cast<QMouseEvent*>(event)->pos();
        if (onPlot) {
            if (const int index = patchAt(pos); index >= 0) {
                emit patchClicked(index);
                return true;
            }
        } else if (m_histView->chart()->plotArea().contains(
                       m_histView->chart()->mapFromScene(m_histView->mapToScene(pos)))) {
            // A click on a bar picks its patches; on the picked bar again, or beside the bars,
            // it clears them.
            QList<int> patches = patchesIn(binAt(pos));
            if (patches == m_session->selectedPatches())
                patches.clear();
            emit patchesClicked(patches);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace tessera::ui
