#include "nice_ticks.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace tessera::ui {
namespace {

// Ratios within this of a whole number count as whole: lo / step computed in doubles can land a
// hair beside the tick it means (27.7115 / 0.0005 = 55422.99999999).
constexpr double kSlack = 1e-9;

double powerOfTenBelow(double x) {
    return std::pow(10.0, std::floor(std::log10(x)));
}

} // namespace

double niceNumberAtLeast(double x) {
    if (!(x > 0) || !std::isfinite(x))
        return 1;
    const double p = powerOfTenBelow(x);
    for (double m : {1.0, 2.0, 5.0})
        if (m * p >= x * (1 - kSlack))
            return m * p;
    return 10 * p;
}

double nearestNiceNumber(double x) {
    if (!(x > 0) || !std::isfinite(x))
        return 1;
    const double p = powerOfTenBelow(x);
    const double m = x / p;
    // The boundaries are the geometric means of neighbouring nice numbers: √2, √10, √50.
    if (m < std::sqrt(2.0))
        return p;
    if (m < std::sqrt(10.0))
        return 2 * p;
    if (m < std::sqrt(50.0))
        return 5 * p;
    return 10 * p;
}

int decimalsFor(double step) {
    if (!(step > 0) || !std::isfinite(step))
        return 0;
    return std::clamp(int(-std::floor(std::log10(step) + kSlack)), 0, 15);
}

NiceTicks niceTicks(double lo, double hi, int maxTicks, bool integer, bool loose) {
    if (!std::isfinite(lo) || !std::isfinite(hi)) {
        lo = 0;
        hi = 1;
    }
    if (lo > hi)
        std::swap(lo, hi);
    // Below a double's resolution (or none at all) there is nothing to divide: widen the range.
    const double magnitude = std::max(std::abs(lo), std::abs(hi));
    if (hi - lo <= magnitude * 1e-12) {
        const double half = integer ? 1.0 : (magnitude > 0 ? magnitude * 0.1 : 1.0);
        lo -= half;
        hi += half;
    }
    maxTicks = std::max(2, maxTicks);
    // From a step too fine up to the first that fits: the densest ticks allowed. (Starting at
    // range / (maxTicks - 1) can overshoot to a step with no multiple inside the range.)
    double step = niceNumberAtLeast((hi - lo) / (2 * maxTicks));
    if (integer)
        step = std::max(1.0, step); // 1-2-5 numbers from 1 up are whole
    NiceTicks t;
    for (;;) {
        const double below = std::floor(lo / step + kSlack) * step;
        const double above = std::ceil(hi / step - kSlack) * step;
        t.min = loose ? below : lo;
        t.max = loose ? above : hi;
        t.first = loose ? below : std::ceil(lo / step - kSlack) * step;
        const double last = loose ? above : std::floor(hi / step + kSlack) * step;
        t.count = int(std::llround((last - t.first) / step)) + 1;
        if (t.count <= maxTicks)
            break;
        step = niceNumberAtLeast(step * (1 + 1e-6)); // the next 1-2-5 number up
    }
    t.first += 0.0; // -0.0 (ceil(-0.5) · 1) would be labelled "-0"
    t.step = step;
    t.decimals = integer ? 0 : decimalsFor(step);
    return t;
}

} // namespace tessera::ui
