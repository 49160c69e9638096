#include "dim_veil.hpp"

#include <QEvent>
#include <QPainter>

namespace tessera::ui {

DimVeil::DimVeil(QWidget* target) : QWidget(target) {
    setObjectName(QStringLiteral("dimVeil"));
    setAttribute(Qt::WA_TransparentForMouseEvents);
    setGeometry(target->rect());
    target->installEventFilter(this);
    hide();
}

bool DimVeil::eventFilter(QObject* watched, QEvent* event) {
    if (watched == parentWidget() && event->type() == QEvent::Resize)
        setGeometry(parentWidget()->rect());
    return false;
}

void DimVeil::paintEvent(QPaintEvent*) {
    QColor cover = palette().color(QPalette::Window);
    cover.setAlphaF(0.55);
    QPainter(this).fillRect(rect(), cover);
}

} // namespace tessera::ui
