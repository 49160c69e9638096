// GEMM backends: the hot product of PatchEmbed behind one interface.
//
// PatchEmbed's work is one product per run, out(D×n) = W(D×K) · patches(K×n): W is the Conv2d
// weight seen as D rows of K = C·P·Q values, each patch is K contiguous floats in (C, P, Q)
// order, and each patch's embedding is D contiguous floats of `out` (timm's NLC rows). A backend
// prepacks W once per run into the layout its kernels read, then multiplies any tile of patches
// by any band of W's rows, as often and from as many threads as PatchEmbed likes.
//
// Backends live in one table (gemmBackends()), the default first; `--backend NAME` and the
// manifests name them. "eigen" is portable and always built; "xsmm" (libxsmm's JIT kernels,
// generated at run time for the CPU it runs on) is built where libxsmm is found.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace tessera {

// One run's weight in a backend's layout. multiply() is const and may run on many threads at once.
class PackedWeight {
  public:
    virtual ~PackedWeight() = default;
    // out[j·ldOut + d] = Σ_k W[d][k] · patches[j·K + k] for j < n and d0 <= d < d1. d0 must be a
    // multiple of rowAlign(); d1 too, or D. Rows of out outside [d0, d1) are not touched.
    virtual void multiply(const float* patches, std::int64_t n, int d0, int d1, float* out,
                          std::int64_t ldOut) const = 0;
    // Bands of rows given to multiply() start at multiples of this (the kernels' row block).
    virtual int rowAlign() const = 0;

    // What it was packed from, so a run can check it was given the right one (prepackWeight).
    std::string_view backend;
    const float* source = nullptr;
    int D = 0, K = 0;
};

struct GemmBackend {
    std::string_view name;        // "--backend NAME", manifests, bench --json
    std::string_view description; // one line for --help and the README
    bool (*usable)();             // false where the CPU or the build cannot run it
    // W is (D, K) row-major and must outlive the packed weight (a backend may read it in place).
    std::unique_ptr<PackedWeight> (*prepack)(const float* w, int D, int K);
};

// Every backend compiled in, the preferred one first.
std::span<const GemmBackend> gemmBackends();
// The first usable backend of the table.
const GemmBackend& defaultGemmBackend();
// The backend called `name` ("" = the default). InputError naming the usable ones if there is
// none by that name, or it cannot run here.
const GemmBackend& gemmBackend(std::string_view name);
// "xsmm, eigen": the usable backends, default first.
std::string gemmBackendList();

// W (D, K) row-major packed by `backend`, for callers that run many times on one weight (a batch,
// bench's repeats): packing costs about a third of one 224² image's product. W must outlive it
// and not change while it is used.
std::shared_ptr<const PackedWeight> prepackWeight(const GemmBackend& backend, const float* w, int D,
                                                  int K);

} // namespace tessera
