// The walkthrough panel: every step's numbers against the core (the image's H×W, the plan's resize
// and crop box, the grid and padding, N, K, D, parameters and FLOPs from arithmetic(), the token
// count), worked out here again where that is short; the hovered pixel's normalisation against
// (v/255 − mean)/std from the preset; stepping by buttons and keys, clamping, focus per step, and
// the text following a new result. Each step is rendered to walkthrough_step<K>.png in the
// working directory (at 420 px wide) to be looked at.
#include "arithmetic.hpp"
#include "preprocess.hpp"
#include "views_fixture.hpp"
#include "walkthrough.hpp"

#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QtTest>

#include <cmath>

Q_DECLARE_METATYPE(tessera::Spec)

using namespace tessera;
using namespace tessera::ui;
using tessera::ui::test::Views;

namespace {

QString num(std::int64_t v) {
    return QLocale().toString(qlonglong(v));
}

// Native size, P 14, zero padding to a multiple (timm's dynamic_img_pad).
Spec nativeP14() {
    Spec s;
    s.patch = Size2{14, 14};
    s.pad = PadPolicy::Dynamic;
    return s;
}

bool waitForSequence(const Walkthrough& w) {
    return QTest::qWaitFor([&] { return !w.busy(); }, 60000);
}

#define CONTAINS(text, part)                                                                       \
    QVERIFY2((text).contains(part), qPrintable(QString("missing \"%1\" in:\n%2").arg(part, text)))

} // namespace

class TestWalkthrough : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase() {
        // Group separators in the big numbers, as most users see them.
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    }

    void withoutAResultItGivesAHint() {
        Session session;
        Walkthrough w(&session);
        QCOMPARE(w.step(), 1);
        CONTAINS(w.text(), QString("Open an image"));
        w.setStep(6);
        CONTAINS(w.text(), QString("Open an image"));
    }

    void stepsClampEmitAndFollowTheKeys() {
        Session session;
        Walkthrough w(&session);
        QSignalSpy spy(&w, &Walkthrough::stepChanged);
        w.setStep(0);
        QCOMPARE(w.step(), 1);
        QCOMPARE(spy.count(), 0); // no change, no signal
        w.setStep(99);
        QCOMPARE(w.step(), Walkthrough::kSteps);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.takeFirst().at(0).toInt(), Walkthrough::kSteps);
        w.setStep(-3);
        QCOMPARE(w.step(), 1);
        QCOMPARE(spy.takeFirst().at(0).toInt(), 1);

        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.setFocus();
        QTest::keyClick(&w, Qt::Key_Right);
        QCOMPARE(w.step(), 2);
        QTest::keyClick(&w, Qt::Key_Right);
        QCOMPARE(w.step(), 3);
        QTest::keyClick(&w, Qt::Key_Left);
        QCOMPARE(w.step(), 2);
        // With a button focused the arrows still turn the page (not move the focus).
        auto buttons = w.findChildren<QPushButton*>();
        QCOMPARE(buttons.size(), 2);
        for (QPushButton* b : buttons) {
            QTest::keyClick(b, Qt::Key_Right);
        }
        QCOMPARE(w.step(), 4);
        QTest::keyClick(&w, Qt::Key_Left);
        QTest::keyClick(&w, Qt::Key_Left);
        QTest::keyClick(&w, Qt::Key_Left);
        QTest::keyClick(&w, Qt::Key_Left); // stays at 1
        QCOMPARE(w.step(), 1);
        // Back and Next.
        QPushButton* next = nullptr;
        QPushButton* back = nullptr;
        for (QPushButton* b : buttons)
            (b->text().contains("Next") ? next : back) = b;
        QVERIFY(next && back);
        QVERIFY(!back->isEnabled());
        QTest::mouseClick(next, Qt::LeftButton);
        QTest::mouseClick(next, Qt::LeftButton);
        QCOMPARE(w.step(), 3);
        QTest::mouseClick(back, Qt::LeftButton);
        QCOMPARE(w.step(), 2);
        QCOMPARE(w.title(), QString("Resize and crop"));
    }

    // A larger font (the presentation mode) keeps the title a step larger than the text.
    void titleFollowsTheFont() {
        Session session;
        Walkthrough w(&session);
        QFont f = w.font();
        f.setPointSizeF(24);
        w.setFont(f);
        auto* title = w.findChildren<QLabel*>().front();
        QVERIFY(title->text().startsWith("Step 1 of 7"));
        QCOMPARE(title->font().pointSizeF(), 30.0);
        QVERIFY(title->font().bold());
    }

    void focusPerStep() {
        Session session;
        Walkthrough w(&session);
        const char* views[] = {"image",     "image",     "image",   "image",
                               "inspector", "inspector", "sequence"};
        for (int k = 1; k <= Walkthrough::kSteps; ++k) {
            w.setStep(k);
            QCOMPARE(w.focus().view, QString(views[k - 1]));
            QCOMPARE(w.focus().grid, k >= 4);
            QCOMPARE(w.focus().cropAndPadding,
                     k >= 2); // the crop and padding stay in sight from step 2
        }
    }

    void everyStepSaysTheCoresNumbers_data() {
        QTest::addColumn<Spec>("spec");
        QTest::newRow("224 center-crop P16 D768") << test::spec224();
        QTest::newRow("native P14 dynamic pad") << nativeP14();
    }

    void everyStepSaysTheCoresNumbers() {
        QFETCH(Spec, spec);
        Views v;
        Walkthrough w(&v.session);
        const QImage picture = test::chelsea();
        QVERIFY(v.run(picture, spec));
        const JobOutcome& out = *v.session.current();

        const Size2 source{picture.height(), picture.width()};
        const PreprocessPlan plan = planPreprocess(source, spec);
        const Arithmetic a = arithmetic(spec, plan.output);
        const int P = spec.patchSize().h, D = spec.dim(), C = 3;
        const std::int64_t K = std::int64_t(C) * P * P;
        QCOMPARE(a.valuesPerPatch, K);
        QCOMPARE(a.dim, D);
        QCOMPARE(a.grid.gh, out.result.grid.gh); // the run cut the grid the text talks about
        QCOMPARE(a.grid.gw, out.result.grid.gw);

        // 1: H × W × C, and their product.
        w.setStep(1);
        CONTAINS(w.text(), QString("%1 rows × %2 columns × 3").arg(source.h).arg(source.w));
        CONTAINS(w.text(), num(std::int64_t(source.h) * source.w * C) + " numbers");

        // 2: the plan's resize and crop.
        w.setStep(2);
        if (spec.imgSize) {
            const int shortSide = int(std::floor(224 / 0.875)); // imagenet's crop_pct
            QCOMPARE(std::min(plan.resized.h, plan.resized.w), shortSide);
            CONTAINS(w.text(), QString("shorter side becomes %1 pixels").arg(shortSide));
            CONTAINS(w.text(), QString("%1 × %2 becomes %3 × %4")
                                   .arg(source.h)
                                   .arg(source.w)
                                   .arg(plan.resized.h)
                                   .arg(plan.resized.w));
            QCOMPARE(plan.cropY, (plan.resized.h - 224) / 2);
            QCOMPARE(plan.cropX, (plan.resized.w - 224) / 2);
            CONTAINS(w.text(), QString("centre 224 × 224 is cut out, starting at row %1, column %2")
                                   .arg(plan.cropY)
                                   .arg(plan.cropX));
        } else {
            CONTAINS(w.text(), QString("own size, %1 × %2").arg(source.h).arg(source.w));
        }
        CONTAINS(w.text(),
                 QString("input is now %1 × %2 pixels").arg(plan.output.h).arg(plan.output.w));

        // 4: the grid, N, and the padding worked out here.
        w.setStep(4);
        const int gh = (plan.output.h + P - 1) / P, gw = (plan.output.w + P - 1) / P;
        if (spec.padPolicy() == PadPolicy::Dynamic) {
            QCOMPARE(a.grid.gh, gh);
            QCOMPARE(a.grid.gw, gw);
            const int padH = gh * P - plan.output.h, padW = gw * P - plan.output.w;
            QVERIFY(padH > 0 && padW > 0); // chelsea at P 14 does need both
            CONTAINS(
                w.text(),
                QString("%1 rows at the bottom and %2 columns on the right").arg(padH).arg(padW));
        } else {
            QCOMPARE(a.grid.gh, plan.output.h / P);
            CONTAINS(w.text(), QString("no pixel is dropped or padded"));
        }
        CONTAINS(w.text(), QString("grid of %1 rows × %2 columns: N = %1 × %2 = %3 patches")
                               .arg(a.grid.gh)
                               .arg(a.grid.gw)
                               .arg(num(std::int64_t(a.grid.gh) * a.grid.gw)));
        CONTAINS(w.text(), QString("%1 at the bottom right").arg(num(a.patches - 1)));

        // 5: none selected, then one.
        w.setStep(5);
        CONTAINS(w.text(), QString("Click a patch"));
        const int pick = a.grid.gw + 2; // row 1, column 2
        v.session.select(pick);
        CONTAINS(w.text(), QString("Patch %1 sits in grid row 1, column 2: pixel rows %2 to %3 and "
                                   "columns %4 to %5")
                               .arg(pick)
                               .arg(P)
                               .arg(2 * P - 1)
                               .arg(2 * P)
                               .arg(3 * P - 1));
        CONTAINS(w.text(), QString("C × P × Q = 3 × %1 × %1 = %2 numbers").arg(P).arg(num(K)));
        CONTAINS(w.text(), QString("the %1 red values").arg(P * P));
        // x[0] and x[P·Q]: the top-left pixel's red and green, read from the input tensor here.
        const Tensor& x = *out.input; // (1, C, H, W)
        const auto at = [&](int c, int y, int xx) {
            return x.data[std::size_t((c * x.dim(2) + y) * x.dim(3) + xx)];
        };
        CONTAINS(w.text(), QString("x[0] is the top-left pixel's red value, %1, and x[%2] is the "
                                   "same pixel's green value, %3")
                               .arg(QLocale().toString(at(0, P, 2 * P), 'f', 3))
                               .arg(num(P * P))
                               .arg(QLocale().toString(at(1, P, 2 * P), 'f', 3)));

        // 6: W's shape, parameters, FLOPs (arithmetic's and a count made here agree).
        w.setStep(6);
        CONTAINS(w.text(), QString("D × K = %1 × %2").arg(num(D), num(K)));
        QCOMPARE(a.params(), D * K + D);
        CONTAINS(w.text(),
                 QString("Parameters: %1 (W %2, b %3)").arg(num(a.params()), num(D * K), num(D)));
        const std::int64_t flops = 2 * a.patches * D * K;
        QCOMPARE(std::int64_t(a.flops), flops);
        CONTAINS(
            w.text(),
            QString("2 · %1 · %2 · %3 = %4 FLOPs").arg(num(a.patches), num(D), num(K), num(flops)));
        CONTAINS(w.text(), QString("kernel = stride = %1 × %1").arg(P));
        CONTAINS(w.text(), QString("random"));

        // 7: N + the class token, zeros for random weights, sin-cos positions for this grid.
        w.setStep(7);
        QVERIFY(waitForSequence(w));
        QCOMPARE(a.tokens, a.patches + 1);
        CONTAINS(w.text(), QString("T × D = %1 × %2").arg(num(a.patches + 1), num(D)));
        CONTAINS(w.text(), QString("zeros here"));
        CONTAINS(w.text(),
                 QString("sine-cosine table for this %1 × %2 grid").arg(a.grid.gh).arg(a.grid.gw));
    }

    // Luminance, squashed to 224: one channel everywhere the text counts channels.
    void squashedLuminance() {
        Views v;
        Walkthrough w(&v.session);
        Spec spec = test::spec224();
        spec.fit = ImageFit::Squash;
        spec.inChans = 1;
        QVERIFY(v.run(test::chelsea(), spec));
        const JobOutcome& out = *v.session.current();
        w.setStep(1);
        CONTAINS(w.text(), QString("300 rows × 451 columns × 1 channel"));
        w.setStep(2);
        CONTAINS(w.text(), QString("The photo (300 × 451) is resized (bicubic) to exactly"));
        w.setStep(3);
        const double mean = meanFor(spec, 1).at(0), std = stdFor(spec, 1).at(0);
        CONTAINS(w.text(), QString("mean %1 and std %2")
                               .arg(QLocale().toString(mean, 'g', 4))
                               .arg(QLocale().toString(std, 'g', 4)));
        w.setHoveredPixel(QPoint(10, 20)); // no crop: every pixel is the model's
        const int value = out.resized->row(20)[10];
        CONTAINS(w.text(), QString("luminance: %1 ÷ 255 = %2")
                               .arg(value)
                               .arg(QLocale().toString(value / 255.0, 'f', 3)));
        CONTAINS(w.text(),
                 QString("= %1").arg(QLocale().toString((value / 255.0 - mean) / std, 'f', 3)));
        w.setStep(5);
        v.session.select(0);
        const Tensor& x = *out.input;
        CONTAINS(w.text(), QString("x[16] is the pixel below it, %1")
                               .arg(QLocale().toString(x.data[std::size_t(x.dim(3))], 'f', 3)));
        CONTAINS(w.text(), QString("C × P × Q = 1 × 16 × 16 = 256 numbers"));
    }

    void cropToMultiple() {
        Views v;
        Walkthrough w(&v.session);
        Spec spec = nativeP14();
        spec.fit = ImageFit::CropToMultiple;
        QVERIFY(v.run(test::chelsea(), spec));
        w.setStep(2);
        // 300 × 451 down to multiples of 14, centred.
        const int h = 300 / 14 * 14, wd = 451 / 14 * 14;
        const PreprocessPlan plan = planPreprocess({300, 451}, spec);
        QCOMPARE(plan.output, (Size2{h, wd}));
        CONTAINS(w.text(), QString("only its centre %1 × %2 is kept").arg(h).arg(wd));
        CONTAINS(w.text(), QString("starts at row %1, column %2").arg(plan.cropY).arg(plan.cropX));
        w.setStep(4);
        CONTAINS(w.text(), QString("no pixel is dropped or padded"));
    }

    void normaliseFollowsTheHoveredPixel() {
        Views v;
        Walkthrough w(&v.session);
        QVERIFY(v.run(test::chelsea(), test::spec224()));
        const JobOutcome& out = *v.session.current();
        w.setStep(3);
        CONTAINS(w.text(), QString("Hover over the image"));
        CONTAINS(w.text(), QString("mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225)"));

        // The image view says which pixel is under the mouse.
        QObject::connect(v.image, &ImageView::pixelHovered, &w, &Walkthrough::setHoveredPixel);
        const QPoint pixel(out.plan.cropX + 37, out.plan.cropY + 101);
        w.setHoveredPixel(pixel);
        const QString text = w.text();
        CONTAINS(text, QString("row %1, column %2 of the resized photo (row 101, column 37")
                           .arg(pixel.y())
                           .arg(pixel.x()));
        const Preset& imagenet = presetNamed("imagenet");
        const QRegularExpression line(
            R"((\w+): (\d+) ÷ 255 = ([\d.]+) → \(([\d.]+) − ([\d.]+)\) ÷ ([\d.]+) = (-?[\d.]+))");
        auto it = line.globalMatch(text);
        int c = 0;
        for (; it.hasNext(); ++c) {
            const auto m = it.next();
            QVERIFY(c < 3);
            QCOMPARE(m.captured(1), QString(c == 0 ? "red" : c == 1 ? "green" : "blue"));
            const std::uint8_t* row = out.resized->row(pixel.y());
            const int value = row[pixel.x() * 3 + c];
            QCOMPARE(m.captured(2).toInt(), value);
            QVERIFY(std::abs(m.captured(5).toDouble() - imagenet.mean[c]) <= 0.0005);
            QVERIFY(std::abs(m.captured(6).toDouble() - imagenet.std[c]) <= 0.0005);
            QVERIFY(std::abs(m.captured(3).toDouble() - value / 255.0) <= 0.0005);
            const double after = (value / 255.0 - imagenet.mean[c]) / imagenet.std[c];
            QVERIFY2(std::abs(m.captured(7).toDouble() - after) <= 0.0006,
                     qPrintable(m.captured(0) + " expected " + QString::number(after)));
        }
        QCOMPARE(c, 3);

        w.setHoveredPixel(QPoint(0, 0)); // in the border the crop drops
        QVERIFY(out.plan.cropX > 0);
        CONTAINS(w.text(), QString("outside the crop"));
        w.setHoveredPixel(QPoint(-1, -1));
        CONTAINS(w.text(), QString("Hover over the image"));
    }

    void textFollowsANewResult() {
        Views v;
        Walkthrough w(&v.session);
        Spec spec = test::spec224();
        QVERIFY(v.run(test::chelsea(), spec));
        w.setStep(4);
        CONTAINS(w.text(), QString("N = 14 × 14 = 196"));
        spec.patch = Size2{32, 32};
        QVERIFY(v.run(test::chelsea(), spec));
        CONTAINS(w.text(), QString("N = 7 × 7 = 49")); // 224 / 32
        CONTAINS(w.text(), QString("tiles of 32 × 32 pixels"));

        // A model without a class token, with 4 registers: T = N + 4.
        w.setStep(7);
        spec.classToken = false;
        spec.regTokens = 4;
        spec.embedDim = 90; // not divisible by 4: no sin-cos table
        QVERIFY(v.run(test::chelsea(), spec));
        QVERIFY(waitForSequence(w));
        const Arithmetic a = arithmetic(spec, {224, 224});
        QCOMPARE(a.tokens, 49 + 4);
        CONTAINS(w.text(), QString("no class token"));
        CONTAINS(w.text(), QString("4 register tokens"));
        CONTAINS(w.text(), QString("D = 90 is not"));
        CONTAINS(w.text(), QString("T × D = 53 × 90"));
        CONTAINS(w.text(), QString("49 patch tokens + 4 in front"));
    }

    // A timm checkpoint brings D, its class token and a learned position table.
    void checkpointTokensAndPositions() {
        Views v;
        Walkthrough w(&v.session);
        Spec spec = test::spec224();
        spec.patch.reset();
        spec.embedDim.reset();
        spec.weightsPath = TESSERA_TORCH_DATA "/timm_vit_d192_depth1.pth";
        QVERIFY(v.run(test::chelsea(), spec));
        const JobOutcome& out = *v.session.current();
        QVERIFY(out.loaded && out.loaded->clsToken && out.loaded->posEmbed);
        const PatchEmbedWeights& weights = out.loaded->weights;
        const int D = weights.dim(), P = weights.patch().h;
        QCOMPARE(D, 192);
        Spec asRun = spec;
        asRun.patch = weights.patch();
        asRun.embedDim = D;
        const Arithmetic a = arithmetic(asRun, {224, 224});

        w.setStep(6);
        CONTAINS(w.text(), QString("D × K = %1 × %2").arg(D).arg(3 * P * P));
        CONTAINS(w.text(), QString("from timm_vit_d192_depth1.pth"));
        CONTAINS(w.text(),
                 QString("= %1 FLOPs").arg(num(std::int64_t(2) * a.patches * D * 3 * P * P)));

        w.setStep(7);
        QVERIFY(waitForSequence(w));
        CONTAINS(w.text(), QString("learned in training (from the checkpoint)"));
        // The table's own grid: its rows less the class token's, a square.
        const std::int64_t rows = out.loaded->posEmbed->dim(1) - 1;
        const int side = int(std::lround(std::sqrt(double(rows))));
        QCOMPARE(std::int64_t(side) * side, rows);
        if (side == a.grid.gh)
            CONTAINS(w.text(), QString("the checkpoint's learned table, one row per position"));
        else
            CONTAINS(w.text(), QString("made for a %1 × %1 grid, so it is resampled (bicubic, as "
                                       "timm does) to this %2 × %3 grid")
                                   .arg(side)
                                   .arg(a.grid.gh)
                                   .arg(a.grid.gw));
        CONTAINS(w.text(), QString("T × D = %1 × %2").arg(num(a.patches + 1)).arg(D));
        w.resize(420, 560);
        QVERIFY(w.grab().save("walkthrough_checkpoint_step7.png"));

        // Another input size: the learned table is resampled to the new grid.
        spec.imgSize = Size2{side * P + 4 * P, side * P + 4 * P};
        QVERIFY(v.run(test::chelsea(), spec));
        QVERIFY(waitForSequence(w));
        CONTAINS(w.text(), QString("made for a %1 × %1 grid, so it is resampled (bicubic, as timm "
                                   "does) to this %2 × %2 grid")
                               .arg(side)
                               .arg(side + 4));
        CONTAINS(w.text(), QString("T × D = %1 × %2").arg(num((side + 4) * (side + 4) + 1)).arg(D));
    }

    void rendersEveryStep() {
        Views v;
        Walkthrough w(&v.session);
        QVERIFY(v.run(test::chelsea(), test::spec224()));
        v.session.select(100);
        w.setHoveredPixel(QPoint(200, 120));
        w.resize(420, 560);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        for (int k = 1; k <= Walkthrough::kSteps; ++k) {
            w.setStep(k);
            if (k == Walkthrough::kSteps)
                QVERIFY(waitForSequence(w));
            QCoreApplication::processEvents();
            const QImage shot = w.grab().toImage();
            QVERIFY(shot.save(QString("walkthrough_step%1.png").arg(k)));
        }
        // The README's picture (docs/screenshots/walkthrough.png): step 4, as tall as it needs.
        w.setStep(4);
        w.resize(420, 330);
        QCoreApplication::processEvents();
        QVERIFY(w.grab().save("walkthrough.png"));
    }
};

QTEST_MAIN(TestWalkthrough)
#include "test_walkthrough.moc"
