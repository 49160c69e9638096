#include "norm_chart.hpp"

#include "session.hpp"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChartView>
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

QChart* newChart(const QString& title) {
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->legend()->hide();
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setAnimationOptions(QChart::NoAnimation);
    return chart;
}

} // namespace

NormChart::NormChart(Session* session, QWidget* parent) : QWidget(parent), m_session(session) {
    QChart* plot = newChart(tr("L2 norm per patch"));
    m_line = new QLineSeries;
    m_marker = new QScatterSeries;
    m_marker->setMarkerSize(11);
    m_marker->setColor(QColor(255, 200, 0));
    m_marker->setBorderColor(Qt::black);
    plot->addSeries(m_line);
    plot->addSeries(m_marker);
    m_x = new QValueAxis;
    m_x->setTitleText(tr("patch index"));
    m_x->setLabelFormat("%d");
    m_y = new QValueAxis;
    m_y->setTitleText(tr("norm"));
    plot->addAxis(m_x, Qt::AlignBottom);
    plot->addAxis(m_y, Qt::AlignLeft);
    for (auto* s :
         {static_cast<QAbstractSeries*>(m_line), static_cast<QAbstractSeries*>(m_marker)}) {
        s->attachAxis(m_x);
        s->attachAxis(m_y);
    }
    m_plotView = new QChartView(plot);
    m_plotView->setRenderHint(QPainter::Antialiasing);
    m_plotView->setToolTip(tr("Each patch's embedding norm; click to select that patch."));
    m_plotView->viewport()->installEventFilter(this);

    QChart* hist = newChart(tr("Histogram of norms"));
    m_bins = new QBarSet(tr("patches"));
    m_bins->setSelectedColor(QColor(255, 200, 0));
    m_binSeries = new QBarSeries;
    m_binSeries->setBarWidth(0.95);
    m_binSeries->append(m_bins);
    hist->addSeries(m_binSeries);
    m_binAxis = new QBarCategoryAxis;
    m_binAxis->setLabelsVisible(false); // 24 labels do not fit a dock; the title gives the range
    m_binAxis->setGridLineVisible(false);
    m_count = new QValueAxis;
    m_count->setTitleText(tr("patches"));
    m_count->setLabelFormat("%d");
    hist->addAxis(m_binAxis, Qt::AlignBottom);
    hist->addAxis(m_count, Qt::AlignLeft);
    m_binSeries->attachAxis(m_binAxis);
    m_binSeries->attachAxis(m_count);
    m_histView = new QChartView(hist);
    m_histView->setToolTip(
        tr("How the norms are distributed; the selected patch's bin is marked."));

    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(m_plotView);
    split->addWidget(m_histView);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    connect(session, &Session::resultReady, this, &NormChart::rebuild);
    connect(session, &Session::selectionChanged, this, &NormChart::mark);
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

void NormChart::rebuild() {
    const JobOutcome* out = m_session->current();
    if (!out)
        return;
    const ViewData& v = *out->view;
    const int n = int(v.binOf.size());
    m_line->replace(v.plot);
    m_line->setPointsVisible(n <= 400);
    m_x->setRange(0, std::max(1, n - 1));
    m_y->setRange(0, v.hi * 1.05 + 1e-6);
    m_bins->remove(0, m_bins->count());
    QStringList labels;
    const double width = double(v.hi - v.lo) / kHistogramBins;
    for (int b = 0; b < kHistogramBins; ++b) {
        m_bins->append(v.counts[b]);
        labels << QString::number(v.lo + (b + 0.5) * width, 'g', 3);
    }
    m_binAxis->setCategories(labels);
    m_histView->chart()->setTitle(tr("Histogram of norms, %1 to %2")
                                      .arg(double(v.lo), 0, 'g', 3)
                                      .arg(double(v.hi), 0, 'g', 3));
    m_count->setRange(0, *std::max_element(v.counts.begin(), v.counts.end()) * 1.1 + 1);
    m_marked = -1;
    m_markedBin = -1;
    mark(m_session->selected());
}

void NormChart::mark(int index) {
    m_marker->clear();
    if (m_markedBin >= 0)
        m_bins->setBarSelected(m_markedBin, false);
    m_marked = -1;
    m_markedBin = -1;
    const JobOutcome* out = m_session->current();
    if (!out || index < 0 || index >= int(out->view->binOf.size()))
        return;
    m_marker->append(index, out->result.norms.data[index]);
    m_marked = index;
    m_markedBin = out->view->binOf[index];
    m_bins->setBarSelected(m_markedBin, true);
}

QPointF NormChart::plotPosition(int index) const {
    const JobOutcome* out = m_session->current();
    if (!out)
        return {};
    QChart* chart = m_plotView->chart();
    const QPointF inChart =
        chart->mapToPosition(QPointF(index, out->result.norms.data[index]), m_line);
    return m_plotView->mapFromScene(chart->mapToScene(inChart));
}

bool NormChart::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_plotView->viewport() && event->type() == QEvent::MouseButtonRelease) {
        auto* e = static_cast<QMouseEvent*>(event);
        QChart* chart = m_plotView->chart();
        const QPointF inChart = chart->mapFromScene(m_plotView->mapToScene(e->pos()));
        const JobOutcome* out = m_session->current();
        if (out && chart->plotArea().adjusted(-6, -6, 6, 6).contains(inChart)) {
            const double x = chart->mapToValue(inChart, m_line).x();
            const int n = int(out->result.grid.count()); // patches, whether or not each is a point
            emit patchClicked(std::clamp(int(std::lround(x)), 0, n - 1));
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace tessera::ui
