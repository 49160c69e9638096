#include "presentation_mode.hpp"

#include "image_view.hpp"

#include <QAction>
#include <QApplication>
#include <QMainWindow>

namespace tessera::ui {

PresentationMode::PresentationMode(QMainWindow* window, ImageView* view)
    : QObject(window), m_window(window), m_view(view) {
    m_action = new QAction(tr("&Presentation"), this);
    m_action->setCheckable(true);
    m_action->setShortcut(QKeySequence(Qt::Key_F11));
    m_action->setToolTip(
        tr("Full screen, larger text and thicker lines, for a projector (F11 again to leave)"));
    connect(m_action, &QAction::toggled, this, &PresentationMode::setOn);
}

void PresentationMode::setOn(bool on) {
    if (on == m_on)
        return;
    m_on = on;
    {
        const QSignalBlocker quiet(m_action);
        m_action->setChecked(on);
    }
    Overlays o = m_view->overlays();
    if (on) {
        m_font = QApplication::font();
        m_wasMaximized = m_window->isMaximized();
        QFont big = m_font;
        if (big.pointSizeF() > 0)
            big.setPointSizeF(big.pointSizeF() * kFontScale);
        else
            big.setPixelSize(int(big.pixelSize() * kFontScale));
        QApplication::setFont(big);
        o.lineWidth = kLineWidth;
        m_window->showFullScreen();
    } else {
        QApplication::setFont(m_font);
        o.lineWidth = 1.0;
        if (m_wasMaximized)
            m_window->showMaximized();
        else
            m_window->showNormal();
    }
    m_view->setOverlays(o);
}

} // namespace tessera::ui
