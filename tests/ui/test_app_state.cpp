// The app's state can be trusted: the Spec round-trips through the controls, a weights file
// drives (and gives back) the controls, a result says what it was computed from, and the views
// say when they no longer match the controls. Each case failed on the first version.
#include "compute_job.hpp"
#include "controls_panel.hpp"
#include "every_field_spec.hpp"
#include "image_view.hpp"
#include "main_window.hpp"
#include "norm_chart.hpp"
#include "safetensors.hpp"
#include "session.hpp"
#include "spec_flags.hpp"
#include "weights_file.hpp"
#include "window_fixture.hpp"
#include "zip_archive.hpp"

#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <set>

using namespace tessera;
using namespace tessera::ui;

namespace {

using tessera::ui::testing::settle;

// A PatchEmbed checkpoint: D x 3 x P x P with bias, LayerNorm when asked, under each prefix.
std::string writeWeights(const QTemporaryDir& dir, const QString& name, int p, int d,
                         bool layerNorm = false, const std::vector<std::string>& prefixes = {""}) {
    TensorFile f;
    int k = 0;
    for (const std::string& prefix : prefixes) {
        const int dim = d + 4 * k++; // each embedding its own D, to tell them apart
        Tensor w({dim, 3, p, p});
        for (std::size_t i = 0; i < w.data.size(); ++i)
            w.data[i] = float((i * 7919) % 101) / 1000.0f - 0.05f;
        f.tensors[prefix + "proj.weight"] = w;
        f.tensors[prefix + "proj.bias"] = Tensor({dim}, 0.01f);
        if (layerNorm) {
            f.tensors[prefix + "norm.weight"] = Tensor({dim}, 1.0f);
            f.tensors[prefix + "norm.bias"] = Tensor({dim}, 0.0f);
        }
    }
    const std::string path = dir.filePath(name).toStdString();
    saveSafetensors(path, f);
    return path;
}

bool waitForWeights(MainWindow& w) {
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 20000) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        auto* file = w.findChild<WeightsFile*>();
        if (file && !file->loading())
            return settle(w);
    }
    return false;
}

// The sample under timm's eval transform (a 14x14 grid), computed and shown.
bool showSample(MainWindow& w) {
    w.applySpec(specFromArgs({"--img-size", "224"}));
    w.show();
    w.openSample("chelsea.png");
    return settle(w);
}

Size2 shownPatch(MainWindow& w) {
    return {w.controls()->patchHeight()->value(), w.controls()->patchWidth()->value()};
}

} // namespace

class TestAppState : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings("Tessera", "Tessera-state-test").clear();
    }
    void init() { QSettings("Tessera", "Tessera-state-test").clear(); }

    void everyFieldRoundTripsThroughTheControls() {
        // The first version dropped --weights-key, --mean/--std, --format, --norm-eps, --threads
        // and clamped seeds to 2^30.
        MainWindow w("Tessera-state-test");
        Spec s = tessera::testing::everyFieldSpec();
        w.controls()->setSpec(s);
        QCOMPARE(w.controls()->spec(), s);
        s.weightsPath.clear();
        s.weightsKey.clear();
        s.resampleWeights = false;
        w.controls()->setSpec(s);
        QCOMPARE(w.controls()->spec(), s);
        QCOMPARE(w.controls()->seed()->text(), QString("9223372036854775807"));
        QCOMPARE(w.controls()->spec(), specFromArgs(toArgs(s)));
        // An edit changes its own field only.
        w.controls()->embedDim()->setValue(100);
        Spec want = s;
        want.embedDim = 100;
        QCOMPARE(w.controls()->spec(), want);
    }

    void reTickingSquareMakesThePatchSquare() {
        MainWindow w("Tessera-state-test");
        ControlsPanel* c = w.controls();
        c->square()->setChecked(false);
        c->patchWidth()->setValue(24);
        QCOMPARE(c->spec().patchSize(), (Size2{16, 24}));
        c->square()->setChecked(true);
        QCOMPARE(c->spec().patchSize(), (Size2{16, 16}));
        QCOMPARE(shownPatch(w), (Size2{16, 16}));
    }

    void aWeightsFileDrivesTheControlsAndGivesThemBack() {
        QTemporaryDir dir;
        const std::string p14 = writeWeights(dir, "p14.safetensors", 14, 32);
        MainWindow w("Tessera-state-test");
        QVERIFY(showSample(w));
        ControlsPanel* c = w.controls();
        c->embedDim()->setValue(200);
        c->patchHeight()->setValue(20);
        QVERIFY(settle(w));
        c->useWeightsFile(QString::fromStdString(p14));
        QVERIFY(waitForWeights(w));
        QCOMPARE(shownPatch(w), (Size2{14, 14}));
        QCOMPARE(c->embedDim()->value(), 32);
        QVERIFY(!c->patchHeight()->isEnabled());
        QVERIFY(!c->embedDim()->isEnabled());
        QCOMPARE(w.session()->current()->result.grid.patch, (Size2{14, 14}));
        QCOMPARE(w.session()->current()->dim, 32);

        // Random gives back what the user had; then P16, and back to the file: 14 again, running.
        c->weightsSource()->setCurrentIndex(c->weightsSource()->findData(false));
        QVERIFY(settle(w));
        QCOMPARE(shownPatch(w), (Size2{20, 20}));
        QCOMPARE(c->embedDim()->value(), 200);
        QVERIFY(c->patchHeight()->isEnabled());
        c->patchHeight()->setValue(16);
        QVERIFY(settle(w));
        c->weightsSource()->setCurrentIndex(c->weightsSource()->findData(true));
        QVERIFY(waitForWeights(w));
        QCOMPARE(shownPatch(w), (Size2{14, 14}));
        QVERIFY(w.session()->failure().isEmpty());
        QCOMPARE(w.session()->current()->result.grid.patch, (Size2{14, 14}));

        // PI-resize on, P16, off: the file's 14 again, and it runs.
        c->resample()->setChecked(true);
        QVERIFY(c->patchHeight()->isEnabled());
        c->patchHeight()->setValue(16);
        QVERIFY(settle(w));
        QCOMPARE(w.session()->current()->result.grid.patch, (Size2{16, 16}));
        // Random and back keeps PI-resize as it was left (an audit found it dropped).
        c->weightsSource()->setCurrentIndex(c->weightsSource()->findData(false));
        QVERIFY(settle(w));
        c->weightsSource()->setCurrentIndex(c->weightsSource()->findData(true));
        QVERIFY(waitForWeights(w));
        QVERIFY(c->resample()->isChecked());
        QCOMPARE(w.session()->current()->result.grid.patch, (Size2{16, 16}));
        c->resample()->setChecked(false);
        QVERIFY(settle(w));
        QCOMPARE(shownPatch(w), (Size2{14, 14}));
        QVERIFY(w.session()->failure().isEmpty());
        QCOMPARE(w.session()->current()->result.grid.patch, (Size2{14, 14}));
    }

    void layerNormFollowsTheFileAndSeveralEmbeddingsOfferAChoice() {
        QTemporaryDir dir;
        const std::string ln = writeWeights(dir, "ln.safetensors", 16, 24, true);
        const std::string two =
            writeWeights(dir, "two.safetensors", 16, 24, false, {"student.", "teacher."});
        MainWindow w("Tessera-state-test");
        QVERIFY(showSample(w));
        ControlsPanel* c = w.controls();
        c->useWeightsFile(QString::fromStdString(ln));
        QVERIFY(waitForWeights(w));
        QVERIFY(c->layerNorm()->isChecked());
        QVERIFY(!c->layerNorm()->isEnabled());
        QVERIFY(w.session()->failure().isEmpty());
        QCOMPARE(c->spec().norm, NormKind::LayerNorm);

        c->useWeightsFile(QString::fromStdString(two));
        QVERIFY(waitForWeights(w));
        QVERIFY(!c->layerNorm()->isChecked());
        QCOMPARE(c->prefixChooser()->count(), 2);
        QVERIFY(c->prefixChooser()->isVisibleTo(c));
        QCOMPARE(c->spec().weightsKey, std::string("student."));
        QCOMPARE(w.session()->current()->dim, 24);
        c->prefixChooser()->setCurrentText("teacher.");
        QVERIFY(waitForWeights(w));
        QCOMPARE(c->spec().weightsKey, std::string("teacher."));
        QCOMPARE(w.session()->current()->dim, 28);
    }

    void aFileThatFailsKeepsThePreviousOneAndSaysWhyInFull() {
        QTemporaryDir dir;
        const std::string good = writeWeights(dir, "good.safetensors", 16, 24);
        const QString bad = dir.filePath("bad.safetensors");
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a safetensors file at all, but long enough to have a header length");
        f.close();
        MainWindow w("Tessera-state-test");
        QVERIFY(showSample(w));
        ControlsPanel* c = w.controls();
        c->useWeightsFile(QString::fromStdString(good));
        QVERIFY(waitForWeights(w));
        c->useWeightsFile(bad);
        QVERIFY(waitForWeights(w));
        QCOMPARE(c->spec().weightsPath, good);
        QVERIFY2(c->weightsLabel()->text().contains("bad.safetensors"),
                 qPrintable(c->weightsLabel()->text()));
        QVERIFY(c->weightsLabel()->wordWrap());
        QVERIFY(c->weightsLabel()->toolTip().contains("bad.safetensors"));
        QVERIFY(w.statusText().contains("bad.safetensors"));
        QCOMPARE(w.session()->current()->dim, 24);
    }

    void aRememberedFileThatIsGoneFallsBackToTheDefaults() {
        QTemporaryDir dir;
        {
            QSettings s("Tessera", "Tessera-state-test");
            s.setValue("spec", QStringList{"--weights", dir.filePath("gone.safetensors")});
        }
        MainWindow w("Tessera-state-test");
        QVERIFY2(w.lastError().contains("gone.safetensors"), qPrintable(w.lastError()));
        const Spec s = w.controls()->spec();
        QVERIFY(s.weightsPath.empty());
        QCOMPARE(s.dim(), 768);
        QVERIFY(s.bias);
        QCOMPARE(s.norm, NormKind::None);
    }

    void aStaleResultSaysSoAndExportsUnderItsOwnManifest() {
        MainWindow w("Tessera-state-test");
        QVERIFY(showSample(w));
        QVERIFY(w.staleText().isEmpty());
        w.controls()->patchHeight()->setValue(300); // larger than the 224 input: fails
        QVERIFY(settle(w));
        QVERIFY(!w.session()->failure().isEmpty());
        QVERIFY(w.session()->isStale());
        const QString banner = w.staleText();
        QVERIFY2(banner.contains("chelsea.png") && banner.contains("16x16") &&
                     banner.contains(QStringLiteral("grid 14 × 14")),
                 qPrintable(banner));
        QVERIFY2(banner.contains("The current settings give"), qPrintable(banner));
        QVERIFY(w.findChild<QLabel*>("staleBanner")->isVisibleTo(&w));
        // The image view and both charts are dimmed (covered), and only they.
        QList<QWidget*> dimmed;
        for (auto* veil : w.findChildren<QWidget*>("dimVeil"))
            if (veil->isVisibleTo(&w))
                dimmed << veil->parentWidget();
        QCOMPARE(dimmed.size(), 3);
        QVERIFY(dimmed.contains(w.imageView()));
        QVERIFY(dimmed.contains(w.normChart()->plotView()));
        QVERIFY(dimmed.contains(w.normChart()->histogramView()));
        for (auto* veil : w.findChildren<QWidget*>("dimVeil"))
            QCOMPARE(veil->size(), veil->parentWidget()->size());
        // In the app's words: the control's name, not the CLI flag.
        QVERIFY2(!banner.contains("--patch-size"), qPrintable(banner));

        QTemporaryDir dir;
        const QString out = dir.filePath("shown.zip");
        QFuture<QString> done = w.exportTo(out);
        done.waitForFinished();
        QCOMPARE(done.result(), QString());
        QTRY_VERIFY(w.statusText().contains("shown result"));
        std::string manifest;
        for (const auto& m : io::readZip(out.toStdString()))
            if (m.name == "manifest.json")
                manifest = m.bytes;
        const QJsonObject j = QJsonDocument::fromJson(QByteArray::fromStdString(manifest)).object();
        QCOMPARE(j["spec"].toObject()["patch_size"].toArray(), (QJsonArray{16, 16}));
        QCOMPARE(j["input"].toObject()["file"].toString(), QString("chelsea.png"));
        QCOMPARE(j["input"].toObject()["sha256"].toString().size(), 64);

        w.controls()->patchHeight()->setValue(16);
        QVERIFY(settle(w));
        QVERIFY(w.staleText().isEmpty());
        QVERIFY(!w.findChild<QLabel*>("staleBanner")->isVisibleTo(&w));
        for (auto* veil : w.findChildren<QWidget*>("dimVeil"))
            QVERIFY(!veil->isVisibleTo(&w));
    }

    void aFailedExportDoesNotLeaveTheStatusOnExporting() {
        MainWindow w("Tessera-state-test");
        QVERIFY(showSample(w));
        QFuture<QString> done = w.exportTo("/no/such/folder/out.zip");
        done.waitForFinished();
        QVERIFY(!done.result().isEmpty());
        QTRY_VERIFY(!w.statusText().contains("Exporting"));
    }

    void theSelectedPatchIsShownInWords() {
        MainWindow w("Tessera-state-test");
        QVERIFY(showSample(w));
        w.session()->select(15); // row 1, col 1 of the 14x14 grid
        const QString text = w.selectionText();
        QVERIFY2(text.contains("patch 15") && text.contains("row 1, col 1") &&
                     text.contains("y 16–31") && text.contains("x 16–31"), // inclusive
                 qPrintable(text));
        const float norm = w.session()->current()->result.norms.data[15];
        QVERIFY2(text.contains(QString::number(double(norm), 'g', 6)), qPrintable(text));
    }

    void aGridThatCannotBeCutFailsBeforeWeightsAreMade() {
        // P 999 with D 16384 would be 196 GB of random weights: the first version tried to make
        // them (an audit saw 850 MB and 30 s of "Computing…" at D 64) before the grid check.
        JobInput in;
        in.image = QImage(300, 451, QImage::Format_RGB32);
        in.image.fill(Qt::gray);
        in.spec = specFromArgs({"--patch-size", "999", "--embed-dim", "16384", "--pad", "none"});
        QElapsedTimer t;
        t.start();
        const JobOutcome out = runJob(in);
        QVERIFY2(out.error.find("999") != std::string::npos, out.error.c_str());
        QVERIFY2(out.error.find("internal") == std::string::npos, out.error.c_str());
        QVERIFY(t.elapsed() < 5000);
    }

    void settingsInvalidAtStartStillShowTheImageWithTheReason() {
        MainWindow w("Tessera-state-test");
        w.applySpec(specFromArgs({"--patch-size", "512", "--fit", "native", "--pad", "none"}));
        w.resize(1200, 800);
        w.show();
        w.openSample("chelsea.png");
        QVERIFY(settle(w));
        QVERIFY(!w.session()->current());
        QVERIFY(!w.session()->failure().isEmpty());
        // The cat is drawn (many colours), not only a message on a plain background.
        const QImage shot = w.imageView()->grab().toImage();
        std::set<QRgb> colours;
        for (int y = 0; y < shot.height(); y += 4)
            for (int x = 0; x < shot.width(); x += 4)
                colours.insert(shot.pixel(x, y));
        QVERIFY2(colours.size() > 500, qPrintable(QString::number(colours.size())));
        QVERIFY(w.controls()->arithmeticIsError());
        QVERIFY2(w.controls()->arithmeticText().contains("512"),
                 qPrintable(w.controls()->arithmeticText()));
    }

    void aFailedOpenSaysSoInTheStatusBar() {
        MainWindow w("Tessera-state-test");
        QSignalSpy failed(w.session(), &Session::openFailed);
        w.openImage(QStringLiteral("/no/such/picture.png"));
        QVERIFY(failed.wait(10000));
        QVERIFY2(!w.statusText().contains("Opening"), qPrintable(w.statusText()));
        QVERIFY2(w.statusText().contains("picture.png"), qPrintable(w.statusText()));
    }

    void theScriptedExportsManifestEqualsTheFlags() {
        // --patch-size=32 was ignored by the first version's own argv scan; big seeds clamped.
        QTemporaryDir dir;
        const QString out = dir.filePath("scripted.zip");
        const QStringList flags{
            "--patch-size=32", "--seed",     "2000000000", "--format",    "NHWC",
            "--mean",          "0.5",        "--std",      "0.25",        "--norm",
            "layernorm",       "--norm-eps", "1e-05",      "--embed-dim", "64",
            "--weights-key",   "unused."};
        QProcess p;
        p.start(TESSERA_APP, QStringList{QString(TESSERA_SOURCE_DIR) + "/resources/chelsea.png"} +
                                 flags + QStringList{"--export", out});
        QVERIFY(p.waitForFinished(120000));
        QCOMPARE(p.exitCode(), 0);
        std::string manifest;
        for (const auto& m : io::readZip(out.toStdString()))
            if (m.name == "manifest.json")
                manifest = m.bytes;
        const QJsonArray args = QJsonDocument::fromJson(QByteArray::fromStdString(manifest))
                                    .object()["spec"]
                                    .toObject()["args"]
                                    .toArray();
        std::vector<std::string> got;
        for (const QJsonValue& v : args)
            got.push_back(v.toString().toStdString());
        Spec want =
            specFromArgs({"--patch-size", "32", "--seed", "2000000000", "--format", "NHWC",
                          "--mean", "0.5", "--std", "0.25", "--norm", "layernorm", "--norm-eps",
                          "1e-05", "--embed-dim", "64", "--weights-key", "unused."});
        const Spec shown = specFromArgs(got);
        // The export makes the geometry and the thread count explicit; the rest is as given.
        want.inChans = shown.inChans;
        want.threads = shown.threads;
        QCOMPARE(shown, want);

        QProcess bad;
        bad.start(TESSERA_APP, QStringList{QString(TESSERA_SOURCE_DIR) + "/resources/chelsea.png",
                                           "--patch-size", "999", "--img-size", "224", "--export",
                                           dir.filePath("bad.zip")});
        QVERIFY(bad.waitForFinished(120000));
        QCOMPARE(bad.exitCode(), 2);
        QCOMPARE(QString(bad.readAllStandardError()).trimmed().count('\n'), 0);
        QVERIFY(!QFile::exists(dir.filePath("bad.zip")));
    }
};

QTEST_MAIN(TestAppState)
#include "test_app_state.moc"
