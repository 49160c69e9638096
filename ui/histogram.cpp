#include "histogram.hpp"

#include "nice_ticks.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>

namespace tessera::ui {
namespace {

// The bin cell (edge number, counted from zero) that finite `v` falls in for bins `width` wide.
// A float within its own rounding of an edge counts as on it: 0.7f is 0.69999999, and a reader
// who sees 0.7 expects it in the bin that starts at 0.7.
double cellOf(double v, double width) {
    const double q = v / width;
    const double nearest = std::round(q);
    if (std::abs(v - nearest * width) <= std::abs(v) * FLT_EPSILON)
        return nearest;
    return std::floor(q);
}

} // namespace

std::pair<double, double> Histogram::axisRange() const {
    if (counts.empty())
        return {0, 1};
    if (single) // the bar a fifth of the axis, in its middle
        return {start - 2 * width, start + 3 * width};
    return {start, edge(bins())};
}

Histogram makeHistogram(const float* values, std::size_t n, int maxBins) {
    Histogram h;
    h.binOf.assign(n, -1);
    float lo = std::numeric_limits<float>::infinity(), hi = -lo;
    for (std::size_t i = 0; i < n; ++i) {
        const float v = values[i];
        if (std::isnan(v)) {
            ++h.nan;
        } else if (std::isinf(v)) {
            ++(v > 0 ? h.posInf : h.negInf);
        } else {
            ++h.finite;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    }
    if (h.finite == 0)
        return h;
    h.lo = lo;
    h.hi = hi;

    // In doubles: the span of two finite floats can overflow a float.
    const double range = double(hi) - double(lo);
    const double resolution = FLT_EPSILON * std::max(std::abs(double(lo)), std::abs(double(hi)));
    if (range <= 4 * resolution) {
        h.single = true;
        const double centre = (double(lo) + double(hi)) / 2;
        h.width = centre != 0 ? nearestNiceNumber(std::abs(centre) * 0.01) : 1;
        h.start = centre - h.width / 2;
        h.counts = {h.finite};
        for (std::size_t i = 0; i < n; ++i)
            if (std::isfinite(values[i]))
                h.binOf[i] = 0;
        return h;
    }

    maxBins = std::max(1, maxBins);
    const int target = std::clamp(int(std::ceil(2 * std::cbrt(double(h.finite)))), 1, maxBins);
    // Bins narrower than the floats' spacing would only alternate between full and empty.
    h.width = std::max(nearestNiceNumber(range / target), niceNumberAtLeast(resolution));
    double first = 0;
    int bins = 0;
    for (;;) {
        first = cellOf(lo, h.width);
        bins = int(cellOf(hi, h.width) - first) + 1;
        if (bins <= maxBins)
            break;
        h.width = niceNumberAtLeast(h.width * (1 + 1e-6)); // the next 1-2-5 number up
    }
    h.start = first * h.width;
    h.counts.assign(std::size_t(bins), 0);
    for (std::size_t i = 0; i < n; ++i) {
        if (!std::isfinite(values[i]))
            continue;
        const double cell = cellOf(values[i], h.width) - first;
        const int b = int(std::clamp(cell, 0.0, double(bins - 1)));
        h.binOf[i] = b;
        ++h.counts[std::size_t(b)];
    }
    return h;
}

} // namespace tessera::ui
