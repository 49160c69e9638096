// The Patch inspector against independent computations: the strip it shows is the patch packed
// in (C, P, Q) order by a naive loop over the normalised input; each output's sum and the Conv2d
// view's number agree with the result and with a naive 4-D convolution to the rounding of a float
// sum; hovering selects filters; LayerNorm is labelled and its input checked; a hovered pixel
// reads the 8-bit image at the crop offset. It is driven with the mouse, as a user would.
#include "patch_inspector.hpp"
#include "patch_inspector_canvas.hpp"
#include "picture_checks.hpp"
#include "views_fixture.hpp"

#include <QScrollArea>

#include <cfloat>
#include <cmath>
#include <set>

using namespace tessera;
using namespace tessera::ui;
using namespace tessera::ui::test;

namespace {

struct Rig : Views {
    PatchInspector* inspector = nullptr;
    QWidget dock; // where the lead will put it: a dock some 450 pixels wide
    Rig() {
        auto* layout = new QVBoxLayout(&dock);
        layout->setContentsMargins(0, 0, 0, 0);
        inspector = new PatchInspector(&session);
        layout->addWidget(inspector);
        dock.resize(450, 900);
        // Beside the views' window: the mouse, moved as the cursor, finds the topmost window.
        dock.move(window.geometry().right() + 40, 0);
        dock.show();
    }
    ~Rig() { delete inspector; } // before the Session it holds

    // Selects patch `index` and waits until the inspector shows it.
    bool show(int index) {
        session.select(index);
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 60000) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
            if (!inspector->busy() && inspector->shownPatch() == index) {
                QCoreApplication::processEvents();
                return true;
            }
        }
        return false;
    }
    const JobOutcome& outcome() const { return *session.current(); }

    // Scrolls `child` into view and moves the mouse to `pos` on it.
    void hover(QWidget* child, QPointF pos) {
        auto* scroll = inspector->findChild<QScrollArea*>();
        scroll->ensureVisible(child->mapTo(scroll->widget(), pos.toPoint()).x(),
                              child->mapTo(scroll->widget(), pos.toPoint()).y(), 10, 60);
        QCoreApplication::processEvents();
        QTest::mouseMove(child, pos.toPoint());
        QCoreApplication::processEvents();
    }
};

// Patch `index` of the (1, C, H, W) input, flattened by hand: k runs over c, then p, then q;
// positions beyond the input (the padding) hold 0.
std::vector<float> naivePacked(const JobOutcome& o, int index) {
    const Tensor& in = *o.input;
    const PatchGrid& g = o.result.grid;
    const int C = int(in.dim(1)), H = int(in.dim(2)), W = int(in.dim(3));
    const int gy = index / g.gw, gx = index % g.gw;
    std::vector<float> v;
    for (int c = 0; c < C; ++c)
        for (int p = 0; p < g.patch.h; ++p)
            for (int q = 0; q < g.patch.w; ++q) {
                const int y = gy * g.patch.h + p, x = gx * g.patch.w + q;
                v.push_back(y < H && x < W ? in.data[(std::size_t(c) * H + y) * W + x] : 0.f);
            }
    return v;
}

// Output d of the conv at patch `index`'s cell, straight from the 4-D weight and the image:
// Σ_{c,p,q} W[d,c,p,q] · input[c, gy·P + p, gx·Q + q] + b_d, in double. `magnitude` gets
// Σ|terms| + |b|, which bounds the rounding of a float sum of those terms.
double naiveConv(const JobOutcome& o, int index, int d, double* magnitude) {
    const Tensor& in = *o.input;
    const PatchEmbedWeights& w = *o.weights;
    const PatchGrid& g = o.result.grid;
    const int C = int(in.dim(1)), H = int(in.dim(2)), W = int(in.dim(3));
    const int P = g.patch.h, Q = g.patch.w, gy = index / g.gw, gx = index % g.gw;
    double sum = w.bias.empty() ? 0 : w.bias[std::size_t(d)];
    double mag = std::abs(sum);
    for (int c = 0; c < C; ++c)
        for (int p = 0; p < P; ++p)
            for (int q = 0; q < Q; ++q) {
                const int y = gy * P + p, x = gx * Q + q;
                if (y >= H || x >= W)
                    continue;
                const double term =
                    double(w.proj.data[((std::size_t(d) * C + c) * P + p) * Q + q]) *
                    in.data[(std::size_t(c) * H + y) * W + x];
                sum += term;
                mag += std::abs(term);
            }
    if (magnitude)
        *magnitude = mag;
    return sum;
}

// A float sum of K terms is within K·u·Σ|terms| of the exact sum (the classic bound); the
// result's GEMM adds in float, blocked, so that is what it may differ by.
double floatSumBound(int K, double magnitude) {
    return (K + 2) * (FLT_EPSILON / 2) * magnitude + 1e-30;
}

QImage grabbed(QWidget& w) {
    return w.grab().toImage().convertToFormat(QImage::Format_RGB32);
}

using tessera::ui::testing::distinctColours;

// Screenshots for a person to look at, when TESSERA_SHOTS names a folder.
void keep(const QImage& img, const QString& name) {
    const QString dir = qEnvironmentVariable("TESSERA_SHOTS");
    if (!dir.isEmpty())
        img.save(dir + QLatin1Char('/') + name);
}

} // namespace

class TestPatchInspector : public QObject {
    Q_OBJECT

  private slots:
    void showsAHintUntilAPatchIsSelected() {
        Rig rig;
        QVERIFY(!rig.inspector->hintText().isEmpty()); // no result yet
        QCOMPARE(rig.inspector->shownPatch(), -1);
        QVERIFY(rig.run(chelsea(), spec224()));
        QCOMPARE(rig.session.selected(), -1);
        QVERIFY(rig.inspector->hintText().contains(QStringLiteral("Click a patch")));
        QCOMPARE(rig.inspector->shownPatch(), -1);
        QVERIFY(rig.show(37));
        QVERIFY(rig.inspector->hintText().isEmpty());
        rig.session.select(-1);
        QCoreApplication::processEvents();
        QVERIFY(rig.inspector->hintText().contains(QStringLiteral("Click a patch")));
        QCOMPARE(rig.inspector->shownPatch(), -1);
    }

    void stripIsThePatchInCpqOrder() {
        Rig rig;
        QVERIFY(rig.run(chelsea(), spec224()));
        for (int index : {0, 37, 195}) {
            QVERIFY(rig.show(index));
            const std::vector<float> expected = naivePacked(rig.outcome(), index);
            QCOMPARE(int(expected.size()), 3 * 16 * 16);
            QCOMPARE(rig.inspector->strip(), expected);
        }
    }

    void paddedPatchHoldsZerosAndSaysSo() {
        Rig rig;
        Spec s; // native size, dynamic padding: 70×50 is cut into 5×4 patches of 16, padded
        QVERIFY(rig.run(blocks(5, 4).scaled(70, 50), s));
        const PatchGrid& g = rig.outcome().result.grid;
        QCOMPARE(g.padBottom(), 14);
        QCOMPARE(g.padRight(), 10);
        const int last = int(g.count()) - 1; // bottom right: padded both ways
        QVERIFY(rig.show(last));
        const std::vector<float> expected = naivePacked(rig.outcome(), last);
        QCOMPARE(rig.inspector->strip(), expected);
        // Row 2 of the last patch row is y = 50: padding; column 5 is x = 69: the image's edge.
        QCOMPARE(expected[std::size_t(2 * 16 + 5)], 0.f);
        PixelTiles* tiles = rig.inspector->pixelTiles();
        rig.hover(tiles, tiles->positionOf(0, 2, 5, false));
        QVERIFY2(rig.inspector->pixelReadout().contains(QStringLiteral("padding")),
                 qPrintable(rig.inspector->pixelReadout()));
        rig.hover(tiles, tiles->positionOf(0, 1, 5, false));
        QVERIFY2(!rig.inspector->pixelReadout().contains(QStringLiteral("padding")),
                 qPrintable(rig.inspector->pixelReadout()));
    }

    void outputsAreTheResultsAndTheConvsNumbers() {
        Rig rig;
        QVERIFY(rig.run(chelsea(), spec224()));
        const int index = 37;
        QVERIFY(rig.show(index));
        const JobOutcome& o = rig.outcome();
        const int D = o.dim, K = o.weights->valuesPerPatch();
        double worst = 0;
        for (int d = 0; d < D; ++d) {
            double magnitude = 0;
            const double conv = naiveConv(o, index, d, &magnitude);
            const double result = o.result.embeddings.data[std::size_t(index) * D + d];
            const double bound = floatSumBound(K, magnitude);
            // The sum written out is the exact one (double), the conv's number the layer's own.
            QVERIFY2(
                std::abs(rig.inspector->outputValue(d) - conv) <= 1e-12 * magnitude,
                qPrintable(
                    QString("d %1: %2 vs %3").arg(d).arg(rig.inspector->outputValue(d)).arg(conv)));
            QCOMPARE(rig.inspector->convValue(d), result);
            QVERIFY2(std::abs(rig.inspector->outputValue(d) - result) <= bound,
                     qPrintable(QString("d %1: %2 vs %3, bound %4")
                                    .arg(d)
                                    .arg(rig.inspector->outputValue(d))
                                    .arg(result)
                                    .arg(bound)));
            worst = std::max(worst, std::abs(rig.inspector->outputValue(d) - result) / bound);
        }
        qInfo("sum vs result: worst %.3f of the float-sum bound", worst);
        // The written-out computation names the conv's cell and shows the number.
        const int d = rig.inspector->shownOutput();
        QCOMPARE(d, 0);
        const QString text = rig.inspector->formulaText();
        QVERIFY2(text.contains(QStringLiteral("conv_out[0, 2, 9]")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("[37, 0]")), qPrintable(text));
    }

    void hoveringAnOutputSelectsItsFilter() {
        Rig rig;
        QVERIFY(rig.run(chelsea(), spec224()));
        QVERIFY(rig.show(100));
        QSignalSpy filters(&rig.session, &Session::filterChanged);
        BarStrip* bars = rig.inspector->outputStrip();
        const int D = rig.outcome().dim;
        for (int d : {5, D / 2, D - 1}) {
            rig.hover(bars, bars->positionOf(d));
            QCOMPARE(bars->hovered(), d);
            QCOMPARE(rig.session.selectedFilter(), d);
            QCOMPARE(rig.inspector->shownOutput(), d);
            QCOMPARE(bars->highlight(), d);
            QVERIFY(
                rig.inspector->formulaText().contains(QStringLiteral("conv_out[%1, 7, 2]").arg(d)));
        }
        QVERIFY(filters.count() >= 3);
        // A click gives the bars the keys: the arrows step through outputs one by one (768 bars
        // in some 440 pixels cannot each be reached with the mouse).
        QTest::mouseClick(bars, Qt::LeftButton, {}, bars->positionOf(5).toPoint());
        QCOMPARE(rig.session.selectedFilter(), bars->indexAt(bars->positionOf(5).toPoint()));
        const int clicked = rig.session.selectedFilter();
        QTest::keyClick(bars, Qt::Key_Right);
        QCOMPARE(rig.session.selectedFilter(), clicked + 1);
        QCOMPARE(rig.inspector->shownOutput(), clicked + 1);
        QTest::keyClick(bars, Qt::Key_Left);
        QTest::keyClick(bars, Qt::Key_Left);
        QCOMPARE(rig.session.selectedFilter(), clicked - 1);
        // A row of W picks its output too.
        MatrixView* w = rig.inspector->matrixView();
        QCOMPARE(w->count(), D);
        // (768 rows in some 240 pixels: the mouse lands on a whole pixel, a row or so away.)
        const QPoint at = w->positionOf(17).toPoint();
        const int row = w->indexAt(at);
        QVERIFY(std::abs(row - 17) <= 1);
        rig.hover(w, at);
        QCOMPARE(rig.session.selectedFilter(), row);
        QCOMPARE(w->highlight(), row);
        // And the inspector follows a filter chosen elsewhere.
        QTest::mouseMove(rig.inspector->window(), QPoint(1, 1)); // away: no hover
        QCoreApplication::processEvents();
        rig.session.selectFilter(42);
        QCOMPARE(rig.inspector->shownOutput(), 42);
        QCOMPARE(bars->highlight(), 42);
        QCOMPARE(w->highlight(), 42);
        QVERIFY(rig.inspector->formulaText().contains(QStringLiteral("conv_out[42, 7, 2]")));
    }

    void layerNormIsLabelledAndItsInputChecked() {
        Rig rig;
        Spec s = spec224();
        s.norm = NormKind::LayerNorm;
        s.embedDim = 192;
        QVERIFY(rig.run(chelsea(), s));
        const int index = 21;
        QVERIFY(rig.show(index));
        const JobOutcome& o = rig.outcome();
        const int D = o.dim, K = o.weights->valuesPerPatch();
        QVERIFY(rig.inspector->outputsCaption().contains(QStringLiteral("before LayerNorm")));
        QVERIFY(rig.inspector->outputsCaption().contains(QStringLiteral("after LayerNorm")));
        QVERIFY(rig.inspector->formulaText().contains(QStringLiteral("after LayerNorm")));
        // W·x + b, naively; and LayerNorm of it, naively: (v - mean) / sqrt(var + eps).
        std::vector<double> pre(static_cast<std::size_t>(D));
        double worstPre = 0;
        for (int d = 0; d < D; ++d) {
            double magnitude = 0;
            pre[std::size_t(d)] = naiveConv(o, index, d, &magnitude);
            QVERIFY(std::abs(rig.inspector->preNormValue(d) - pre[std::size_t(d)]) <=
                    1e-12 * magnitude);
            worstPre = std::max(worstPre, floatSumBound(K, magnitude));
        }
        double mean = 0, var = 0;
        for (double v : pre)
            mean += v / D;
        for (double v : pre)
            var += (v - mean) * (v - mean) / D;
        const double sigma = std::sqrt(var + s.normEps);
        // The layer's float sums are off by up to worstPre each; LayerNorm divides that by σ
        // (twice over, through the mean and the variance), and rounds its own float arithmetic.
        for (int d = 0; d < D; ++d) {
            const double naive = (pre[std::size_t(d)] - mean) / sigma; // no gains: random init
            const double result = o.result.embeddings.data[std::size_t(index) * D + d];
            const double tol = 3 * worstPre / sigma + 16 * FLT_EPSILON * (std::abs(naive) + 1);
            QVERIFY2(std::abs(rig.inspector->outputValue(d) - naive) <=
                         16 * FLT_EPSILON * (std::abs(naive) + 1),
                     qPrintable(QString("d %1: %2 vs %3")
                                    .arg(d)
                                    .arg(rig.inspector->outputValue(d))
                                    .arg(naive)));
            QVERIFY2(std::abs(rig.inspector->convValue(d) - naive) <= tol,
                     qPrintable(QString("d %1: %2 vs %3").arg(d).arg(result).arg(naive)));
        }
    }

    void hoveredPixelReadsTheImage() {
        Rig rig;
        QVERIFY(rig.run(chelsea(), spec224()));
        const int index = 58;
        QVERIFY(rig.show(index));
        const JobOutcome& o = rig.outcome();
        QVERIFY(o.plan.cropX > 0 || o.plan.cropY > 0); // the crop offset matters here
        const ImageU8& img = *o.resized;
        const int gy = index / o.result.grid.gw, gx = index % o.result.grid.gw;
        PixelTiles* tiles = rig.inspector->pixelTiles();
        for (const auto& [c, p, q] : {std::tuple{0, 0, 0}, {1, 3, 11}, {2, 15, 15}, {0, 9, 4}}) {
            for (bool normalised : {false, true}) {
                rig.hover(tiles, tiles->positionOf(c, p, q, normalised));
                const PixelTiles::Cell cell = tiles->hovered();
                QCOMPARE(cell.c, c);
                QCOMPARE(cell.p, p);
                QCOMPARE(cell.q, q);
                QCOMPARE(cell.normalised, normalised);
                const int y = o.plan.cropY + gy * 16 + p, x = o.plan.cropX + gx * 16 + q;
                const int raw = img.row(y)[std::size_t(x) * img.channels + c];
                const QString readout = rig.inspector->pixelReadout();
                QVERIFY2(readout.contains(QStringLiteral("raw %1 ").arg(raw)), qPrintable(readout));
                QVERIFY2(readout.contains(QStringLiteral("row %1, column %2").arg(p).arg(q)),
                         qPrintable(readout));
                // The same k lights up in the strip: c·256 + p·16 + q.
                QCOMPARE(rig.inspector->vectorStrip()->highlight(), c * 256 + p * 16 + q);
            }
        }
        // Hovering the strip at k lights up that pixel.
        VectorStrip* strip = rig.inspector->vectorStrip();
        rig.hover(strip, strip->positionOf(300));
        QCOMPARE(strip->hovered(), 300);
        QCOMPARE(strip->highlight(), 300);
        QVERIFY(strip->zoomStart() <= 300 && 300 < strip->zoomStart() + strip->zoomCount());
    }

    void rendersAndDiffersBetweenPatches() {
        Rig rig;
        QVERIFY(rig.run(chelsea(), spec224()));
        QVERIFY(rig.show(37));
        rig.session.selectFilter(3);
        QCoreApplication::processEvents();
        const QImage a = grabbed(*rig.inspector);
        keep(a, QStringLiteral("inspector_450.png"));
        keep(grabbed(*rig.inspector->findChild<QScrollArea*>()->widget()),
             QStringLiteral("inspector_450_page.png"));
        QVERIFY(distinctColours(a, 2) > 200);
        QVERIFY(rig.show(150));
        const QImage b = grabbed(*rig.inspector);
        QCOMPARE(a.size(), b.size());
        QVERIFY(a != b);
        // The pictures differ, not only the words: the pixel tiles and the strip.
        QVERIFY(rig.inspector->pixelTiles()->grab().toImage() != QImage());
        rig.dock.resize(1300, 950);
        QCoreApplication::processEvents();
        QTest::qWait(50);
        const QImage wide = grabbed(*rig.inspector);
        keep(wide, QStringLiteral("inspector_wide.png"));
        QVERIFY(distinctColours(wide, 2) > 200);
        // Side by side when wide: y stands right of the pixels, not below them.
        const QPoint pixels = rig.inspector->pixelTiles()->mapTo(rig.inspector, QPoint(0, 0));
        const QPoint outputs = rig.inspector->outputStrip()->mapTo(rig.inspector, QPoint(0, 0));
        QVERIFY(outputs.x() > pixels.x() + 300);
        QVERIFY(outputs.y() < pixels.y() + 300);
        rig.dock.resize(350, 900); // the narrowest dock: still one readable column
        // The scroll area's page follows the dock through queued layout requests, later still on
        // a loaded machine: wait for it rather than for a fixed 50 ms.
        QWidget* page = rig.inspector->findChild<QScrollArea*>()->widget();
        QTRY_VERIFY_WITH_TIMEOUT(page->width() <= 350, 5000);
        keep(grabbed(*page), QStringLiteral("inspector_350_page.png"));
    }

    void layerNormAndPaddingRender() {
        Rig rig;
        Spec s;
        s.norm = NormKind::LayerNorm;
        s.patch = Size2{8, 8};
        s.inChans = 1;
        s.embedDim = 64;
        QPalette dark; // readable on a dark palette too
        dark.setColor(QPalette::Window, QColor(40, 42, 46));
        dark.setColor(QPalette::WindowText, QColor(225, 225, 225));
        dark.setColor(QPalette::Base, QColor(30, 31, 34));
        dark.setColor(QPalette::Text, QColor(225, 225, 225));
        rig.dock.setPalette(dark);
        QVERIFY(rig.run(blocks(5, 4).scaled(70, 50), s));
        QVERIFY(rig.show(int(rig.outcome().result.grid.count()) - 1));
        QCOMPARE(int(rig.inspector->strip().size()), 64);
        keep(grabbed(*rig.inspector->findChild<QScrollArea*>()->widget()),
             QStringLiteral("inspector_ln_grey_dark.png"));
        QCOMPARE(rig.inspector->strip(),
                 naivePacked(rig.outcome(), int(rig.outcome().result.grid.count()) - 1));
    }

    void largestShapes() {
        // D 1024 and K 3072 (32×32 patches): W's picture is 3072 × 1024, made on the worker.
        Rig rig;
        Spec s = spec224();
        s.patch = Size2{32, 32};
        s.embedDim = 1024;
        QVERIFY(rig.run(chelsea(), s));
        QVERIFY(rig.show(24));
        QCOMPARE(int(rig.inspector->strip().size()), 3072);
        QCOMPARE(rig.inspector->matrixView()->count(), 1024);
        QCOMPARE(rig.inspector->strip(), naivePacked(rig.outcome(), 24));
        double magnitude = 0;
        const double conv = naiveConv(rig.outcome(), 24, 1023, &magnitude);
        QVERIFY(std::abs(rig.inspector->convValue(1023) - conv) <= floatSumBound(3072, magnitude));
        keep(grabbed(*rig.inspector), QStringLiteral("inspector_big.png"));
        // What the GUI thread does as the mouse moves over the outputs: one row of W times x.
        QElapsedTimer t;
        t.start();
        for (int d = 0; d < 64; ++d) {
            rig.inspector->hoverOutput(d * 16);
            rig.inspector->repaint();
        }
        qInfo("hovering an output, D 1024, K 3072: %.2f ms each, repaint included",
              t.nsecsElapsed() / 1e6 / 64);
    }
};

QTEST_MAIN(TestPatchInspector)
#include "test_patch_inspector.moc"
