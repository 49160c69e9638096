// MainWindow and the walkthrough: its dock, and what each step brings forward and frames.
#include "main_window.hpp"

#include "image_view.hpp"
#include "patch_inspector.hpp"
#include "presentation_mode.hpp"
#include "sequence_view.hpp"
#include "session.hpp"
#include "view_highlight.hpp"
#include "walkthrough.hpp"

#include <QDockWidget>

#include <algorithm>

namespace tessera::ui {

void MainWindow::addWalkthrough() {
    m_walkthrough = new Walkthrough(m_session);
    m_walkthroughDock = makeDock(tr("Walkthrough"), "walkthroughDock", m_walkthrough);
    // At the bottom, across the window: the views it talks about (the image, the inspector, the
    // sequence) stay in sight above it, and the controls stay usable on the left.
    addDockWidget(Qt::BottomDockWidgetArea, m_walkthroughDock);
    m_walkthroughDock->setProperty("hiddenByDefault", true);
    m_walkthroughDock->hide();
    m_highlight = new ViewHighlight(this);

    connect(m_view, &ImageView::pixelHovered, m_walkthrough, &Walkthrough::setHoveredPixel);
    connect(m_walkthrough, &Walkthrough::stepChanged, this, &MainWindow::followWalkthrough);
    connect(m_walkthroughDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible) {
            if (!m_walkthroughOpen) { // opened: its steps set overlays; closing gives them back
                m_walkthroughOpen = true;
                m_overlaysBeforeWalkthrough = m_view->overlays();
                fitWalkthroughDock();
            }
            followWalkthrough();
        } else if (!m_walkthroughDock->isVisible()) { // closed, not just tabbed away
            m_walkthroughOpen = false;
            m_highlight->setTarget(nullptr);
            Overlays o = m_overlaysBeforeWalkthrough;
            o.lineWidth = m_view->overlays().lineWidth; // presentation mode's, as it is now
            m_view->setOverlays(o);
        }
    });
}

void MainWindow::fitWalkthroughDock() {
    // Tall enough for a step's paragraphs without scrolling: a third of the window, more in
    // presentation mode, where the text is larger.
    const int share = m_presentation && m_presentation->on() ? 40 : 30;
    resizeDocks({m_walkthroughDock},
                {std::max(m_walkthrough->sizeHint().height(), height() * share / 100)},
                Qt::Vertical);
}

QWidget* MainWindow::viewWidget(const QString& name) const {
    if (name == QLatin1String("image"))
        return m_view;
    if (name == QLatin1String("inspector"))
        return m_inspector;
    if (name == QLatin1String("sequence"))
        return m_sequence;
    return nullptr;
}

void MainWindow::followWalkthrough() {
    const Walkthrough::Focus focus = m_walkthrough->focus();
    if (focus.view == QLatin1String("inspector")) {
        // Flattening and projecting need a patch: the one in the middle until the student picks.
        const JobOutcome* out = m_session->current();
        if (out && m_session->selected() < 0) {
            const PatchGrid& g = out->result.grid;
            m_session->select((g.gh / 2) * g.gw + g.gw / 2);
        }
        m_inspector->scrollTo(m_walkthrough->step() == 6 ? PatchInspector::Part::Projection
                                                         : PatchInspector::Part::Vector);
    }
    if (focus.view != QLatin1String("image"))
        showView(focus.view.toStdString());
    Overlays o = m_view->overlays();
    o.grid = focus.grid;
    o.cropAndPadding = focus.cropAndPadding;
    o.map = false; // the step's picture, not a map over it
    m_view->setOverlays(o);
    m_highlight->setTarget(viewWidget(focus.view));
    // ←/→ turn the pages from here on, whatever had the focus (the image takes arrows itself).
    m_walkthrough->setFocus();
}

void MainWindow::fitDocksForPresentation() {
    // Fonts 1.5× need room: the controls get the width their larger widgets ask for (up to 30 %),
    // the view in front on the right 45 %; off again, both go back to what they ask for.
    const bool on = m_presentation->on();
    QList<QDockWidget*> docks;
    QList<int> widths;
    for (QDockWidget* d : findChildren<QDockWidget*>()) {
        if (!d->isVisible() || d->isFloating() || d->visibleRegion().isEmpty())
            continue;
        const Qt::DockWidgetArea area = dockWidgetArea(d);
        const int wanted = d->widget()->sizeHint().width();
        if (area == Qt::LeftDockWidgetArea)
            widths << std::min(wanted, width() * 30 / 100);
        else if (area == Qt::RightDockWidgetArea)
            widths << (on ? width() * 45 / 100 : std::min(wanted, width() * 45 / 100));
        else
            continue;
        docks << d;
    }
    resizeDocks(docks, widths, Qt::Horizontal);
    if (m_walkthroughDock->isVisible())
        fitWalkthroughDock();
}

} // namespace tessera::ui
