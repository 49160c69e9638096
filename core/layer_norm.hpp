// LayerNorm over the embedding dimension, as torch.nn.LayerNorm(D, eps) computes it:
// y = (x - mean) / sqrt(var + eps) * gamma + beta, with the biased variance over the D values.
#pragma once

namespace tessera {

// Normalises the D values at v in place. gamma/beta may be null (meaning 1 and 0).
// Mean and variance are accumulated in double so that large D loses nothing to summation order.
void layerNorm(float* v, int d, const float* gamma, const float* beta, double eps);

} // namespace tessera
