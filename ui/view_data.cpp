#include "view_data.hpp"

#include <algorithm>

namespace tessera::ui {

ViewData prepareViewData(const ImageU8& resized, const PreprocessPlan& plan, const Result& result) {
    ViewData v;
    const float* norms = result.norms.data.data();
    const int n = int(result.grid.count()); // the first image of a batch
    v.scene = io::OverlayScene::make(resized, plan, result.grid, norms);
    v.scene.preview = io::OverlayScene::previewOf(v.scene.picture);

    const int step = (n + kMaxPlotPoints - 1) / kMaxPlotPoints;
    v.plot.reserve(step == 1 ? n : 2 * kMaxPlotPoints + 2);
    for (int i = 0; i < n; i += step) {
        if (step == 1) {
            v.plot.append(QPointF(i, norms[i]));
            continue;
        }
        const auto [a, b] = std::minmax_element(norms + i, norms + std::min(n, i + step));
        const float* first = std::min(a, b);
        const float* second = std::max(a, b); // in index order
        v.plot.append(QPointF(double(first - norms), *first));
        v.plot.append(QPointF(double(second - norms), *second));
    }

    const auto [lo, hi] = std::minmax_element(norms, norms + n);
    v.lo = *lo;
    v.hi = *hi;
    const double width = (v.hi - v.lo) / kHistogramBins;
    v.counts.assign(kHistogramBins, 0);
    v.binOf.assign(n, 0);
    for (int i = 0; i < n; ++i) {
        const int b = width > 0 ? std::min(kHistogramBins - 1, int((norms[i] - v.lo) / width))
                                : kHistogramBins / 2;
        v.binOf[i] = b;
        ++v.counts[b];
    }
    return v;
}

} // namespace tessera::ui
