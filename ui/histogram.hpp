// Histogram: how values (the patches' norms) are distributed, in bins of one round width.
//
// Bins are [edge(b), edge(b + 1)) over the finite values' range, with a 1-2-5 width, so their
// edges fall on round numbers and a bar drawn from edge to edge sits at the values it counts.
// A narrow range (LayerNorm makes every norm √D·γ, give or take float rounding) gets narrow bins,
// not one merged bar. When every finite value is the same to float precision there is nothing to
// divide: one bin centred on them, with a round width for drawing. NaN and ±inf are counted
// apart and belong to no bin.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace tessera::ui {

// At most this many bins: a dock a few hundred pixels wide still shows each as a bar.
constexpr int kMaxHistogramBins = 40;

struct Histogram {
    double start = 0;        // left edge of bin 0
    double width = 1;        // every bin's width, > 0
    std::vector<int> counts; // values per bin; empty when no value is finite
    std::vector<int> binOf;  // each value's bin, or -1 for NaN and ±inf
    float lo = 0, hi = 0;    // the finite values' range; 0, 0 when there are none
    bool single = false;     // the finite values are one value to float precision: one bin
    int finite = 0, nan = 0, posInf = 0, negInf = 0;

    int bins() const { return int(counts.size()); }
    double edge(int b) const { return start + b * width; }
    int notFinite() const { return nan + posInf + negInf; }
    // The value range to draw: the bins' edges, or the single bin with room on both sides.
    std::pair<double, double> axisRange() const;
};

// Bins for `n` values: about 2·∛n of them (the Rice rule), at most `maxBins`.
Histogram makeHistogram(const float* values, std::size_t n, int maxBins = kMaxHistogramBins);

} // namespace tessera::ui
