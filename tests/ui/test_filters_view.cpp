// The Filters view: each filter's picture is its weights rescaled (per filter, and on the shared
// symmetric scale; RGB for C = 3, grey for C = 1), the norm order is a naive sort's, the filter
// PCs are the core PCA of W's rows with variance shares checked against a naive projection, and a
// click on a tile selects the filter.
#include "filters_view.hpp"
#include "npy.hpp"
#include "picture_checks.hpp"
#include "views_fixture.hpp"

#include <QTemporaryDir>

#include <QTabWidget>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>

using namespace tessera;
using namespace tessera::ui;
using tessera::ui::test::Views;

namespace {

using tessera::ui::testing::distinctColours;

// The view in a window of its own (as in a dock), beside the fixture's image view and charts.
struct FiltersFixture : Views {
    std::unique_ptr<FiltersView> view; // goes before the Session it holds
    FiltersView* filters = nullptr;
    FiltersFixture() : view(std::make_unique<FiltersView>(&session)), filters(view.get()) {
        window.hide(); // the view alone, as in a dock
        filters->resize(900, 700);
        filters->show();
    }
    bool runAndDraw(const Spec& spec) {
        if (!run(test::chelsea(), spec))
            return false;
        return waitIdle();
    }
    bool waitIdle() {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 120000) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
            if (!filters->busy()) {
                QCoreApplication::processEvents();
                return true;
            }
        }
        return false;
    }
    const PatchEmbedWeights& weights() const { return *session.current()->weights; }
};

Spec smallSpec(int dim, int channels = 3, int patch = 16) {
    Spec s = test::spec224();
    s.embedDim = dim;
    s.inChans = channels;
    s.patch = Size2{patch, patch};
    return s;
}

// The level a weight should have on [lo, hi], computed here apart from the view.
int expectedLevel(double v, double lo, double hi) {
    if (hi <= lo)
        return 128;
    return int(std::clamp(std::floor((v - lo) / (hi - lo) * 255 + 0.5), 0.0, 255.0));
}

// Compares filter d's picture with its weights on [lo, hi] (one range for all channels).
void checkPicture(const QImage& image, const float* w, int c, int p, int q, double lo, double hi) {
    if (c == 3)
        QCOMPARE(image.size(), QSize(q, p));
    else
        QCOMPARE(image.size(), QSize(c * q + c - 1, p));
    const std::int64_t plane = std::int64_t(p) * q;
    for (int y = 0; y < p; ++y)
        for (int x = 0; x < q; ++x) {
            if (c == 3) {
                const QRgb px = image.pixel(x, y);
                const int got[3] = {qRed(px), qGreen(px), qBlue(px)};
                for (int ch = 0; ch < 3; ++ch)
                    QVERIFY(std::abs(got[ch] - expectedLevel(w[ch * plane + y * q + x], lo, hi)) <=
                            1);
            } else {
                for (int ch = 0; ch < c; ++ch) {
                    const QRgb px = image.pixel(ch * (q + 1) + x, y);
                    QCOMPARE(qRed(px), qGreen(px));
                    QCOMPARE(qRed(px), qBlue(px));
                    QVERIFY(std::abs(qRed(px) - expectedLevel(w[ch * plane + y * q + x], lo, hi)) <=
                            1);
                }
            }
        }
}

} // namespace

class TestFiltersView : public QObject {
    Q_OBJECT

  private slots:
    void noResultShowsAHint() {
        Session session;
        FiltersView view(&session);
        QCOMPARE(view.filterCount(), 0);
        QVERIFY(!view.filterGrid()->placeholder().isEmpty());
        QVERIFY(view.filterImage(0).isNull());
    }

    void rgbFiltersAreTheirWeightsRescaled() {
        FiltersFixture f;
        QVERIFY(f.runAndDraw(smallSpec(48)));
        const PatchEmbedWeights& w = f.weights();
        QCOMPARE(f.filters->filterCount(), 48);
        const std::int64_t k = w.valuesPerPatch();
        double m = 0;
        for (float v : w.proj.data)
            m = std::max(m, std::abs(double(v)));
        for (int d : {0, 7, 47}) {
            const float* row = w.proj.data.data() + d * k;
            const auto [lo, hi] = std::minmax_element(row, row + k);
            checkPicture(f.filters->filterImage(d), row, 3, 16, 16, *lo, *hi);
        }
        QVERIFY(!f.filters->sharedScale());
        f.filters->setSharedScale(true);
        for (int d : {0, 7, 47})
            checkPicture(f.filters->filterImage(d), w.proj.data.data() + d * k, 3, 16, 16, -m, m);
        // On the shared scale a weight of 0 would be mid-grey: the range is symmetric.
        QCOMPARE(expectedLevel(0, -m, m), 128);
    }

    void greyFiltersForOneChannel() {
        FiltersFixture f;
        QVERIFY(f.runAndDraw(smallSpec(20, 1, 8)));
        const PatchEmbedWeights& w = f.weights();
        QCOMPARE(w.channels(), 1);
        const std::int64_t k = w.valuesPerPatch();
        for (int d : {0, 19}) {
            const float* row = w.proj.data.data() + d * k;
            const auto [lo, hi] = std::minmax_element(row, row + k);
            checkPicture(f.filters->filterImage(d), row, 1, 8, 8, *lo, *hi);
        }
    }

    void sortByNormIsANaiveSort() {
        FiltersFixture f;
        QVERIFY(f.runAndDraw(smallSpec(96)));
        const PatchEmbedWeights& w = f.weights();
        const std::int64_t k = w.valuesPerPatch();
        std::vector<double> norms(96);
        for (int d = 0; d < 96; ++d) {
            double s = 0;
            for (std::int64_t i = 0; i < k; ++i)
                s += double(w.proj.data[std::size_t(d * k + i)]) *
                     w.proj.data[std::size_t(d * k + i)];
            norms[std::size_t(d)] = std::sqrt(s);
            QVERIFY(std::abs(f.filters->filterNorm(d) - norms[std::size_t(d)]) <=
                    1e-9 * norms[std::size_t(d)]);
        }
        QList<int> byIndex(96);
        std::iota(byIndex.begin(), byIndex.end(), 0);
        QCOMPARE(f.filters->order(), byIndex);
        QList<int> naive = byIndex;
        // Selection sort: as plain as it gets, largest first, the lower index first on ties.
        for (int i = 0; i < 96; ++i)
            for (int j = i + 1; j < 96; ++j)
                if (norms[std::size_t(naive[j])] > norms[std::size_t(naive[i])] ||
                    (norms[std::size_t(naive[j])] == norms[std::size_t(naive[i])] &&
                     naive[j] < naive[i]))
                    std::swap(naive[i], naive[j]);
        f.filters->setSort(FiltersView::Sort::Norm);
        QCOMPARE(f.filters->order(), naive);
        // The grid draws them in that order: the largest first, top left.
        const TileGrid* grid = f.filters->filterGrid();
        QCOMPARE(grid->idAt(grid->imageRect(naive[0]).center()), naive[0]);
        QVERIFY(grid->imageRect(naive[0]).top() <= grid->imageRect(naive[95]).top());
    }

    void filterComponentsAreThePcaOfTheFilters() {
        FiltersFixture f;
        QVERIFY(f.runAndDraw(smallSpec(64, 3, 8)));
        QCOMPARE(f.filters->componentCount(), 0); // not computed until the page is shown
        f.filters->showPage(FiltersView::Page::Components);
        QVERIFY(f.waitIdle());
        const PatchEmbedWeights& w = f.weights();
        const int d = 64, k = w.valuesPerPatch();
        QCOMPARE(f.filters->componentCount(), std::min({kMaxFilterComponents, k, d - 1}));
        const Pca ref = pca(w.proj.data.data(), d, k, f.filters->componentCount());

        // The variance of the centred filters along each component, naively, over the trace.
        std::vector<double> mean(std::size_t(k), 0);
        for (int r = 0; r < d; ++r)
            for (int i = 0; i < k; ++i)
                mean[std::size_t(i)] += w.proj.data[std::size_t(r * k + i)] / double(d);
        double trace = 0;
        for (int r = 0; r < d; ++r)
            for (int i = 0; i < k; ++i) {
                const double c = w.proj.data[std::size_t(r * k + i)] - mean[std::size_t(i)];
                trace += c * c;
            }
        double sum = 0;
        for (int i = 0; i < f.filters->componentCount(); ++i) {
            const std::vector<float> comp = f.filters->component(i);
            QCOMPARE(int(comp.size()), k);
            for (int j = 0; j < k; ++j)
                QVERIFY(std::abs(comp[std::size_t(j)] - ref.components[std::size_t(i * k + j)]) <
                        1e-6);
            double along = 0;
            for (int r = 0; r < d; ++r) {
                double dot = 0;
                for (int j = 0; j < k; ++j)
                    dot += (w.proj.data[std::size_t(r * k + j)] - mean[std::size_t(j)]) *
                           comp[std::size_t(j)];
                along += dot * dot;
            }
            const double share = f.filters->explained(i);
            QVERIFY2(std::abs(share - along / trace) < 1e-4,
                     qPrintable(QString("%1: %2 vs %3").arg(i).arg(share).arg(along / trace)));
            if (i > 0)
                QVERIFY(share <= f.filters->explained(i - 1) + 1e-12);
            QVERIFY(share >= 0);
            sum += share;
            // Drawn like a filter, on its own symmetric range.
            const auto [lo, hi] = std::minmax_element(comp.begin(), comp.end());
            const double m = std::max(std::abs(*lo), std::abs(*hi));
            checkPicture(f.filters->componentImage(i), comp.data(), 3, 8, 8, -m, m);
            // Its share is written under it.
            QVERIFY(f.filters->componentGrid()->tile(i).label.contains(
                QString::number(100 * share, 'f', share < 0.1 ? 2 : 1)));
        }
        QVERIFY(sum <= 1 + 1e-9);
        QVERIFY(sum > 0.3); // 27 of 63 directions of random filters hold a good part
        QVERIFY(f.filters->componentsCaption().contains(QString::number(100 * sum, 'f', 1)));
    }

    void clickingATileSelectsTheFilter() {
        FiltersFixture f;
        QVERIFY(f.runAndDraw(smallSpec(768, 3, 16)));
        TileGrid* grid = f.filters->filterGrid();
        const QRect tile = grid->imageRect(5);
        QVERIFY(grid->viewport()->rect().contains(tile));
        QTest::mouseClick(grid->viewport(), Qt::LeftButton, {}, tile.center());
        QCOMPARE(f.session.selectedFilter(), 5);
        QCOMPARE(grid->selected(), 5);
        // Its tooltip names it, with its norm.
        const QString tip = grid->tile(5).tip;
        QVERIFY2(tip.startsWith(QStringLiteral("filter 5\n")), qPrintable(tip));
        QVERIFY2(tip.contains(QString::number(f.filters->filterNorm(5), 'g', 4)), qPrintable(tip));
        // A filter selected elsewhere is outlined and scrolled to.
        f.session.selectFilter(700);
        QCoreApplication::processEvents();
        QCOMPARE(grid->selected(), 700);
        QVERIFY(grid->viewport()->rect().contains(grid->imageRect(700)));
        QVERIFY(!grid->viewport()->rect().contains(grid->imageRect(5)));
        // The arrow keys step in the shown order: by norm, Right is the next smaller norm.
        f.filters->setSort(FiltersView::Sort::Norm);
        const QList<int> order = f.filters->order();
        const int at = 100;
        f.session.selectFilter(order[at]);
        QTest::keyClick(grid, Qt::Key_Right);
        QCOMPARE(f.session.selectedFilter(), order[at + 1]);
        QTest::keyClick(grid, Qt::Key_Left);
        QTest::keyClick(grid, Qt::Key_Left);
        QCOMPARE(f.session.selectedFilter(), order[at - 1]);
        QTest::keyClick(grid, Qt::Key_End);
        QCOMPARE(f.session.selectedFilter(), order.last());
        QVERIFY(grid->viewport()->rect().contains(grid->imageRect(order.last())));
        // A click between tiles selects nothing new.
        QCOMPARE(grid->idAt(QPoint(1, 1)), -1);
    }

    void pcaFiltersLookSmoothRandomOnesLikeNoise() {
        // What the help text promises: the filters of a PCA of the image's patches are smooth
        // colour blobs and gradients, random ones noise. Smoothness: how alike neighbouring
        // pixels of the first 16 filters' pictures are (correlation of each pixel with the next).
        auto smoothness = [](const FiltersView& view) {
            double sum = 0;
            for (int d = 0; d < 16; ++d) {
                const QImage im = view.filterImage(d);
                double sxy = 0, sxx = 0, syy = 0, sx = 0, sy = 0;
                int count = 0;
                for (int y = 0; y < im.height(); ++y)
                    for (int x = 0; x + 1 < im.width(); ++x) {
                        const double a = qGray(im.pixel(x, y)), b = qGray(im.pixel(x + 1, y));
                        sx += a, sy += b, sxx += a * a, syy += b * b, sxy += a * b, ++count;
                    }
                const double cov = sxy / count - sx / count * sy / count;
                const double va = sxx / count - sx / count * sx / count;
                const double vb = syy / count - sy / count * sy / count;
                sum += va > 0 && vb > 0 ? cov / std::sqrt(va * vb) : 1;
            }
            return sum / 16;
        };
        FiltersFixture f;
        QVERIFY(f.runAndDraw(smallSpec(64)));
        const double random = smoothness(*f.filters);
        const PatchEmbedWeights pcaWeights = pcaPatchWeights(
            *f.session.current()->input, f.session.current()->result.grid, 64, false);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("pca.npy"));
        saveNpy(path.toStdString(), pcaWeights.proj);
        Spec spec = smallSpec(64);
        spec.weightsPath = path.toStdString();
        spec.bias = false;
        QVERIFY(f.runAndDraw(spec));
        QCOMPARE(f.weights().proj.data, pcaWeights.proj.data);
        const double pca = smoothness(*f.filters);
        QVERIFY2(random < 0.2 && pca > 0.6, qPrintable(QString("%1 %2").arg(random).arg(pca)));
        f.filters->grab().toImage().save(QDir::tempPath() +
                                         QStringLiteral("/tessera_filters_view/pca_filters.png"));
        f.filters->showPage(FiltersView::Page::Components);
        QVERIFY(f.waitIdle());
        f.filters->grab().toImage().save(QDir::tempPath() +
                                         QStringLiteral("/tessera_filters_view/pca_pcs.png"));
    }

    void pcaOfFewerPatchesThanOutputsSaysWhichFiltersOnlyCompleteW() {
        // 224 / 32 = 7: 49 patches, at most 48 directions; 100 outputs, so 48 to 99 are filler.
        FiltersFixture f;
        Spec s = smallSpec(100, 3, 32);
        s.init = InitScheme::PcaPatches;
        QVERIFY(f.runAndDraw(s));
        QVERIFY2(f.filters->caption().contains("49 patches") &&
                     f.filters->caption().contains("filters 48 to 99"),
                 qPrintable(f.filters->caption()));
        s.embedDim = 48; // every filter fitted: nothing to say
        QVERIFY(f.runAndDraw(s));
        QVERIFY2(!f.filters->caption().contains("patches"), qPrintable(f.filters->caption()));
    }

    void largestShapesDoNotStallTheWindow() {
        // D = 1024 filters of 3×32×32 (K = 3072): pictures and PCs are made on workers, so the
        // event loop keeps turning while they are.
        FiltersFixture f;
        f.filters->showPage(FiltersView::Page::Components);
        QVERIFY(f.run(test::chelsea(), smallSpec(1024, 3, 32)));
        QElapsedTimer total, gap;
        total.start();
        gap.start();
        qint64 longest = 0;
        while (f.filters->busy() && total.elapsed() < 120000) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
            longest = std::max(longest, gap.restart());
        }
        QVERIFY(!f.filters->busy());
        QCOMPARE(f.filters->filterCount(), 1024);
        QCOMPARE(f.filters->componentCount(), kMaxFilterComponents);
        QCOMPARE(f.filters->filterImage(1023).size(), QSize(32, 32));
        QVERIFY2(longest < 250, qPrintable(QString("the GUI thread stalled %1 ms").arg(longest)));
        qInfo("pictures and PCs in %lld ms, longest GUI-thread gap %lld ms", total.elapsed(),
              longest);
    }

    void rendersBothPagesAndTheyDiffer() {
        FiltersFixture f;
        Spec s = smallSpec(768);
        QVERIFY(f.runAndDraw(s));
        f.session.selectFilter(3);
        const QString dir = QDir::tempPath() + QStringLiteral("/tessera_filters_view");
        QDir().mkpath(dir);
        QList<QImage> shots;
        for (QSize size : {QSize(450, 700), QSize(900, 700)}) {
            f.filters->resize(size);
            for (auto page : {FiltersView::Page::Filters, FiltersView::Page::Components}) {
                f.filters->showPage(page);
                QVERIFY(f.waitIdle());
                const QImage shot = f.filters->grab().toImage();
                QVERIFY(distinctColours(shot, 2) > 50);
                shot.save(QStringLiteral("%1/%2x%3_%4.png")
                              .arg(dir)
                              .arg(size.width())
                              .arg(size.height())
                              .arg(page == FiltersView::Page::Filters ? "filters" : "pcs"));
                shots << shot;
            }
        }
        QVERIFY(shots[0] != shots[1]);
        QVERIFY(shots[2] != shots[3]);
        f.filters->setSharedScale(true);
        f.filters->showPage(FiltersView::Page::Filters);
        QCoreApplication::processEvents();
        f.filters->grab().toImage().save(dir + QStringLiteral("/900x700_filters_shared.png"));
        // The help for students, with the live numbers in it.
        QVERIFY(!f.filters->helpVisible());
        f.filters->setHelpVisible(true);
        QVERIFY(f.filters->helpText().contains(QStringLiteral("3×16×16")));
        QVERIFY(f.filters->helpText().contains(QStringLiteral("pca-patches")));
        f.filters->resize(450, 700);
        QCoreApplication::processEvents();
        f.filters->grab().toImage().save(dir + QStringLiteral("/450x700_help.png"));
    }
};

QTEST_MAIN(TestFiltersView)
#include "test_filters_view.moc"
