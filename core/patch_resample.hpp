// FlexiViT's PI-resize of patch-embedding kernels (timm's resample_patch_embed).
//
// Resizing a patch x (P×Q) to P'×Q' is linear: x' = R·x, with R (P'Q' × PQ) made by resizing
// every one-hot basis patch with the antialiased bicubic resampler. A kernel w_new that sees the
// resized patch as w_old saw the original, ⟨R·x, w_new⟩ = ⟨x, w_old⟩, is w_new = pinv(R)ᵀ·w_old;
// for an upsampled kernel (R of full column rank) that holds exactly for every x. The
// pseudo-inverse is an SVD cut off where torch.linalg.pinv cuts float32 matrices
// (σ < max(m, n) · ε_float32 · σ_max), so near-singular cases agree with timm too.
#pragma once

#include "spec.hpp"
#include "tensor.hpp"

#include <Eigen/Core>

namespace tessera {

// R: (to.h·to.w) × (from.h·from.w), row-major over both patches.
Eigen::MatrixXd patchResizeMatrix(Size2 from, Size2 to);

// kernel (D, C, P, Q) -> (D, C, to.h, to.w). Same size returns the kernel unchanged.
Tensor resamplePatchKernel(const Tensor& kernel, Size2 to);

} // namespace tessera
