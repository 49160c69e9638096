// The maps over the image (PatchMaps): each map's colours are its numbers, computed here naively
// in double from the result's embeddings; the most similar patches outlined are the naive top k;
// a PCA fit is kept while only the components change and made again for a new foreground; the
// image view shows the newest map, and every map looks different on screen.
#include "patch_maps.hpp"
#include "views_fixture.hpp"

#include <QSignalSpy>

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace tessera;
using namespace tessera::ui;
using namespace tessera::ui::test;

namespace {

// Colours from values that agree to float rounding may differ by a unit at a stop's edge.
bool near(QColor a, QColor b) {
    return std::abs(a.red() - b.red()) <= 2 && std::abs(a.green() - b.green()) <= 2 &&
           std::abs(a.blue() - b.blue()) <= 2 && a.alpha() == b.alpha();
}

QColor cell(const io::PatchMap& m, std::int64_t i) {
    return m.cells.pixelColor(int(i % m.cells.width()), int(i / m.cells.width()));
}

MadeMap make(const JobOutcome& out, MapKind kind, int patch, int filter,
             std::shared_ptr<const PcaFit> fit = {}, MapOptions o = {}) {
    o.kind = kind;
    std::atomic<bool> cancel{false};
    return makeMap(out, o, patch, filter, std::move(fit), cancel);
}

bool waitIdle(PatchMaps& maps) {
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 30000) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        if (!maps.busy())
            return true;
    }
    return false;
}

} // namespace

class TestPatchMaps : public QObject {
    Q_OBJECT

    Views v;
    PatchMaps* maps = nullptr;

  private slots:
    void initTestCase() {
        maps = new PatchMaps(&v.session, v.image, &v.window);
        Spec s;
        s.embedDim = 48;
        QVERIFY(v.run(blocks(7, 5), s));
    }

    void similarityIsTheNaiveCosineWithTheTopKOutlined() {
        const JobOutcome& out = *v.session.current();
        const Tensor& e = out.result.embeddings;
        const std::int64_t n = e.dim(1), d = e.dim(2);
        const int p = 17;
        std::vector<double> sim(static_cast<std::size_t>(n));
        auto dot = [&](std::int64_t a, std::int64_t b) {
            double s = 0;
            for (std::int64_t k = 0; k < d; ++k)
                s += double(e.data[a * d + k]) * e.data[b * d + k];
            return s;
        };
        for (std::int64_t i = 0; i < n; ++i)
            sim[i] = dot(p, i) / std::sqrt(dot(p, p) * dot(i, i));
        const io::PatchMap m = make(out, MapKind::Similarity, p, -1).map;
        QVERIFY(m.title.contains("17"));
        const double lo = *std::min_element(sim.begin(), sim.end());
        QCOMPARE(m.max, 1.0);
        QVERIFY(std::abs(m.min - lo) < 1e-5);
        for (std::int64_t i = 0; i < n; ++i)
            QVERIFY2(near(cell(m, i), io::viridis((sim[i] - m.min) / (m.max - m.min))),
                     qPrintable(QString("patch %1").arg(i)));
        // The 8 most similar, itself left out, most similar first.
        std::vector<std::int64_t> order(static_cast<std::size_t>(n));
        std::iota(order.begin(), order.end(), 0);
        order.erase(order.begin() + p);
        std::stable_sort(order.begin(), order.end(),
                         [&](std::int64_t a, std::int64_t b) { return sim[a] > sim[b]; });
        QCOMPARE(m.outlined.size(), 8);
        // The same patches in the same order; two whose similarities agree to float rounding
        // (the image is random) may come either way round.
        for (int k = 0; k < 8; ++k)
            QVERIFY2(m.outlined[k] == int(order[std::size_t(k)]) ||
                         std::abs(sim[std::size_t(m.outlined[k])] - sim[order[std::size_t(k)]]) <
                             1e-6,
                     qPrintable(QString("rank %1: patch %2, naive %3")
                                    .arg(k)
                                    .arg(m.outlined[k])
                                    .arg(order[std::size_t(k)])));
    }

    void withoutASelectionTheMapSaysWhatToPick() {
        const JobOutcome& out = *v.session.current();
        for (const MapKind kind : {MapKind::Similarity, MapKind::FilterResponse}) {
            const io::PatchMap m = make(out, kind, -1, -1).map;
            QVERIFY(m.empty());
            QVERIFY(!m.note.isEmpty());
        }
    }

    void filterResponseIsOutputChannelD() {
        const JobOutcome& out = *v.session.current();
        const Tensor& e = out.result.embeddings;
        const std::int64_t n = e.dim(1), d = e.dim(2);
        const int f = 5;
        const io::PatchMap m = make(out, MapKind::FilterResponse, -1, f).map;
        double a = 0;
        for (std::int64_t i = 0; i < n; ++i)
            a = std::max(a, std::abs(double(e.data[i * d + f])));
        QCOMPARE(m.min, -a); // diverging: symmetric about 0
        QCOMPARE(m.max, a);
        for (std::int64_t i = 0; i < n; ++i)
            QVERIFY(near(cell(m, i), io::diverging((e.data[i * d + f] + a) / (2 * a))));
    }

    void pcaFitIsKeptForOtherComponentsAndForegroundLeavesTheRestClear() {
        const JobOutcome& out = *v.session.current();
        const MadeMap first = make(out, MapKind::PcaColours, -1, -1);
        QVERIFY(first.fit);
        QCOMPARE(first.map.channels.size(), 3);
        MapOptions o;
        o.components = {3, 1, 0};
        const MadeMap other = make(out, MapKind::PcaColours, -1, -1, first.fit, o);
        QCOMPARE(other.fit.get(), first.fit.get()); // not fitted again
        QVERIFY(other.map.channels[0].startsWith("PC4"));
        QVERIFY(other.map.cells != first.map.cells);

        // The foreground: patches with a norm at least the median.
        std::vector<float> norms = out.result.norms.data;
        std::nth_element(norms.begin(), norms.begin() + norms.size() / 2, norms.end());
        o = {};
        o.foregroundOnly = true;
        o.foreground = norms[norms.size() / 2];
        const MadeMap fg = make(out, MapKind::PcaColours, -1, -1, first.fit, o);
        QVERIFY(fg.fit.get() != first.fit.get());
        int fitted = 0;
        for (std::size_t i = 0; i < out.result.norms.data.size(); ++i) {
            const bool in = out.result.norms.data[i] >= o.foreground;
            fitted += in;
            QCOMPARE(cell(fg.map, std::int64_t(i)).alpha(), in ? 255 : 0);
        }
        QCOMPARE(fg.fit->fittedCount, fitted);
        QVERIFY(fg.map.note.contains(QString::number(fitted)));
        // The fitted patches' colours span each channel: min-max scaled, as DINO's pictures are.
        int lo[3] = {255, 255, 255}, hi[3] = {0, 0, 0};
        for (std::size_t i = 0; i < norms.size(); ++i)
            if (out.result.norms.data[i] >= o.foreground) {
                const QColor c = cell(fg.map, std::int64_t(i));
                const int ch[3] = {c.red(), c.green(), c.blue()};
                for (int k = 0; k < 3; ++k) {
                    lo[k] = std::min(lo[k], ch[k]);
                    hi[k] = std::max(hi[k], ch[k]);
                }
            }
        for (int k = 0; k < 3; ++k) {
            QCOMPARE(lo[k], 0);
            QCOMPARE(hi[k], 255);
        }
    }

    void aThresholdNoPatchReachesIsAnErrorNamingIt() {
        MapOptions o;
        o.kind = MapKind::PcaColours;
        o.foregroundOnly = true;
        o.foreground = 1e9;
        maps->setOptions(o);
        QVERIFY(waitIdle(*maps));
        QVERIFY(maps->shown().empty());
        QVERIFY2(maps->shown().note.contains("1e+09"), qPrintable(maps->shown().note));
    }

    void theViewShowsTheNewestMapAndEachLooksDifferent() {
        Overlays ov = v.image->overlays();
        ov.map = true;
        v.image->setOverlays(ov);
        v.session.select(3);
        v.session.selectFilter(2);
        QList<QImage> shots;
        for (const MapKind kind :
             {MapKind::Norm, MapKind::FilterResponse, MapKind::Similarity, MapKind::PcaColours}) {
            MapOptions o;
            o.kind = kind;
            maps->setOptions(o);
            QVERIFY(waitIdle(*maps));
            const MadeMap expected =
                make(*v.session.current(), kind, v.session.selected(), v.session.selectedFilter());
            QCOMPARE(v.image->map().cells, expected.map.cells);
            QCOMPARE(v.image->map().title, expected.map.title);
            shots << v.image->grab().toImage();
        }
        for (int i = 0; i < shots.size(); ++i)
            for (int j = i + 1; j < shots.size(); ++j)
                QVERIFY(shots[i] != shots[j]);
        // Following the selection: another patch, another similarity map.
        MapOptions o;
        o.kind = MapKind::Similarity;
        maps->setOptions(o);
        QVERIFY(waitIdle(*maps));
        const QImage similar3 = v.image->map().cells;
        v.session.select(20);
        QVERIFY(waitIdle(*maps));
        QVERIFY(v.image->map().title.contains("20"));
        QVERIFY(v.image->map().cells != similar3);
    }

    // A map that takes long says "computing…" after 300 ms (a large photo's PCA colours); one
    // that is done by then is never covered by that note.
    void aPendingNoteNeverCoversAFinishedMap() {
        for (const MapKind kind : {MapKind::PcaColours, MapKind::Norm}) {
            MapOptions o;
            o.kind = kind;
            maps->setOptions(o);
            QVERIFY(waitIdle(*maps));
            QTest::qWait(500);
            QVERIFY2(!v.image->map().cells.isNull(), qPrintable(v.image->map().note));
            QVERIFY(maps->shown().note != PatchMaps::tr("computing…"));
        }
    }

    // Last: it changes the image. Another picture clears the selection at once, and says so, so
    // no view goes on showing "patch 3" of a picture where patch 3 is somewhere else.
    void anotherImageClearsTheSelection() {
        v.session.select(3);
        QSignalSpy cleared(&v.session, &Session::selectionChanged);
        QString error;
        QVERIFY(v.session.setImage(blocks(6, 4), QStringLiteral("other"), &error));
        QCOMPARE(cleared.size(), 1);
        QCOMPARE(cleared.last().at(0).toInt(), -1);
        QCOMPARE(v.session.selected(), -1);
    }
};

QTEST_MAIN(TestPatchMaps)
#include "test_patch_maps.moc"
