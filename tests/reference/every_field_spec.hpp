// A Spec with every field away from its default, for round trips (flags, manifests, the app):
// a field the faces drop shows up as a difference. Keep it in step with core/spec_flags.cpp's
// static_assert on sizeof(Spec).
#pragma once

#include "spec.hpp"

namespace tessera::testing {

inline Spec everyFieldSpec() {
    Spec s;
    s.weightsPath = "w.safetensors";
    s.weightsKey = "teacher.patch_embed.";
    s.resampleWeights = true;
    s.patch = Size2{8, 12};
    s.embedDim = 192;
    s.inChans = 1;
    s.imgSize = Size2{224, 160};
    s.pad = PadPolicy::None;
    s.fit = ImageFit::Squash;
    s.preset = "clip";
    s.cropPct = 0.95;
    s.interpolation = Interpolation::Bilinear;
    s.mean = {0.1, 0.2, 0.30000000000000004};
    s.std = {0.5};
    s.format = OutputFormat::NCHW;
    s.norm = NormKind::LayerNorm;
    s.normEps = 1e-5;
    s.bias = false;
    s.init = InitScheme::TruncNormal;
    s.seed = 9223372036854775807ULL; // 2^63 - 1: the largest seed the flag takes
    s.threads = 3;
    s.backend = "eigen";
    s.maxMemory = std::int64_t(3) << 30;
    s.classToken = false;
    s.regTokens = 4;
    return s;
}

} // namespace tessera::testing
