// PatchInspector: one patch followed from its pixels to its embedding, with the live numbers — the
// heart of the teaching views.
//
// For the Session's selected patch it shows, top to bottom: the pixels per channel (raw 0–255 and
// normalised), the flattened vector x (K = C·P·Q values in timm's (C, P, Q) order), the weight
// matrix W (D × K) with output d's row marked, the embedding y (D values; before and after
// LayerNorm when the result used it), and output d written out as a sum, its largest terms, and
// the same number read from the Conv2d view (channel d of the conv output at the patch's cell), so
// that Conv2d ≡ unfold + matmul is shown rather than claimed.
//
// d is the hovered output, else the Session's selected filter, else 0. Hovering or clicking an
// output (a bar of y or a row of W) selects that filter in the Session, so the other views follow.
// The patch's numbers (x, raw pixels, all D sums) and W's picture are made on a worker (LatestJob);
// the one output written out (K multiply-adds) is summed on the GUI thread as the mouse moves.
#pragma once

#include "latest_job.hpp"

#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

class QBoxLayout;
class QLabel;
class QScrollArea;

namespace tessera::ui {

class BarStrip;
class MatrixView;
class PixelTiles;
class Session;
class VectorStrip;
struct JobOutcome;
struct PatchInspection;
struct WeightPicture;

class PatchInspector : public QWidget {
    Q_OBJECT

  public:
    explicit PatchInspector(Session* session, QWidget* parent = nullptr);
    ~PatchInspector() override;
    // Room for the four pixel tiles and the strips side by side without scrolling sideways (the
    // scroll area inside would otherwise ask for next to nothing).
    QSize sizeHint() const override { return {480, 800}; }

    // What is shown (for tests and the window): the patch index (-1 when the hint shows instead),
    // and the output d written out (-1 with no patch).
    int shownPatch() const;
    int shownOutput() const;
    // The flattened vector x shown: K values in (C, P, Q) order.
    std::vector<float> strip() const;
    // y_d from the sum written out here (in double; LayerNorm applied when the result used it),
    // W·x + b before any LayerNorm, and the result's own number: the Conv2d output channel d at
    // the patch's grid cell, stored at [index, d] of the N×D embeddings. NaN with no patch shown.
    double outputValue(int d) const;
    double preNormValue(int d) const;
    double convValue(int d) const;
    QString formulaText() const;    // the written-out computation, as plain text
    QString outputsCaption() const; // the title over the y bars (says which side of LayerNorm)
    QString hintText() const;       // the hint shown instead of a patch, or empty
    QString pixelReadout() const;   // what hovering a pixel reads out
    // As the mouse over output d (a bar of y); -1 as the mouse leaving.
    void hoverOutput(int d);
    bool busy() const { return m_job.busy(); }
    // Its dock came forward: computes what was skipped while it could not be seen.
    void cameOnScreen();
    // Scrolls the page to the pixels, the flattened vector x, or W and y (the walkthrough's steps
    // talk about each in turn).
    enum class Part { Pixels, Vector, Projection };
    void scrollTo(Part part);

    PixelTiles* pixelTiles() const { return m_pixels; }
    VectorStrip* vectorStrip() const { return m_strip; }
    MatrixView* matrixView() const { return m_matrix; }
    BarStrip* outputStrip() const { return m_outputs; }

  protected:
    void resizeEvent(QResizeEvent*) override;

  private:
    struct Prepared {
        std::shared_ptr<const JobOutcome> outcome;
        std::shared_ptr<const PatchInspection> patch;
        std::shared_ptr<const WeightPicture> weights; // null: the one shown still fits
    };

    void refresh();
    void showHint(const QString& text);
    void show(Prepared prepared);
    void showOutput();
    // Marks value k of the patch (a pixel, a value of x, a term) everywhere and reads it out;
    // -1 clears.
    void highlightValue(int k);
    void showMatrixReadout(int d);
    void pickOutput(int d);
    QString describeK(int k) const; // "G, row 2, column 12"

    Session* m_session;
    LatestJob<Prepared> m_job;
    std::shared_ptr<const JobOutcome> m_outcome;
    std::shared_ptr<const PatchInspection> m_patch;
    std::shared_ptr<const WeightPicture> m_weights;
    int m_hoverOutput = -1;
    std::optional<Part> m_scrollWanted; // scrollTo() before the page was ready
    int m_k = -1;                       // the value of the patch marked

    QScrollArea* m_scroll;
    QLabel* m_hint;
    QWidget* m_content;
    QBoxLayout* m_columns; // side by side when wide, else one above the other
    QLabel* m_title;
    QLabel* m_intro;
    PixelTiles* m_pixels;
    QLabel* m_pixelNote;
    QLabel* m_pixelReadout;
    QLabel* m_vectorNote;
    VectorStrip* m_strip;
    QLabel* m_vectorReadout;
    QLabel* m_matrixNote;
    MatrixView* m_matrix;
    QLabel* m_matrixReadout;
    QLabel* m_outputsNote;
    QLabel* m_preNormTitle;
    BarStrip* m_preNorm;
    QLabel* m_outputsTitle;
    BarStrip* m_outputs;
    QLabel* m_outputsReadout;
    QLabel* m_formulaTitle;
    QLabel* m_rowTitle;
    VectorStrip* m_rowStrip; // W[d, :], in x's order
    QLabel* m_termTitle;
    VectorStrip* m_termStrip; // W[d, k]·x_k: the terms of the sum
    QLabel* m_termReadout;
    QLabel* m_formula;
};

} // namespace tessera::ui
