// MainWindow: Tessera's window — the image view in the middle, the controls and the norm charts
// in docks, the menus, and a status bar with progress, Cancel, the last run's figures and the
// selected patch.
//
// The views show the Session's last result. When it is not what the controls give (a failure, a
// cancel, a long run), a banner above the image says which result is shown and why, and the
// views are dimmed; Export then writes the shown result under its own manifest, after asking.
#pragma once

#include "image_view.hpp"
#include "spec.hpp"

#include <QElapsedTimer>
#include <QFuture>
#include <QMainWindow>

#include <filesystem>

class QLabel;
class QMenu;
class QProgressBar;
class QPushButton;

namespace tessera::ui {

class ControlsPanel;
class NormChart;
class Session;
class WeightsFile;
class WindowLayout;

class MainWindow : public QMainWindow {
    Q_OBJECT

  public:
    // `settingsScope` names the QSettings application, so tests can keep their own; an empty one
    // keeps no settings at all (screenshots start from the defaults and change nothing).
    explicit MainWindow(const QString& settingsScope = QStringLiteral("Tessera"),
                        QWidget* parent = nullptr);
    ~MainWindow() override;

    Session* session() const { return m_session; }
    ControlsPanel* controls() const { return m_controls; }
    ImageView* imageView() const { return m_view; }
    NormChart* normChart() const { return m_chart; }
    QString lastError() const { return m_lastError; }
    QString statusText() const;
    // Whether the settings held a window geometry that was restored: then the size is the user's
    // and a default size must not override it.
    bool restoredGeometry() const;

    // Opens an image in the background; an error is shown (and lastError() set) when it cannot.
    void openImage(const QString& path);
    void openImage(const std::filesystem::path& file); // by its name's bytes (any encoding)
    void openSample(const QString& name);              // "chelsea.png" or "astronaut.png"
    // Exports the shown result in the background; the format follows the extension. The
    // future's value is the error (also shown in the window), empty on success.
    QFuture<QString> exportTo(const QString& path);
    void applySpec(const Spec& spec); // as if the controls had been set to it
    QString staleText() const;        // the banner's text, empty when the result is current
    QString selectionText() const;    // the selected patch in words, empty without one

  protected:
    void closeEvent(QCloseEvent*) override;
    bool eventFilter(QObject* watched, QEvent* event) override;
    void dragEnterEvent(QDragEnterEvent*) override;
    void dropEvent(QDropEvent*) override;

  private:
    void buildMenus();
    void buildStatusBar();
    void showError(const QString& message);
    void clearError();
    void updateRecentMenu();
    void addRecent(const QString& path);
    void pasteImage();
    void chooseExport();
    void chooseImage();
    void showAbout();
    void loadSettings();
    void saveSettings();
    void onResult();
    void pushSpec();
    void updateStaleness();
    void updateSelection(int index);
    void startupWeightsCheck(Spec& spec);

    QString m_scope;
    Session* m_session;
    ImageView* m_view;
    ControlsPanel* m_controls;
    NormChart* m_chart;
    WeightsFile* m_weights;
    QLabel* m_errorBanner;
    QLabel* m_staleBanner;
    QLabel* m_selection;
    QString m_openingPath;
    QElapsedTimer m_errorShownAt;
    QLabel* m_status;
    QProgressBar* m_progress;
    QPushButton* m_cancel;
    QMenu* m_recentMenu = nullptr;
    WindowLayout* m_layout = nullptr;
    QStringList m_recent;
    QString m_lastDir;
    QString m_lastError;
};

} // namespace tessera::ui
