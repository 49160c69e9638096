#include "layer_norm.hpp"

#include <Eigen/Core>

#include <cmath>

namespace tessera {

void layerNorm(float* v, int d, const float* gamma, const float* beta, double eps) {
    Eigen::Map<Eigen::ArrayXf> x(v, d);
    const float mean = x.sum() / float(d);
    x -= mean;
    const float inv = float(1.0 / std::sqrt(double(x.square().sum()) / d + eps));
    x *= inv;
    if (gamma)
        x *= Eigen::Map<const Eigen::ArrayXf>(gamma, d);
    if (beta)
        x += Eigen::Map<const Eigen::ArrayXf>(beta, d);
}

} // namespace tessera
