#include "checkpoint_chooser.hpp"

#include "error.hpp"
#include "weights_loader.hpp"

#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <cstring>

namespace tessera::ui {
namespace {

namespace fs = std::filesystem;

enum Column { Model, Patch, Dim, Channels, PosEmbed, ClsToken, Format, Size, Where, Columns };

QString fromPath(const fs::path& p) {
    return QFile::decodeName(QByteArray::fromStdString(p));
}
fs::path toPath(const QString& p) {
    return fs::path(QFile::encodeName(p).toStdString());
}

std::vector<io::ScanFolder> userScanFolders(const QStringList& folders) {
    std::vector<io::ScanFolder> out;
    for (const QString& f : folders)
        out.push_back({io::ScanFolder::Kind::Folder, toPath(f)});
    return out;
}

// The row for `c`'s first embedding, as the scan read it.
ChooserRow rowOf(const io::FoundCheckpoint& c) {
    ChooserRow r;
    r.path = fromPath(c.path);
    r.prefix = c.prefixes.size() > 1 ? QString::fromStdString(c.prefix) : QString();
    // A repository cached at several revisions gives a row each: the revision tells them apart.
    r.model = QString::fromStdString(
        c.model + (c.revision.empty() ? std::string() : " @" + c.revision.substr(0, 8)));
    r.format = QString::fromStdString(c.format);
    r.kind = c.kind;
    r.patch = c.patch;
    r.dim = c.dim;
    r.channels = c.channels;
    r.posEmbed = c.posEmbed;
    r.clsToken = c.clsToken;
    r.bytes = c.bytes;
    return r;
}

// `first` again for another of the file's embeddings: the scan read only the first one's shapes,
// and a teacher need not match its student. Nothing when that one cannot be read.
std::optional<ChooserRow> otherEmbedding(const ChooserRow& first, const std::string& prefix) {
    try {
        const io::WeightsListing listing = io::listWeights(toPath(first.path), prefix);
        if (!listing.use || listing.use->layout == "big_vision") // (P, Q, C, D): not in a DINO
            return std::nullopt;
        for (const TensorInfo& t : listing.tensors) {
            if (t.name != listing.use->weight || t.shape.size() != 4)
                continue;
            ChooserRow r = first;
            r.prefix = QString::fromStdString(listing.use->prefix);
            r.dim = int(t.shape[0]);
            r.channels = int(t.shape[1]);
            r.patch = Size2{int(t.shape[2]), int(t.shape[3])};
            r.posEmbed = !listing.use->posEmbed.empty();
            r.clsToken = !listing.use->clsToken.empty();
            return r;
        }
    } catch (const std::exception&) {
    }
    return std::nullopt;
}

// Runs on a worker thread: every embedding in `folders`, stopping when `cancel` is set.
ChooserScan scanRows(const std::vector<io::ScanFolder>& folders, const std::atomic<bool>& cancel,
                     std::atomic<std::size_t>& looked) {
    io::ScanResult found = io::scanCheckpoints(folders, [&](std::size_t n) {
        looked.store(n);
        return !cancel.load();
    });
    ChooserScan scan;
    scan.skipped = std::move(found.skipped);
    scan.looked = found.filesLookedAt;
    for (const io::FoundCheckpoint& c : found.found) {
        if (cancel.load())
            throw Cancelled();
        scan.rows.push_back(rowOf(c));
        for (const std::string& p : c.prefixes)
            if (p != c.prefix)
                if (std::optional<ChooserRow> r = otherEmbedding(scan.rows.back(), p))
                    scan.rows.push_back(std::move(*r));
    }
    return scan;
}

QString megabytes(qint64 bytes) {
    const double mb = double(bytes) / (1024.0 * 1024.0);
    if (mb < 0.01)
        return QStringLiteral("< 0.01");
    return QString::number(mb, 'f', mb < 10 ? 2 : mb < 100 ? 1 : 0);
}

// "teacher.backbone.patch_embed." -> "teacher.backbone": what tells a file's embeddings apart.
QString shortPrefix(QString prefix) {
    if (prefix.endsWith('.'))
        prefix.chop(1);
    if (prefix.endsWith(QStringLiteral(".patch_embed")))
        prefix.chop(int(std::strlen(".patch_embed")));
    return prefix;
}

QTableWidgetItem* cell(const QString& text, const QString& tip,
                       Qt::Alignment align = Qt::AlignLeft | Qt::AlignVCenter) {
    auto* item = new QTableWidgetItem(text);
    item->setToolTip(tip);
    item->setTextAlignment(align);
    item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    return item;
}

} // namespace

CheckpointChooser::CheckpointChooser(QWidget* parent)
    : QDialog(parent), m_scan(
                           this, [this](ChooserScan scan) { scanned(std::move(scan)); },
                           [this](const QString& error) {
                               m_status->setText(tr("The search stopped: %1").arg(error));
                               emit scanFinished();
                           }) {
    setWindowTitle(tr("Choose weights"));

    m_status = new QLabel;
    m_status->setObjectName("status");
    m_status->setWordWrap(true);

    m_table = new QTableWidget(0, Columns);
    m_table->setObjectName("checkpoints");
    m_table->setHorizontalHeaderLabels({tr("Model"), tr("Patch"), tr("D"), tr("C"),
                                        tr("Pos. embed"), tr("CLS token"), tr("Format"), tr("MB"),
                                        tr("Where")});
    const QStringList headerTips = {
        tr("The model: org/name from the Hugging Face cache, else the file's name. A file with "
           "several patch embeddings (DINO's teacher and student) has a row for each."),
        tr("P×Q: the patch size in pixels, from the kernel's shape (D, C, P, Q)."),
        tr("D: how many numbers each patch becomes (the embedding width)."),
        tr("C: the image channels the kernel reads (3 for RGB)."),
        tr("Whether the file holds position embeddings for this patch embedding."),
        tr("Whether the file holds a class token ([CLS])."),
        tr("The file's format."),
        tr("The file's size in megabytes."),
        tr("Where the file was found.")};
    for (int c = 0; c < Columns; ++c)
        m_table->horizontalHeaderItem(c)->setToolTip(headerTips[c]);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // The model's name is what may be long (a repository, its revision, a DINO prefix): it takes
    // the room left, elided in the middle; the other columns fit their contents.
    m_table->horizontalHeader()->setSectionResizeMode(Model, QHeaderView::Stretch);
    m_table->horizontalHeader()->setMinimumSectionSize(36);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    m_empty = new QLabel;
    m_empty->setObjectName("emptyState");
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setTextFormat(Qt::RichText);
    m_empty->setMargin(24);

    m_pages = new QStackedWidget;
    m_pages->addWidget(m_table);
    m_pages->addWidget(m_empty);

    m_folders = new QListWidget;
    m_folders->setObjectName("folders");
    m_folders->setMaximumHeight(96);
    auto* addFolder = new QPushButton(tr("Add folder…"));
    addFolder->setToolTip(tr("Search a folder of yours too (three levels deep)."));
    m_removeFolder = new QPushButton(tr("Remove folder"));
    m_removeFolder->setToolTip(tr("Stop searching the selected folder of yours."));
    m_removeFolder->setEnabled(false);
    auto* folderButtons = new QVBoxLayout;
    folderButtons->addWidget(addFolder);
    folderButtons->addWidget(m_removeFolder);
    folderButtons->addStretch();
    auto* folderBox = new QGroupBox(tr("Folders searched"));
    auto* folderRow = new QHBoxLayout(folderBox);
    folderRow->addWidget(m_folders, 1);
    folderRow->addLayout(folderButtons);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    m_use = m_buttons->addButton(tr("Use"), QDialogButtonBox::AcceptRole);
    m_use->setObjectName("use");
    m_use->setDefault(true);
    m_use->setEnabled(false);
    m_use->setToolTip(tr("Use the selected patch embedding's weights."));
    auto* openFile = m_buttons->addButton(tr("Open file…"), QDialogButtonBox::ActionRole);
    openFile->setToolTip(tr("Pick any weights file by hand."));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_pages, 1);
    layout->addWidget(folderBox);
    layout->addWidget(m_buttons);

    m_progressTimer = new QTimer(this);
    m_progressTimer->setInterval(150);
    connect(m_progressTimer, &QTimer::timeout, this, &CheckpointChooser::showProgress);

    connect(m_table, &QTableWidget::itemSelectionChanged, this,
            [this] { m_use->setEnabled(!m_table->selectedItems().isEmpty()); });
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this] { useSelected(); });
    connect(m_use, &QPushButton::clicked, this, &CheckpointChooser::useSelected);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(openFile, &QPushButton::clicked, this, &CheckpointChooser::openFile);
    connect(m_folders, &QListWidget::itemSelectionChanged, this,
            [this] { m_removeFolder->setEnabled(!m_folders->selectedItems().isEmpty()); });
    connect(addFolder, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(
            this, tr("A folder holding checkpoints"), QDir::homePath());
        if (!dir.isEmpty())
            this->addFolder(dir);
    });
    connect(m_removeFolder, &QPushButton::clicked, this, [this] {
        const QList<QListWidgetItem*> items = m_folders->selectedItems();
        if (!items.isEmpty())
            removeFolder(items.front()->data(Qt::UserRole).toString());
    });

    // Enter uses the selected row; no other button takes it (Add folder… did, first in the tab
    // order).
    for (QPushButton* b : findChildren<QPushButton*>())
        b->setAutoDefault(b == m_use);
    resize(900, 500);
    showFolders();
    rescan();
}

CheckpointChooser::~CheckpointChooser() = default;

QStringList CheckpointChooser::userFolders() const {
    return QSettings().value(kFoldersKey).toStringList();
}

void CheckpointChooser::addFolder(const QString& folder) {
    const QString f = QDir::cleanPath(folder);
    QStringList folders = userFolders();
    if (f.isEmpty() || folders.contains(f))
        return;
    folders.append(f);
    QSettings().setValue(kFoldersKey, folders);
    showFolders();
    rescan();
}

void CheckpointChooser::removeFolder(const QString& folder) {
    QStringList folders = userFolders();
    if (folders.removeAll(folder) == 0)
        return;
    QSettings().setValue(kFoldersKey, folders);
    showFolders();
    rescan();
}

void CheckpointChooser::showFolders() {
    m_folders->clear();
    const std::vector<io::ScanFolder> standard = io::standardCheckpointFolders();
    for (const io::ScanFolder& f : standard) {
        const QString name =
            f.kind == io::ScanFolder::Kind::HubCache ? tr("Hugging Face cache") : tr("torch hub");
        auto* item = new QListWidgetItem(
            tr("%1: %2").arg(name, QDir::toNativeSeparators(fromPath(f.path))), m_folders);
        item->setFlags(Qt::ItemIsEnabled); // not selectable: it is not the user's to remove
        item->setForeground(palette().color(QPalette::PlaceholderText));
        item->setToolTip(tr("A standard place, searched always."));
    }
    if (standard.empty()) {
        auto* item = new QListWidgetItem(
            tr("(no Hugging Face cache or torch hub cache on this machine)"), m_folders);
        item->setFlags(Qt::ItemIsEnabled);
        item->setForeground(palette().color(QPalette::PlaceholderText));
    }
    for (const QString& f : userFolders()) {
        auto* item = new QListWidgetItem(QDir::toNativeSeparators(f), m_folders);
        item->setData(Qt::UserRole, f);
        item->setToolTip(tr("A folder of yours."));
    }
    m_removeFolder->setEnabled(false);
}

void CheckpointChooser::rescan() {
    std::vector<io::ScanFolder> folders = io::standardCheckpointFolders();
    for (io::ScanFolder& f : userScanFolders(userFolders()))
        folders.push_back(std::move(f));
    auto looked = std::make_shared<std::atomic<std::size_t>>(0);
    m_looked = looked;
    m_scan.run([folders = std::move(folders), looked](const std::atomic<bool>& cancel) {
        return scanRows(folders, cancel, *looked);
    });
    m_progressTimer->start();
    showProgress();
}

void CheckpointChooser::showProgress() {
    if (!m_scan.busy()) {
        m_progressTimer->stop();
        return;
    }
    m_status->setText(
        tr("Looking in the folders below… (%1 files looked at)").arg(m_looked->load()));
}

void CheckpointChooser::scanned(ChooserScan scan) {
    m_progressTimer->stop();
    m_lookedDone = scan.looked;
    const std::vector<ChooserRow>& rows = scan.rows;
    // Files that could not be read are named with their reasons, not left out in silence: a
    // teacher whose old .pth is missing learns why.
    QString skipped;
    for (const io::SkippedFile& f : scan.skipped)
        skipped += (skipped.isEmpty() ? QString() : QStringLiteral("\n")) +
                   QString::fromStdString(f.reason);
    m_status->setToolTip(skipped);
    m_table->setRowCount(0);
    m_table->setRowCount(int(rows.size()));
    const Qt::Alignment right = Qt::AlignRight | Qt::AlignVCenter;
    const Qt::Alignment centre = Qt::AlignCenter;
    for (int i = 0; i < int(rows.size()); ++i) {
        const ChooserRow& r = rows[std::size_t(i)];
        const QString tip = QDir::toNativeSeparators(r.path);
        QString where;
        switch (r.kind) {
        case io::ScanFolder::Kind::HubCache:
            where = tr("Hugging Face cache");
            break;
        case io::ScanFolder::Kind::TorchHub:
            where = tr("torch hub");
            break;
        case io::ScanFolder::Kind::Folder: // the folder's name; its path is in the tooltip
            where = QFileInfo(QFileInfo(r.path).absolutePath()).fileName();
            break;
        }
        // Several embeddings: the prefix names the row ("teacher.backbone"; in full in the tip).
        const QString model =
            r.prefix.isEmpty() ? r.model : tr("%1 · %2").arg(r.model, shortPrefix(r.prefix));
        QTableWidgetItem* first =
            cell(model, r.prefix.isEmpty() ? tip : tr("%1\nkeys under %2").arg(tip, r.prefix));
        first->setData(Qt::UserRole, r.path);
        first->setData(Qt::UserRole + 1, r.prefix);
        m_table->setItem(i, Model, first);
        m_table->setItem(i, Patch, cell(tr("%1×%2").arg(r.patch.h).arg(r.patch.w), tip, centre));
        m_table->setItem(i, Dim, cell(QString::number(r.dim), tip, right));
        m_table->setItem(i, Channels, cell(QString::number(r.channels), tip, right));
        m_table->setItem(i, PosEmbed, cell(r.posEmbed ? tr("yes") : tr("no"), tip, centre));
        m_table->setItem(i, ClsToken, cell(r.clsToken ? tr("yes") : tr("no"), tip, centre));
        m_table->setItem(i, Format, cell(r.format, tip));
        m_table->setItem(i, Size, cell(megabytes(r.bytes), tip, right));
        m_table->setItem(i, Where, cell(where, tip));
    }
    m_use->setEnabled(false);
    if (rows.empty()) {
        showEmptyState();
    } else {
        m_pages->setCurrentWidget(m_table);
        m_status->setText(tr("Patch embeddings found: %1 (%2 files looked at). Select one and "
                             "press Use, or double-click it.")
                              .arg(rows.size())
                              .arg(m_lookedDone));
    }
    if (!scan.skipped.empty())
        m_status->setText(
            m_status->text() + QLatin1Char(' ') +
            tr("%1 files could not be read (hover here to see why).").arg(scan.skipped.size()));
    selectCurrent();
    emit scanFinished();
}

void CheckpointChooser::showEmptyState() {
    QString hub = tr("There is no Hugging Face cache on this machine.");
    QString torch = tr("There is no torch hub cache on this machine.");
    for (const io::ScanFolder& f : io::standardCheckpointFolders()) {
        const QString path = QDir::toNativeSeparators(fromPath(f.path)).toHtmlEscaped();
        if (f.kind == io::ScanFolder::Kind::HubCache)
            hub = tr("Nothing was found in the Hugging Face cache (%1).").arg(path);
        else if (f.kind == io::ScanFolder::Kind::TorchHub)
            torch = tr("Nothing was found in the torch hub cache (%1).").arg(path);
    }
    m_empty->setText(
        tr("<p><b>No ViT checkpoints found.</b></p><p>%1<br>%2</p>"
           "<p>Those caches fill up when Python code (transformers, timm) downloads a model. "
           "Tessera never downloads anything itself.</p>"
           "<p>Press <b>Add folder…</b> to search a folder holding checkpoints, or "
           "<b>Open file…</b> to pick one file (%3).</p>")
            .arg(hub, torch, QString::fromStdString(io::weightsGlobs()).toHtmlEscaped()));
    m_pages->setCurrentWidget(m_empty);
    m_status->setText(tr("No patch embedding found (%1 files looked at).").arg(m_lookedDone));
}

void CheckpointChooser::useSelected() {
    const QList<QTableWidgetItem*> items = m_table->selectedItems();
    if (items.isEmpty())
        return;
    const QTableWidgetItem* first = m_table->item(items.front()->row(), Model);
    m_path = first->data(Qt::UserRole).toString();
    m_prefix = first->data(Qt::UserRole + 1).toString();
    accept();
}

void CheckpointChooser::openFile() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Weights file"), QDir::homePath(),
        tr("Weights (%1)").arg(QString::fromStdString(io::weightsGlobs())));
    if (path.isEmpty())
        return;
    m_path = path;
    m_prefix.clear();
    // A file with several patch embeddings (DINO's teacher and student): the user says which,
    // never the order of the keys. A file that cannot be read is left to the loader to explain.
    try {
        const io::WeightsListing l =
            io::listWeights(toPath(path), {}, SeveralEmbeddings::TakeFirst);
        if (l.use && l.use->prefixes.size() > 1) {
            QStringList prefixes;
            for (const std::string& p : l.use->prefixes)
                prefixes << QString::fromStdString(p);
            bool ok = false;
            const QString chosen = QInputDialog::getItem(
                this, tr("Which patch embedding?"),
                tr("%1 holds %2 patch embeddings. Which one should Tessera use?")
                    .arg(QFileInfo(path).fileName())
                    .arg(prefixes.size()),
                prefixes, 0, false, &ok);
            if (!ok)
                return;
            m_prefix = chosen;
        }
    } catch (const std::exception&) {
    }
    accept();
}

void CheckpointChooser::setCurrent(const QString& path, const QString& prefix) {
    m_currentPath = path;
    m_currentPrefix = prefix;
    selectCurrent();
}

void CheckpointChooser::selectCurrent() {
    if (m_currentPath.isEmpty())
        return;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QTableWidgetItem* item = m_table->item(row, Model);
        const QString prefix = item->data(Qt::UserRole + 1).toString();
        if (item->data(Qt::UserRole).toString() == m_currentPath &&
            (prefix.isEmpty() || m_currentPrefix.isEmpty() ||
             QString(prefix).remove(QRegularExpression("\\.$")) ==
                 QString(m_currentPrefix).remove(QRegularExpression("\\.$")))) {
            m_table->selectRow(row);
            m_table->scrollToItem(item);
            return;
        }
    }
}

void CheckpointChooser::done(int result) {
    m_scan.cancel();
    m_progressTimer->stop();
    QDialog::done(result);
}

} // namespace tessera::ui
