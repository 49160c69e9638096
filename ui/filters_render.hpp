// Pictures of weights for the teaching views: a filter (one row of W, K = C·P·Q values in
// (C, P, Q) order) or a principal component of the filters drawn as a P×Q image, and the diverging
// colour map of the embedding matrix.
//
// These are plain functions of numbers, run on the views' workers (QImage, not QPixmap, so they
// are safe off the GUI thread), and tested against values computed apart in the tests.
#pragma once

#include <QColor>
#include <QImage>

#include <cstdint>
#include <vector>

namespace tessera::ui {

// The selected filter's mark (its tile's outline, its column in the embedding matrix): a colour
// of its own, apart from the selected patch's, so a row and a column marked together read apart.
inline QColor selectedFilterColour() {
    return {230, 40, 200};
}

// The 8-bit level of `v` on [lo, hi] (lo → 0, hi → 255, rounded, clamped); 128 when hi ≤ lo
// (a constant filter is mid-grey, not black).
int weightLevel(float v, float lo, float hi);

// The K = c·p·q values at `w` as an image: RGB of P×Q pixels when c = 3 (channel 0 red, 1 green,
// 2 blue); otherwise the c channels as grey P×Q images side by side, one transparent pixel apart
// (width c·q + c - 1). Each value is weightLevel(v, lo, hi).
QImage weightsImage(const float* w, int c, int p, int q, float lo, float hi);
// Where channel `ch`'s pixel (y, x) lies in weightsImage's picture.
QPoint weightsPixel(int c, int ch, int y, int x, int q);

// One row of weights' range and L2 norm (summed in double).
struct RowStats {
    float lo = 0, hi = 0;
    double norm = 0;
};
RowStats rowStats(const float* w, std::int64_t k);

// The indices 0..n-1 by norm, largest first (ties by index).
std::vector<int> orderByNorm(const std::vector<double>& norms);

// The diverging colour map of signed values (ColorBrewer's RdBu, reversed): t in [-1, 1], -1 deep
// blue, 0 near white, +1 deep red; clamped outside; NaN black.
QRgb divergingRgb(double t);

} // namespace tessera::ui
