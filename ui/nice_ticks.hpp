// Nice ticks: where a chart axis puts its ticks, at round numbers a reader can interpolate.
//
// Ticks step by 1, 2 or 5 times a power of ten (Heckbert's "nice numbers"), labelled with just
// enough decimals to tell neighbouring ticks apart: a narrow range such as 27.7114 to 27.7128
// reads "27.7115, 27.7120, 27.7125", not "27.7, 27.7, 27.7". Integer axes (counts, patch indices)
// step by whole numbers, so a tick labelled "1" sits at exactly 1.
#pragma once

namespace tessera::ui {

struct NiceTicks {
    double min = 0, max = 1; // the axis range: the data's range, or widened to ticks (loose)
    double first = 0;        // the lowest tick, >= min
    double step = 1;         // > 0; a whole number on integer axes
    int count = 0;           // ticks within [min, max]
    int decimals = 0;        // digits after the point that tell neighbouring ticks apart
};

// Ticks for data in [lo, hi], at most `maxTicks` (>= 2) of them. `loose` widens the range out to
// the ticks around it (a count axis from 0 to the tick above the tallest bar); otherwise the range
// stays [lo, hi] and ticks fall inside it. An empty or non-finite range gets a small one around
// its value (or [0, 1]), so the result is always drawable.
NiceTicks niceTicks(double lo, double hi, int maxTicks, bool integer = false, bool loose = false);

// The 1-2-5 number nearest to `x` > 0 on a log scale (0.3 -> 0.2, 0.4 -> 0.5, 7 -> 5); 1 for
// x <= 0 or non-finite.
double nearestNiceNumber(double x);

// The smallest 1-2-5 number >= x (0.3 -> 0.5, 2 -> 2); 1 for x <= 0 or non-finite.
double niceNumberAtLeast(double x);

// Decimals that a value stepping by `step` needs for neighbours to read differently (0 for
// steps of 1 and above, 2 for 0.05), at most 15.
int decimalsFor(double step);

} // namespace tessera::ui
