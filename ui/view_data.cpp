#include "view_data.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

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
            if (std::isfinite(norms[i]))
                v.plot.append(QPointF(i, norms[i]));
            continue;
        }
        int first = -1, second = -1; // the run's finite min and max, then in index order
        for (int j = i; j < std::min(n, i + step); ++j) {
            if (!std::isfinite(norms[j]))
                continue;
            if (first < 0 || norms[j] < norms[first])
                first = j;
            if (second < 0 || norms[j] > norms[second])
                second = j;
        }
        if (first < 0)
            continue;
        if (first > second)
            std::swap(first, second);
        v.plot.append(QPointF(first, norms[first]));
        v.plot.append(QPointF(second, norms[second]));
    }

    v.histogram = makeHistogram(norms, std::size_t(n));
    return v;
}

} // namespace tessera::ui
