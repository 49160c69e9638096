#include "view_canvas.hpp"

#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QVBoxLayout>
#include <QWidget>

namespace tessera::ui {

QVBoxLayout* viewColumn(QWidget* owner) {
    auto* layout = new QVBoxLayout(owner);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    return layout;
}

QLabel* addCaption(QWidget* owner, QBoxLayout* layout) {
    auto* label = new QLabel(owner);
    label->setWordWrap(true);
    layout->addWidget(label);
    return label;
}

QWidget* makeCanvas(QWidget* owner, QSize minimum, const QString& toolTip) {
    auto* canvas = new QWidget(owner);
    canvas->setMouseTracking(true);
    canvas->setMinimumSize(minimum);
    canvas->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    canvas->installEventFilter(owner);
    canvas->setToolTip(toolTip);
    return canvas;
}

bool routeCanvasEvent(QEvent* event, const CanvasHandlers& handlers) {
    switch (event->type()) {
    case QEvent::Paint:
        handlers.paint();
        return true;
    case QEvent::Resize:
        if (handlers.resized)
            handlers.resized();
        return false;
    case QEvent::MouseMove:
        handlers.hover(static_cast<QMouseEvent*>(event)->position().toPoint());
        return false;
    case QEvent::Leave:
        handlers.hover(QPoint(-1, -1));
        return false;
    case QEvent::MouseButtonPress:
        if (static_cast<QMouseEvent*>(event)->button() == Qt::LeftButton)
            handlers.click(static_cast<QMouseEvent*>(event)->position().toPoint());
        return false;
    case QEvent::KeyPress:
        return handlers.key && handlers.key(static_cast<QKeyEvent*>(event)->key());
    default:
        return false;
    }
}

} // namespace tessera::ui
