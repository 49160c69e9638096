// The FlexiViT view on a real checkpoint (a 16×16, D 64 PatchEmbed saved by PyTorch) resized to
// 24×24 and to 8×8: the check's ⟨x, w_old⟩ recomputed apart (the file read again, the patch cut
// and resized with the plain resampler), PI-resize keeping it, bilinear not; and the hints.
#include "flexivit_view.hpp"
#include "views_fixture.hpp"

#include "analysis.hpp"
#include "resample.hpp"
#include "weights_loader.hpp"

#include <cmath>

namespace tessera::ui::test {

namespace {

const char* kCheckpoint = TESSERA_SOURCE_DIR "/tests/data/torch/patch_embed_p16_d64.pth";

Spec resizedSpec(int patch) {
    Spec s = spec224();
    s.weightsPath = kCheckpoint;
    s.patch = Size2{patch, patch};
    s.resampleWeights = true;
    return s;
}

bool settle(const FlexiVitView& view) {
    QElapsedTimer t;
    t.start();
    while (view.busy() && t.elapsed() < 60000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    QCoreApplication::processEvents();
    return !view.busy();
}

// ⟨x, w_old[d]⟩ made apart: x the run's patch resized to 16×16 with F.interpolate's antialiased
// bicubic, w_old read from the file again. Also Σ|x_k·w_k|, the scale of the terms.
std::pair<double, double> originalApart(const JobOutcome& out, int patch, int d) {
    const FoundWeights file = io::loadWeights(kCheckpoint, "");
    const std::vector<float> cut = packedPatch(*out.input, out.result.grid, patch);
    const Size2 p = out.result.grid.patch;
    const Tensor x = resize(Tensor({3, p.h, p.w}, cut), {16, 16}, Interpolation::Bicubic, true);
    const std::size_t k = x.data.size();
    double sum = 0, scale = 0;
    for (std::size_t i = 0; i < k; ++i) {
        const double term = double(x.data[i]) * file.weights.proj.data[std::size_t(d) * k + i];
        sum += term;
        scale += std::abs(term);
    }
    return {sum, scale};
}

} // namespace

class TestFlexiVitView : public QObject {
    Q_OBJECT

  private slots:
    void piResizeKeepsTheTokenForALargerPatch() {
        Views v;
        FlexiVitView view(&v.session);
        view.resize(600, 700);
        view.show(); // as in its dock: a view computes only what can be seen
        QVERIFY(v.run(chelsea(), resizedSpec(24)));
        QVERIFY(settle(view));
        const JobOutcome& out = *v.session.current();
        QCOMPARE(out.weights->patch(), (Size2{24, 24}));
        QCOMPARE(out.loaded->weights.patch(), (Size2{16, 16}));
        // Patch 0, filter 0 unless chosen; then two others.
        for (auto [patch, d] : {std::pair{-1, -1}, std::pair{40, 5}, std::pair{80, 63}}) {
            if (patch >= 0) {
                v.session.select(patch);
                v.session.selectFilter(d);
                QVERIFY(settle(view));
            }
            const int p = std::max(patch, 0), f = std::max(d, 0);
            QCOMPARE(view.patchIndex(), p);
            QCOMPARE(view.filter(), f);
            const std::optional<FlexiVitView::Check> c = view.check();
            QVERIFY(c);
            const auto [original, scale] = originalApart(out, p, f);
            QVERIFY(scale > 0);
            QVERIFY2(std::abs(c->original - original) <= 1e-5 * scale,
                     qPrintable(QStringLiteral("%1 vs %2").arg(c->original).arg(original)));
            // The property, to float rounding.
            QVERIFY2(std::abs(c->piResized - c->original) <= 1e-4 * scale,
                     qPrintable(QStringLiteral("%1 vs %2 (scale %3)")
                                    .arg(c->piResized)
                                    .arg(c->original)
                                    .arg(scale)));
            // Bilinear does not keep it: off by a share of the terms' size 200 times the
            // tolerance above (the sums cancel much: |original| is often a tenth of the scale).
            QVERIFY2(std::abs(c->bilinear - c->original) > 0.02 * scale,
                     qPrintable(QStringLiteral("%1 vs %2 (scale %3)")
                                    .arg(c->bilinear)
                                    .arg(c->original)
                                    .arg(scale)));
            // The photo's patch is smooth: the bilinear kernel's token is about the area ratio
            // (24/16)² = 2.25 times the original.
            QVERIFY(c->bilinear / c->original > 1.5);
        }
        QCOMPARE(view.kernelImage(0).size(), QSize(16, 16));
        QCOMPARE(view.kernelImage(1).size(), QSize(24, 24));
        QCOMPARE(view.kernelImage(2).size(), QSize(24, 24));
        QVERIFY(view.text().contains(QStringLiteral("float rounding")));
        QCoreApplication::processEvents();
        QVERIFY(view.grab().toImage().save(QStringLiteral("flexivit_view.png")));
    }

    void smallerPatchIsALeastSquaresFit() {
        Views v;
        FlexiVitView view(&v.session);
        view.resize(600, 700);
        view.show(); // as in its dock: a view computes only what can be seen
        QVERIFY(v.run(chelsea(), resizedSpec(8)));
        QVERIFY(settle(view));
        const std::optional<FlexiVitView::Check> c = view.check();
        QVERIFY(c);
        const auto [original, scale] = originalApart(*v.session.current(), 0, 0);
        QVERIFY(std::abs(c->original - original) <= 1e-5 * scale);
        QCOMPARE(view.kernelImage(1).size(), QSize(8, 8));
        QVERIFY(view.text().contains(QStringLiteral("least squares")));
        QCoreApplication::processEvents();
        QVERIFY(view.grab().toImage().save(QStringLiteral("flexivit_view_8.png")));
    }

    void hintsWithoutAResizedFile() {
        Views v;
        FlexiVitView view(&v.session);
        view.resize(600, 700);
        view.show(); // as in its dock: a view computes only what can be seen
        QVERIFY(!view.check());
        QVERIFY(!view.text().isEmpty()); // before any result
        QVERIFY(v.run(chelsea(), spec224()));
        QVERIFY(settle(view));
        QVERIFY(!view.check());
        QVERIFY(view.text().contains(QStringLiteral("load a checkpoint")));
        Spec same = resizedSpec(16);
        QVERIFY(v.run(chelsea(), same));
        QVERIFY(settle(view));
        QVERIFY(!view.check());
        QVERIFY(view.text().contains(QStringLiteral("nothing was resized")));
    }
};

} // namespace tessera::ui::test

QTEST_MAIN(tessera::ui::test::TestFlexiVitView)
#include "test_flexivit_view.moc"
