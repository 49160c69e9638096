#include "weight_init.hpp"

#include "error.hpp"

#include <cmath>
#include <numbers>
#include <random>

namespace tessera {
namespace {

class Random {
  public:
    explicit Random(std::uint64_t seed) : m_engine(seed) {}

    // Uniform in [0, 1) from the top 53 bits.
    double uniform() { return double(m_engine() >> 11) * 0x1.0p-53; }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

    // Standard normal by Box-Muller (one value per call keeps the draw order simple).
    double normal() {
        const double u1 = 1.0 - uniform(); // (0, 1]: log stays finite
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
    }

    // Normal(0, sigma) redrawn until it lies in [lo, hi].
    double truncatedNormal(double sigma, double lo, double hi) {
        while (true) {
            const double v = sigma * normal();
            if (v >= lo && v <= hi)
                return v;
        }
    }

  private:
    std::mt19937_64 m_engine;
};

} // namespace

PatchEmbedWeights initWeights(InitScheme scheme, int embedDim, int inChans, Size2 patch, bool bias,
                              std::uint64_t seed) {
    if (embedDim < 1 || inChans < 1 || patch.h < 1 || patch.w < 1)
        throw InputError("cannot make weights for embed_dim " + std::to_string(embedDim) +
                         ", in_chans " + std::to_string(inChans) + ", patch " + sizeString(patch));
    if (scheme == InitScheme::PcaPatches) // fitted, not drawn: resolve_weights.hpp does it
        throw InputError("--init pca-patches fits the weights to an input's patches; there is no "
                         "input here to fit them to");
    PatchEmbedWeights w;
    w.proj = Tensor({embedDim, inChans, patch.h, patch.w});
    const double fanIn = double(inChans) * patch.h * patch.w;
    Random rng(seed);
    auto fill = [&](auto draw) {
        for (float& v : w.proj.data)
            v = static_cast<float>(draw());
    };
    switch (scheme) {
    case InitScheme::PytorchDefault: {
        const double bound = 1.0 / std::sqrt(fanIn);
        fill([&] { return rng.uniform(-bound, bound); });
        if (bias) {
            w.bias.resize(embedDim);
            for (float& v : w.bias)
                v = static_cast<float>(rng.uniform(-bound, bound));
        }
        return w;
    }
    case InitScheme::LecunNormal: {
        const double sigma = std::sqrt(1.0 / fanIn) / 0.87962566103423978;
        fill([&] { return rng.truncatedNormal(sigma, -2 * sigma, 2 * sigma); });
        break;
    }
    case InitScheme::XavierUniform: {
        const double bound = std::sqrt(6.0 / (fanIn + embedDim));
        fill([&] { return rng.uniform(-bound, bound); });
        break;
    }
    case InitScheme::TruncNormal:
        fill([&] { return rng.truncatedNormal(0.02, -2.0, 2.0); });
        break;
    case InitScheme::PcaPatches:
        break; // refused above
    }
    if (bias)
        w.bias.assign(embedDim, 0.0f);
    return w;
}

} // namespace tessera
