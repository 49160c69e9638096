// One of the token-sequence views (SequenceView, PositionsView) alone at its screenshot size, as
// in a dock, over the Views fixture's Session: run a Spec and wait until the view has drawn.
#pragma once

#include "views_fixture.hpp"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <functional>
#include <memory>

namespace tessera::ui::test {

template <class View> struct SequenceFixture : Views {
    std::unique_ptr<View> owned; // goes before the Session it holds
    View* view = nullptr;
    explicit SequenceFixture(QSize size = {520, 700})
        : owned(std::make_unique<View>(&session)), view(owned.get()) {
        window.hide();
        view->resize(size);
        view->show();
        (void)QTest::qWaitForWindowExposed(view);
    }
    bool runAndDraw(const Spec& spec, const QImage& picture = chelsea()) {
        return run(picture, spec) && waitIdle();
    }
    // Until the view has its sequence for the newest result and nothing left to make.
    bool waitIdle() {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < 120000) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
            if (!view->busy() && view->sequence()) {
                QCoreApplication::processEvents();
                return true;
            }
        }
        return false;
    }
};

// The timm fixture (P16, D192, a class token and a learned 14 × 14 table) at img_size `side`.
inline const QString& timmCheckpoint() {
    static const QString path = QStringLiteral(TESSERA_TORCH_DATA "/timm_vit_d192_depth1.pth");
    return path;
}
inline Spec timmSpec(int side = 224) {
    Spec s;
    s.imgSize = Size2{side, side};
    s.weightsPath = timmCheckpoint().toStdString();
    return s;
}

// Runs the event loop until `done` (at most two minutes) and returns the longest time one pass
// of it took, in ms: what a user would feel as a stall while a view computes on its worker.
inline qint64 longestPauseUntil(const std::function<bool()>& done) {
    QElapsedTimer total, gap;
    total.start();
    gap.start();
    qint64 longest = 0;
    while (total.elapsed() < 120000 && !done()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        longest = std::max(longest, gap.restart());
    }
    return longest;
}

} // namespace tessera::ui::test
