// The portable backend: Eigen's GEMM, vectorised for whatever the build targets (SSE2 in a
// portable build). Eigen packs both operands inside every product call (its GEBP kernel), so
// "prepacking" here only keeps W where it is; the xsmm backend is the one that packs once.
#include "gemm_kernels.hpp"

#include <Eigen/Core>

namespace tessera::gemm {
namespace {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using ColMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::ColMajor>;

class EigenWeight final : public PackedWeight {
  public:
    EigenWeight(const float* w, int D, int K) : m_w(w, D, K) {}

    void multiply(const float* patches, std::int64_t n, int d0, int d1, float* out,
                  std::int64_t ldOut) const override {
        const Eigen::Map<const ColMatrix> x(patches, m_w.cols(), n);
        Eigen::Map<ColMatrix, 0, Eigen::OuterStride<>> y(out + d0, d1 - d0, n,
                                                         Eigen::OuterStride<>(ldOut));
        y.noalias() = m_w.middleRows(d0, d1 - d0) * x;
    }
    // Eigen's kernels are full on bands of 16 rows, the AVX-512 float width.
    int rowAlign() const override { return 16; }

  private:
    Eigen::Map<const RowMatrix> m_w;
};

} // namespace

bool eigenUsable() {
    return true;
}

std::unique_ptr<PackedWeight> eigenPrepack(const float* w, int D, int K) {
    return std::make_unique<EigenWeight>(w, D, K);
}

} // namespace tessera::gemm
