// The backends' entry points, for the table in gemm_backend.cpp only. Each backend is one file.
#pragma once

#include "gemm_backend.hpp"

namespace tessera::gemm {

bool eigenUsable();
std::unique_ptr<PackedWeight> eigenPrepack(const float* w, int D, int K);

#if TESSERA_HAVE_XSMM
bool xsmmUsable();
std::unique_ptr<PackedWeight> xsmmPrepack(const float* w, int D, int K);
#endif

} // namespace tessera::gemm
