// The real MainWindow, driven offscreen as a user would: controls, clicks, files, bursts, cancel.
#include "controls_panel.hpp"
#include "filters_view.hpp"
#include "image_view.hpp"
#include "main_window.hpp"
#include "norm_chart.hpp"
#include "npy.hpp"
#include "patch_inspector.hpp"
#include "picture_checks.hpp"
#include "positions_view.hpp"
#include "presentation_mode.hpp"
#include "session.hpp"
#include "spec_flags.hpp"
#include "view_highlight.hpp"
#include "walkthrough.hpp"
#include "window_fixture.hpp"
#include "zip_archive.hpp"

#include <QAction>
#include <QChartView>
#include <QComboBox>
#include <QDockWidget>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <set>

using namespace tessera;
using namespace tessera::ui;

namespace {

using tessera::ui::testing::distinctColours;

// Waits until the newest request has been computed and accepted (or failed).
using tessera::ui::testing::settle;

QJsonObject cliInfo(const QStringList& args) {
    QProcess p;
    p.start(TESSERA_CLI, QStringList{"info", "--json"} + args);
    p.waitForFinished(30000);
    return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
}

// What a ViT-B/16 sees: timm's eval transform to 224 (the sample gives a 14x14 grid).
Spec timmEval224() {
    return specFromArgs({"--img-size", "224"});
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true); // settings land in a test folder
        QSettings("Tessera", "Tessera-test").clear();
    }

    // The windows' icon is the application icon at every size the icon theme has, so a task bar
    // or a window list never scales a 16-pixel picture up.
    void windowHasTheApplicationIconAtEverySize() {
        MainWindow w("Tessera-test");
        const QList<QSize> sizes = w.windowIcon().availableSizes();
        for (const int side : {16, 32, 48, 64, 128, 256})
            QVERIFY2(sizes.contains(QSize(side, side)), qPrintable(QString::number(side)));
        // The picture itself: the highlighted patch's orange outline is in it.
        const QImage big = w.windowIcon().pixmap(256).toImage();
        QCOMPARE(big.size(), QSize(256, 256));
        QCOMPARE(big.pixelColor(150, 72).name(), QColor("#ffb000").name());
    }

    void sampleLoadsAndComputes() {
        MainWindow w("Tessera-test");
        w.applySpec(timmEval224());
        w.resize(1200, 800);
        w.show();
        w.openSample("chelsea.png");
        QVERIFY(settle(w));
        const JobOutcome* out = w.session()->current();
        QVERIFY(out);
        QCOMPARE(out->result.grid.count(), 196); // 224 / 16 = 14, squared
        QCOMPARE(out->result.embeddings.shape, (Shape{1, 196, 768}));
        QCOMPARE(w.normChart()->pointCount(), 196);
        QVERIFY(w.statusText().contains("196 patches"));
    }

    // A teaching view tabbed behind the norms computes nothing (its pictures would cost ~110 ms
    // of CPU per control change, slowing the run the user waits for); brought forward, it shows
    // the current result, and from then on follows each new one while it stays in front.
    void viewsBehindOtherTabsComputeWhenBroughtForward() {
        MainWindow w("Tessera-test");
        w.applySpec(timmEval224());
        w.resize(1400, 900);
        w.show();
        w.openSample("chelsea.png");
        QVERIFY(settle(w));
        auto* positions = w.findChild<PositionsView*>();
        auto* filters = w.findChild<FiltersView*>();
        auto idle = [&w] { return tessera::ui::testing::viewsIdle(w); };
        QVERIFY(idle());
        QVERIFY(!positions->sequence());       // no maps made behind the norms
        QCOMPARE(filters->filterNorm(0), 0.0); // no filter pictures either

        QVERIFY(w.showView("posembed"));
        QTRY_VERIFY_WITH_TIMEOUT(positions->sequence() && idle(), 60000);
        QCOMPARE(positions->sequence()->grid, (Size2{14, 14}));
        QCOMPARE(filters->filterNorm(0), 0.0);

        w.applySpec(specFromArgs({"--img-size", "224", "--patch-size", "32"}));
        QVERIFY(settle(w));
        QTRY_VERIFY_WITH_TIMEOUT(
            positions->sequence() && positions->sequence()->grid == (Size2{7, 7}) && idle(), 60000);
        QCOMPARE(filters->filterNorm(0), 0.0);
        // Nor its words: they are set when it comes forward.
        QVERIFY(!filters->caption().contains(QStringLiteral("32×32")));

        QVERIFY(w.showView("filters"));
        QTRY_VERIFY_WITH_TIMEOUT(filters->filterNorm(0) > 0 && idle(), 60000);
        QCOMPARE(filters->filterImage(0).size(), QSize(32, 32));
        QVERIFY2(filters->caption().contains(QStringLiteral("32×32")),
                 qPrintable(filters->caption()));
    }

    // F1 opens the walkthrough; each step brings its view forward, frames it and sets the image's
    // overlays as the step asks.
    void theWalkthroughFramesTheViewOfEachStep() {
        MainWindow w("Tessera-test");
        w.applySpec(timmEval224());
        w.resize(1400, 900);
        w.show();
        w.openSample("chelsea.png");
        QVERIFY(settle(w));
        auto* dock = w.findChild<QDockWidget*>("walkthroughDock");
        QVERIFY(dock && dock->isHidden());
        Overlays before = w.imageView()->overlays();
        before.map = true; // the user's own choice, which the steps change and closing restores
        before.labels = false;
        w.imageView()->setOverlays(before);
        w.session()->select(-1);
        QTest::keyClick(&w, Qt::Key_F1);
        QTRY_VERIFY(dock->isVisible());
        auto* frame = w.findChild<ViewHighlight*>();
        QVERIFY(frame);
        for (int step = 1; step <= Walkthrough::kSteps; ++step) {
            w.walkthrough()->setStep(step);
            const Walkthrough::Focus f = w.walkthrough()->focus();
            QCOMPARE(w.imageView()->overlays().grid, f.grid);
            QCOMPARE(w.imageView()->overlays().cropAndPadding, f.cropAndPadding);
            QVERIFY2(frame->target() && frame->isVisible(), qPrintable(f.view));
            if (f.view == QLatin1String("image"))
                QCOMPARE(frame->target(), static_cast<QWidget*>(w.imageView()));
            else if (f.view == QLatin1String("inspector"))
                QCOMPARE(frame->target(), static_cast<QWidget*>(w.inspector()));
            else
                QCOMPARE(frame->target()->metaObject()->className(), "tessera::ui::SequenceView");
            // The framed view is in front: its dock is not hidden behind another tab.
            QTRY_VERIFY(frame->target()->isVisible());
            // Flattening needs a patch: with none selected, the middle one (7, 7) is taken.
            if (step == 5)
                QCOMPARE(w.session()->selected(), 7 * 14 + 7);
            // The arrows turn the pages, wherever the focus was before.
            QCOMPARE(QApplication::focusWidget() == w.walkthrough() ||
                         w.walkthrough()->isAncestorOf(QApplication::focusWidget()),
                     true);
        }
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Left);
        QCOMPARE(w.walkthrough()->step(), Walkthrough::kSteps - 1);
        dock->close();
        QTRY_VERIFY(!frame->isVisible());
        QCOMPARE(w.imageView()->overlays().map, true);
        QCOMPARE(w.imageView()->overlays().labels, false);
        QCOMPARE(w.imageView()->overlays().grid, before.grid);
    }

    // F11: full screen, larger fonts and thicker lines; again: back as it was.
    void presentationModeScalesAndRestores() {
        MainWindow w("Tessera-test");
        w.show();
        const QFont before = QApplication::font();
        w.presentation()->setOn(true);
        QVERIFY(w.isFullScreen() || QGuiApplication::platformName() == "offscreen");
        QVERIFY(QApplication::font().pointSizeF() > before.pointSizeF() * 1.4);
        QCOMPARE(w.imageView()->overlays().lineWidth, PresentationMode::kLineWidth);
        QVERIFY(w.presentation()->action()->isChecked());
        w.presentation()->action()->trigger();
        QCOMPARE(QApplication::font(), before);
        QCOMPARE(w.imageView()->overlays().lineWidth, 1.0);
        QVERIFY(!w.isFullScreen());
    }

    // A run planned past the memory limit is refused before anything of its size is made, and
    // the window says so with the figures (it used to end in bad_alloc).
    void aRunTooLargeForMemoryIsAnErrorInTheWindow() {
        MainWindow w("Tessera-test");
        w.show();
        w.openSample("chelsea.png");
        QVERIFY(settle(w));
        Spec huge = specFromArgs({"--fit", "native", "--pad", "dynamic", "--patch-size", "8192"});
        w.applySpec(huge);
        QVERIFY(settle(w));
        QVERIFY2(w.staleText().contains("memory limit") || w.lastError().contains("memory limit"),
                 qPrintable(w.staleText() + " | " + w.lastError()));
    }

    void patchSize32MatchesCliInfo() {
        MainWindow w("Tessera-test");
        w.applySpec(timmEval224());
        w.show();
        w.openSample("chelsea.png");
        QVERIFY(settle(w));
        w.controls()->patchHeight()->setValue(32); // square: the width follows
        QCOMPARE(w.controls()->patchWidth()->value(), 32);
        QVERIFY(settle(w));
        const QJsonObject info = cliInfo({"--img-size", "224", "--patch-size", "32"});
        const int n = info["num_patches"].toInt();
        QCOMPARE(n, 49);
        QCOMPARE(int(w.session()->current()->result.grid.count()), n);
        QCOMPARE(w.normChart()->pointCount(), n);
        const QString text = w.controls()->arithmeticText();
        QVERIFY2(text.contains(QString("%1 patches").arg(n)), qPrintable(text));
        QVERIFY2(text.contains(QString::number(info["values_per_patch"].toInt())),
                 qPrintable(text));
        QVERIFY2(text.contains(QLocale().toString(info["params"].toInteger())), qPrintable(text));
    }

    void invalidCombinationsAreExplainedNotCrashed() {
        MainWindow w("Tessera-test");
        w.applySpec(timmEval224());
        w.show();
        w.openSample("chelsea.png");
        QVERIFY(settle(w));
        QComboBox* size = w.controls()->sizeMode();
        size->setCurrentIndex(size->findData(int(ImageFit::CenterCrop))); // timm eval at 224
        w.controls()->patchHeight()->setValue(300); // larger than the 224 input
        QVERIFY(settle(w));
        QVERIFY(w.controls()->arithmeticIsError());
        QVERIFY2(w.controls()->arithmeticText().contains("larger than the input"),
                 qPrintable(w.controls()->arithmeticText()));
        QVERIFY(!w.session()->failure().isEmpty());
        w.controls()->patchHeight()->setValue(16);
        QVERIFY(settle(w));
        QVERIFY(!w.controls()->arithmeticIsError());
        QCOMPARE(int(w.session()->current()->result.grid.count()), 196);
    }

    void selectionLinksImageAndChart() {
        MainWindow w("Tessera-test");
        w.applySpec(timmEval224());
        w.resize(1400, 900);
        w.show();
        w.openSample("chelsea.png");
        QVERIFY(settle(w));
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        ImageView* view = w.imageView();
        const QRectF r = view->patchRect(37);
        QVERIFY(!r.isEmpty());
        QTest::mouseClick(view, Qt::LeftButton, {}, r.center().toPoint());
        QCOMPARE(w.session()->selected(), 37);
        QCOMPARE(w.normChart()->markedIndex(), 37);
        QVERIFY(w.normChart()->markedBin() >= 0);

        QChartView* plot = w.normChart()->plotView();
        const QPointF at = w.normChart()->plotPosition(120);
        QTest::mouseClick(plot->viewport(), Qt::LeftButton, {}, at.toPoint());
        QCOMPARE(w.session()->selected(), 120);
        QCOMPARE(w.normChart()->markedIndex(), 120);
        QCOMPARE(view->patchAt(view->patchRect(120).center()), 120); // the view highlights it
    }

    void corruptImageShowsErrorAndKeepsThePrevious() {
        MainWindow w("Tessera-test");
        w.applySpec(timmEval224());
        w.show();
        w.openSample("chelsea.png");
        QVERIFY(settle(w));
        const std::uint64_t generation = w.session()->current()->generation;
        QTemporaryDir dir;
        const QString bad = dir.filePath("broken.png");
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("\x89PNG\r\n\x1a\nthis is not an image");
        f.close();
        QSignalSpy failed(w.session(), &Session::openFailed);
        w.openImage(bad);
        QVERIFY(failed.wait(10000));
        QVERIFY2(w.lastError().contains("broken.png"), qPrintable(w.lastError()));
        QCOMPARE(w.session()->imageName(), QString("chelsea.png"));
        QVERIFY(settle(w));
        QCOMPARE(w.session()->current()->generation, generation); // nothing recomputed or lost
        w.openImage(dir.filePath("missing.png"));
        QVERIFY(failed.wait(10000));
        QVERIFY2(w.lastError().contains("missing.png"), qPrintable(w.lastError()));
        QCOMPARE(w.session()->imageName(), QString("chelsea.png"));
    }

    void rapidChangesEndWithTheLastAndNothingStale() {
        MainWindow w("Tessera-test");
        w.applySpec(timmEval224());
        w.show();
        w.openSample("chelsea.png");
        QVERIFY(settle(w));
        std::vector<std::uint64_t> accepted;
        connect(w.session(), &Session::resultReady, this,
                [&] { accepted.push_back(w.session()->current()->generation); });
        auto* rng = QRandomGenerator::global();
        int lastP = 0, lastD = 0;
        for (int i = 0; i < 200; ++i) {
            lastP = rng->bounded(4, 65);
            lastD = rng->bounded(8, 257);
            w.controls()->patchHeight()->setValue(lastP);
            w.controls()->embedDim()->setValue(lastD);
            if (rng->bounded(4) == 0)
                QTest::qWait(rng->bounded(0, 30)); // let some runs start, so some are superseded
        }
        QVERIFY(settle(w));
        const JobOutcome* out = w.session()->current();
        QCOMPARE(out->generation, w.session()->requestedGeneration());
        QCOMPARE(out->result.grid.patch, (Size2{lastP, lastP}));
        QCOMPARE(out->dim, lastD);
        QCOMPARE(out->result.embeddings.dim(2), lastD);
        // Every patch up to kMaxPlotPoints; beyond, each run of patches as its min and max.
        QCOMPARE(w.normChart()->pointCount(), int(out->view->plot.size()));
        if (out->result.grid.count() <= kMaxPlotPoints)
            QCOMPARE(w.normChart()->pointCount(), int(out->result.grid.count()));
        QVERIFY(!accepted.empty());
        for (std::size_t i = 1; i < accepted.size(); ++i)
            QVERIFY(accepted[i] > accepted[i - 1]); // never an older result after a newer one
    }

    void cancelStopsALongRun() {
        MainWindow w("Tessera-test");
        w.applySpec(timmEval224());
        w.show();
        QImage big(4096, 4096, QImage::Format_RGB32);
        big.fill(QColor(90, 140, 200));
        Spec spec = w.controls()->spec();
        spec.fit = ImageFit::Native;
        spec.pad = PadPolicy::Dynamic;
        spec.imgSize.reset();
        spec.embedDim = 2048; // 65,536 patches × 2048 × 768: seconds of work
        w.applySpec(spec);
        QString error;
        QVERIFY(w.session()->setImage(big, "big", &error));
        QSignalSpy progressed(w.session(), &Session::progressed);
        QSignalSpy cancelled(w.session(), &Session::cancelled);
        QSignalSpy results(w.session(), &Session::resultReady);
        QVERIFY(progressed.wait(60000)); // the run is under way
        w.session()->cancel();
        QVERIFY(cancelled.wait(30000));
        QCOMPARE(results.count(), 0);
        QVERIFY(!w.session()->busy());
        QVERIFY(w.statusText().contains("Cancelled"));
    }

    void exportWritesTheBundleAndFailsCleanly() {
        MainWindow w("Tessera-test");
        w.applySpec(timmEval224());
        w.show();
        w.openSample("chelsea.png");
        QVERIFY(settle(w));
        QTemporaryDir dir;
        const QString zip = dir.filePath("cat.zip");
        QFuture<QString> exported = w.exportTo(zip);
        QTRY_VERIFY_WITH_TIMEOUT(exported.isFinished(), 60000);
        QVERIFY2(exported.result().isEmpty(), qPrintable(exported.result()));
        QTRY_VERIFY(w.statusText().startsWith("Exported to"));
        std::set<std::string> names;
        for (const auto& m : io::readZip(zip.toStdString()))
            names.insert(m.name);
        for (const char* expected :
             {"manifest.json", "embeddings.npy", "norms.npy", "patches.csv", "overlay.png",
              "norms.png", "weights.safetensors", "projector/vectors.tsv", "projector/metadata.tsv",
              "projector/sprite.png", "projector/projector_config.json"})
            QVERIFY2(names.count(expected), expected);
        const Tensor e = loadNpy([&] {
            for (const auto& m : io::readZip(zip.toStdString()))
                if (m.name == "embeddings.npy") {
                    const std::string p = dir.filePath("e.npy").toStdString();
                    std::ofstream(p, std::ios::binary) << m.bytes;
                    return p;
                }
            return std::string();
        }());
        QCOMPARE(e.data, w.session()->current()->result.embeddings.data); // what the app shows

        // An unwritable target: an error the user can act on, and nothing left behind.
        const QString blocked = dir.filePath("no/such/folder/cat.npz");
        QFuture<QString> failed = w.exportTo(blocked);
        QTRY_VERIFY_WITH_TIMEOUT(failed.isFinished(), 60000);
        QVERIFY2(failed.result().contains("no/such/folder"), qPrintable(failed.result()));
        QTRY_VERIFY2(w.lastError().contains("no/such/folder"), qPrintable(w.lastError()));
        QVERIFY(!QFile::exists(blocked));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(),
                 2); // cat.zip, e.npy
    }

    void screenshotIsNotBlank() {
        MainWindow w("Tessera-test");
        w.applySpec(timmEval224());
        w.resize(1400, 900);
        w.show();
        w.openSample("chelsea.png");
        QVERIFY(settle(w));
        QTest::qWait(50);
        const QImage shot = w.grab().toImage();
        QCOMPARE(shot.size(), QSize(1400, 900) * w.devicePixelRatio());
        QVERIFY2(distinctColours(shot) > 500, "the window looks blank");

        QTemporaryDir dir;
        const QString png = dir.filePath("shot.png");
        QProcess app;
        app.start(TESSERA_APP, {"--screenshot", png, "--size", "1000x700", "--patch-size", "32",
                                "--select", "10"});
        QVERIFY(app.waitForFinished(120000));
        QCOMPARE(app.exitCode(), 0);
        const QImage file(png);
        QCOMPARE(file.size(), QSize(1000, 700));
        QVERIFY2(distinctColours(file) > 500, "the --screenshot PNG looks blank");
    }

    // A scripted run computes what `tessera-cli embed` would: a checkpoint with two patch
    // embeddings needs --weights-key there, so a screenshot or export of it does too.
    void scriptedRunsRefuseAnUnchosenEmbeddingAsTheCliDoes() {
        QTemporaryDir dir;
        const QString png = dir.filePath("dino.png");
        const QString dino =
            QString(TESSERA_SOURCE_DIR) + "/tests/data/torch/dino_teacher_student.pth";
        QProcess app;
        app.start(TESSERA_APP, {"--screenshot", png, "--weights", dino});
        QVERIFY(app.waitForFinished(120000));
        QCOMPARE(app.exitCode(), 2);
        const QString err = QString::fromUtf8(app.readAllStandardError()).trimmed();
        QVERIFY2(err.contains("teacher.backbone.patch_embed.") && err.contains("--weights-key") &&
                     !err.contains('\n'),
                 qPrintable(err));
        QVERIFY(!QFile::exists(png));
        app.start(TESSERA_APP, {"--screenshot", png, "--size", "800x600", "--weights", dino,
                                "--weights-key", "teacher.backbone.patch_embed."});
        QVERIFY(app.waitForFinished(120000));
        QCOMPARE(app.exitCode(), 0);
        QVERIFY(QFile::exists(png));
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
