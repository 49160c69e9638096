// The FlexiViT check: what PI-resizing a patch-embedding kernel keeps, and what a plain bilinear
// resize of the kernel does not.
//
// A checkpoint's kernel w_old sees P×Q patches; the run uses P'×Q' patches and the kernel
// w_new = resamplePatchKernel(w_old) (patch_resample.hpp: w_new = pinv(R)ᵀ·w_old, R the
// antialiased bicubic resize P×Q → P'×Q' that timm's resample_patch_embed uses). FlexiViT's
// property: ⟨R·x, w_new⟩ = ⟨x, w_old⟩. It holds for every x when R has full column rank (a larger
// patch, P'Q' ≥ PQ); for a smaller patch, only for x in R's row space, and on average in least
// squares otherwise.
//
// x here is the run's patch (C·P'·Q' values, (C, P, Q) order) seen at the file's size: resized
// P'×Q' → P×Q per channel with the same resampler (antialiased bicubic), i.e. the patch the
// checkpoint would have seen had the image been that much smaller. resize(x) is then R·x, which
// is not quite the run's patch (down and up again loses a little), but is what the property is
// about. All products are without the bias (the same b_d is added to each side).
#pragma once

#include "spec.hpp"
#include "tensor.hpp"

#include <span>
#include <vector>

namespace tessera {

// A (C, from.h, from.w) patch flattened in (C, P, Q) order, resized per channel to `to` with the
// antialiased bicubic resampler of patch_resample.hpp (R·x): C·to.h·to.w values.
std::vector<float> resizePatchValues(std::span<const float> patch, int channels, Size2 from,
                                     Size2 to);

// The kernel (D, C, P, Q) resized to (D, C, to.h, to.w) as an image would be: PyTorch's bilinear
// F.interpolate (align_corners=False, no antialias), what "just resize the kernel" means.
Tensor bilinearPatchKernel(const Tensor& kernel, Size2 to);

// Filter d of a (D, C, P, Q) kernel: its C·P·Q values.
std::span<const float> kernelRow(const Tensor& kernel, int d);

struct FlexiVitCheck {
    double original = 0;  // ⟨x, w_old[d]⟩, x the run's patch at the file's size
    double piResized = 0; // ⟨R·x, w_new[d]⟩
    double bilinear = 0;  // ⟨R·x, bilinear(w_old)[d]⟩
    double scale = 0;     // Σ|x_k·w_old[d,k]|: the size of the sum's terms, for tolerances
};

// `patch` is the run's patch (C·P'·Q', P'×Q' the patch of newKernel); the three kernels are
// (D, C, ·, ·) with oldKernel at the file's size and the other two at P'×Q'. InputError when the
// shapes disagree or d is outside [0, D).
FlexiVitCheck flexiVitCheck(std::span<const float> patch, const Tensor& oldKernel,
                            const Tensor& newKernel, const Tensor& bilinearKernel, int d);

} // namespace tessera
