// PositionsView: the position embeddings as the ViT paper's figure 7 (centre) draws them. For each
// patch position, the cosine similarity of its position embedding to every other position's, as
// a small gh × gw map; the maps laid out in the gh × gw grid, so map (r, c) sits where patch
// (r, c) does. The selected patch's map is outlined and drawn large with a legend.
//
// The positions are those core's tokenSequence adds (token_sequence.hpp): a checkpoint's learned
// table (resampled to this grid as timm does when its grid differs), else timm's fixed 2-D sin-cos
// table, else none (D not divisible by 4); a line says which. Colours are fixed to [-1, 1] on the
// diverging map. With more than 32 rows or columns of patches an evenly spaced subset is shown, at
// most 32 along the longer side and the same stride along the other (each small map then shows the
// same subset), and the caption says so.
// Everything is computed on workers; while hidden it makes nothing.
#pragma once

#include "view_memory.hpp"

#include "latest_job.hpp"
#include "tensor.hpp"
#include "token_sequence.hpp"

#include <QImage>
#include <QWidget>

#include <memory>
#include <vector>

class QLabel;

namespace tessera::ui {

class Session;
struct JobOutcome;

// The most rows (and columns) of positions whose maps are shown.
constexpr int kMaxShownSide = 32;

class PositionsView : public QWidget {
    Q_OBJECT

  public:
    explicit PositionsView(Session* session, QWidget* parent = nullptr);
    // Brought forward, the dock widens to this (up to 45 % of the window): three matrices or a
    // grid of maps side by side need the room.
    QSize sizeHint() const override { return {560, 760}; }

    bool busy() const { return m_job.busy() || m_largeJob.busy(); }
    // What building a result's token sequence may take (view_memory.hpp); past it the view says
    // why instead. For tests, and an embedder with other limits.
    void setMemoryBudget(std::int64_t bytes) { m_memoryBudget = bytes; }
    // What the view could not show for the current result, and why; empty when it shows it.
    QString failure() const { return m_error; }
    // Its dock came forward: computes what was skipped while it could not be seen.
    void cameOnScreen();
    // For tests: the n × n similarity (row-major) of the positions shown, n = shownPositions(),
    // in the order of shownIndices() (patch indices, row-major over the grid).
    const std::vector<float>& similarity() const { return m_maps.similarity; }
    int shownPositions() const { return int(m_maps.shown.size()); }
    const std::vector<int>& shownIndices() const { return m_maps.shown; }
    // The sequence's description (source, grids) for the shown maps; null before any.
    const TokenSequence* sequence() const { return m_maps.info.get(); }
    QString caption() const;
    QString sourceText() const;
    QString readout() const { return m_readout; } // what hovering says; empty when not hovering
    QWidget* canvas() const { return m_canvas; }
    int largeIndex() const { return m_large.index; } // the patch whose map is drawn large
    const std::vector<float>& largeMap() const { return m_large.similarity; } // its N values
    QPoint cellCentre(int shown) const; // where shown position `shown`'s map is on canvas()

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void showEvent(QShowEvent* event) override;

  private:
    struct Maps {
        std::shared_ptr<const JobOutcome> outcome;
        std::shared_ptr<const TokenSequence> info; // tensors left empty: only what it says
        std::shared_ptr<const Tensor> positions;   // (N, D) patch rows; null when none
        std::vector<int> rows, cols;               // the grid rows and columns shown
        std::vector<int> shown;                    // their patch indices, row-major
        std::vector<float> similarity;             // shown × shown
        QImage mosaic; // cols² × rows² pixels: map (i, j) at (j·cols, i·rows)
    };
    struct Large {
        std::shared_ptr<const Tensor> positions;
        int index = -1;
        std::vector<float> similarity; // N: to every position
        QImage image;                  // gw × gh
    };
    struct Geometry {
        QRect mosaic;
        int cell = 1;
        QRect large, bar;
    };

    void rebuild();
    void take(Maps value);
    void fail(const QString& message);
    void request();
    void requestLarge();
    void paint();
    void hover(QPoint pos);
    void click(QPoint pos);
    int shownAt(QPoint pos) const; // the shown position whose map is under pos, or -1
    int wantedLarge() const;       // the selected patch, else the centre one
    Geometry geometry() const;
    static Maps makeMaps(std::shared_ptr<const JobOutcome> outcome,
                         const std::atomic<bool>& cancel);
    static Large makeLarge(std::shared_ptr<const Tensor> positions, Size2 grid, int index,
                           const std::atomic<bool>& cancel);

    Session* m_session;
    QLabel* m_caption;
    QLabel* m_sources;
    QWidget* m_canvas;
    std::shared_ptr<const JobOutcome> m_outcome;
    Maps m_maps;
    Large m_large;
    QString m_readout, m_error;
    std::int64_t m_memoryBudget = viewMemoryBudget();
    int m_hover = -1;
    LatestJob<Maps> m_job;
    LatestJob<Large> m_largeJob;
    bool m_rebuildOwed = false; // a result came while the view could not be seen
};

} // namespace tessera::ui
