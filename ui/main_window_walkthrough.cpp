// MainWindow and the walkthrough: its dock, and what each step brings forward and frames.
#include "main_window.hpp"

#include "image_view.hpp"
#include "patch_inspector.hpp"
#include "sequence_view.hpp"
#include "view_highlight.hpp"
#include "walkthrough.hpp"

#include <QDockWidget>

namespace tessera::ui {

void MainWindow::addWalkthrough() {
    m_walkthrough = new Walkthrough(m_session);
    m_walkthroughDock = new QDockWidget(tr("Walkthrough"), this);
    m_walkthroughDock->setObjectName("walkthroughDock");
    m_walkthroughDock->setWidget(m_walkthrough);
    // At the bottom, across the window: the views it talks about (the image, the inspector, the
    // sequence) stay in sight above it, and the controls stay usable on the left.
    addDockWidget(Qt::BottomDockWidgetArea, m_walkthroughDock);
    m_walkthroughDock->setProperty("hiddenByDefault", true);
    m_walkthroughDock->hide();
    m_highlight = new ViewHighlight(this);

    connect(m_view, &ImageView::pixelHovered, m_walkthrough, &Walkthrough::setHoveredPixel);
    connect(m_walkthrough, &Walkthrough::stepChanged, this, &MainWindow::followWalkthrough);
    connect(m_walkthroughDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible)
            followWalkthrough();
        else if (!m_walkthroughDock->isVisible()) // closed, not just tabbed away
            m_highlight->setTarget(nullptr);
    });
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
    if (focus.view != QLatin1String("image"))
        showView(focus.view.toStdString());
    Overlays o = m_view->overlays();
    o.grid = focus.grid;
    o.cropAndPadding = focus.cropAndPadding;
    o.map = false; // the step's picture, not a map over it
    m_view->setOverlays(o);
    m_highlight->setTarget(viewWidget(focus.view));
}

} // namespace tessera::ui
