// Pictures of big signed matrices (rows × D, row-major) for the views that draw them whole: the
// embedding matrix and the token sequence.
//
// The colour range is symmetric, ±r with r a quantile of |value| (so a few outliers do not wash
// the rest out), found from a histogram of |value| / max to 1/4096 of the largest |value|. When a
// matrix has more rows or columns than the pixels available, each pixel shows the value of largest
// |value| in its block (an envelope: a strong value never disappears). Plain functions of numbers
// run on the views' workers (QImage, not QPixmap); they throw Cancelled when `cancel` is set.
#pragma once

#include <QImage>
#include <QSize>

#include <atomic>
#include <cstdint>
#include <span>

namespace tessera::ui {

struct SymmetricRange {
    double range = 1; // r: colours run over ±r (1 when every value is 0)
    double maxAbs = 0;
};

// The `quantile` of |value| over every part together (non-finite values left out).
SymmetricRange symmetricRange(std::span<const std::span<const float>> parts, double quantile,
                              const std::atomic<bool>& cancel);

// The n × d matrix at `y` as a size.width() × size.height() picture (each at least 1) on the
// diverging map over ±range, each pixel its block's strongest value (NaN wins: it shows black).
QImage envelopeImage(const float* y, std::int64_t n, std::int64_t d, QSize size, double range,
                     const std::atomic<bool>& cancel);

} // namespace tessera::ui
