// The drawing area of a view that paints itself (embedding matrix, token sequence, position maps):
// a plain QWidget whose paint, mouse and key events the view handles through an event filter, so
// the view keeps its state and the canvas none.
#pragma once

#include <QPoint>
#include <QSize>
#include <QString>

#include <functional>

class QBoxLayout;
class QEvent;
class QLabel;
class QVBoxLayout;
class QWidget;

namespace tessera::ui {

struct CanvasHandlers {
    std::function<void()> paint;
    std::function<void()> resized;     // optional
    std::function<void(QPoint)> hover; // QPoint(-1, -1) when the mouse leaves
    std::function<void(QPoint)> click; // the left button
    std::function<bool(int key)> key;  // optional; true when it took the key
};

// The views' column: captions above the canvas, 4 pixels apart and from the edges.
QVBoxLayout* viewColumn(QWidget* owner);
// A word-wrapped caption added to `layout`.
QLabel* addCaption(QWidget* owner, QBoxLayout* layout);

// A canvas for `owner` (which filters its events): tracking the mouse, growing with the view.
QWidget* makeCanvas(QWidget* owner, QSize minimum, const QString& toolTip);

// Calls the handler `event` is for; true when the event is done with (painted, key taken).
bool routeCanvasEvent(QEvent* event, const CanvasHandlers& handlers);

} // namespace tessera::ui
