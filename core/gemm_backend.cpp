#include "gemm_backend.hpp"

#include "error.hpp"
#include "gemm_kernels.hpp"

#include <array>

namespace tessera {
namespace {

// The preferred backend first: defaultGemmBackend() takes the first usable one.
constexpr std::array kBackends {
#if TESSERA_HAVE_XSMM
    GemmBackend{"xsmm", "libxsmm's kernels, generated at run time for this CPU (AVX2/AVX-512)",
                gemm::xsmmUsable, gemm::xsmmPrepack},
#endif
        GemmBackend{"eigen", "Eigen's portable GEMM, for the vector units the build targets",
                    gemm::eigenUsable, gemm::eigenPrepack},
};

} // namespace

std::span<const GemmBackend> gemmBackends() {
    return kBackends;
}

const GemmBackend& defaultGemmBackend() {
    for (const auto& b : kBackends)
        if (b.usable())
            return b;
    return kBackends.back(); // eigen runs everywhere
}

std::string gemmBackendList() {
    std::string list;
    for (const auto& b : kBackends)
        if (b.usable())
            list += (list.empty() ? "" : ", ") + std::string(b.name);
    return list;
}

std::shared_ptr<const PackedWeight> prepackWeight(const GemmBackend& backend, const float* w, int D,
                                                  int K) {
    std::shared_ptr<PackedWeight> packed = backend.prepack(w, D, K);
    packed->backend = backend.name;
    packed->source = w;
    packed->D = D;
    packed->K = K;
    return packed;
}

const GemmBackend& gemmBackend(std::string_view name) {
    if (name.empty())
        return defaultGemmBackend();
    for (const auto& b : kBackends)
        if (b.name == name) {
            if (!b.usable())
                throw InputError("--backend " + std::string(name) +
                                 " cannot run on this CPU; choose one of " + gemmBackendList());
            return b;
        }
    throw InputError("unknown --backend " + std::string(name) + " (names are lower case); " +
                     "this build has " + gemmBackendList());
}

} // namespace tessera
