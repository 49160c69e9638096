// FiltersView: the projection's D filters as pictures, and their principal components.
//
// Filter d is row d of W (D×K, K = C·P·Q), that is the Conv2d kernel d of shape (C, P, Q): output
// d of a patch is the dot product of the patch with it. The "Filters" page draws each one as a
// P×Q picture (RGB when C = 3, the channels side by side in grey otherwise), sortable by index or
// by norm, scaled per filter or on one shared scale symmetric around 0; a click selects the
// filter in the Session and the Session's selected filter is outlined. The "Filter PCs" page
// draws the principal components of the D filters (up to 28, as in figure 7 of the ViT paper)
// with the share of the filters' variance each explains.
//
// Pictures and PCA are made on workers (LatestJob), once per weights: a new image with the same
// weights changes nothing here. The PCA runs only when its page is first shown for the weights.
#pragma once

#include "analysis.hpp"
#include "filters_tile_grid.hpp"
#include "latest_job.hpp"

#include <QWidget>

#include <memory>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QTabWidget;
class QToolButton;

namespace tessera::ui {

class Session;
class ExplainedChart;

// Up to this many filter PCs, as in the ViT paper's figure 7 (left).
constexpr int kMaxFilterComponents = 28;

class FiltersView : public QWidget {
    Q_OBJECT

  public:
    enum class Page { Filters, Components };
    enum class Sort { Index, Norm };

    explicit FiltersView(Session* session, QWidget* parent = nullptr);

    void showPage(Page page);
    Page page() const;
    // Off (the default): each filter on its own range, lowest weight black, highest white. On:
    // one range for all, [-m, m] with m the largest |W|, so 0 is mid-grey.
    void setSharedScale(bool shared);
    bool sharedScale() const;
    void setSort(Sort sort);
    Sort sort() const;
    // The "?" text for students above the pages (hidden at first).
    void setHelpVisible(bool visible);
    bool helpVisible() const;

    // For tests and the CLI: the pictures as drawn (one pixel per weight), null before a result.
    QImage filterImage(int d) const;
    QList<int> order() const; // the filters' order on the page
    int filterCount() const;
    double filterNorm(int d) const;
    int componentCount() const;                // 0 until the PCs are computed
    double explained(int i) const;             // component i's share of the variance, in [0, 1]
    std::vector<float> component(int i) const; // K values, (C, P, Q) order
    QImage componentImage(int i) const;
    bool busy() const; // pictures or PCs being made
    // Its dock came forward: computes what was skipped while it could not be seen.
    void cameOnScreen();
    TileGrid* filterGrid() const { return m_filters; }
    TileGrid* componentGrid() const { return m_components; }
    QString caption() const;           // the Filters page's live caption
    QString componentsCaption() const; // the Filter PCs page's
    QString helpText() const;

  private:
    struct FilterPictures {
        std::shared_ptr<const PatchEmbedWeights> weights;
        std::vector<Tile> own, shared; // per-filter range, shared symmetric range
        std::vector<double> norms;
        QList<int> byNorm;
        float sharedMax = 0;
    };
    struct ComponentPictures {
        std::shared_ptr<const PatchEmbedWeights> weights;
        Pca pca;
        std::vector<Tile> tiles;
    };

    void rebuild();
    void requestFilters();
    void showFilters();
    void requestComponents();
    void showComponents();
    void showError(const QString& message);
    static FilterPictures makeFilters(std::shared_ptr<const PatchEmbedWeights> w,
                                      const std::atomic<bool>& cancel);
    static ComponentPictures makeComponents(std::shared_ptr<const PatchEmbedWeights> w,
                                            const std::atomic<bool>& cancel);

    Session* m_session;
    QTabWidget* m_tabs;
    QToolButton* m_helpButton;
    QLabel* m_help;
    QComboBox* m_sort;
    QCheckBox* m_shared;
    QLabel* m_caption;
    TileGrid* m_filters;
    QLabel* m_componentsCaption;
    ExplainedChart* m_chart;
    TileGrid* m_components;

    std::shared_ptr<const PatchEmbedWeights> m_weights; // the current result's
    FilterPictures m_pictures;
    ComponentPictures m_pcs;
    bool m_filtersAsked = false;    // pictures for m_weights are being made or done
    bool m_componentsAsked = false; // a PCA for m_weights is running or done
    LatestJob<FilterPictures> m_filterJob;
    LatestJob<ComponentPictures> m_componentJob;
    bool m_rebuildOwed = false; // a result came while the view could not be seen
};

} // namespace tessera::ui
