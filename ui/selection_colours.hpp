// The colours that mark what is selected, the same in every view, so the eye links them.
#pragma once

#include <QColor>

namespace tessera::ui {

inline QColor selectedPatchColour() {
    return {255, 200, 0};
}
inline QColor patchSetColour() {
    return {0, 200, 255};
}
// The frame around the view the walkthrough is talking about.
inline QColor walkthroughColour() {
    return {235, 80, 60};
}

} // namespace tessera::ui
