// WindowLayout: how a QMainWindow's docks and toolbars are arranged — a View ▸ toggle for each,
// View ▸ Reset Layout back to the default arrangement, and the window's geometry and arrangement
// kept in the settings.
//
// Docks and toolbars are found as the window's children, never listed by hand: a new view in a
// dock gets its toggle, its place in Reset Layout and in the saved layout with no line here. Give
// each dock and toolbar a unique objectName (saveState() and restoreState() key on it).
//
// Default sizes: a dock at the left or right is as narrow as it comfortably can be (its content's
// minimum, and never below kMinDockWidth), so the image view in the middle gets the rest.
#pragma once

#include <QList>
#include <QObject>
#include <QPointer>

class QAction;
class QMainWindow;
class QMenu;
class QSettings;

namespace tessera::ui {

class WindowLayout : public QObject {
    Q_OBJECT

  public:
    // Narrower than this a chart or a form in a dock stops being readable.
    static constexpr int kMinDockWidth = 220;
    // A side dock's default width when its content needs less: charts stay readable while the
    // image keeps half of a 1400-pixel window.
    static constexpr int kDefaultDockWidth = 250;
    // A dock's place in View ▸ (an int property; docks without it come last). The window's
    // children are no order: raise(), which brings a tabbed dock forward, moves it to the end.
    static constexpr const char* kMenuOrder = "menuOrder";

    // Appends the dock and toolbar toggles and Reset Layout to `viewMenu`.
    WindowLayout(QMainWindow* window, QMenu* viewMenu);

    // Makes the present arrangement, with the default sizes, the one Reset Layout returns to.
    // Call once every dock and toolbar has been added, before restore().
    void keepAsDefault();
    // Back to the default arrangement: every dock and toolbar shown, docked where it was by
    // default, at its default size. The window keeps its size.
    void reset();

    // Restores what save() wrote. A layout saved with another set of docks and toolbars, or by a
    // version with another kLayoutRevision, is ignored (the default stays): Qt would restore it
    // without the new docks or with the old ones' sizes.
    void restore(const QSettings& settings);
    void save(QSettings& settings) const;
    // Whether restore() found a geometry to restore: then the window's size is the user's.
    bool restoredGeometry() const { return m_restoredGeometry; }

  private:
    void listToggles();
    void applyDefaultSizes();
    int stateVersion() const;

    QMainWindow* m_window;
    QMenu* m_menu;
    QAction* m_togglesEnd; // the separator the toggles are listed above
    QList<QPointer<QAction>> m_toggles;
    QByteArray m_defaultState;
    bool m_restoredGeometry = false;
};

} // namespace tessera::ui
