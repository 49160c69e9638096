// Whether a view can be seen now, so that it computes only what someone can look at.
//
// A dock tabbed behind another stays isVisible() (Qt only moves it out of the way), so that test
// alone let every teaching view compute for every result: ~110 ms of CPU per control change in
// the default layout, which made the app slow on a busy machine (issue 15). A view skipped here
// computes when its dock comes forward: MainWindow calls its cameOnScreen() then.
#pragma once

#include <QWidget>

#include <utility>

namespace tessera::ui {

// The widget's rectangle clipped by every parent's up to its window: empty for a dock tabbed
// behind another. Not visibleRegion(), which also takes away opaque children, so a view filled by
// a scroll area would never count as seen.
inline bool onScreen(const QWidget* w) {
    if (!w->isVisible())
        return false;
    QRect r = w->rect();
    QPoint offset;
    for (const QWidget* c = w; !c->isWindow() && c->parentWidget(); c = c->parentWidget()) {
        offset -= c->pos();
        r &= QRect(offset, c->parentWidget()->size());
    }
    return !r.isEmpty();
}

// A view's answer to a new result: `rebuild` now if it can be seen; else `owed` is set and its
// cameOnScreen() rebuilds (std::exchange(owed, false)). Hidden, it sets no caption: each one set
// lays its dock out again, text measured and all (~1 ms a view per control change).
template <class Rebuild> void rebuildWhenSeen(const QWidget* view, bool& owed, Rebuild&& rebuild) {
    if (onScreen(view))
        std::forward<Rebuild>(rebuild)();
    else
        owed = true;
}

} // namespace tessera::ui
