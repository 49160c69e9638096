// CheckpointChooser: the "Choose weights" dialog, listing the ViT checkpoints already on this
// machine (io::scanCheckpoints) so a student can pick one without knowing where the Hugging Face
// or torch hub caches keep their files.
//
// One table row per patch embedding: a file holding several (DINO's teacher and student) gives
// a row for each, naming its key prefix. The columns are the embedding's geometry as Tessera will
// read it: patch P×Q pixels, D outputs, C input channels, whether position embeddings and a class
// token come with it, the file's format, its size in MB and where it was found.
//
// The folders searched are the standard caches (read-only, from the environment) and the user's
// own, kept in QSettings under "weights/folders". The scan runs off the GUI thread; a newer scan
// or closing the dialog stops the running one. Tessera never downloads anything: the dialog
// shows what is here, or "Open file…" picks any weights file by hand.
#pragma once

#include "checkpoint_scan.hpp"
#include "latest_job.hpp"

#include <QDialog>
#include <QString>
#include <QStringList>

#include <atomic>
#include <cstddef>
#include <memory>
#include <vector>

class QDialogButtonBox;
class QLabel;
class QListWidget;
class QPushButton;
class QStackedWidget;
class QTableWidget;
class QTimer;

namespace tessera::ui {

// One patch embedding found: a table row.
struct ChooserRow {
    QString path;   // the file to open (a hub snapshot's link)
    QString prefix; // its key prefix when the file holds several embeddings, else empty
    QString model;  // "org/name" for a hub cache entry, else the file's name
    QString format;
    io::ScanFolder::Kind kind = io::ScanFolder::Kind::Folder;
    Size2 patch;
    int dim = 0, channels = 0;
    bool posEmbed = false, clsToken = false;
    qint64 bytes = 0;
};

// What one scan gives the table: its rows, the files it could not read, and how many it saw.
struct ChooserScan {
    std::vector<ChooserRow> rows;
    std::vector<io::SkippedFile> skipped;
    std::size_t looked = 0;
};

class CheckpointChooser : public QDialog {
    Q_OBJECT

  public:
    // The settings key holding the user's folders (a QStringList).
    static constexpr const char* kFoldersKey = "weights/folders";

    // Starts scanning at once: the standard folders, then the user's.
    explicit CheckpointChooser(QWidget* parent = nullptr);
    ~CheckpointChooser() override;

    // The choice, once accepted: the file to open, and the patch embedding's key prefix (empty
    // when the file holds only one, or when the file came from "Open file…").
    // The weights in use, selected in the table once the scan finds them.
    void setCurrent(const QString& path, const QString& prefix);
    QString path() const { return m_path; }
    QString prefix() const { return m_prefix; }

    // The user's folders (settings); adding or removing one saves them and rescans.
    QStringList userFolders() const;
    void addFolder(const QString& folder);
    void removeFolder(const QString& folder);

    void rescan();
    bool scanning() const { return m_scan.busy(); }

    void done(int result) override; // stops a running scan

  signals:
    void scanFinished(); // the table shows the newest scan's rows

  private:
    void scanned(ChooserScan scan);
    void selectCurrent();
    void showFolders();
    void showProgress();
    void showEmptyState();
    void useSelected();
    void openFile();

    QLabel* m_status;
    QStackedWidget* m_pages; // the table, or the empty state
    QTableWidget* m_table;
    QLabel* m_empty;
    QListWidget* m_folders;
    QPushButton* m_removeFolder;
    QDialogButtonBox* m_buttons;
    QPushButton* m_use;
    QTimer* m_progressTimer;

    std::shared_ptr<std::atomic<std::size_t>> m_looked; // files the running scan looked at
    std::size_t m_lookedDone = 0;                       // the last finished scan's count
    QString m_path;
    QString m_prefix;
    QString m_currentPath, m_currentPrefix;
    LatestJob<ChooserScan> m_scan; // last: stopped and awaited before the rest goes
};

} // namespace tessera::ui
