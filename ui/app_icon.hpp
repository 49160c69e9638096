// The application's icon (resources/icons/tessera.svg, rendered to the hicolor sizes and compiled
// in): the windows' icon, and the one the installed desktop entry names ("tessera").
#pragma once

#include <QIcon>

namespace tessera::ui {

// Every size compiled in (16 to 256 pixels); Qt picks the nearest for each use.
QIcon applicationIcon();

} // namespace tessera::ui
