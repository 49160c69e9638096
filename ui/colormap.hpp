// The colour map of the norm heat map and its colour bar: viridis (perceptually uniform, readable
// in light and dark palettes and by most colour-blind viewers).
#pragma once

#include <QColor>

namespace tessera::ui {

// t in [0, 1] (clamped) to viridis.
QColor viridis(double t);

} // namespace tessera::ui
