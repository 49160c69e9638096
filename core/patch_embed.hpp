// PatchEmbed: timm's patch-embedding layer, computed on the CPU with a GEMM backend
// (gemm_backend.hpp) on the task pool (task_pool.hpp).
//
// For every image of a batch x (B, C, H, W): cut the (possibly padded) image into the patches of
// a PatchGrid, flatten each patch in (C, P, Q) order into K = C·P·Q values, and project it:
//     y = W · x_patch + b        W: the Conv2d weight (D, C, P, Q) seen as D×K, row-major
// then, optionally, LayerNorm over D. That is exactly Conv2d(kernel = stride = patch) + flatten.
//
// The weight is prepacked once per run. The fast path never builds the whole im2col matrix for a
// large input: patches are packed block by block into a K×n buffer per thread and multiplied
// there while the block is hot, so memory stays near input + output. The work is cut into tasks
// by the shapes alone: the results are the same bit for bit whatever the thread count and
// whichever thread ran which task.
#pragma once

#include "gemm_backend.hpp"
#include "patch_grid.hpp"
#include "spec.hpp"
#include "tensor.hpp"

#include <functional>
#include <string>
#include <vector>

namespace tessera {

// Weights of one PatchEmbed, in timm's layout.
struct PatchEmbedWeights {
    Tensor proj;                   // (D, C, P, Q): Conv2d weight
    std::vector<float> bias;       // D values, or empty for bias=False
    std::vector<float> normWeight; // D LayerNorm gains, or empty (= 1)
    std::vector<float> normBias;   // D LayerNorm shifts, or empty (= 0)

    int dim() const { return static_cast<int>(proj.dim(0)); }
    int channels() const { return static_cast<int>(proj.dim(1)); }
    Size2 patch() const { return {static_cast<int>(proj.dim(2)), static_cast<int>(proj.dim(3))}; }
    int valuesPerPatch() const { return channels() * patch().h * patch().w; } // K = C·P·Q
};

// Called after each block of patches with (patches done, patches in all), possibly from a worker
// thread (calls are serialised). Returning false cancels: the computation stops between blocks
// and throws Cancelled.
using Progress = std::function<bool(std::size_t done, std::size_t total)>;

// How the work is shared between threads. Auto picks by the number of patches; tests force each.
enum class ParallelPath {
    Auto,
    EmbedDimBands, // few patches (one 224² image has 196): all patches packed once, bands of D rows
                   // shared out; progress and Cancel after each band
    PatchBlocks, // many patches: blocks of patches shared out, each packed, multiplied and
                 // finished by one thread; progress and Cancel after each block
};

struct EmbedOptions {
    PadPolicy pad = PadPolicy::Dynamic;
    std::optional<Size2> imgSize; // needed by PadPolicy::Strict
    NormKind norm = NormKind::None;
    double normEps = 1e-6;
    int threads = 0;     // 0: all available
    std::string backend; // a name from gemmBackends(); empty: the default backend
    ParallelPath path = ParallelPath::Auto;
    // The weight already packed for this backend (prepackWeight), for runs that repeat on one
    // weight; used when it was packed from these weights by this backend, else packed anew.
    std::shared_ptr<const PackedWeight> packed;
};

struct Result {
    PatchGrid grid;
    Tensor embeddings;   // (B, N, D), N = grid.count(), row-major over the grid (timm's NLC)
    Tensor norms;        // (B, N): L2 norm of each final embedding (after LayerNorm if any)
    double millis = 0;   // wall time of the computation
    int threads = 1;     // threads used
    std::string backend; // the GEMM backend that ran
};

// x is (B, C, H, W), already normalised. Throws InputError when shapes disagree (naming both).
Result patchEmbed(const Tensor& x, const PatchEmbedWeights& w, const EmbedOptions& options,
                  const Progress& progress = {});

// (B, N, D) -> the requested layout: NLC as is, NCHW (B, D, gh, gw), NHWC (B, gh, gw, D).
Tensor toFormat(const Tensor& nlc, const PatchGrid& grid, OutputFormat format);
Shape outputShape(std::int64_t batch, const PatchGrid& grid, std::int64_t dim, OutputFormat format);

// Checks that the weights are consistent (shapes of bias and norm against D); InputError if not.
void validate(const PatchEmbedWeights& w);

} // namespace tessera
