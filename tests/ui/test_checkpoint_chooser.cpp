// The "Choose weights" dialog against caches laid out as the Hugging Face hub and torch hub lay
// them out, in a temporary home: what it lists (one row per patch embedding, the geometry read
// from the file), what it leaves out (junk, a pickle that would run code), the user's folders from
// QSettings, the empty state, and what path()/prefix() give back when a row is used.
#include "checkpoint_chooser.hpp"
#include "controls_panel.hpp"
#include "weights_file.hpp"
#include "weights_loader.hpp"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

using namespace tessera;
using namespace tessera::ui;

namespace {

const QString kData = QStringLiteral(TESSERA_TORCH_DATA);
const QString kTeacher = QStringLiteral("teacher.backbone.patch_embed.");
const QString kStudent = QStringLiteral("student.module.backbone.patch_embed.");

// The fixture read whole, by the reference copy torch wrote beside it (NAME.expected.npz) when
// there is one: another reader than the scan's header listing.
TensorFile reference(const QString& fixture) {
    QString file = kData + "/" + fixture;
    const QString expected =
        QString(file).replace(QRegularExpression("\\.[a-z]+$"), ".expected.npz");
    if (QFile::exists(expected))
        file = expected;
    return io::loadTensorFile(QFile::encodeName(file).toStdString());
}

// The shape of the one tensor whose name ends in `suffix`; empty when none or several do.
Shape kernelShape(const QString& fixture, const QString& suffix) {
    Shape found;
    int matches = 0;
    for (const auto& [name, tensor] : reference(fixture).tensors)
        if (QString::fromStdString(name).endsWith(suffix)) {
            found = tensor.shape;
            ++matches;
        }
    return matches == 1 ? found : Shape{};
}

// Whether the fixture holds a tensor whose name ends in `suffix`.
bool holds(const QString& fixture, const QString& suffix) {
    for (const auto& entry : reference(fixture).tensors)
        if (QString::fromStdString(entry.first).endsWith(suffix))
            return true;
    return false;
}

bool copyFixture(const QString& fixture, const QString& to) {
    QDir().mkpath(QFileInfo(to).absolutePath());
    return QFile::copy(kData + "/" + fixture, to);
}

// A hub cache entry: the file as blobs/<sha>, and snapshots/<rev>/<name> a relative link to it.
bool addHubModel(const QString& hub, const QString& repo, const QString& sha, const QString& rev,
                 const QString& name, const QByteArray& bytes) {
    const QString root = hub + "/models--" + QString(repo).replace("/", "--");
    QDir().mkpath(root + "/blobs");
    QDir().mkpath(root + "/snapshots/" + rev);
    QFile blob(root + "/blobs/" + sha);
    if (!blob.open(QIODevice::WriteOnly) || blob.write(bytes) != bytes.size())
        return false;
    blob.close();
    // QFile::link makes the link's text as given: relative, as huggingface_hub does.
    return QFile::link("../../blobs/" + sha, root + "/snapshots/" + rev + "/" + name);
}

QByteArray fixtureBytes(const QString& fixture) {
    QFile f(kData + "/" + fixture);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

struct Row {
    int index = -1;
    QString model, patch, d, c, pos, cls, format, size, where, path, prefix, tip;
};

QList<Row> rowsOf(const CheckpointChooser& dialog) {
    auto* table = dialog.findChild<QTableWidget*>("checkpoints");
    QList<Row> rows;
    for (int i = 0; table && i < table->rowCount(); ++i) {
        auto text = [&](int c) { return table->item(i, c)->text(); };
        Row r{i,       text(0), text(1), text(2), text(3), text(4), text(5),
              text(6), text(7), text(8), {},      {},      {}};
        r.path = table->item(i, 0)->data(Qt::UserRole).toString();
        r.prefix = table->item(i, 0)->data(Qt::UserRole + 1).toString();
        r.tip = table->item(i, 0)->toolTip();
        rows.append(r);
    }
    return rows;
}

const Row* findRow(const QList<Row>& rows, const QString& path, const QString& prefix = {}) {
    for (const Row& r : rows)
        if (r.path == path && r.prefix == prefix)
            return &r;
    return nullptr;
}

} // namespace

class TestCheckpointChooser : public QObject {
    Q_OBJECT

    QTemporaryDir m_home;
    QString m_hub, m_torch, m_mine;
    // Paths as the dialog should hand them back: the snapshot's link, not the blob.
    QString m_vitLink, m_dinoLink, m_junkLink, m_torchFile, m_evilFile, m_mineFile;

  private slots:
    void initTestCase() {
        QVERIFY(m_home.isValid());
        const QString h = m_home.path();
        // Nothing of the real machine: its caches and its settings stay out.
        qputenv("HOME", QFile::encodeName(h));
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(h + "/.config"));
        qunsetenv("HF_HOME");
        m_hub = h + "/.cache/huggingface/hub";
        m_torch = h + "/.cache/torch";
        qputenv("HF_HUB_CACHE", QFile::encodeName(m_hub));
        qputenv("TORCH_HOME", QFile::encodeName(m_torch));
        QCoreApplication::setOrganizationName("Tessera-chooser-test");
        QCoreApplication::setApplicationName("Tessera-chooser-test");

        QVERIFY(addHubModel(m_hub, "google/vit-tiny-hf", "a1b2c3", "0123abcd", "pytorch_model.bin",
                            fixtureBytes("hf_vit_pytorch_model.bin")));
        QVERIFY(addHubModel(m_hub, "facebook/dino-vits16", "d4e5f6", "4567ef01", "dino.pth",
                            fixtureBytes("dino_teacher_student.pth")));
        QVERIFY(addHubModel(m_hub, "acme/broken", "0badf00d", "89ab2345", "pytorch_model.bin",
                            QByteArray("this is not a checkpoint, only its name says so")));
        m_vitLink = m_hub + "/models--google--vit-tiny-hf/snapshots/0123abcd/pytorch_model.bin";
        m_dinoLink = m_hub + "/models--facebook--dino-vits16/snapshots/4567ef01/dino.pth";
        m_junkLink = m_hub + "/models--acme--broken/snapshots/89ab2345/pytorch_model.bin";
        QVERIFY(QFileInfo(m_vitLink).isSymLink() && QFileInfo(m_vitLink).exists());
        QVERIFY(std::filesystem::read_symlink(QFile::encodeName(m_vitLink).toStdString())
                    .is_relative());

        m_torchFile = m_torch + "/hub/checkpoints/x.pth";
        m_evilFile = m_torch + "/hub/checkpoints/evil.pth";
        QVERIFY(copyFixture("timm_vit_d192_depth1.pth", m_torchFile));
        QVERIFY(copyFixture("malicious_os_system.pth", m_evilFile));

        m_mine = h + "/my checkpoints";
        m_mineFile = m_mine + "/run1/last/lightning_parameters.ckpt";
        QVERIFY(copyFixture("lightning_parameters.ckpt", m_mineFile));
    }

    void init() {
        QSettings s;
        s.clear();
        s.setValue(CheckpointChooser::kFoldersKey, QStringList{m_mine});
    }

    void listsOneRowPerPatchEmbedding() {
        CheckpointChooser d;
        auto* status = d.findChild<QLabel*>("status");
        QVERIFY(status->text().contains(QStringLiteral("files looked at")));
        QTRY_VERIFY_WITH_TIMEOUT(!d.scanning(), 20000);
        const QList<Row> rows = rowsOf(d);
        QCOMPARE(rows.size(), 5); // vit, DINO's two, x.pth, the user's .ckpt

        auto checkGeometry = [](const Row* r, const Shape& k) {
            QVERIFY(r);
            QCOMPARE(k.size(), std::size_t(4));
            QCOMPARE(r->d, QString::number(k[0]));
            QCOMPARE(r->c, QString::number(k[1]));
            QCOMPARE(r->patch, QStringLiteral("%1×%2").arg(k[2]).arg(k[3]));
        };

        const Row* vit = findRow(rows, m_vitLink);
        checkGeometry(
            vit, kernelShape("hf_vit_pytorch_model.bin", "patch_embeddings.projection.weight"));
        QCOMPARE(vit->model, QStringLiteral("google/vit-tiny-hf @0123abcd")); // repo and revision
        QCOMPARE(vit->where, QStringLiteral("Hugging Face cache"));
        QCOMPARE(vit->tip, QDir::toNativeSeparators(m_vitLink));
        // DINO: a row for each embedding, each with its own prefix and kernel.
        for (const QString& prefix : {kTeacher, kStudent}) {
            const Row* r = findRow(rows, m_dinoLink, prefix);
            checkGeometry(r, kernelShape("dino_teacher_student.pth", prefix + "proj.weight"));
            QVERIFY(r->model.startsWith(QStringLiteral("facebook/dino-vits16")));
            // Named by the prefix without its common tail: "teacher.backbone".
            QVERIFY2(r->model.endsWith(prefix.chopped(int(strlen(".patch_embed.")))),
                     qPrintable(r->model));
            QVERIFY(r->tip.contains(prefix));
        }

        const Row* timm = findRow(rows, m_torchFile);
        checkGeometry(timm, kernelShape("timm_vit_d192_depth1.pth", "patch_embed.proj.weight"));
        QCOMPARE(timm->model, QStringLiteral("x.pth"));
        QCOMPARE(timm->where, QStringLiteral("torch hub"));
        QVERIFY(holds("timm_vit_d192_depth1.pth", "pos_embed"));
        QVERIFY(holds("timm_vit_d192_depth1.pth", "cls_token"));
        QCOMPARE(timm->pos, QStringLiteral("yes"));
        QCOMPARE(timm->cls, QStringLiteral("yes"));
        QVERIFY(timm->format.contains(QStringLiteral("PyTorch")));

        // The user's folder, three levels down, named by where the file is.
        const Row* mine = findRow(rows, m_mineFile);
        checkGeometry(mine, kernelShape("lightning_parameters.ckpt", "proj.weight"));
        QCOMPARE(mine->where, QFileInfo(QFileInfo(m_mineFile).absolutePath()).fileName());
        QCOMPARE(mine->pos, holds("lightning_parameters.ckpt", "pos_embed") ? QStringLiteral("yes")
                                                                            : QStringLiteral("no"));

        // Junk with a weights name and a pickle that would run code are not offered.
        for (const Row& r : rows) {
            QVERIFY(r.path != m_junkLink);
            QVERIFY(r.path != m_evilFile);
        }
        QVERIFY(d.findChild<QStackedWidget*>()->currentWidget() ==
                d.findChild<QTableWidget*>("checkpoints"));
        QVERIFY(status->text().contains(QStringLiteral("found: 5")));

        // The folders shown: the two standard ones (not removable) and the user's.
        auto* folders = d.findChild<QListWidget*>("folders");
        QCOMPARE(folders->count(), 3);
        QVERIFY(folders->item(0)->text().contains(QDir::toNativeSeparators(m_hub)));
        QVERIFY(!(folders->item(0)->flags() & Qt::ItemIsSelectable));
        QVERIFY(folders->item(2)->flags() & Qt::ItemIsSelectable);

        // A picture to look at (docs/screenshots/weights-chooser.png), a row chosen.
        d.findChild<QTableWidget*>("checkpoints")
            ->selectRow(findRow(rows, m_dinoLink, kTeacher)->index);
        d.resize(900, 500);
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        QVERIFY(d.grab().save(QCoreApplication::applicationDirPath() + "/weights-chooser.png"));
    }

    void useGivesThePathAndPrefix() {
        for (const QString& prefix : {kTeacher, kStudent}) {
            CheckpointChooser d;
            QTRY_VERIFY_WITH_TIMEOUT(!d.scanning(), 20000);
            const QList<Row> rows = rowsOf(d);
            const Row* r = findRow(rows, m_dinoLink, prefix);
            QVERIFY(r);
            auto* table = d.findChild<QTableWidget*>("checkpoints");
            auto* use = d.findChild<QPushButton*>("use");
            QVERIFY(!use->isEnabled()); // nothing chosen yet
            QVERIFY(use->isDefault());
            table->selectRow(r->index);
            QVERIFY(use->isEnabled());
            use->click();
            QCOMPARE(d.result(), int(QDialog::Accepted));
            QCOMPARE(d.path(), m_dinoLink);
            QCOMPARE(d.prefix(), prefix);
            // What the app then opens: the very embedding the row described.
            const io::WeightsListing l = io::listWeights(QFile::encodeName(d.path()).toStdString(),
                                                         d.prefix().toStdString());
            QVERIFY(l.use);
            QCOMPARE(QString::fromStdString(l.use->prefix), prefix);
        }
        // A double-click uses the row; a file with one embedding gives no prefix.
        CheckpointChooser d;
        QTRY_VERIFY_WITH_TIMEOUT(!d.scanning(), 20000);
        const QList<Row> rows = rowsOf(d);
        const Row* r = findRow(rows, m_torchFile);
        QVERIFY(r);
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        auto* table = d.findChild<QTableWidget*>("checkpoints");
        const QRect cell = table->visualItemRect(table->item(r->index, 2));
        QCOMPARE(table->itemAt(cell.center()), table->item(r->index, 2));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
        QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, cell.center());
        QCOMPARE(d.result(), int(QDialog::Accepted));
        QCOMPARE(d.path(), m_torchFile);
        QVERIFY(d.prefix().isEmpty());
    }

    // Enter uses the selected row (no other button is a default), and the weights in use are
    // selected when the dialog opens again; the files it could not read are named.
    void enterUsesTheRowInUseAndSkippedFilesAreNamed() {
        CheckpointChooser d;
        d.setCurrent(m_dinoLink, kTeacher);
        QTRY_VERIFY_WITH_TIMEOUT(!d.scanning(), 20000);
        for (QPushButton* b : d.findChildren<QPushButton*>())
            QCOMPARE(b->autoDefault(), b->objectName() == QStringLiteral("use"));
        const auto rows = rowsOf(d); // kept: teacher points into it
        const Row* teacher = findRow(rows, m_dinoLink, kTeacher);
        QVERIFY(teacher);
        auto* table = d.findChild<QTableWidget*>("checkpoints");
        QCOMPARE(table->selectionModel()->selectedRows().value(0).row(), teacher->index);
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        table->setFocus();
        QTest::keyClick(table, Qt::Key_Return);
        QCOMPARE(d.result(), int(QDialog::Accepted));
        QCOMPARE(d.prefix(), kTeacher);
        // The malicious pickle and the junk file: counted, and their reasons in the tooltip.
        auto* status = d.findChild<QLabel*>("status");
        QVERIFY2(status->text().contains(QStringLiteral("could not be read")),
                 qPrintable(status->text()));
        QVERIFY(status->toolTip().contains(QStringLiteral("posix.system")));
    }

    void userFoldersAreKeptAndScanned() {
        const QString more = m_home.path() + "/more";
        const QString file = more + "/p16.pth";
        QVERIFY(copyFixture("patch_embed_p16_d64.pth", file));
        CheckpointChooser d;
        QTRY_VERIFY_WITH_TIMEOUT(!d.scanning(), 20000);
        QVERIFY(!findRow(rowsOf(d), file));

        d.addFolder(more);
        QCOMPARE(QSettings().value(CheckpointChooser::kFoldersKey).toStringList(),
                 (QStringList{m_mine, more}));
        QTRY_VERIFY_WITH_TIMEOUT(!d.scanning(), 20000);
        const QList<Row> rows = rowsOf(d);
        const Row* r = findRow(rows, file);
        QVERIFY(r);
        QCOMPARE(r->d, QStringLiteral("64")); // the README: proj.weight (64, 3, 16, 16)
        QCOMPARE(r->patch, QStringLiteral("16×16"));
        QCOMPARE(rows.size(), 6);
        QCOMPARE(d.findChild<QListWidget*>("folders")->count(), 4);

        d.removeFolder(m_mine);
        QCOMPARE(QSettings().value(CheckpointChooser::kFoldersKey).toStringList(),
                 QStringList{more});
        QTRY_VERIFY_WITH_TIMEOUT(!d.scanning(), 20000);
        QVERIFY(!findRow(rowsOf(d), m_mineFile));
        QVERIFY(findRow(rowsOf(d), file));
        QVERIFY(QFile::remove(file));
    }

    // The controls' "From file": the chooser opens, and the row used is what the app loads.
    void theControlsLoadTheChosenEmbedding() {
        WeightsFile weights;
        ControlsPanel c(&weights);
        QTimer robot; // plays the user inside the chooser's modal loop
        bool used = false;
        connect(&robot, &QTimer::timeout, this, [&] {
            auto* d = qobject_cast<CheckpointChooser*>(QApplication::activeModalWidget());
            if (!d || d->scanning())
                return;
            robot.stop();
            const QList<Row> rows = rowsOf(*d);
            if (const Row* r = findRow(rows, m_dinoLink, kTeacher)) {
                d->findChild<QTableWidget*>("checkpoints")->selectRow(r->index);
                d->findChild<QPushButton*>("use")->click();
                used = true;
            } else {
                d->reject();
            }
        });
        robot.start(20);
        c.weightsSource()->setCurrentIndex(1); // "From file": returns when the chooser closes
        QVERIFY(used);
        QTRY_COMPARE_WITH_TIMEOUT(c.spec().weightsKey, kTeacher.toStdString(), 20000);
        QCOMPARE(QFile::decodeName(QByteArray::fromStdString(c.spec().weightsPath)), m_dinoLink);
        QCOMPARE(c.prefixChooser()->currentText(), kTeacher);
        // The teacher's own kernel, as torch wrote it, not the student's.
        QVERIFY(weights.current());
        const TensorFile ref = reference("dino_teacher_student.pth");
        const Tensor& teacher = ref.tensors.at((kTeacher + "proj.weight").toStdString());
        QCOMPARE(weights.current()->weights.proj.shape, teacher.shape);
        QVERIFY(weights.current()->weights.proj.data == teacher.data);
        QVERIFY(teacher.data != ref.tensors.at((kStudent + "proj.weight").toStdString()).data);

        // Cancelled with no file read before: the source goes back to Random.
        WeightsFile none;
        ControlsPanel fresh(&none);
        QTimer canceller;
        connect(&canceller, &QTimer::timeout, this, [&] {
            if (auto* d = qobject_cast<CheckpointChooser*>(QApplication::activeModalWidget())) {
                canceller.stop();
                d->reject();
            }
        });
        canceller.start(20);
        fresh.weightsSource()->setCurrentIndex(1);
        QCOMPARE(fresh.weightsSource()->currentIndex(), 0);
        QVERIFY(fresh.spec().weightsPath.empty());
        QVERIFY(!none.current());
    }

    void closingStopsTheScan() {
        CheckpointChooser d;
        QVERIFY(d.scanning());
        d.reject(); // before the event loop hands over the scan's rows
        QTRY_VERIFY(!d.scanning());
        QCOMPARE(d.findChild<QTableWidget*>("checkpoints")->rowCount(), 0);
        QVERIFY(d.path().isEmpty());
    }

    void emptyStateSaysWhereItLooked() {
        const QString empty = m_home.path() + "/empty";
        QDir().mkpath(empty + "/hub");
        QDir().mkpath(empty + "/torch/hub/checkpoints");
        qputenv("HF_HUB_CACHE", QFile::encodeName(empty + "/hub"));
        qputenv("TORCH_HOME", QFile::encodeName(empty + "/torch"));
        QSettings().remove(CheckpointChooser::kFoldersKey);
        {
            CheckpointChooser d;
            QTRY_VERIFY_WITH_TIMEOUT(!d.scanning(), 20000);
            QCOMPARE(d.findChild<QTableWidget*>("checkpoints")->rowCount(), 0);
            auto* label = d.findChild<QLabel*>("emptyState");
            QVERIFY(d.findChild<QStackedWidget*>()->currentWidget() == label);
            QVERIFY2(label->text().contains(QDir::toNativeSeparators(empty + "/hub")),
                     qPrintable(label->text()));
            QVERIFY(label->text().contains(QStringLiteral("never downloads")));
            QVERIFY(label->text().contains(QStringLiteral("Add folder")));
            d.resize(900, 500);
            d.show();
            QVERIFY(QTest::qWaitForWindowExposed(&d));
            QVERIFY(d.grab().save(QCoreApplication::applicationDirPath() +
                                  "/weights-chooser-empty.png"));
        }
        qputenv("HF_HUB_CACHE", QFile::encodeName(m_hub));
        qputenv("TORCH_HOME", QFile::encodeName(m_torch));
    }
};

QTEST_MAIN(TestCheckpointChooser)
#include "test_checkpoint_chooser.moc"
