// A translucent cover over a view while it shows a result that is not what the controls give
// (a run still going after 250 ms, a failure, a cancel): the view reads as dimmed at a glance,
// and the banner above says why.
//
// A cover rather than an opacity: a QGraphicsOpacityEffect renders the view to an offscreen
// picture on every paint, and a chart's own opacity repaints every item of its scene, which took
// the event loop ~110 ms for a 4096² result. The cover paints the window colour at 55 % over
// the view (what 45 % opacity over that colour gives) and lets the mouse through.
#pragma once

#include <QWidget>

namespace tessera::ui {

class DimVeil : public QWidget {
  public:
    // Covers `target` (a child of it, kept at its size), hidden until shown.
    explicit DimVeil(QWidget* target);

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void paintEvent(QPaintEvent*) override;
};

} // namespace tessera::ui
