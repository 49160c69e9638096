#include "main_window.hpp"

#include "controls_panel.hpp"
#include "error.hpp"
#include "exporter.hpp"
#include "norm_chart.hpp"
#include "session.hpp"
#include "spec_flags.hpp"
#include "window_layout.hpp"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QCloseEvent>
#include <QCryptographicHash>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSlider>
#include <QStatusBar>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <omp.h>

namespace tessera::ui {
namespace {

constexpr int kMaxRecent = 8;

std::vector<std::string> toStd(const QStringList& l) {
    std::vector<std::string> v;
    for (const QString& s : l)
        v.push_back(s.toStdString());
    return v;
}

QStringList toQt(const std::vector<std::string>& v) {
    QStringList l;
    for (const std::string& s : v)
        l << QString::fromStdString(s);
    return l;
}

} // namespace

MainWindow::MainWindow(const QString& settingsScope, QWidget* parent)
    : QMainWindow(parent), m_scope(settingsScope), m_session(new Session(this)) {
    setWindowTitle(tr("Tessera"));
    setAcceptDrops(true);

    m_view = new ImageView(m_session);
    m_errorBanner = new QLabel;
    m_errorBanner->setWordWrap(true);
    m_errorBanner->setStyleSheet("QLabel { background: #c0392b; color: white; padding: 6px; }");
    m_errorBanner->hide();
    auto* centre = new QWidget;
    auto* cl = new QVBoxLayout(centre);
    cl->setContentsMargins(0, 0, 0, 0);
    cl->setSpacing(0);
    cl->addWidget(m_errorBanner);
    cl->addWidget(m_view, 1);
    setCentralWidget(centre);

    m_controls = new ControlsPanel;
    auto* scroll = new QScrollArea;
    scroll->setWidget(m_controls);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(m_controls->sizeHint().width() + 24);
    auto* controlsDock = new QDockWidget(tr("Controls"), this);
    controlsDock->setObjectName("controlsDock");
    controlsDock->setWidget(scroll);
    addDockWidget(Qt::LeftDockWidgetArea, controlsDock);

    m_chart = new NormChart(m_session);
    auto* chartDock = new QDockWidget(tr("Norms"), this);
    chartDock->setObjectName("normsDock");
    chartDock->setWidget(m_chart);
    addDockWidget(Qt::RightDockWidgetArea, chartDock);

    buildMenus();
    buildStatusBar();

    connect(m_controls, &ControlsPanel::specEdited, this, [this] {
        m_session->setSpec(m_controls->spec());
        m_controls->showArithmetic(m_session->imageSize());
    });
    connect(m_view, &ImageView::patchClicked, m_session, &Session::select);
    connect(m_chart, &NormChart::patchClicked, m_session, &Session::select);
    connect(m_session, &Session::resultReady, this, &MainWindow::onResult);
    connect(m_session, &Session::failed, this, [this](const QString& message) {
        m_progress->hide();
        m_cancel->hide();
        m_status->setText(message);
        m_view->update();
    });
    connect(m_session, &Session::cancelled, this, [this] {
        m_progress->hide();
        m_cancel->hide();
        m_status->setText(tr("Cancelled."));
    });
    connect(m_session, &Session::progressed, this, [this](qint64 done, qint64 total) {
        m_progress->setRange(0, 1000);
        m_progress->setValue(int(1000 * done / std::max<qint64>(1, total)));
    });
    connect(m_session, &Session::started, this, [this] {
        // Only runs that last show the bar: a flicker on every 1 ms run would be noise.
        QTimer::singleShot(250, this, [this] {
            if (m_session->busy()) {
                m_progress->show();
                m_cancel->show();
            }
        });
    });

    loadSettings();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open…"), QKeySequence::Open, this, &MainWindow::chooseImage);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    QMenu* samples = file->addMenu(tr("&Samples"));
    samples->addAction(tr("Chelsea the cat"), this, [this] { openSample("chelsea.png"); });
    samples->addAction(tr("Astronaut (Eileen Collins)"), this,
                       [this] { openSample("astronaut.png"); });
    file->addAction(tr("&Paste Image"), QKeySequence::Paste, this, &MainWindow::pasteImage);
    file->addSeparator();
    file->addAction(tr("&Export…"), QKeySequence(Qt::CTRL | Qt::Key_E), this,
                    &MainWindow::chooseExport);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("&Fit to Window"), QKeySequence(Qt::CTRL | Qt::Key_0), m_view,
                    &ImageView::fitToWindow);
    view->addAction(tr("&Actual Size (1:1)"), QKeySequence(Qt::CTRL | Qt::Key_1), m_view,
                    &ImageView::actualSize);
    view->addAction(tr("Zoom &In"), QKeySequence::ZoomIn, m_view, [this] { m_view->zoomBy(1.25); });
    view->addAction(tr("Zoom &Out"), QKeySequence::ZoomOut, m_view,
                    [this] { m_view->zoomBy(0.8); });
    view->addSeparator();

    // Overlays: a toggle each, with opacity sliders, in the menu and a toolbar.
    QToolBar* bar = addToolBar(tr("Overlays"));
    bar->setObjectName("overlaysToolbar");
    auto toggle = [&](const QString& text, const QString& tip, QKeySequence key,
                      bool Overlays::*member) {
        QAction* a = view->addAction(text);
        a->setCheckable(true);
        a->setChecked(m_view->overlays().*member);
        a->setShortcut(key);
        a->setToolTip(tip);
        connect(a, &QAction::toggled, this, [this, member](bool on) {
            Overlays o = m_view->overlays();
            o.*member = on;
            m_view->setOverlays(o);
        });
        connect(m_view, &ImageView::overlaysChanged, a, [this, a, member] {
            const QSignalBlocker quiet(a);
            a->setChecked(m_view->overlays().*member);
        });
        bar->addAction(a);
    };
    toggle(tr("&Grid"), tr("Patch grid lines"), QKeySequence(Qt::Key_G), &Overlays::grid);
    toggle(tr("&Labels"), tr("Patch index labels, when patches are big enough on screen"),
           QKeySequence(Qt::Key_L), &Overlays::labels);
    toggle(tr("&Crop and Padding"), tr("Cropped-away area dimmed, zero-padded area hatched"),
           QKeySequence(Qt::Key_P), &Overlays::cropAndPadding);
    toggle(tr("&Heat Map"), tr("Per-patch norm as colour, with its colour bar"),
           QKeySequence(Qt::Key_H), &Overlays::heatMap);
    auto slider = [&](const QString& tip, double Overlays::*member) {
        auto* s = new QSlider(Qt::Horizontal);
        s->setRange(0, 100);
        s->setValue(int(100 * (m_view->overlays().*member)));
        s->setMaximumWidth(90);
        s->setToolTip(tip);
        connect(s, &QSlider::valueChanged, this, [this, member](int v) {
            Overlays o = m_view->overlays();
            o.*member = v / 100.0;
            m_view->setOverlays(o);
        });
        bar->addWidget(new QLabel(tip.section(' ', 0, 0) + " "));
        bar->addWidget(s);
    };
    slider(tr("Grid opacity"), &Overlays::gridOpacity);
    slider(tr("Heat-map opacity"), &Overlays::heatOpacity);
    m_layout = new WindowLayout(this, view); // a toggle per dock and toolbar, Reset Layout

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Tessera"), this, &MainWindow::showAbout);
}

void MainWindow::buildStatusBar() {
    m_status = new QLabel;
    m_progress = new QProgressBar;
    m_progress->setMaximumWidth(180);
    m_progress->setRange(0, 0);
    m_progress->hide();
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop the running computation (Esc)"));
    m_cancel->setShortcut(Qt::Key_Escape);
    m_cancel->hide();
    connect(m_cancel, &QPushButton::clicked, m_session, &Session::cancel);
    statusBar()->addWidget(m_status, 1);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
}

bool MainWindow::restoredGeometry() const {
    return m_layout->restoredGeometry();
}

QString MainWindow::statusText() const {
    return m_status->text();
}

void MainWindow::onResult() {
    m_progress->hide();
    m_cancel->hide();
    clearError();
    const JobOutcome* out = m_session->current();
    const PatchGrid& g = out->result.grid;
    m_status->setText(tr("%1 · grid %2×%3 = %4 patches · D %5 · %6 ms · %7 GFLOP/s · %8 threads")
                          .arg(m_session->imageName())
                          .arg(g.gh)
                          .arg(g.gw)
                          .arg(g.count())
                          .arg(out->dim)
                          .arg(out->result.millis, 0, 'f', 1)
                          .arg(out->gflops, 0, 'f', 0)
                          .arg(out->result.threads));
    m_controls->showArithmetic(m_session->imageSize());
}

void MainWindow::showError(const QString& message) {
    m_lastError = message;
    m_errorBanner->setText(message);
    m_errorBanner->show();
    QTimer::singleShot(8000, m_errorBanner, [this, message] {
        if (m_errorBanner->text() == message)
            m_errorBanner->hide();
    });
}

void MainWindow::clearError() {
    m_errorBanner->hide();
}

bool MainWindow::openImage(const QString& path) {
    QString error;
    if (!m_session->openImage(path, &error)) {
        showError(error);
        return false;
    }
    setWindowTitle(tr("%1 — Tessera").arg(QFileInfo(path).fileName()));
    m_lastDir = QFileInfo(path).absolutePath();
    addRecent(QFileInfo(path).absoluteFilePath());
    return true;
}

void MainWindow::openSample(const QString& name) {
    QFile file(":/samples/" + name);
    file.open(QIODevice::ReadOnly);
    const QByteArray bytes = file.readAll();
    QString error;
    if (!m_session->setImage(QImage::fromData(bytes), name, &error,
                             QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()))
        showError(error);
    else
        setWindowTitle(tr("%1 — Tessera").arg(name));
}

void MainWindow::applySpec(const Spec& spec) {
    m_controls->setSpec(spec);
    m_session->setSpec(m_controls->spec());
}

void MainWindow::chooseImage() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Image"), m_lastDir,
        tr("Images (*.png *.jpg *.jpeg *.bmp *.gif *.webp *.tif *.tiff);;All files (*)"));
    if (!path.isEmpty())
        openImage(path);
}

void MainWindow::chooseExport() {
    if (!m_session->current()) {
        showError(tr("Nothing to export yet: the result is still being computed."));
        return;
    }
    const QString stem = QFileInfo(m_session->imageName()).completeBaseName();
    QString selected = tr("Bundle: embeddings, pictures, projector (*.zip)");
    // QFileDialog asks before it overwrites a file.
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export"), QDir(m_lastDir).filePath(stem + "-embeddings.zip"),
        tr("Bundle: embeddings, pictures, projector (*.zip);;NumPy array (*.npy);;"
           "NumPy archive (*.npz);;safetensors (*.safetensors);;CSV (*.csv)"),
        &selected);
    if (!path.isEmpty())
        exportTo(path);
}

QFuture<QString> MainWindow::exportTo(const QString& path) {
    const std::shared_ptr<const JobOutcome> out = m_session->currentShared();
    if (!out)
        return QtFuture::makeReadyFuture(tr("Nothing to export yet."));
    const std::string name = m_session->imageName().toStdString();
    const std::string sha = m_session->imageSha256().toStdString();
    // On a worker: a bundle of a large image takes seconds (hashes, pictures, text, zip). The
    // outcome is held by the lambda, so a newer result cannot free it mid-export.
    QFuture<QString> done = QtConcurrent::run([out, name, sha, path]() -> QString {
        try {
            std::string weightsSha;
            if (!out->spec.weightsPath.empty())
                weightsSha = io::sha256OfFile(out->spec.weightsPath);
            io::exportResult(path.toStdString(),
                             io::imageRunExport(out->spec, out->result, *out->weights,
                                                *out->resized, out->plan, name, sha, weightsSha,
                                                out->loaded ? out->loaded->layout : std::string()));
            return {};
        } catch (const std::exception& e) {
            return QString::fromStdString(e.what());
        }
    });
    m_status->setText(tr("Exporting to %1…").arg(path));
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, path] {
        const QString error = watcher->result();
        watcher->deleteLater();
        if (!error.isEmpty()) {
            showError(tr("Export failed: %1").arg(error));
            return;
        }
        m_status->setText(tr("Exported to %1").arg(path));
        m_lastDir = QFileInfo(path).absolutePath();
    });
    watcher->setFuture(done);
    return done;
}

void MainWindow::pasteImage() {
    const QImage image = QApplication::clipboard()->image();
    QString error;
    if (image.isNull())
        showError(tr("The clipboard holds no image."));
    else if (!m_session->setImage(image, tr("pasted image"), &error))
        showError(error);
}

void MainWindow::addRecent(const QString& path) {
    m_recent.removeAll(path);
    m_recent.prepend(path);
    while (m_recent.size() > kMaxRecent)
        m_recent.removeLast();
    updateRecentMenu();
}

void MainWindow::updateRecentMenu() {
    m_recentMenu->clear();
    for (const QString& path : m_recent)
        m_recentMenu->addAction(QFileInfo(path).fileName(), this, [this, path] { openImage(path); })
            ->setToolTip(path);
    m_recentMenu->setEnabled(!m_recent.isEmpty());
}

void MainWindow::showAbout() {
    QMessageBox::about(
        this, tr("About Tessera"),
        tr("<h3>Tessera %1</h3>"
           "<p>What a Vision Transformer's patch embedding (timm's PatchEmbed) does to an image, "
           "computed exactly.</p>"
           "<p>Sample images, from scikit-image's bundled data:<br>"
           "<i>chelsea.png</i> — \"Chelsea the cat\", CC0, by Stefan van der Walt.<br>"
           "<i>astronaut.png</i> — Eileen Collins, NASA Great Images database; public domain.</p>")
            .arg(QApplication::applicationVersion()));
}

void MainWindow::dragEnterEvent(QDragEnterEvent* e) {
    if (e->mimeData()->hasUrls() || e->mimeData()->hasImage())
        e->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* e) {
    const QMimeData* data = e->mimeData();
    for (const QUrl& url : data->urls())
        if (url.isLocalFile()) {
            openImage(url.toLocalFile());
            return;
        }
    if (data->hasImage()) {
        QString error;
        if (!m_session->setImage(qvariant_cast<QImage>(data->imageData()), tr("dropped image"),
                                 &error))
            showError(error);
    }
}

void MainWindow::loadSettings() {
    m_layout->keepAsDefault(); // every dock and toolbar is made by now
    if (m_scope.isEmpty()) {
        m_session->setSpec(m_controls->spec());
        m_controls->showArithmetic(std::nullopt);
        updateRecentMenu();
        return;
    }
    QSettings s("Tessera", m_scope);
    m_layout->restore(s);
    m_lastDir = s.value("lastDir").toString();
    m_recent = s.value("recent").toStringList();
    updateRecentMenu();
    Spec spec = m_controls->spec();
    try {
        if (s.contains("spec"))
            spec = specFromArgs(toStd(s.value("spec").toStringList()));
    } catch (const InputError&) {
        // Settings from another version: keep the defaults rather than fail to start.
    }
    m_controls->setSpec(spec);
    m_session->setSpec(m_controls->spec());
    m_controls->showArithmetic(std::nullopt);
}

void MainWindow::saveSettings() {
    if (m_scope.isEmpty())
        return;
    QSettings s("Tessera", m_scope);
    m_layout->save(s);
    s.setValue("lastDir", m_lastDir);
    s.setValue("recent", m_recent);
    s.setValue("spec", toQt(toArgs(m_controls->spec())));
}

void MainWindow::closeEvent(QCloseEvent* e) {
    saveSettings();
    QMainWindow::closeEvent(e);
}

} // namespace tessera::ui
