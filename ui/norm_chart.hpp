// NormChart: the per-patch L2 norms as a plot by patch index, and their histogram (Qt Charts).
//
// The selected patch is marked in both (a point on the plot, its bar outlined in the histogram);
// hovering the plot reads out the patch under the cursor, and a click selects the patch nearest
// to the clicked index. The histogram's bars stand on a value axis at their bins' true ranges; a
// click on a bar picks all of its patches as the Session's patch set (shown as a bar of its own
// colour, and outlined in the image view), a second click on it or one beside the bars clears it.
#pragma once

#include <QList>
#include <QTimer>
#include <QWidget>

class QAreaSeries;
class QChartView;
class QGraphicsSimpleTextItem;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace tessera::ui {

class Session;
struct Histogram;

class NormChart : public QWidget {
    Q_OBJECT

  public:
    explicit NormChart(Session* session, QWidget* parent = nullptr);

    // Points on the per-patch plot: one per patch up to kMaxPlotPoints, a min/max envelope beyond.
    int pointCount() const;
    int markedIndex() const; // the patch index the plot marks, or -1
    int markedBin() const;   // the histogram bin marked, or -1
    QChartView* plotView() const { return m_plotView; }
    QChartView* histogramView() const { return m_histView; }
    QString histogramTitle() const;
    // The histogram's bars in values: x over the bin (less a sliver each side), height the count.
    QList<QRectF> bars() const;
    QString plotReadout() const; // what hovering the plot reads out; empty when not hovering

    // Viewport positions, for tests: patch `index` on the plot, and the middle of bin `bin`'s bar.
    QPointF plotPosition(int index) const;
    QPointF barPosition(int bin) const;

  signals:
    void patchClicked(int index);
    void patchesClicked(const QList<int>& indices); // a bar's patches; empty to clear the set

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    void rebuild();
    void updateTicks();
    void mark(int index);
    void showPatchSet();
    void updateHistogramTitle();
    const Histogram* histogram() const;
    int patchAt(QPoint viewportPos) const; // on the plot, or -1
    int binAt(QPoint viewportPos) const;   // on the histogram, a bin or -1
    QList<int> patchesIn(int bin) const;
    void hoverPlot(int index);
    void hoverHistogram(int bin);

    Session* m_session;
    QChartView* m_plotView;
    QChartView* m_histView;
    QLineSeries* m_line;
    QScatterSeries* m_marker;
    QScatterSeries* m_hoverMarker;
    QValueAxis* m_x;
    QValueAxis* m_y;
    QAreaSeries* m_bars;    // every non-empty bin
    QAreaSeries* m_setBars; // how the patch set falls into the bins
    QAreaSeries* m_markBar; // the outline of the selected patch's bin
    QValueAxis* m_value;
    QValueAxis* m_count;
    QGraphicsSimpleTextItem* m_plotReadout;
    QGraphicsSimpleTextItem* m_histReadout;
    int m_marked = -1;
    int m_markedBin = -1;
    QTimer m_ticksTimer; // updateTicks() after a plot area changed, outside the chart's layout
};

} // namespace tessera::ui
