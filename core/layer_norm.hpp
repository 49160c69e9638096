// LayerNorm over the embedding dimension, as torch.nn.LayerNorm(D, eps) computes it:
// y = (x - mean) / sqrt(var + eps) * gamma + beta, with the biased variance over the D values.
#pragma once

namespace tessera {

// Normalises the D values at v in place. gamma/beta may be null (meaning 1 and 0).
// In float and vectorised, like PyTorch's CPU kernel: Eigen's sums keep one partial sum per
// vector lane, and the variance is taken around the mean (two passes), so a large D or a large
// offset loses no more than the golden cases allow (tests/core, tests/interop).
void layerNorm(float* v, int d, const float* gamma, const float* beta, double eps);

} // namespace tessera
