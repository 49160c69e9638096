// SequenceView: what comes right after PatchEmbed, as three aligned matrices (rows = tokens,
// columns = the D numbers of each):
//   1. the patch embeddings, N × D (the first image's; patch n = row-major over the grid);
//   2. the class token (and R register tokens) prepended: T × D, T = N + 1 + R;
//   3. the position embeddings added: T × D, what the first transformer block receives.
// The pieces come from core's tokenSequence (token_sequence.hpp), made on a worker; captions
// say where the class token and the positions come from.
//
// Values are coloured on the diverging map over one symmetric range for all three matrices (the
// 99.5th percentile of |value|, as the embedding matrix view), so the three read alike. When there
// are more tokens or numbers than pixels, each pixel is its block's strongest value; the prefix
// rows (CLS, REG) keep a few pixels each, apart from the patches, so they never vanish.
//
// Hovering a patch row emits patchHovered(n) (-1 off the patch rows) and reads out the values;
// a click selects the patch (Session::select); the selected patch's row is marked in every
// matrix and the class-token row outlined. The "Class token" box and the "Register tokens" spin
// box show the result's Spec; editing them emits sequenceOptionsChanged (the window applies it).
// While hidden it makes nothing: a result's sequence is made when it is shown.
#pragma once

#include "view_memory.hpp"

#include "latest_job.hpp"
#include "token_sequence.hpp"

#include <QImage>
#include <QWidget>

#include <memory>
#include <vector>

class QCheckBox;
class QLabel;
class QSpinBox;

namespace tessera::ui {

class Session;
struct JobOutcome;

class SequenceView : public QWidget {
    Q_OBJECT

  public:
    explicit SequenceView(Session* session, QWidget* parent = nullptr);
    // Brought forward, the dock widens to this (up to 45 % of the window): three matrices or a
    // grid of maps side by side need the room.
    QSize sizeHint() const override { return {560, 760}; }

    bool busy() const { return m_job.busy(); }
    // What building a result's token sequence may take (view_memory.hpp); past it the view says
    // why instead. For tests, and an embedder with other limits.
    void setMemoryBudget(std::int64_t bytes) { m_memoryBudget = bytes; }
    // What the view could not show for the current result, and why; empty when it shows it.
    QString failure() const { return m_error; }
    // Its dock came forward: computes what was skipped while it could not be seen.
    void cameOnScreen();
    // For tests: the sequence shown (null before one is made), the widgets and geometry.
    const TokenSequence* sequence() const { return m_picture.sequence.get(); }
    QCheckBox* classTokenBox() const { return m_classBox; }
    QSpinBox* registerBox() const { return m_regBox; }
    QWidget* canvas() const { return m_canvas; }
    QString caption() const;
    QString sourceText() const;
    QString readout() const { return m_readout; }
    // The centre of token t's row in matrix m (0, 1, 2) on canvas().
    QPoint positionOf(int m, int token) const;
    double range() const { return m_picture.range; }

  signals:
    void patchHovered(int index); // patch rows only; -1 when off them
    void sequenceOptionsChanged(bool classToken, int regTokens);

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void showEvent(QShowEvent* event) override;

  private:
    struct Picture {
        std::shared_ptr<const JobOutcome> outcome;
        std::shared_ptr<const TokenSequence> sequence;
        QSize size; // the plot sizes it was made for: (columns, patch rows)
        int prefixPixels = 0;
        double range = 1, maxAbs = 0;
        QImage patches;      // step 1's rows (and step 2's patch rows): the embeddings
        QImage prefixBefore; // step 2's prefix rows: the tokens themselves
        QImage patchesAfter; // step 3's patch rows
        QImage prefixAfter;  // step 3's prefix rows
    };
    struct Geometry {
        int left = 0, top = 0, columnWidth = 0, gap = 0;
        int prefixHeight = 0; // pixels of the prefix band (0 without prefix tokens)
        int patchTop = 0, patchHeight = 0;
        QRect column(int m) const; // the whole band of matrix m (prefix and patches)
        int bottom() const { return patchTop + patchHeight; }
    };

    void rebuild();
    void take(Picture value);
    void fail(const QString& message);
    void request();
    void syncControls();
    void paint();
    void hover(QPoint pos);
    void click(QPoint pos);
    Geometry geometry() const;
    int tokenAt(QPoint pos) const;               // the token whose row is under pos, or -1
    int columnAt(QPoint pos, int* matrix) const; // dim under pos in a matrix, or -1
    int tokenCount() const;
    int prefixCount() const;
    QRect rowRect(const Geometry& g, int m, int token) const;
    static Picture makePicture(std::shared_ptr<const JobOutcome> outcome,
                               std::shared_ptr<const TokenSequence> sequence, QSize size,
                               int prefixPixels, const std::atomic<bool>& cancel);

    Session* m_session;
    QLabel* m_caption;
    QLabel* m_sources;
    QCheckBox* m_classBox;
    QSpinBox* m_regBox;
    QWidget* m_canvas;
    std::shared_ptr<const JobOutcome> m_outcome;
    Picture m_picture;
    QString m_readout;
    QString m_error;
    std::int64_t m_memoryBudget = viewMemoryBudget();
    int m_hoverToken = -1, m_hoverPatch = -1;
    LatestJob<Picture> m_job;
    bool m_rebuildOwed = false; // a result came while the view could not be seen
};

} // namespace tessera::ui
