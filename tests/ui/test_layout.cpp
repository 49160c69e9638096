// The window's arrangement: View ▸ toggles and Reset Layout, the geometry and layout kept between
// runs, and room for the image at the sizes the app is used at.
#include "main_window.hpp"
#include "window_fixture.hpp"

#include <QDockWidget>
#include <QMenuBar>
#include <QScrollArea>
#include <QScrollBar>
#include <QTabBar>
#include <QToolBar>
#include <QtTest>

using namespace tessera::ui;

namespace {

const QString kScope = QStringLiteral("Tessera-layout-test");

QAction* resetAction(MainWindow& w) {
    return w.findChild<QAction*>("resetLayoutAction");
}

// The menu-bar menu that holds Reset Layout, as the user finds it (opening it lists the toggles).
QMenu* viewMenu(MainWindow& w) {
    for (QAction* a : w.menuBar()->actions())
        if (a->menu() && a->menu()->actions().contains(resetAction(w))) {
            emit a->menu()->aboutToShow();
            return a->menu();
        }
    return nullptr;
}

QList<QDockWidget*> docks(MainWindow& w) {
    return w.findChildren<QDockWidget*>(Qt::FindDirectChildrenOnly);
}

QList<QToolBar*> toolBars(MainWindow& w) {
    return w.findChildren<QToolBar*>(Qt::FindDirectChildrenOnly);
}

void showAt(MainWindow& w, QSize size) {
    w.resize(size);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QCOMPARE(w.size(), size);
}

// Every dock and toolbar shown, docked, its content at least as wide as it needs.
void checkEverythingUsable(MainWindow& w) {
    for (QDockWidget* dock : docks(w)) {
        if (dock->property("hiddenByDefault").toBool()) { // the walkthrough: opened on demand
            QVERIFY2(dock->isHidden(), qPrintable(dock->objectName()));
            continue;
        }
        QVERIFY2(dock->isVisible() && !dock->isFloating(), qPrintable(dock->objectName()));
        QWidget* content = dock->widget();
        QVERIFY2(content->isVisible(), qPrintable(dock->objectName()));
        QVERIFY2(content->width() >= content->minimumSizeHint().width(),
                 qPrintable(QString("%1: %2 < %3")
                                .arg(dock->objectName())
                                .arg(content->width())
                                .arg(content->minimumSizeHint().width())));
    }
    for (QToolBar* bar : toolBars(w))
        QVERIFY2(bar->isVisible(), qPrintable(bar->objectName()));
}

} // namespace

class TestLayout : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { QSettings("Tessera", kScope).clear(); }

    // View ▸ lists the docks as the window shows them (the controls, the norms and the teaching
    // views in their tabs' order, the walkthrough), whichever was brought forward last; a dock
    // reopened from it comes to the front of its tabs.
    void viewMenuListsDocksInOrderAndReopensInFront() {
        MainWindow w(kScope);
        showAt(w, QSize(1400, 900));
        auto listed = [&w] {
            QStringList titles;
            for (QAction* a : viewMenu(w)->actions())
                for (QDockWidget* d : docks(w))
                    if (a == d->toggleViewAction())
                        titles << d->windowTitle();
            return titles;
        };
        QTabBar* tabs = nullptr;
        for (QTabBar* bar : w.findChildren<QTabBar*>())
            if (bar->count() > 1 && bar->tabText(0) == "Norms")
                tabs = bar;
        QVERIFY(tabs);
        QStringList shown{"Controls"};
        for (int i = 0; i < tabs->count(); ++i)
            shown << tabs->tabText(i);
        shown << "Walkthrough";
        QCOMPARE(listed(), shown);

        auto* filters = w.findChild<QDockWidget*>("filtersDock");
        auto* norms = w.findChild<QDockWidget*>("normsDock");
        filters->raise(); // moves it last among the window's children
        norms->raise();
        QCOMPARE(listed(), shown);

        filters->toggleViewAction()->trigger();
        QVERIFY(filters->isHidden());
        QCOMPARE(listed(), shown); // still listed, in its place
        filters->toggleViewAction()->trigger();
        QVERIFY(filters->isVisible());
        QTRY_COMPARE(tabs->tabText(tabs->currentIndex()), QString("Filters"));
    }

    void noTwoEntriesOfAMenuShareTheirKey() {
        MainWindow w(kScope);
        const QStringList shared = testing::sharedMenuKeys(w.menuBar());
        QVERIFY2(shared.isEmpty(), qPrintable(shared.join("; ")));
    }

    void theLabelsToggleWaitsForTheGrid() {
        MainWindow w(kScope);
        QAction* grid = nullptr;
        QAction* labels = nullptr;
        for (QAction* a : viewMenu(w)->actions()) {
            grid = a->text() == "&Grid" ? a : grid;
            labels = a->text() == "&Labels" ? a : labels;
        }
        QVERIFY(grid && labels);
        QVERIFY(grid->isChecked() && labels->isEnabled());
        grid->trigger(); // off: labels have no cells to sit in
        QVERIFY(!grid->isChecked());
        QVERIFY(!labels->isEnabled());
        grid->trigger();
        QVERIFY(labels->isEnabled());
    }

    void dockTabsShowTheirWholeNames() {
        MainWindow w(kScope);
        w.resize(1400, 900);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const QList<QTabBar*> bars = w.findChildren<QTabBar*>();
        QVERIFY(!bars.isEmpty());
        for (QTabBar* bar : bars)
            QCOMPARE(bar->elideMode(), Qt::ElideNone);
    }

    void viewMenuTogglesEveryDockAndToolbar() {
        MainWindow w(kScope);
        QVERIFY(resetAction(w));
        QMenu* menu = viewMenu(w);
        QVERIFY(menu);
        QVERIFY(docks(w).size() >= 2 && toolBars(w).size() >= 1);
        for (QDockWidget* dock : docks(w)) {
            QVERIFY2(menu->actions().contains(dock->toggleViewAction()),
                     qPrintable(dock->objectName()));
            QVERIFY(dock->toggleViewAction()->isCheckable());
        }
        for (QToolBar* bar : toolBars(w)) {
            QVERIFY2(menu->actions().contains(bar->toggleViewAction()),
                     qPrintable(bar->objectName()));
            QVERIFY(bar->toggleViewAction()->isCheckable());
        }

        // A view added later in its own dock gets its toggle without being listed anywhere.
        auto* later = new QDockWidget("Later", &w);
        later->setObjectName("laterDock");
        w.addDockWidget(Qt::BottomDockWidgetArea, later);
        QVERIFY(viewMenu(w)->actions().contains(later->toggleViewAction()));
        delete later;
        QVERIFY(viewMenu(w)); // the deleted dock's toggle is gone, nothing dangles
    }

    void resetLayoutBringsBackEverything() {
        MainWindow w(kScope);
        QAction* reset = resetAction(w);
        QVERIFY(reset);
        showAt(w, QSize(1400, 900));
        const int normsDefault = w.findChild<QDockWidget*>("normsDock")->width();
        // Every toggle off, as a user can do: only the menu bar is left.
        for (QDockWidget* dock : docks(w))
            if (dock->isVisible())
                dock->toggleViewAction()->trigger();
        for (QToolBar* bar : toolBars(w))
            bar->toggleViewAction()->trigger();
        for (QDockWidget* dock : docks(w))
            QVERIFY(dock->isHidden());
        for (QToolBar* bar : toolBars(w))
            QVERIFY(bar->isHidden());
        QVERIFY(w.menuBar()->isVisible());

        reset->trigger();
        QTest::qWait(50);
        checkEverythingUsable(w);
        for (QDockWidget* dock : docks(w))
            QVERIFY(viewMenu(w)->actions().contains(dock->toggleViewAction()) &&
                    dock->toggleViewAction()->isChecked() !=
                        dock->property("hiddenByDefault").toBool());

        // Moved, floated and widened, then reset: each back in its area at its default width.
        auto* controls = w.findChild<QDockWidget*>("controlsDock");
        auto* norms = w.findChild<QDockWidget*>("normsDock");
        w.addDockWidget(Qt::RightDockWidgetArea, controls);
        norms->setFloating(true);
        w.removeToolBar(toolBars(w).first());
        reset->trigger();
        QTest::qWait(50);
        checkEverythingUsable(w);
        QCOMPARE(w.dockWidgetArea(controls), Qt::LeftDockWidgetArea);
        QCOMPARE(w.dockWidgetArea(norms), Qt::RightDockWidgetArea);
        QCOMPARE(w.toolBarArea(toolBars(w).first()), Qt::TopToolBarArea);
        w.resizeDocks({norms}, {700}, Qt::Horizontal);
        reset->trigger();
        QTest::qWait(50);
        QCOMPARE(norms->width(), normsDefault);
        QVERIFY(w.centralWidget()->width() >= 700);
    }

    void geometryAndLayoutRoundTrip() {
        QSize saved;
        {
            MainWindow w(kScope);
            QVERIFY(!w.restoredGeometry()); // nothing saved yet: the caller picks the size
            w.resize(820, 640); // neither the default nor a size the window would take by itself
            w.move(30, 20);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            saved = w.size();
            w.findChild<QDockWidget*>("normsDock")->hide();
            w.close(); // saves
        }
        MainWindow w(kScope);
        QVERIFY(w.restoredGeometry());
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QCOMPARE(w.size(), saved);
        QVERIFY(w.findChild<QDockWidget*>("normsDock")->isHidden());
        QVERIFY(w.findChild<QDockWidget*>("controlsDock")->isVisible());
    }

    void layoutSavedWithOtherDocksIsNotRestored() {
        {
            // A version of the app with one more dock saves its layout, Norms hidden.
            MainWindow w(kScope);
            auto* extra = new QDockWidget("Extra", &w);
            extra->setObjectName("extraDock");
            w.addDockWidget(Qt::RightDockWidgetArea, extra);
            w.show();
            w.findChild<QDockWidget*>("normsDock")->hide();
            w.close();
        }
        MainWindow w(kScope);
        showAt(w, QSize(1400, 900));
        checkEverythingUsable(w);      // the default arrangement, not the foreign one
        QVERIFY(w.restoredGeometry()); // the window's geometry is the user's all the same
    }

    // The default layout at the sizes the app is used at: the image view gets its share, every
    // dock is as wide as its content needs, and the controls scroll rather than get cut off.
    void defaultLayoutLeavesRoomForTheImage_data() {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<int>("minCentralWidth");
        QTest::newRow("1400x900, half for the image") << QSize(1400, 900) << 700;
        QTest::newRow("1024x700, still usable") << QSize(1024, 700) << 350;
        QTest::newRow("1024x600, the controls scroll") << QSize(1024, 600) << 350;
    }

    void defaultLayoutLeavesRoomForTheImage() {
        QFETCH(QSize, size);
        QFETCH(int, minCentralWidth);
        MainWindow w(kScope);
        showAt(w, size);
        checkEverythingUsable(w);
        QVERIFY2(w.centralWidget()->width() >= minCentralWidth,
                 qPrintable(QString::number(w.centralWidget()->width())));
        auto* scroll =
            qobject_cast<QScrollArea*>(w.findChild<QDockWidget*>("controlsDock")->widget());
        QVERIFY(scroll);
        QWidget* panel = scroll->widget();
        QVERIFY(panel->width() >= panel->minimumSizeHint().width());
        QVERIFY(panel->height() <= scroll->viewport()->height() ||
                scroll->verticalScrollBar()->maximum() > 0);
    }
};

QTEST_MAIN(TestLayout)
#include "test_layout.moc"
