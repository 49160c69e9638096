// MainWindow's views by name: the table `tessera --view NAME` reads, and bringing one forward.
#include "main_window.hpp"

#include "compare_view.hpp"
#include "controls_panel.hpp"
#include "embedding_matrix_view.hpp"
#include "filters_view.hpp"
#include "flexivit_view.hpp"
#include "patch_inspector.hpp"
#include "patch_maps.hpp"
#include "positions_view.hpp"
#include "sequence_view.hpp"
#include "session.hpp"
#include "walkthrough.hpp"
#include "window_layout.hpp"

#include <QActionGroup>
#include <QCoreApplication>
#include <QDockWidget>
#include <QMenu>
#include <QTimer>

#include <algorithm>

namespace tessera::ui {

std::span<const MainWindow::ViewRow> MainWindow::views() {
    // Lambdas in a member function may use the window's private members.
    static const ViewRow kViews[] = {
        {"inspector", "the selected patch from pixels to vector (with --select N, --filter d)",
         [](MainWindow& w) { w.raiseDock(w.m_inspectorDock); }},
        {"filters", "the D filters (rows of W) as P×Q pictures (with --filter d)",
         [](MainWindow& w) {
             w.m_filters->showPage(FiltersView::Page::Filters);
             w.raiseDock(w.m_filtersDock);
         }},
        {"filter-pcs", "the principal components of the filters, as in the ViT paper's figure 7",
         [](MainWindow& w) {
             w.m_filters->showPage(FiltersView::Page::Components);
             w.raiseDock(w.m_filtersDock);
         }},
        {"matrix", "the N×D embedding matrix, a row per patch",
         [](MainWindow& w) { w.raiseDock(w.m_matrixDock); }},
        {"norms", "the norm chart and histogram, and the norm map",
         [](MainWindow& w) {
             w.showMap(int(MapKind::Norm));
             w.raiseDock(w.m_normsDock);
         }},
        {"response", "the selected filter's response over the image (with --filter d)",
         [](MainWindow& w) { w.showMap(int(MapKind::FilterResponse)); }},
        {"similarity", "cosine similarity to the selected patch over the image (with --select N)",
         [](MainWindow& w) { w.showMap(int(MapKind::Similarity)); }},
        {"pca", "PCA colours over the image: three principal components as red, green, blue",
         [](MainWindow& w) { w.showMap(int(MapKind::PcaColours)); }},
        {"sequence", "the token sequence: patches, class token and positions, (N+1) × D",
         [](MainWindow& w) { w.raiseDock(w.m_sequenceDock); }},
        {"posembed", "the position embeddings as cosine-similarity maps (ViT paper, figure 7)",
         [](MainWindow& w) { w.raiseDock(w.m_positionsDock); }},
        {"compare", "the image at patch sizes 8, 14, 16, 32 and the current one, side by side",
         [](MainWindow& w) { w.raiseDock(w.m_compareDock); }},
        {"flexivit", "a checkpoint's kernel PI-resized (FlexiViT) against a plain resize",
         [](MainWindow& w) { w.raiseDock(w.m_flexiVitDock); }},
        {"walkthrough", "patch embedding step by step, this image's numbers in it (with --step K)",
         [](MainWindow& w) {
             w.m_walkthroughDock->show();
             w.m_walkthroughDock->raise();
             w.followWalkthrough();
         }},
    };
    return kViews;
}

bool MainWindow::showView(std::string_view name) {
    for (const ViewRow& row : views())
        if (name == row.name) {
            row.show(*this);
            return true;
        }
    return false;
}

bool MainWindow::viewsBusy() const {
    return m_maps->busy() || m_inspector->busy() || m_filters->busy() || m_matrix->busy() ||
           m_walkthrough->busy() || m_sequence->busy() || m_positions->busy() ||
           m_compare->busy() || m_flexiVit->busy();
}

void MainWindow::addTeachingViews() {
    auto dock = [this](const QString& title, const char* name, auto* view) {
        // Narrow by default so the image keeps the middle; each view scrolls or wraps when narrow
        // and uses the room when the dock is widened.
        view->setMinimumWidth(WindowLayout::kMinDockWidth);
        QDockWidget* d = makeDock(title, name, view);
        addDockWidget(Qt::RightDockWidgetArea, d);
        tabifyDockWidget(m_normsDock, d);
        // The first time a view comes forward (its tab clicked), its dock gets the width it asks
        // for; later the user's own width stands.
        connect(d, &QDockWidget::visibilityChanged, this, [this, d](bool visible) {
            if (visible && !d->property("widened").toBool()) {
                d->setProperty("widened", true);
                QTimer::singleShot(0, this, [this, d] { widenDock(d); });
            }
        });
        // A view computes only while it can be seen (onScreen); brought forward, it catches up.
        // Queued: the dock area lays the tab out after it says so.
        connect(d, &QDockWidget::visibilityChanged, view, [view](bool visible) {
            if (visible)
                QTimer::singleShot(0, view, [view] { view->cameOnScreen(); });
        });
        return d;
    };
    m_inspector = new PatchInspector(m_session);
    m_inspectorDock = dock(tr("Inspector"), "inspectorDock", m_inspector);
    m_filters = new FiltersView(m_session);
    m_filtersDock = dock(tr("Filters"), "filtersDock", m_filters);
    m_matrix = new EmbeddingMatrixView(m_session);
    m_matrixDock = dock(tr("Matrix"), "matrixDock", m_matrix);
    m_sequence = new SequenceView(m_session);
    m_sequenceDock = dock(tr("Sequence"), "sequenceDock", m_sequence);
    m_positions = new PositionsView(m_session);
    m_positionsDock = dock(tr("Positions"), "positionsDock", m_positions);
    m_compare = new CompareView(m_session);
    m_compareDock = dock(tr("Compare"), "compareDock", m_compare);
    m_flexiVit = new FlexiVitView(m_session);
    m_flexiVitDock = dock(tr("FlexiViT"), "flexiVitDock", m_flexiVit);
    // The norms stay in front at first: the default layout leaves the image half the window,
    // and a click on a tab brings a teaching view forward at its own width.
    m_normsDock->raise();

    connect(m_matrix, &EmbeddingMatrixView::patchHovered, m_view, &ImageView::highlight);
    connect(m_sequence, &SequenceView::patchHovered, m_view, &ImageView::highlight);
    // A patch size picked among the compared ones becomes the configuration; a checkpoint's
    // kernel is then PI-resized to it, as the comparison showed it.
    connect(m_compare, &CompareView::patchSizeChosen, this, [this](Size2 patch) {
        Spec s = m_controls->spec();
        s.patch = patch;
        if (!s.weightsPath.empty())
            s.resampleWeights = true;
        applySpec(s);
    });
    // The model around the PatchEmbed is part of the Spec (kept in the settings and manifests).
    connect(m_sequence, &SequenceView::sequenceOptionsChanged, this,
            [this](bool classToken, int regTokens) {
                Spec s = m_controls->spec();
                s.classToken = classToken;
                s.regTokens = regTokens;
                applySpec(s);
            });
    connect(m_matrix, &EmbeddingMatrixView::filterHovered, m_session, [this](int d) {
        if (d >= 0)
            m_session->selectFilter(d);
    });
    // A filter picked shows its response over the image, until a map is chosen (in the Map
    // toolbar, View ▸ Map or --view): then the map stays the one chosen.
    connect(m_maps, &PatchMaps::optionsChanged, this, [this] { m_mapChosen = true; });
    connect(m_session, &Session::filterChanged, this, [this](int d) {
        if (d >= 0 && !m_mapChosen)
            showMap(int(MapKind::FilterResponse));
    });
}

void MainWindow::showMap(int kind) {
    m_mapChosen = true;
    MapOptions o = m_maps->options();
    o.kind = MapKind(kind);
    m_maps->setOptions(o);
    Overlays overlays = m_view->overlays();
    overlays.map = true;
    m_view->setOverlays(overlays);
}

void MainWindow::buildMapMenu(QMenu* view) {
    // View ▸ Map: the maps as a radio group, beside the Map toolbar's chooser.
    QMenu* menu = view->addMenu(tr("Map o&ver the Image"));
    auto* group = new QActionGroup(menu);
    for (const MapKindRow& row : mapKinds()) {
        QAction* a =
            menu->addAction(QCoreApplication::translate("tessera::ui::PatchMaps", row.label));
        a->setCheckable(true);
        a->setActionGroup(group);
        a->setChecked(m_maps->options().kind == row.kind);
        connect(a, &QAction::triggered, this, [this, kind = row.kind] { showMap(int(kind)); });
        connect(m_maps, &PatchMaps::optionsChanged, a,
                [this, a, kind = row.kind] { a->setChecked(m_maps->options().kind == kind); });
    }
}

void MainWindow::raiseDock(QDockWidget* dock) {
    dock->show();
    dock->raise();
    widenDock(dock);
}

void MainWindow::widenDock(QDockWidget* dock) {
    // Brought forward, a view gets the width it asks for, up to 45 % of the window: the image
    // keeps the rest.
    const int wanted = std::min(dock->widget()->sizeHint().width(), width() * 45 / 100);
    if (!dock->isFloating() && dock->width() < wanted)
        resizeDocks({dock}, {wanted}, Qt::Horizontal);
}

} // namespace tessera::ui
