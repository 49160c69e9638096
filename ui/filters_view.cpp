#include "filters_view.hpp"

#include "filters_render.hpp"
#include "on_screen.hpp"
#include "session.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace tessera::ui {

// The share of the filters' variance each component explains (bars) and the running total (a
// line), on 0-100 %.
class ExplainedChart : public QWidget {
  public:
    explicit ExplainedChart(QWidget* parent) : QWidget(parent) {
        setMinimumHeight(96);
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    }
    void setValues(std::vector<double> shares) {
        m_shares = std::move(shares);
        update();
    }
    QSize sizeHint() const override { return {300, 110}; }

  protected:
    void paintEvent(QPaintEvent*) override {
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        const QFontMetrics fm = fontMetrics();
        const int left = fm.horizontalAdvance(QStringLiteral("100%")) + 6;
        const QRect plot(left, fm.height() + 4, width() - left - 8, height() - 2 * fm.height() - 8);
        const QColor text = palette().color(QPalette::Text);
        const QColor grid = palette().color(QPalette::Mid);
        p.setPen(grid);
        for (int pct : {0, 50, 100}) {
            const int y = plot.bottom() - plot.height() * pct / 100;
            p.drawLine(plot.left(), y, plot.right(), y);
            p.setPen(text);
            p.drawText(QRect(0, y - fm.height() / 2, left - 4, fm.height()),
                       Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("%1%").arg(pct));
            p.setPen(grid);
        }
        const QColor bar(70, 130, 180);
        const QColor line(214, 96, 77);
        p.setPen(text);
        p.drawText(QRect(left, 0, plot.width(), fm.height()), Qt::AlignLeft,
                   FiltersView::tr("share per PC (bars), running total (line)"));
        if (m_shares.empty())
            return;
        const int n = int(m_shares.size());
        const double step = double(plot.width()) / n;
        QPainterPath cumulative;
        double total = 0;
        for (int i = 0; i < n; ++i) {
            const double h = plot.height() * std::clamp(m_shares[std::size_t(i)], 0.0, 1.0);
            p.fillRect(
                QRectF(plot.left() + i * step + step * 0.15, plot.bottom() + 1 - h, step * 0.7, h),
                bar);
            total += m_shares[std::size_t(i)];
            const QPointF at(plot.left() + (i + 0.5) * step,
                             plot.bottom() - plot.height() * std::min(total, 1.0));
            if (i == 0)
                cumulative.moveTo(at);
            else
                cumulative.lineTo(at);
        }
        p.setPen(QPen(line, 2));
        p.setBrush(Qt::NoBrush);
        p.drawPath(cumulative);
        p.setPen(text);
        for (int i = 0; i < n; i += std::max(1, n / 7))
            p.drawText(
                QRectF(plot.left() + i * step - 10, plot.bottom() + 3, step + 20, fm.height()),
                Qt::AlignHCenter, QString::number(i + 1));
    }

  private:
    std::vector<double> m_shares;
};

namespace {

QString percent(double share) {
    return QStringLiteral("%1%").arg(100 * share, 0, 'f', share < 0.1 ? 2 : 1);
}

} // namespace

FiltersView::FiltersView(Session* session, QWidget* parent)
    : QWidget(parent), m_session(session), m_filterJob(
                                               this,
                                               [this](FilterPictures p) {
                                                   m_pictures = std::move(p);
                                                   showFilters();
                                               },
                                               [this](const QString& e) { showError(e); }),
      m_componentJob(
          this,
          [this](ComponentPictures p) {
              m_pcs = std::move(p);
              showComponents();
          },
          [this](const QString& e) { showError(e); }) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);

    m_help = new QLabel(this);
    m_help->setWordWrap(true);
    m_help->setTextFormat(Qt::RichText);
    m_help->setFrameShape(QFrame::StyledPanel);
    m_help->setMargin(6);
    m_help->setVisible(false);
    layout->addWidget(m_help);

    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_helpButton = new QToolButton(m_tabs);
    m_helpButton->setText(QStringLiteral("?"));
    m_helpButton->setCheckable(true);
    m_helpButton->setToolTip(tr("What am I looking at?"));
    m_tabs->setCornerWidget(m_helpButton, Qt::TopRightCorner);
    connect(m_helpButton, &QToolButton::toggled, m_help, &QWidget::setVisible);
    layout->addWidget(m_tabs, 1);

    // The Filters page.
    auto* filtersPage = new QWidget(m_tabs);
    auto* fl = new QVBoxLayout(filtersPage);
    fl->setContentsMargins(0, 4, 0, 0);
    auto* bar = new QHBoxLayout;
    m_sort = new QComboBox(filtersPage);
    m_sort->addItem(tr("by index"), int(Sort::Index));
    m_sort->addItem(tr("by norm, largest first"), int(Sort::Norm));
    m_sort->setToolTip(tr("Show the filters in order of d, or of their length ‖W[d]‖."));
    auto* sortLabel = new QLabel(tr("Order:"), filtersPage);
    sortLabel->setBuddy(m_sort);
    m_shared = new QCheckBox(tr("Shared scale"), filtersPage);
    m_shared->setToolTip(
        tr("Off: each filter is stretched to its own range (its lowest weight black, its highest "
           "white), so every filter's pattern shows.\nOn: one range for all filters, from -m to "
           "+m with m the largest |weight| of W, so 0 is mid-grey and weak filters fade to grey: "
           "filters can be compared."));
    // Two short rows rather than one long one: the dock stays narrow beside the image.
    bar->addWidget(sortLabel);
    bar->addWidget(m_sort, 1);
    fl->addLayout(bar);
    fl->addWidget(m_shared);
    m_caption = new QLabel(filtersPage);
    m_caption->setWordWrap(true);
    fl->addWidget(m_caption);
    m_filters = new TileGrid(filtersPage);
    fl->addWidget(m_filters, 1);
    m_tabs->addTab(filtersPage, tr("Filters"));

    // The Filter PCs page.
    auto* pcsPage = new QWidget(m_tabs);
    auto* pl = new QVBoxLayout(pcsPage);
    pl->setContentsMargins(0, 4, 0, 0);
    m_componentsCaption = new QLabel(pcsPage);
    m_componentsCaption->setWordWrap(true);
    pl->addWidget(m_componentsCaption);
    m_chart = new ExplainedChart(pcsPage);
    pl->addWidget(m_chart);
    m_components = new TileGrid(pcsPage);
    m_components->setTargetWidth(64);
    pl->addWidget(m_components, 1);
    m_tabs->addTab(pcsPage, tr("Filter PCs"));

    connect(m_sort, &QComboBox::currentIndexChanged, this, [this] { showFilters(); });
    connect(m_shared, &QCheckBox::toggled, this, [this] { showFilters(); });
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] { requestComponents(); });
    connect(m_filters, &TileGrid::tileClicked, session, &Session::selectFilter);
    connect(session, &Session::filterChanged, m_filters,
            [this](int d) { m_filters->setSelected(d); });
    connect(session, &Session::resultReady, this,
            [this] { rebuildWhenSeen(this, m_rebuildOwed, [this] { rebuild(); }); });
    rebuild();
}

void FiltersView::showPage(Page page) {
    m_tabs->setCurrentIndex(page == Page::Filters ? 0 : 1);
}

FiltersView::Page FiltersView::page() const {
    return m_tabs->currentIndex() == 0 ? Page::Filters : Page::Components;
}

void FiltersView::setSharedScale(bool shared) {
    m_shared->setChecked(shared);
}

bool FiltersView::sharedScale() const {
    return m_shared->isChecked();
}

void FiltersView::setSort(Sort sort) {
    m_sort->setCurrentIndex(m_sort->findData(int(sort)));
}

FiltersView::Sort FiltersView::sort() const {
    return Sort(m_sort->currentData().toInt());
}

void FiltersView::setHelpVisible(bool visible) {
    m_helpButton->setChecked(visible);
}

bool FiltersView::helpVisible() const {
    return m_helpButton->isChecked();
}

QImage FiltersView::filterImage(int d) const {
    return d >= 0 && d < m_filters->count() ? m_filters->tile(d).image : QImage();
}

QList<int> FiltersView::order() const {
    return m_filters->order();
}

int FiltersView::filterCount() const {
    return m_filters->count();
}

double FiltersView::filterNorm(int d) const {
    return d >= 0 && d < int(m_pictures.norms.size()) ? m_pictures.norms[std::size_t(d)] : 0;
}

int FiltersView::componentCount() const {
    return m_components->count();
}

double FiltersView::explained(int i) const {
    return i >= 0 && i < m_pcs.pca.count() ? m_pcs.pca.explained(i) : 0;
}

std::vector<float> FiltersView::component(int i) const {
    if (i < 0 || i >= m_pcs.pca.count())
        return {};
    const auto k = std::size_t(m_pcs.pca.dim);
    const auto begin = m_pcs.pca.components.begin() + std::ptrdiff_t(std::size_t(i) * k);
    return {begin, begin + std::ptrdiff_t(k)};
}

QImage FiltersView::componentImage(int i) const {
    return i >= 0 && i < m_components->count() ? m_components->tile(i).image : QImage();
}

bool FiltersView::busy() const {
    return m_filterJob.busy() || m_componentJob.busy();
}

QString FiltersView::caption() const {
    return m_caption->text();
}

QString FiltersView::componentsCaption() const {
    return m_componentsCaption->text();
}

QString FiltersView::helpText() const {
    return m_help->text();
}

void FiltersView::rebuild() {
    const JobOutcome* current = m_session->current();
    std::shared_ptr<const PatchEmbedWeights> weights = current ? current->weights : nullptr;
    if (weights && weights == m_weights)
        return; // a new image through the same weights: the same filters
    m_weights = weights;
    m_pictures = {};
    m_pcs = {};
    m_filtersAsked = false;
    m_componentsAsked = false;
    m_filterJob.cancel();
    m_componentJob.cancel();
    m_filters->setTiles({});
    m_components->setTiles({});
    m_chart->setValues({});
    if (!weights) {
        const QString hint = tr("No result yet: open an image to see the projection's filters.");
        m_caption->setText(hint);
        m_componentsCaption->setText(hint);
        m_filters->setPlaceholder(hint);
        m_components->setPlaceholder(hint);
        m_help->setText(tr("A filter is one row of the projection W, shown as a picture."));
        return;
    }
    const int d = weights->dim(), c = weights->channels();
    const Size2 pq = weights->patch();
    const int k = weights->valuesPerPatch();
    QString caption =
        tr("%1 filters, each %2×%3×%4 = %5 weights. Click one to follow it; the arrow keys step.")
            .arg(d)
            .arg(c)
            .arg(pq.h)
            .arg(pq.w)
            .arg(k);
    // N patches have at most N − 1 directions once their mean is removed: a PCA projection with
    // more outputs completes W with directions no patch varies along, and those outputs are 0.
    const std::int64_t n = current->result.grid.count();
    if (current->spec.init == InitScheme::PcaPatches && current->spec.weightsPath.empty() &&
        d > n - 1)
        caption += u' ' + tr("This image has %1 patches, so at most %2 directions to fit: filters "
                             "%2 to %3 only complete W (their outputs are 0). Lower embed_dim or "
                             "the patch size to see only fitted filters.")
                              .arg(n)
                              .arg(n - 1)
                              .arg(d - 1);
    m_caption->setText(caption);
    m_filters->setPlaceholder(tr("Drawing %1 filters…").arg(d));
    m_components->setPlaceholder(tr("Finding the filters' principal components…"));
    m_componentsCaption->setText(tr("The main directions the %1 filters vary along.").arg(d));
    const QString colours =
        c == 3   ? tr("Red, green and blue are the weights on the patch's three colour channels.")
        : c == 1 ? tr("Grey: one channel (luminance).")
                 : tr("The %1 channels are shown side by side in grey.").arg(c);
    m_help->setText(
        tr("<p><b>What is a filter?</b> Row d of W, reshaped to %1×%2×%3 (C×P×Q), is filter d. "
           "Output d of a patch is the dot product of the patch's %4 numbers with filter d: the "
           "convolution's kernel d. Bright where the filter adds the pixel, dark where it "
           "subtracts it. %5</p>"
           "<p>Random filters look like noise. The filters of a PCA projection (Init: PCA of the "
           "image's patches, <tt>--init pca-patches</tt>) look like the smooth colour blobs and "
           "gradients "
           "that trained ViTs learn (Dosovitskiy et al., “An Image is Worth 16x16 Words”, ICLR "
           "2021, figure 7).</p>"
           "<p>Filters on their own range show every pattern; the shared scale (0 mid-grey) "
           "shows which filters are strong. Sorted by norm, the strongest come first.</p>"
           "<p><b>Filter PCs</b> are the main directions the %6 filters vary along, largest "
           "first; the share under each says how much of the filters' variety it explains. The "
           "filters "
           "of a PCA projection are orthonormal, so no direction stands out among them: every PC "
           "explains the same share.</p>")
            .arg(c)
            .arg(pq.h)
            .arg(pq.w)
            .arg(k)
            .arg(colours)
            .arg(d));
    requestFilters();
    requestComponents();
}

void FiltersView::cameOnScreen() {
    if (std::exchange(m_rebuildOwed, false))
        return rebuild();
    requestFilters();
    requestComponents();
}

void FiltersView::requestFilters() {
    if (!m_weights || m_filtersAsked || !onScreen(this))
        return;
    m_filtersAsked = true;
    m_filterJob.run(
        [w = m_weights](const std::atomic<bool>& cancel) { return makeFilters(w, cancel); });
}

FiltersView::FilterPictures FiltersView::makeFilters(std::shared_ptr<const PatchEmbedWeights> w,
                                                     const std::atomic<bool>& cancel) {
    FilterPictures out;
    out.weights = w;
    const int d = w->dim(), c = w->channels();
    const Size2 pq = w->patch();
    const std::int64_t k = w->valuesPerPatch();
    const float* data = w->proj.data.data();
    std::vector<RowStats> stats(std::size_t(d), RowStats{});
    float m = 0;
    for (int i = 0; i < d; ++i) {
        stats[std::size_t(i)] = rowStats(data + i * k, k);
        m = std::max({m, std::abs(stats[std::size_t(i)].lo), std::abs(stats[std::size_t(i)].hi)});
    }
    out.sharedMax = m;
    out.own.resize(std::size_t(d));
    out.shared.resize(std::size_t(d));
    out.norms.resize(std::size_t(d));
    for (int i = 0; i < d; ++i) {
        if (cancel.load())
            throw Cancelled();
        const RowStats& s = stats[std::size_t(i)];
        const float* row = data + i * k;
        Tile own;
        own.image = weightsImage(row, c, pq.h, pq.w, s.lo, s.hi);
        own.label = QString::number(i);
        own.tip = tr("filter %1\nnorm %2\nmin %3, max %4")
                      .arg(i)
                      .arg(s.norm, 0, 'g', 4)
                      .arg(double(s.lo), 0, 'g', 3)
                      .arg(double(s.hi), 0, 'g', 3);
        Tile shared = own;
        shared.image = weightsImage(row, c, pq.h, pq.w, -m, m);
        out.own[std::size_t(i)] = std::move(own);
        out.shared[std::size_t(i)] = std::move(shared);
        out.norms[std::size_t(i)] = s.norm;
    }
    const std::vector<int> byNorm = orderByNorm(out.norms);
    out.byNorm = QList<int>(byNorm.begin(), byNorm.end());
    return out;
}

void FiltersView::showFilters() {
    if (!m_pictures.weights)
        return;
    const bool norm = sort() == Sort::Norm;
    m_filters->setTiles(sharedScale() ? m_pictures.shared : m_pictures.own,
                        norm ? m_pictures.byNorm : QList<int>{});
    m_filters->setSelected(m_session->selectedFilter());
}

void FiltersView::requestComponents() {
    if (!m_weights || m_componentsAsked || page() != Page::Components || !onScreen(this))
        return;
    m_componentsAsked = true;
    m_componentJob.run(
        [w = m_weights](const std::atomic<bool>& cancel) { return makeComponents(w, cancel); });
}

FiltersView::ComponentPictures
FiltersView::makeComponents(std::shared_ptr<const PatchEmbedWeights> w,
                            const std::atomic<bool>& cancel) {
    ComponentPictures out;
    out.weights = w;
    const int d = w->dim(), c = w->channels();
    const Size2 pq = w->patch();
    const int k = w->valuesPerPatch();
    if (d < 2)
        throw InputError(
            tr("One filter has no spread: the filter PCs need at least two.").toStdString());
    // D filters span at most D - 1 directions once their mean is removed.
    const int count = std::min({kMaxFilterComponents, k, d - 1});
    out.pca = pca(w->proj.data.data(), d, k, count, {},
                  [&cancel](std::size_t, std::size_t) { return !cancel.load(); });
    double cumulative = 0;
    for (int i = 0; i < out.pca.count(); ++i) {
        const float* v = out.pca.components.data() + std::size_t(i) * std::size_t(k);
        const RowStats s = rowStats(v, k);
        const float m = std::max(std::abs(s.lo), std::abs(s.hi));
        const double share = out.pca.explained(i);
        cumulative += share;
        Tile tile;
        tile.image = weightsImage(v, c, pq.h, pq.w, -m, m);
        tile.label = tr("%1: %2").arg(i + 1).arg(percent(share));
        tile.tip = tr("component %1 of the filters\nexplains %2 of their variance\n%3 together "
                      "with those before it")
                       .arg(i + 1)
                       .arg(percent(share))
                       .arg(percent(cumulative));
        out.tiles.push_back(std::move(tile));
    }
    return out;
}

void FiltersView::showComponents() {
    if (!m_pcs.weights)
        return;
    std::vector<double> shares;
    double total = 0;
    for (int i = 0; i < m_pcs.pca.count(); ++i) {
        shares.push_back(m_pcs.pca.explained(i));
        total += shares.back();
    }
    m_chart->setValues(shares);
    m_components->setTiles(m_pcs.tiles);
    m_componentsCaption->setText(
        tr("The first %1 principal components of the %2 filters, largest first, each drawn like "
           "a filter (0 mid-grey). Together they explain %3 of how the filters differ.")
            .arg(m_pcs.pca.count())
            .arg(m_pcs.weights->dim())
            .arg(percent(total)));
}

void FiltersView::showError(const QString& message) {
    m_filters->setPlaceholder(message);
    m_components->setPlaceholder(message);
    m_componentsCaption->setText(message);
}

} // namespace tessera::ui
