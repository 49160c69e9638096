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
#include <span>
#include <string_view>

class QDockWidget;
class QLabel;

namespace tessera::ui {
class DimVeil;
}
class QMenu;
class QProgressBar;
class QPushButton;

namespace tessera::ui {

class CompareView;
class ControlsPanel;
class EmbeddingMatrixView;
class FiltersView;
class FlexiVitView;
class NormChart;
class PositionsView;
class PresentationMode;
class SequenceView;
class ViewHighlight;
class Walkthrough;
class PatchInspector;
class PatchMaps;
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
    PatchMaps* patchMaps() const { return m_maps; }
    PatchInspector* inspector() const { return m_inspector; }
    FiltersView* filtersView() const { return m_filters; }
    EmbeddingMatrixView* matrixView() const { return m_matrix; }
    PresentationMode* presentation() const { return m_presentation; }
    Walkthrough* walkthrough() const { return m_walkthrough; }
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

    // The views `--view NAME` brings forward, in the order --help lists them (one table, in
    // main_window_views.cpp: a view added there is scriptable with no other line).
    struct ViewRow {
        const char* name;
        const char* help;
        void (*show)(MainWindow&);
    };
    static std::span<const ViewRow> views();
    // Brings a view forward: its dock shown and raised, or its map over the image. False for a
    // name that is not in views().
    bool showView(std::string_view name);
    // True while a view is still computing what it shows (a screenshot waits for it).
    bool viewsBusy() const;

  protected:
    void closeEvent(QCloseEvent*) override;
    void childEvent(QChildEvent*) override;
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
    void showMap(int kind); // a MapKind, shown over the image
    void buildMapMenu(QMenu* view);
    void buildLanguageMenu(QMenu* view); // View ▸ Language: kept in the settings, next start
    // A dock named `name` (for saved layouts and tests) holding `content`, numbered in the order
    // made: View ▸ lists the docks in that order (WindowLayout::kMenuOrder).
    QDockWidget* makeDock(const QString& title, const char* name, QWidget* content);
    void addTeachingViews();  // the inspector, filters and matrix docks, linked to the rest
    void addWalkthrough();    // its dock (bottom, hidden until Help ▸ Walkthrough) and Help entry
    void followWalkthrough(); // the step's view forward and framed, the step's overlays
    QWidget* viewWidget(const QString& name) const; // what the walkthrough frames: "image", ...
    void fitWalkthroughDock();                      // its height, for its paragraphs
    void fitDocksForPresentation();                 // the visible docks sized for the larger fonts
    void raiseDock(QDockWidget* dock);
    void widenDock(QDockWidget* dock); // to the width its view asks for, up to 45 % of the window

    QString m_scope;
    Session* m_session;
    ImageView* m_view;
    PresentationMode* m_presentation = nullptr;
    PatchMaps* m_maps;
    ControlsPanel* m_controls;
    NormChart* m_chart;
    QDockWidget* m_normsDock;
    int m_docksMade = 0;      // makeDock's count, the docks' order in View ▸
    bool m_mapChosen = false; // a map was picked: a selected filter no longer shows its response
    PatchInspector* m_inspector = nullptr;
    QDockWidget* m_inspectorDock = nullptr;
    FiltersView* m_filters = nullptr;
    QDockWidget* m_filtersDock = nullptr;
    EmbeddingMatrixView* m_matrix = nullptr;
    QDockWidget* m_matrixDock = nullptr;
    SequenceView* m_sequence = nullptr;
    QDockWidget* m_sequenceDock = nullptr;
    PositionsView* m_positions = nullptr;
    QDockWidget* m_positionsDock = nullptr;
    CompareView* m_compare = nullptr;
    QDockWidget* m_compareDock = nullptr;
    FlexiVitView* m_flexiVit = nullptr;
    QDockWidget* m_flexiVitDock = nullptr;
    Walkthrough* m_walkthrough = nullptr;
    QDockWidget* m_walkthroughDock = nullptr;
    ViewHighlight* m_highlight = nullptr;
    bool m_walkthroughOpen = false;
    Overlays m_overlaysBeforeWalkthrough; // given back when the walkthrough closes
    WeightsFile* m_weights;
    QLabel* m_errorBanner;
    QLabel* m_staleBanner;
    QList<DimVeil*> m_veils; // over the image view and both charts while stale
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
