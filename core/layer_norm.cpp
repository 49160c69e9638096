#include "layer_norm.hpp"

#include <cmath>

namespace tessera {

void layerNorm(float* v, int d, const float* gamma, const float* beta, double eps) {
    double sum = 0;
    for (int i = 0; i < d; ++i)
        sum += v[i];
    const double mean = sum / d;
    double sq = 0;
    for (int i = 0; i < d; ++i)
        sq += (v[i] - mean) * (v[i] - mean);
    const double inv = 1.0 / std::sqrt(sq / d + eps);
    for (int i = 0; i < d; ++i) {
        double y = (v[i] - mean) * inv;
        if (gamma)
            y *= gamma[i];
        if (beta)
            y += beta[i];
        v[i] = static_cast<float>(y);
    }
}

} // namespace tessera
