#include "main_window.hpp"

#include "presentation_mode.hpp"

#include "app_icon.hpp"
#include "controls_panel.hpp"
#include "dim_veil.hpp"
#include "error.hpp"
#include "export_job.hpp"
#include "map_bar.hpp"
#include "norm_chart.hpp"
#include "patch_maps.hpp"
#include "session.hpp"
#include "spec_flags.hpp"
#include "weights_file.hpp"
#include "window_layout.hpp"

#include <QAction>
#include <QApplication>
#include <QChartView>
#include <QCheckBox>
#include <QChildEvent>
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
#include <QTabBar>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>
#include <QtConcurrent>

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
    setWindowIcon(applicationIcon());
    setAcceptDrops(true);

    m_view = new ImageView(m_session);
    m_maps = new PatchMaps(m_session, m_view, this);
    m_errorBanner = new QLabel;
    m_errorBanner->setWordWrap(true);
    m_errorBanner->setStyleSheet("QLabel { background: #c0392b; color: white; padding: 6px; }");
    m_errorBanner->hide();
    m_staleBanner = new QLabel;
    m_staleBanner->setObjectName("staleBanner");
    m_staleBanner->setWordWrap(true);
    m_staleBanner->setStyleSheet("QLabel { background: #f9e79f; color: #4d3b00; padding: 6px; }");
    m_staleBanner->hide();
    auto* centre = new QWidget;
    auto* cl = new QVBoxLayout(centre);
    cl->setContentsMargins(0, 0, 0, 0);
    cl->setSpacing(0);
    cl->addWidget(m_errorBanner);
    cl->addWidget(m_staleBanner);
    cl->addWidget(m_view, 1);
    setCentralWidget(centre);

    m_weights = new WeightsFile(this);
    m_controls = new ControlsPanel(m_weights);
    auto* scroll = new QScrollArea;
    scroll->setWidget(m_controls);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(m_controls->sizeHint().width() + 24);
    addDockWidget(Qt::LeftDockWidgetArea, makeDock(tr("Controls"), "controlsDock", scroll));

    m_chart = new NormChart(m_session);
    m_veils = {new DimVeil(m_view), new DimVeil(m_chart->plotView()),
               new DimVeil(m_chart->histogramView())};
    m_normsDock = makeDock(tr("Norms"), "normsDock", m_chart);
    addDockWidget(Qt::RightDockWidgetArea, m_normsDock);
    addTeachingViews();
    addWalkthrough();

    buildMenus();
    buildStatusBar();

    connect(m_controls, &ControlsPanel::specEdited, this, &MainWindow::pushSpec);
    connect(m_weights, &WeightsFile::failed, this, [this](const QString& message) {
        // A run waiting for the file (pushSpec holds it while the file is read) goes now; it
        // reports what is wrong with the file in its own words.
        if (m_session->spec() != m_controls->spec())
            pushSpec();
        m_status->setText(tr("Weights file not used: %1").arg(message));
        m_status->setToolTip(message);
    });
    connect(m_view, &ImageView::patchClicked, m_session, &Session::select);
    connect(m_chart, &NormChart::patchClicked, m_session, &Session::select);
    connect(m_chart, &NormChart::patchesClicked, m_session, &Session::selectPatches);
    connect(m_session, &Session::selectionChanged, this, &MainWindow::updateSelection);
    connect(m_session, &Session::resultReady, this, &MainWindow::onResult);
    connect(m_session, &Session::imageChanged, this, [this] {
        clearError();
        const QString path = m_openingPath;
        m_openingPath.clear();
        setWindowTitle(tr("%1 — Tessera").arg(m_session->imageName()));
        if (!path.isEmpty()) {
            m_lastDir = QFileInfo(path).absolutePath();
            addRecent(QFileInfo(path).absoluteFilePath());
        }
        m_controls->showArithmetic(m_session->imageSize());
    });
    connect(m_session, &Session::openFailed, this, [this](const QString&, const QString& message) {
        m_openingPath.clear();
        m_status->setText(tr("Not opened: %1").arg(message));
        showError(m_status->text());
    });
    connect(m_session, &Session::failed, this, [this](const QString& message) {
        m_progress->hide();
        m_cancel->hide();
        m_status->setText(tr("Not computed: %1").arg(message));
        if (!m_session->current())
            showError(m_status->text()); // nothing to show instead: say it loudly
        updateStaleness();
        m_view->update();
    });
    connect(m_session, &Session::cancelled, this, [this] {
        m_progress->hide();
        m_cancel->hide();
        m_status->setText(tr("Cancelled."));
        updateStaleness();
    });
    connect(m_session, &Session::progressed, this,
            [this](quint64 generation, qint64 done, qint64 total) {
                if (generation != m_session->requestedGeneration())
                    return;
                m_progress->setRange(0, 1000);
                m_progress->setValue(int(1000 * done / std::max<qint64>(1, total)));
            });
    connect(m_session, &Session::started, this, [this](quint64 generation) {
        m_progress->setRange(0, 1000);
        m_progress->setValue(0); // every run's bar starts at 0
        // Only runs that last show the bar and dim the views: a flicker on every 1 ms run would be
        // noise. The same request must still be waited for: quick edits in a row are each fast
        // and dim nothing.
        QTimer::singleShot(250, this, [this, generation] {
            if (m_session->busy() && m_session->requestedGeneration() == generation) {
                m_progress->show();
                m_cancel->show();
                updateStaleness();
            }
        });
    });

    loadSettings();
    qApp->installEventFilter(this);
}

// Children emit as they are destroyed (focus moves, docks and tabs change): by then this is only a
// QWidget, and none of its slots may run (UBSan caught one in ui.stress). Cut them off first.
MainWindow::~MainWindow() {
    for (QObject* child : findChildren<QObject*>())
        QObject::disconnect(child, nullptr, this, nullptr);
}

QDockWidget* MainWindow::makeDock(const QString& title, const char* name, QWidget* content) {
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(name);
    dock->setWidget(content);
    dock->setProperty(WindowLayout::kMenuOrder, m_docksMade++);
    return dock;
}

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
        return a;
    };
    toggle(tr("&Grid"), tr("Patch grid lines"), QKeySequence(Qt::Key_G), &Overlays::grid);
    QAction* labels =
        toggle(tr("&Labels"), tr("Patch index labels, when patches are big enough on screen"),
               QKeySequence(Qt::Key_L), &Overlays::labels);
    // The labels sit in the grid's cells and are drawn with it: while the grid is off, their
    // toggle is greyed out rather than doing nothing.
    const auto labelsFollowGrid = [this, labels] { labels->setEnabled(m_view->overlays().grid); };
    labelsFollowGrid();
    connect(m_view, &ImageView::overlaysChanged, labels, labelsFollowGrid);
    toggle(tr("&Crop and Padding"), tr("Cropped-away area dimmed, zero-padded area hatched"),
           QKeySequence(Qt::Key_P), &Overlays::cropAndPadding);
    QAction* mapToggle = toggle(
        tr("&Map"),
        tr("A map over the patches with its legend: norm, a filter's response, similarity or "
           "PCA colours (chosen in the Map toolbar)"),
        QKeySequence(Qt::Key_H), &Overlays::map);
    auto slider = [&](const QString& label, const QString& tip, double Overlays::*member) {
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
        bar->addWidget(new QLabel(label + " "));
        bar->addWidget(s);
    };
    slider(tr("Grid"), tr("Grid opacity"), &Overlays::gridOpacity);
    // The Map toggle leads the Map toolbar, beside the chooser of which map.
    auto* mapBar = new MapBar(m_maps, m_view, m_session, this);
    bar->removeAction(mapToggle);
    mapBar->insertAction(mapBar->actions().value(0), mapToggle);
    addToolBar(mapBar);
    buildMapMenu(view);
    m_layout = new WindowLayout(this, view); // a toggle per dock and toolbar, Reset Layout
    view->addSeparator();
    m_presentation = new PresentationMode(this, m_view);
    view->addAction(m_presentation->action());
    // Once the window has its new size (full screen or back) and the fonts their new size.
    connect(m_presentation->action(), &QAction::toggled, this,
            [this] { QTimer::singleShot(150, this, &MainWindow::fitDocksForPresentation); });
    addAction(m_presentation->action()); // F11 works in full screen, with the menu bar hidden
    buildLanguageMenu(view);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* walk = help->addAction(tr("&Walkthrough"), QKeySequence(Qt::Key_F1), this,
                                    [this] { showView("walkthrough"); });
    walk->setToolTip(tr("Patch embedding step by step, with this image's numbers"));
    addAction(walk); // F1 in full screen too, with the menu bar hidden
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
    m_selection = new QLabel;
    m_selection->setObjectName("selectionLabel");
    m_selection->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addWidget(m_status, 1);
    statusBar()->addPermanentWidget(m_selection);
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
    // The backend is named so a speed seen here can be compared with `tessera-cli bench --backend`.
    m_status->setText(tr("%1 · grid %2×%3 = %4 patches · D %5 · %6 ms · %7 GFLOP/s · %8 threads · "
                         "%9 GEMM")
                          .arg(QString::fromStdString(out->imageName))
                          .arg(g.gh)
                          .arg(g.gw)
                          .arg(g.count())
                          .arg(out->dim)
                          .arg(out->result.millis, 0, 'f', 1)
                          .arg(out->gflops, 0, 'f', 0)
                          .arg(out->result.threads)
                          .arg(QString::fromStdString(out->result.backend)));
    m_status->setToolTip(
        tr("The time is the patch embedding alone: the product of the %1 patches with the %2 × %3 "
           "weight matrix (D × K), plus bias and norms; opening and preprocessing the image are "
           "not in "
           "it. GFLOP/s: 2 · N · K · D operations over that time. The GEMM (the matrix product) "
           "ran on %4: 'xsmm' is libxsmm's code made for this CPU, 'eigen' the portable one.")
            .arg(g.count())
            .arg(out->dim)
            .arg(out->weights->valuesPerPatch())
            .arg(QString::fromStdString(out->result.backend)));
    m_controls->showArithmetic(m_session->imageSize());
    updateStaleness();
    updateSelection(m_session->selected());
}

void MainWindow::pushSpec() {
    const Spec spec = m_controls->spec();
    // The file the Spec names, as the controls read it: the job need not read it again. While it
    // is being read, the run waits for it (the panel says specEdited again when it is in).
    std::shared_ptr<const FoundWeights> weights;
    if (!spec.weightsPath.empty()) {
        if (m_weights->loading())
            return;
        if (m_weights->current() &&
            QFile::encodeName(m_weights->path()).toStdString() == spec.weightsPath &&
            (spec.weightsKey.empty() || m_weights->current()->prefix == spec.weightsKey ||
             m_weights->current()->prefix == spec.weightsKey + "."))
            weights = m_weights->current();
    }
    m_session->setSpec(spec, weights);
    m_controls->showArithmetic(m_session->imageSize());
}

QString MainWindow::staleText() const {
    const JobOutcome* out = m_session->current();
    if (!out || !m_session->isStale())
        return {};
    // The grid too: it changes with img_size and the crop, which the patch and D do not show.
    const QString shown = tr("Showing the result for %1 (patch %2, grid %3 × %4, D %5).")
                              .arg(QString::fromStdString(out->imageName))
                              .arg(QString::fromStdString(sizeString(out->weights->patch())))
                              .arg(out->result.grid.gh)
                              .arg(out->result.grid.gw)
                              .arg(out->dim);
    if (!m_session->failure().isEmpty() && !m_session->busy())
        return shown + " " + tr("The current settings give: %1").arg(m_session->failure());
    if (m_session->wasCancelled() && !m_session->busy())
        return shown + " " + tr("The run for the current settings was cancelled.");
    return shown + " " + tr("Computing the current settings…");
}

void MainWindow::updateStaleness() {
    const QString text = staleText();
    m_staleBanner->setText(text);
    m_staleBanner->setVisible(!text.isEmpty());
    // Dimmed views say "not what the controls give" at a glance; the banner says why.
    for (DimVeil* veil : m_veils) {
        veil->setVisible(!text.isEmpty());
        veil->raise();
    }
}

QString MainWindow::selectionText() const {
    const JobOutcome* out = m_session->current();
    const int i = m_session->selected();
    if (!out || i < 0 || i >= out->result.grid.count())
        return {};
    const PatchGrid& g = out->result.grid;
    const int row = i / g.gw, col = i % g.gw;
    // Inclusive pixel ranges, as the walkthrough and the inspector write them.
    return tr("patch %1 · row %2, col %3 · pixels y %4–%5, x %6–%7 · norm %8")
        .arg(i)
        .arg(row)
        .arg(col)
        .arg(row * g.patch.h)
        .arg((row + 1) * g.patch.h - 1)
        .arg(col * g.patch.w)
        .arg((col + 1) * g.patch.w - 1)
        .arg(double(out->result.norms.data[std::size_t(i)]), 0, 'g', 6);
}

void MainWindow::updateSelection(int) {
    m_selection->setText(selectionText());
}

void MainWindow::showError(const QString& message) {
    m_lastError = message;
    m_errorBanner->setText(message);
    m_errorBanner->show();
    // Shown for at least 8 s: a result arriving right after must not wipe it before it is read.
    m_errorShownAt.start();
    QTimer::singleShot(12000, m_errorBanner, [this, message] {
        if (m_errorBanner->text() == message)
            m_errorBanner->hide();
    });
}

void MainWindow::clearError() {
    if (!m_errorShownAt.isValid() || m_errorShownAt.elapsed() > 8000)
        m_errorBanner->hide();
}

void MainWindow::openImage(const QString& path) {
    openImage(std::filesystem::path(QFile::encodeName(path).toStdString()));
}

void MainWindow::openImage(const std::filesystem::path& file) {
    m_openingPath = QFile::decodeName(QByteArray::fromStdString(file.string()));
    m_status->setText(tr("Opening %1…").arg(QFileInfo(m_openingPath).fileName()));
    m_session->openImage(file);
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event) {
    // Text fields take Ctrl+E for "end of line"; in Tessera it is Export, wherever the focus is.
    if (event->type() == QEvent::ShortcutOverride) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_E && key->modifiers() == Qt::ControlModifier) {
            event->ignore();
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
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
    pushSpec();
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
    if (m_session->isStale() &&
        QMessageBox::question(this, tr("Export the shown result?"),
                              staleText() + "\n\n" +
                                  tr("Export the result on screen, with the settings it was "
                                     "computed from in its manifest?")) != QMessageBox::Yes)
        return;
    const QString stem =
        QFileInfo(QString::fromStdString(m_session->current()->imageName)).completeBaseName();
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
    const bool stale = m_session->isStale();
    QFuture<QString> done = exportOutcome(out, path);
    m_status->setText(tr("Exporting to %1…").arg(path));
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, path, stale, out] {
        const QString error = watcher->result();
        watcher->deleteLater();
        if (!error.isEmpty()) {
            m_status->setText(tr("Export failed."));
            showError(tr("Export failed: %1").arg(error));
            return;
        }
        m_status->setText(stale ? tr("Exported the shown result (for %1, not the current "
                                     "settings) to %2")
                                      .arg(QString::fromStdString(out->imageName), path)
                                : tr("Exported to %1").arg(path));
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
        pushSpec();
        m_controls->showArithmetic(std::nullopt);
        updateRecentMenu();
        return;
    }
    QSettings s("Tessera", m_scope);
    m_layout->restore(s);
    m_lastDir = s.value("lastDir").toString();
    m_recent = s.value("recent").toStringList();
    updateRecentMenu();
    // The first launch, a scripted run and tessera-cli start from the same defaults, so the
    // window, `tessera IMAGE FLAGS --export F` and `tessera-cli embed IMAGE FLAGS -o F` agree.
    Spec spec;
    try {
        if (s.contains("spec"))
            spec = specFromArgs(toStd(s.value("spec").toStringList()));
    } catch (const InputError&) {
        // Settings from another version: keep the defaults rather than fail to start.
    }
    startupWeightsCheck(spec);
    m_controls->setSpec(spec);
    pushSpec();
    m_controls->showArithmetic(std::nullopt);
}

void MainWindow::startupWeightsCheck(Spec& spec) {
    std::error_code ec;
    if (spec.weightsPath.empty() || std::filesystem::exists(spec.weightsPath, ec))
        return;
    // Said once: the settings forget the file. What the file decided (P, D, C, bias, LayerNorm)
    // goes back to the defaults with it, never a mix of the file's geometry and random weights.
    showError(tr("The weights file %1 used last time is gone; using random weights with the "
                 "default patch embedding.")
                  .arg(QFile::decodeName(QByteArray::fromStdString(spec.weightsPath))));
    const Spec defaults;
    spec.weightsPath = defaults.weightsPath;
    spec.weightsKey = defaults.weightsKey;
    spec.resampleWeights = defaults.resampleWeights;
    spec.patch = defaults.patch;
    spec.embedDim = defaults.embedDim;
    spec.inChans = defaults.inChans;
    spec.bias = defaults.bias;
    spec.norm = defaults.norm;
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

// The tab bars of tabified docks are made by QMainWindow when docks are stacked (at start, on
// Reset Layout, when the user drops one dock on another). Their names are kept whole: elided to
// "N…  I…  F…" a new user cannot tell the views apart; the bar scrolls instead.
void MainWindow::childEvent(QChildEvent* e) {
    QMainWindow::childEvent(e);
    if (e->type() == QEvent::ChildPolished)
        if (auto* tabs = qobject_cast<QTabBar*>(e->child())) {
            tabs->setElideMode(Qt::ElideNone);
            tabs->setUsesScrollButtons(true);
        }
}

void MainWindow::closeEvent(QCloseEvent* e) {
    saveSettings();
    QMainWindow::closeEvent(e);
}

} // namespace tessera::ui
