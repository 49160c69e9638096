#include "view_highlight.hpp"

#include "selection_colours.hpp"

#include <QEvent>
#include <QPainter>

namespace tessera::ui {

ViewHighlight::ViewHighlight(QWidget* parent) : QWidget(parent) {
    setAttribute(Qt::WA_TransparentForMouseEvents);
    setAttribute(Qt::WA_NoSystemBackground);
    hide();
}

void ViewHighlight::setTarget(QWidget* target) {
    if (m_target)
        m_target->removeEventFilter(this);
    m_target = target;
    if (!m_target) {
        hide();
        return;
    }
    setParent(m_target);
    m_target->installEventFilter(this);
    follow();
    show();
    raise();
}

void ViewHighlight::follow() {
    if (m_target)
        setGeometry(m_target->rect());
}

bool ViewHighlight::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_target && (event->type() == QEvent::Resize || event->type() == QEvent::Show))
        follow();
    if (watched == m_target && event->type() == QEvent::ChildAdded)
        raise(); // stays above children added later
    return QWidget::eventFilter(watched, event);
}

void ViewHighlight::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    // The walkthrough's colour: the one that marks "the thing the text talks about".
    QColor c = walkthroughColour();
    p.setPen(QPen(c, 4));
    p.setBrush(Qt::NoBrush);
    p.drawRoundedRect(QRectF(rect()).adjusted(2, 2, -2, -2), 6, 6);
}

} // namespace tessera::ui
