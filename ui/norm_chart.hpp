// NormChart: the per-patch L2 norms as a plot by patch index, and their histogram (Qt Charts).
//
// The selected patch is marked in both (a point on the plot, its bin in the histogram); a click
// on the plot selects the patch nearest to the clicked index.
#pragma once

#include <QWidget>

class QChartView;
class QLineSeries;
class QScatterSeries;
class QBarSet;
class QBarSeries;
class QValueAxis;
class QBarCategoryAxis;

namespace tessera::ui {

class Session;

class NormChart : public QWidget {
    Q_OBJECT

  public:
    explicit NormChart(Session* session, QWidget* parent = nullptr);

    // Points on the per-patch plot: one per patch up to kMaxPlotPoints, a min/max envelope beyond.
    int pointCount() const;
    int markedIndex() const; // the patch index the plot marks, or -1
    int markedBin() const;   // the histogram bin marked, or -1
    QChartView* plotView() const { return m_plotView; }

    // The widget position of patch `index` on the plot, for tests and tooltips.
    QPointF plotPosition(int index) const;

  signals:
    void patchClicked(int index);

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    void rebuild();
    void mark(int index);

    Session* m_session;
    QChartView* m_plotView;
    QChartView* m_histView;
    QLineSeries* m_line;
    QScatterSeries* m_marker;
    QBarSet* m_bins;
    QBarSeries* m_binSeries;
    QValueAxis* m_x;
    QValueAxis* m_y;
    QValueAxis* m_count;
    QBarCategoryAxis* m_binAxis;
    int m_marked = -1;
    int m_markedBin = -1;
};

} // namespace tessera::ui
