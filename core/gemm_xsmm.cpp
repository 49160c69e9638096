// The libxsmm backend: W is packed once per run into panels of kRows rows (column-major
// kRows×K, the A operand libxsmm's kernels read), and every tile of kCols patches is one call of
// a kernel that libxsmm generated for this CPU at run time (AVX2 or AVX-512 alike), so a portable
// build runs at the speed of a -march=native one. Tile sizes are measured in bench/README.md.
#include "gemm_kernels.hpp"

#include "error.hpp"

#include <libxsmm.h>

#include <algorithm>
#include <mutex>
#include <vector>

namespace tessera::gemm {
namespace {

// Rows of W per panel: four AVX2 registers (two AVX-512) of floats, the register block of
// libxsmm's kernels; a 32×768 panel (96 KiB) stays in L2 while tiles of patches stream past it.
constexpr int kRows = 32;
// Patches per kernel call. 28 divides one 224² image's 196 patches into 7 full tiles.
constexpr int kCols = 28;

void initOnce() {
    static std::once_flag once;
    std::call_once(once, [] { libxsmm_init(); });
}

libxsmm_smmfunction kernel(int m, std::int64_t n, int k, std::int64_t ldc) {
    const libxsmm_blasint lda = m, ldb = k, ldC = ldc;
    const float alpha = 1, beta = 0;
    const int flags = LIBXSMM_GEMM_FLAG_BETA_0;
    const auto f = libxsmm_smmdispatch(m, libxsmm_blasint(n), k, &lda, &ldb, &ldC, &alpha, &beta,
                                       &flags, nullptr);
    if (!f)
        throw InputError("libxsmm generated no kernel for " + std::to_string(m) + "x" +
                         std::to_string(n) + "x" + std::to_string(k) +
                         "; run with --backend eigen");
    return f;
}

class XsmmWeight final : public PackedWeight {
  public:
    XsmmWeight(const float* w, int D, int K) : m_D(D), m_K(K), m_panels((D + kRows - 1) / kRows) {
        m_packed.resize(std::size_t(D) * K);
        // A transpose in chunks of 16 columns: the panel's rows are read 64 bytes at a time
        // while the chunk being written stays in L1 (twice as fast as row by row).
        constexpr int kChunk = 16;
        for (int p = 0; p < m_panels; ++p) {
            const int rows = panelRows(p);
            float* panel = m_packed.data() + std::size_t(p) * kRows * K;
            const float* src = w + std::size_t(p) * kRows * K;
            for (int k0 = 0; k0 < K; k0 += kChunk) {
                const int k1 = std::min(K, k0 + kChunk);
                for (int i = 0; i < rows; ++i)
                    for (int k = k0; k < k1; ++k)
                        panel[std::size_t(k) * rows + i] = src[std::size_t(i) * K + k];
            }
        }
    }

    void multiply(const float* patches, std::int64_t n, int d0, int d1, float* out,
                  std::int64_t ldOut) const override {
        // Kernels are generated once per shape and cached by libxsmm, process-wide and
        // thread-safe; only a run's last partial tile asks for a new one.
        const std::int64_t full = n / kCols * kCols;
        for (int p = d0 / kRows; p * kRows < d1; ++p) {
            const int rows = panelRows(p);
            const float* panel = m_packed.data() + std::size_t(p) * kRows * m_K;
            float* band = out + p * kRows;
            if (full > 0) {
                const auto f = kernel(rows, kCols, m_K, ldOut);
                for (std::int64_t j = 0; j < full; j += kCols)
                    f(panel, patches + j * m_K, band + j * ldOut);
            }
            if (full < n)
                kernel(rows, n - full, m_K, ldOut)(panel, patches + full * m_K,
                                                   band + full * ldOut);
        }
    }
    int rowAlign() const override { return kRows; }

  private:
    int panelRows(int p) const { return std::min(kRows, m_D - p * kRows); }

    int m_D, m_K, m_panels;
    std::vector<float> m_packed; // panel p: rows p·kRows.., column-major, leading dim = its rows
};

} // namespace

bool xsmmUsable() {
    initOnce();
    // Below AVX2 libxsmm's kernels are no faster than Eigen's.
    return libxsmm_get_target_archid() >= LIBXSMM_X86_AVX2;
}

std::unique_ptr<PackedWeight> xsmmPrepack(const float* w, int D, int K) {
    initOnce();
    return std::make_unique<XsmmWeight>(w, D, K);
}

} // namespace tessera::gemm
