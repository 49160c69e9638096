// CompareView: the current image cut with several patch sizes side by side (small multiples).
//
// For each patch size P×Q in an editable list (8, 14, 16, 32 by default) and the run's own patch,
// one card: the run's picture (same preprocessing) with that grid and the per-patch norm map, and
// the figures of core/arithmetic.hpp for the run's Spec with that patch (what `tessera-cli info`
// prints): gh × gw, N, K = C·P·Q, the PatchEmbed's parameters and FLOPs, and the attention cost
// T² (T = N + class and register tokens) relative to the run's own patch. A patch that cannot cut
// this input (--pad none and not a divisor, larger than the input) says why instead.
//
// The maps come from running the PatchEmbed with that patch off the GUI thread while the view is
// shown (one LatestJob, one card after the other, dropped when a newer result comes): random
// weights from the Spec's init and seed, or, with a weights file, the file's kernel PI-resized to
// that patch (FlexiViT, as if "PI-resize" were on). The embeddings are made a band of patch rows at
// a time, so a 4096×4096 image at P = 8 needs no gigabyte of output. A click on a card emits
// patchSizeChosen.
#pragma once

#include "arithmetic.hpp"
#include "latest_job.hpp"
#include "overlay_painter.hpp"

#include <QList>
#include <QWidget>

#include <cstdint>
#include <memory>
#include <optional>

class QLabel;
class QLineEdit;

namespace tessera::ui {

class Session;
class CompareCards;
struct JobOutcome;

class CompareView : public QWidget {
    Q_OBJECT

  public:
    struct Entry {
        Size2 patch;
        Arithmetic figures;   // arithmetic() of the run's Spec with this patch, on the run's input
        QString error;        // why this patch cannot cut the input (then no figures); else empty
        bool current = false; // the run's own patch
        std::optional<Size2> resampledFrom; // the file's patch when its kernel is PI-resized
        io::OverlayScene scene;             // thumbnail, grid, crop; its map once computed
        QString mapNote;                    // why there is no map (too big, the init refuses)
    };

    explicit CompareView(Session* session, QWidget* parent = nullptr);
    ~CompareView() override;
    // Brought forward, the dock widens to this (up to 45 % of the window).
    QSize sizeHint() const override { return {560, 760}; }

    bool busy() const { return m_job.busy(); }
    // Its dock came forward: computes what was skipped while it could not be seen.
    void cameOnScreen();
    // The sizes asked for (the run's own patch is shown besides, when not among them).
    QList<Size2> patchSizes() const { return m_sizes; }
    void setPatchSizes(const QList<Size2>& sizes);
    // Every card, by patch area (smallest first): the figures shown.
    QList<Entry> entries() const { return m_entries; }
    QString caption() const;
    // Card i's rectangle in this widget's coordinates (tests click there), or empty.
    QRect entryRect(int i) const;

  signals:
    void patchSizeChosen(tessera::Size2 patch);

  protected:
    void showEvent(QShowEvent* event) override;

  private:
    struct MadeMap {
        std::uint64_t generation = 0;
        int index = 0;
        io::PatchMap map;
        QImage thumbnail; // the run's picture, small (made once per result)
        QString note;
    };

    void rebuild();
    void requestNextMap();
    void showMap(MadeMap made);
    void readEditor();

    Session* m_session;
    QLineEdit* m_editor;
    QLabel* m_editorError;
    QLabel* m_caption;
    CompareCards* m_cards;
    QList<Size2> m_sizes;
    QList<Entry> m_entries;
    std::shared_ptr<const JobOutcome> m_out; // the result the cards show
    QImage m_thumbnail;
    int m_pending = -1;             // the card whose map is being made
    std::uint64_t m_generation = 0; // bumped by every rebuild: a map for an older one is dropped
    LatestJob<MadeMap> m_job;
    bool m_rebuildOwed = false; // a result came while the view could not be seen
};

} // namespace tessera::ui
