// ViewData: what the views draw for a result, prepared on the worker thread with the result.
//
// A 4096×4096 result has a 48 MB picture and 65,536 norms; turning them into the view's picture,
// heat map, histogram and plot points on the GUI thread stalled the event loop for ~60 ms. Made
// by the job instead, the views only swap them in.
#pragma once

#include "histogram.hpp"
#include "overlay_painter.hpp"
#include "patch_embed.hpp"

#include <QList>
#include <QPointF>

namespace tessera::ui {

struct ViewData {
    io::OverlayScene scene; // the image view's picture, grid and heat map
    // Norm by patch index: every patch, or a min/max envelope; NaN and ±inf norms left out (the
    // histogram counts them).
    QList<QPointF> plot;
    Histogram histogram; // of the norms; binOf holds each patch's bin
};

// Patches plotted one by one up to this many (a dock is a few hundred pixels wide); beyond, each
// run of patches becomes its min and max: the same envelope on screen, peaks never averaged away.
constexpr int kMaxPlotPoints = 1024;

ViewData prepareViewData(const ImageU8& resized, const PreprocessPlan& plan, const Result& result);

} // namespace tessera::ui
