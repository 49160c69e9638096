#include "filters_render.hpp"

#include "patch_map.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>

namespace tessera::ui {

int weightLevel(float v, float lo, float hi) {
    if (!(hi > lo))
        return 128;
    const double t = (double(v) - double(lo)) / (double(hi) - double(lo));
    return int(std::clamp(std::lround(t * 255.0), 0L, 255L));
}

QPoint weightsPixel(int c, int ch, int y, int x, int q) {
    return c == 3 ? QPoint(x, y) : QPoint(ch * (q + 1) + x, y);
}

QImage weightsImage(const float* w, int c, int p, int q, float lo, float hi) {
    const std::int64_t plane = std::int64_t(p) * q;
    if (c == 3) {
        QImage image(q, p, QImage::Format_RGB32);
        for (int y = 0; y < p; ++y) {
            auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
            for (int x = 0; x < q; ++x) {
                const std::int64_t i = std::int64_t(y) * q + x;
                line[x] = qRgb(weightLevel(w[i], lo, hi), weightLevel(w[plane + i], lo, hi),
                               weightLevel(w[2 * plane + i], lo, hi));
            }
        }
        return image;
    }
    QImage image(std::max(1, c * q + c - 1), p, QImage::Format_ARGB32);
    image.fill(Qt::transparent);
    for (int ch = 0; ch < c; ++ch)
        for (int y = 0; y < p; ++y) {
            auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
            for (int x = 0; x < q; ++x) {
                const int g = weightLevel(w[ch * plane + std::int64_t(y) * q + x], lo, hi);
                line[weightsPixel(c, ch, y, x, q).x()] = qRgb(g, g, g);
            }
        }
    return image;
}

RowStats rowStats(const float* w, std::int64_t k) {
    RowStats s;
    if (k <= 0)
        return s;
    float lo = std::numeric_limits<float>::infinity(), hi = -lo;
    double sum = 0;
    for (std::int64_t i = 0; i < k; ++i) {
        lo = std::min(lo, w[i]);
        hi = std::max(hi, w[i]);
        sum += double(w[i]) * w[i];
    }
    s.lo = lo;
    s.hi = hi;
    s.norm = std::sqrt(sum);
    return s;
}

std::vector<int> orderByNorm(const std::vector<double>& norms) {
    std::vector<int> order(norms.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return norms[std::size_t(a)] > norms[std::size_t(b)]; });
    return order;
}

QRgb divergingRgb(double t) {
    if (std::isnan(t))
        return qRgb(0, 0, 0);
    return io::diverging((std::clamp(t, -1.0, 1.0) + 1) / 2).rgb();
}

} // namespace tessera::ui
