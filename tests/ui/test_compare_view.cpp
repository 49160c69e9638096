// The Compare view: each card's figures against the grid arithmetic done by hand and against
// `tessera-cli info --json`, its norm map against a whole-image patchEmbed, a click choosing the
// card's patch, and a patch that cannot cut the input saying why.
#include "compare_view.hpp"
#include "views_fixture.hpp"

#include "analysis.hpp"
#include "patch_resample.hpp"
#include "resolve_weights.hpp"
#include "weight_init.hpp"
#include "weights_loader.hpp"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QProcess>

#include <cmath>

namespace tessera::ui::test {

class TestCompareView : public QObject {
    Q_OBJECT

  private:
    static bool settle(const CompareView& view) {
        QElapsedTimer t;
        t.start();
        while (view.busy() && t.elapsed() < 120000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QCoreApplication::processEvents();
        return !view.busy();
    }

  private slots:
    void figuresFollowTheGridArithmetic() {
        Views v;
        CompareView view(&v.session);
        view.show();
        QVERIFY(v.run(chelsea(), spec224()));
        QVERIFY(settle(view));
        const QList<CompareView::Entry> entries = view.entries();
        QCOMPARE(entries.size(), 4); // 8, 14, 16 (current), 32
        for (const CompareView::Entry& e : entries) {
            QVERIFY2(e.error.isEmpty(), qPrintable(e.error));
            const int p = e.patch.h;
            QCOMPARE(e.patch.w, p);
            QCOMPARE(e.current, p == 16);
            // By hand: strict 224, Conv2d drops a remainder; D 768, C 3, bias, one class token.
            const std::int64_t g = 224 / p, n = g * g, k = 3LL * p * p;
            const Arithmetic& a = e.figures;
            QCOMPARE(a.grid.gh, int(g));
            QCOMPARE(a.grid.gw, int(g));
            QCOMPARE(a.patches, n);
            QCOMPARE(a.tokens, n + 1);
            QCOMPARE(a.valuesPerPatch, k);
            QCOMPARE(a.params(), 768 * k + 768);
            QCOMPARE(a.flops, 2.0 * double(n) * 768 * double(k));
            QCOMPARE(a.attentionPairs, double(n + 1) * double(n + 1));
            // And what the core says for the Spec with that patch.
            Spec s = spec224();
            s.patch = e.patch;
            const Arithmetic want = arithmetic(s, {224, 224});
            QCOMPARE(a.params(), want.params());
            QCOMPARE(a.flops, want.flops);
            QCOMPARE(a.tokens, want.tokens);
        }
        // Every card gets its map (the current one's is the run's own).
        for (const CompareView::Entry& e : entries) {
            QVERIFY2(!e.scene.map.empty(), qPrintable(e.mapNote));
            QCOMPARE(e.scene.map.cells.size(), QSize(e.figures.grid.gw, e.figures.grid.gh));
            QVERIFY(!e.scene.picture.isNull());
        }
        QVERIFY(view.caption().contains(QStringLiteral("784"))); // P = 8's patches
    }

    // Ratios of hundreds read as numbers: at the current P = 32, P = 8 compares (785 / 50)² =
    // 246.49 times as many pairs of tokens (it read "2.5e+02×").
    void ratiosAreWrittenWithoutExponents() {
        Views v;
        CompareView view(&v.session);
        view.show();
        Spec s = spec224();
        s.patch = {32, 32};
        QVERIFY(v.run(chelsea(), s));
        QVERIFY(settle(view));
        QVERIFY2(view.caption().contains(QStringLiteral("246×")), qPrintable(view.caption()));
        QVERIFY2(!view.caption().contains(QStringLiteral("e+")), qPrintable(view.caption()));
        QVERIFY2(view.caption().contains(QStringLiteral("16×")), qPrintable(view.caption()));
    }

    // A hidden view makes no maps (they would slow the run); shown, it makes them.
    void mapsWaitUntilShown() {
        Views v;
        CompareView hidden(&v.session);
        QVERIFY(v.run(chelsea(), spec224()));
        QVERIFY(settle(hidden));
        for (const CompareView::Entry& e : hidden.entries())
            QCOMPARE(e.scene.map.empty(), !e.current);
        hidden.show();
        QVERIFY(settle(hidden));
        for (const CompareView::Entry& e : hidden.entries())
            QVERIFY(!e.scene.map.empty());
    }

    void figuresMatchTheCli() {
        Views v;
        CompareView view(&v.session);
        view.show();
        view.setPatchSizes({{14, 14}, {8, 12}});
        QVERIFY(v.run(chelsea(), spec224()));
        QVERIFY(settle(view));
        const QByteArray cli = qgetenv("TESSERA_CLI");
        QVERIFY2(!cli.isEmpty(), "TESSERA_CLI is not set");
        int checked = 0;
        for (const CompareView::Entry& e : view.entries()) {
            if (e.current)
                continue;
            QProcess proc;
            proc.start(QString::fromLocal8Bit(cli),
                       {QStringLiteral("info"), QStringLiteral("--json"),
                        QStringLiteral("--img-size"), QStringLiteral("224"),
                        QStringLiteral("--patch-size"),
                        QStringLiteral("%1x%2").arg(e.patch.h).arg(e.patch.w),
                        QStringLiteral("--embed-dim"), QStringLiteral("768"),
                        QStringLiteral("--in-chans"), QStringLiteral("3")});
            QVERIFY(proc.waitForFinished(60000));
            QCOMPARE(proc.exitCode(), 0);
            const QJsonObject j = QJsonDocument::fromJson(proc.readAllStandardOutput()).object();
            const Arithmetic& a = e.figures;
            QCOMPARE(j[QStringLiteral("grid")].toArray()[0].toInt(), a.grid.gh);
            QCOMPARE(j[QStringLiteral("grid")].toArray()[1].toInt(), a.grid.gw);
            QCOMPARE(j[QStringLiteral("num_patches")].toInteger(), a.patches);
            QCOMPARE(j[QStringLiteral("num_tokens")].toInteger(), a.tokens);
            QCOMPARE(j[QStringLiteral("values_per_patch")].toInteger(), a.valuesPerPatch);
            QCOMPARE(j[QStringLiteral("params")].toInteger(), a.params());
            QCOMPARE(j[QStringLiteral("flops")].toDouble(), a.flops);
            QCOMPARE(j[QStringLiteral("attention_pairs")].toDouble(), a.attentionPairs);
            ++checked;
        }
        QCOMPARE(checked, 2);
    }

    // A native image with dynamic padding, large enough that the maps are made in several bands
    // (the last one padded): each card's norms equal one patchEmbed over the whole input.
    void mapsEqualAWholeImageEmbedding() {
        Views v;
        CompareView view(&v.session);
        view.show();
        view.setPatchSizes({{8, 8}, {12, 20}});
        Spec spec;
        spec.seed = 7;
        const QImage picture = chelsea().scaled(600, 450);
        QVERIFY(v.run(picture, spec));
        QVERIFY(settle(view));
        const JobOutcome& out = *v.session.current();
        int checked = 0;
        for (const CompareView::Entry& e : view.entries()) {
            if (e.current)
                continue;
            QVERIFY2(!e.scene.map.empty(), qPrintable(e.mapNote));
            Spec s = spec;
            s.patch = e.patch;
            const PatchEmbedWeights w = initWeights(s.init, 768, 3, e.patch, true, 7);
            const Result r = patchEmbed(*out.input, w, embedOptions(s));
            QCOMPARE(r.grid.gh, e.figures.grid.gh);
            QCOMPARE(r.grid.gw, e.figures.grid.gw);
            QVERIFY(r.grid.padBottom() > 0 || r.grid.padRight() > 0);
            const std::vector<float>& got = e.scene.map.values;
            QCOMPARE(qsizetype(got.size()), qsizetype(r.norms.data.size()));
            for (std::size_t i = 0; i < got.size(); ++i)
                QVERIFY2(std::abs(got[i] - r.norms.data[i]) <= 1e-4f * r.norms.data[i],
                         qPrintable(QStringLiteral("patch %1: %2 vs %3")
                                        .arg(i)
                                        .arg(got[i])
                                        .arg(r.norms.data[i])));
            ++checked;
        }
        QCOMPARE(checked, 2);
    }

    // With a checkpoint (16×16, D 64), the other cards use its kernel PI-resized to their patch.
    void checkpointKernelsArePiResized() {
        Views v;
        CompareView view(&v.session);
        view.resize(600, 700);
        view.show();
        view.setPatchSizes({{8, 8}, {16, 16}, {24, 24}});
        Spec spec = spec224();
        spec.weightsPath = TESSERA_SOURCE_DIR "/tests/data/torch/patch_embed_p16_d64.pth";
        QVERIFY(v.run(chelsea(), spec));
        QVERIFY(settle(view));
        const JobOutcome& out = *v.session.current();
        const FoundWeights file = io::loadWeights(spec.weightsPath, "");
        int checked = 0;
        for (const CompareView::Entry& e : view.entries()) {
            QCOMPARE(e.figures.dim, 64);
            QCOMPARE(e.figures.params(), 64LL * 3 * e.patch.h * e.patch.w + 64);
            if (e.current) {
                QVERIFY(!e.resampledFrom);
                continue;
            }
            QCOMPARE(e.resampledFrom, std::optional<Size2>(Size2{16, 16}));
            QVERIFY2(!e.scene.map.empty(), qPrintable(e.mapNote));
            PatchEmbedWeights w = file.weights;
            w.proj = resamplePatchKernel(w.proj, e.patch);
            Spec s = spec;
            s.patch = e.patch;
            const Result r = patchEmbed(*out.input, w, embedOptions(s));
            const std::vector<float>& got = e.scene.map.values;
            QCOMPARE(qsizetype(got.size()), qsizetype(r.norms.data.size()));
            for (std::size_t i = 0; i < got.size(); ++i)
                QVERIFY(std::abs(got[i] - r.norms.data[i]) <= 1e-4f * r.norms.data[i]);
            ++checked;
        }
        QCOMPARE(checked, 2);
        QVERIFY(view.grab().toImage().save(QStringLiteral("compare_view_checkpoint.png")));
    }

    // A 2048×2048 image: the maps (65,536 patches at P = 8) come off the GUI thread, which keeps
    // answering; the cards are drawn from a thumbnail.
    void bigImageDoesNotStall() {
        Views v;
        CompareView view(&v.session);
        view.resize(600, 700);
        view.show();
        Spec spec;
        spec.embedDim = 256;
        QVERIFY(v.run(blocks(128, 128), spec));
        QElapsedTimer clock, total;
        qint64 last = 0, worst = 0;
        QTimer tick;
        clock.start();
        total.start();
        connect(&tick, &QTimer::timeout, this, [&] {
            worst = std::max(worst, clock.elapsed() - last);
            last = clock.elapsed();
        });
        tick.start(10);
        QVERIFY(settle(view));
        tick.stop();
        QVERIFY2(worst < 300, qPrintable(QStringLiteral("the event loop waited %1 ms").arg(worst)));
        for (const CompareView::Entry& e : view.entries()) {
            QVERIFY2(!e.scene.map.empty(), qPrintable(e.mapNote));
            QVERIFY(std::max(e.scene.picture.width(), e.scene.picture.height()) <= 320);
        }
        QCOMPARE(view.entries().first().figures.patches, 256LL * 256);
    }

    void clickChoosesThePatch() {
        Views v;
        CompareView view(&v.session);
        view.show();
        view.resize(600, 700);
        view.show();
        QVERIFY(v.run(chelsea(), spec224()));
        QVERIFY(settle(view));
        QList<Size2> chosen;
        connect(&view, &CompareView::patchSizeChosen, this, [&](Size2 p) { chosen.append(p); });
        const QList<CompareView::Entry> entries = view.entries();
        for (int i = 0; i < entries.size(); ++i) {
            const QPoint at = view.entryRect(i).center();
            QWidget* target = view.childAt(at);
            QVERIFY(target);
            QTest::mouseClick(target, Qt::LeftButton, {}, target->mapFrom(&view, at));
            QCOMPARE(chosen.size(), i + 1);
            QCOMPARE(chosen.last(), entries[i].patch);
        }
    }

    void impossiblePatchSaysWhy() {
        Views v;
        CompareView view(&v.session);
        view.show();
        view.resize(600, 700);
        view.show();
        view.setPatchSizes({{15, 15}, {16, 16}, {300, 300}});
        Spec spec = spec224();
        spec.pad = PadPolicy::None;
        QVERIFY(v.run(chelsea(), spec));
        QVERIFY(settle(view));
        const QList<CompareView::Entry> entries = view.entries();
        QCOMPARE(entries.size(), 3);
        QVERIFY(entries[0].error.contains(QStringLiteral("divisible")));
        QVERIFY(entries[0].error.contains(QStringLiteral("15")));
        QVERIFY(entries[1].error.isEmpty());
        QVERIFY(!entries[2].error.isEmpty());
        for (int i : {0, 2}) {
            QVERIFY(entries[i].scene.map.empty());
            QVERIFY(entries[i].scene.picture.isNull());
        }
        // A card that cannot cut is not chosen.
        bool emitted = false;
        connect(&view, &CompareView::patchSizeChosen, this, [&] { emitted = true; });
        const QPoint at = view.entryRect(0).center();
        QWidget* target = view.childAt(at);
        QTest::mouseClick(target, Qt::LeftButton, {}, target->mapFrom(&view, at));
        QVERIFY(!emitted);
        const QImage shot = view.grab().toImage();
        QVERIFY(shot.save(QStringLiteral("compare_view_errors.png")));
    }

    void editorSetsTheSizes() {
        Views v;
        CompareView view(&v.session);
        view.show();
        auto* editor = view.findChild<QLineEdit*>();
        QVERIFY(editor);
        editor->setText(QStringLiteral("4, 8x12, 4"));
        emit editor->editingFinished();
        QCOMPARE(view.patchSizes(), (QList<Size2>{{4, 4}, {8, 12}}));
        editor->setText(QStringLiteral("4, zero"));
        emit editor->editingFinished();
        QCOMPARE(view.patchSizes(), (QList<Size2>{{4, 4}, {8, 12}})); // refused, kept
    }

    void screenshot() {
        Views v;
        CompareView view(&v.session);
        view.show();
        view.resize(600, 700);
        view.show();
        QVERIFY(v.run(chelsea(), spec224()));
        QVERIFY(settle(view));
        const QImage shot = view.grab().toImage();
        QCOMPARE(shot.size(), QSize(600, 700) * shot.devicePixelRatio());
        QVERIFY(shot.save(QStringLiteral("compare_view.png")));
        view.resize(280, 400); // a narrow dock: the caption and cards scroll
        QCoreApplication::processEvents();
        QVERIFY(view.grab().toImage().save(QStringLiteral("compare_view_narrow.png")));
    }
};

} // namespace tessera::ui::test

QTEST_MAIN(tessera::ui::test::TestCompareView)
#include "test_compare_view.moc"
