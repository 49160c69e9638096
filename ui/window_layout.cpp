#include "window_layout.hpp"

#include <QAction>
#include <QDockWidget>
#include <QMainWindow>
#include <QMenu>
#include <QSettings>
#include <QToolBar>

#include <algorithm>

namespace tessera::ui {
namespace {

// Bump when the default arrangement changes in a way an old saved layout would spoil even with
// the same docks and toolbars (a dock moved to another area, a new default size).
constexpr int kLayoutRevision = 1;

const QString kGeometryKey = QStringLiteral("window/geometry");
const QString kStateKey = QStringLiteral("window/state");

// Only the window's own: a dock's content could hold docks or toolbars of its own one day.
template <typename T> QList<T*> ownChildren(QMainWindow* window) {
    return window->findChildren<T*>(Qt::FindDirectChildrenOnly);
}

} // namespace

WindowLayout::WindowLayout(QMainWindow* window, QMenu* viewMenu)
    : QObject(window), m_window(window), m_menu(viewMenu) {
    m_menu->addSeparator();
    m_togglesEnd = m_menu->addSeparator();
    QAction* reset = m_menu->addAction(tr("&Reset Layout"), this, &WindowLayout::reset);
    reset->setObjectName("resetLayoutAction");
    // Listed again whenever the menu opens, so a dock added at any time has its toggle.
    connect(m_menu, &QMenu::aboutToShow, this, &WindowLayout::listToggles);
    listToggles();
}

void WindowLayout::listToggles() {
    for (const QPointer<QAction>& a : std::as_const(m_toggles))
        if (a)
            m_menu->removeAction(a);
    m_toggles.clear();
    QList<QDockWidget*> docks = ownChildren<QDockWidget>(m_window);
    std::stable_sort(docks.begin(), docks.end(), [](const QDockWidget* a, const QDockWidget* b) {
        const QVariant x = a->property(kMenuOrder), y = b->property(kMenuOrder);
        return x.isValid() && (!y.isValid() || x.toInt() < y.toInt());
    });
    for (QDockWidget* dock : docks) {
        QAction* toggle = dock->toggleViewAction();
        // Reopened from the menu, a dock comes to the front of its tabs: shown behind another
        // tab, the user would see nothing happen.
        if (!toggle->property("raises").toBool()) {
            toggle->setProperty("raises", true);
            connect(toggle, &QAction::triggered, dock, [dock](bool checked) {
                if (checked)
                    dock->raise();
            });
        }
        m_toggles << toggle;
    }
    for (QToolBar* bar : ownChildren<QToolBar>(m_window)) {
        QAction* a = bar->toggleViewAction();
        // The bare title would read as one more overlay among the overlay toggles above it.
        //: %1 is the toolbar's title, e.g. Overlays
        a->setText(tr("%1 Toolbar").arg(bar->windowTitle()));
        m_toggles << a;
    }
    for (const QPointer<QAction>& a : std::as_const(m_toggles))
        m_menu->insertAction(m_togglesEnd, a);
}

void WindowLayout::keepAsDefault() {
    for (QDockWidget* dock : ownChildren<QDockWidget>(m_window))
        if (dock->minimumSizeHint().width() < kMinDockWidth)
            dock->setMinimumWidth(kMinDockWidth);
    applyDefaultSizes();
    // Unversioned: it never leaves this window, and docks added since must not void it.
    m_defaultState = m_window->saveState();
    listToggles();
}

void WindowLayout::applyDefaultSizes() {
    QList<QDockWidget*> docks;
    QList<int> widths;
    for (QDockWidget* dock : ownChildren<QDockWidget>(m_window)) {
        const Qt::DockWidgetArea area = m_window->dockWidgetArea(dock);
        if (dock->isFloating() ||
            (area != Qt::LeftDockWidgetArea && area != Qt::RightDockWidgetArea))
            continue; // a top or bottom dock takes height, not width, from the image: Qt's is fine
        docks << dock;
        widths << std::max(
            {kDefaultDockWidth, dock->minimumWidth(), dock->minimumSizeHint().width()});
    }
    m_window->resizeDocks(docks, widths, Qt::Horizontal);
}

void WindowLayout::reset() {
    m_window->restoreState(m_defaultState);
    // restoreState() leaves alone what the default did not know: docks and toolbars added since.
    // A dock opened on demand (the walkthrough, property "hiddenByDefault") goes back to hidden.
    for (QDockWidget* dock : ownChildren<QDockWidget>(m_window))
        dock->setVisible(!dock->property("hiddenByDefault").toBool());
    for (QToolBar* bar : ownChildren<QToolBar>(m_window))
        bar->show();
    applyDefaultSizes();
}

int WindowLayout::stateVersion() const {
    QStringList names;
    for (QDockWidget* dock : ownChildren<QDockWidget>(m_window))
        names << dock->objectName();
    for (QToolBar* bar : ownChildren<QToolBar>(m_window))
        names << bar->objectName();
    names.sort();
    // qChecksum (CRC-16) rather than qHash: it is the same in every run and every Qt version.
    return (kLayoutRevision << 16) | qChecksum(names.join('\n').toUtf8());
}

void WindowLayout::restore(const QSettings& settings) {
    m_restoredGeometry = m_window->restoreGeometry(settings.value(kGeometryKey).toByteArray());
    m_window->restoreState(settings.value(kStateKey).toByteArray(), stateVersion());
}

void WindowLayout::save(QSettings& settings) const {
    settings.setValue(kGeometryKey, m_window->saveGeometry());
    settings.setValue(kStateKey, m_window->saveState(stateVersion()));
}

} // namespace tessera::ui
