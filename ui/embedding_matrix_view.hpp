// EmbeddingMatrixView: the output of the first image as one picture, the N×D matrix the
// Transformer reads — row n is patch n's embedding (patches in token order, row-major over the
// grid), column d is output d of every patch (filter d's response).
//
// Values are coloured on a diverging map (blue negative, white 0, red positive) over a symmetric
// range ±r, r the 99.5th percentile of |value| (so a few outliers do not wash the rest out; beyond
// it the end colours), with a colour bar. The picture is stretched to fill the dock; when N or D
// is more than the pixels available, it is made on a worker at the screen's size, each pixel the
// value of largest |value| in its block (an envelope: a strong value never disappears).
//
// Hovering reads out "patch n (row gy, col gx), dim d: value" and emits patchHovered(n) and
// filterHovered(d) (a preview; -1 when the mouse leaves). A click selects the patch and the
// filter (Session::select, Session::selectFilter); a click in the left margin selects only the
// patch, in the top margin only the filter. The selected patch's row and filter's column are
// marked in their colours. While hidden (its dock closed) it makes no pictures: a result's is made
// when it is shown.
#pragma once

#include "latest_job.hpp"

#include <QImage>
#include <QWidget>

#include <memory>

class QLabel;

namespace tessera::ui {

class Session;
struct JobOutcome;

// The colour map's range: this share of the |values| lies within ±r.
constexpr double kMatrixRangeQuantile = 0.995;

class EmbeddingMatrixView : public QWidget {
    Q_OBJECT

  public:
    explicit EmbeddingMatrixView(Session* session, QWidget* parent = nullptr);

    // The colour of `value` on the map over ±range.
    static QRgb colourOf(double value, double range);

    // For tests: the picture as made (one pixel per block), where it is drawn on canvas(), the
    // centre of cell (n, d) there, the map's range and the largest |value|.
    QImage matrixImage() const { return m_picture.image; }
    QWidget* canvas() const { return m_canvas; }
    QRect plotRect() const;
    QPoint positionOf(int n, int d) const;
    double range() const { return m_picture.range; }
    double maxAbs() const { return m_picture.maxAbs; }
    QString readout() const { return m_readout; } // what hovering says; empty when not hovering
    QString caption() const;
    bool busy() const { return m_job.busy(); }
    // Its dock came forward: computes what was skipped while it could not be seen.
    void cameOnScreen();

  signals:
    void patchHovered(int n);  // -1 when the mouse leaves the rows
    void filterHovered(int d); // -1 when the mouse leaves the columns

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void showEvent(QShowEvent* event) override;

  private:
    struct Picture {
        std::shared_ptr<const JobOutcome> outcome; // holds the values the readout reads
        QImage image;                              // rows × cols
        double range = 1, maxAbs = 0;
        QSize size; // the plot size it was made for
    };

    void rebuild();
    void request();
    void paint();
    void hover(QPoint pos);
    void click(QPoint pos);
    bool step(int key);     // an arrow key: the selection one filter or patch on; false for others
    int rowAt(int y) const; // patch under canvas y, or -1
    int columnAt(int x) const; // dim under canvas x, or -1
    QRect colourBarRect() const;
    int patchCount() const;
    int dimCount() const;
    static Picture makePicture(std::shared_ptr<const JobOutcome> outcome, QSize size,
                               const std::atomic<bool>& cancel);

    Session* m_session;
    QLabel* m_caption;
    QWidget* m_canvas;
    std::shared_ptr<const JobOutcome> m_outcome; // the current result
    Picture m_picture;
    QString m_readout;
    int m_hoverRow = -1, m_hoverColumn = -1;
    LatestJob<Picture> m_job;
    bool m_rebuildOwed = false; // a result came while the view could not be seen
};

} // namespace tessera::ui
