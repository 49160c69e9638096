// Arithmetic: the numbers a student needs about one PatchEmbed configuration, without running it.
//
// `tessera-cli info` prints them and the app shows them live under its controls, so both faces
// agree by construction. FLOPs count a multiply-add as 2: 2·N·D·C·P·Q per image, as `bench` does.
#pragma once

#include "patch_grid.hpp"
#include "spec.hpp"
#include "tensor.hpp"

#include <cstdint>
#include <string>

namespace tessera {

struct Arithmetic {
    PatchGrid grid;
    int batch = 1;
    int channels = 0;                // C
    int dim = 0;                     // D
    std::int64_t patches = 0;        // N per image = gh·gw
    std::int64_t tokens = 0;         // T = N + class token + register tokens: the sequence length
    double attentionPairs = 0;       // T², what each attention layer after the PatchEmbed compares
    std::int64_t valuesPerPatch = 0; // K = C·P·Q
    std::int64_t weightParams = 0;   // D·K
    std::int64_t biasParams = 0;     // D, or 0 without bias
    std::int64_t normParams = 0;     // 2·D with LayerNorm, else 0
    std::int64_t params() const { return weightParams + biasParams + normParams; }
    double flops = 0;             // for the whole batch
    Shape nlc, nchw, nhwc;        // output shapes
    std::int64_t inputBytes = 0;  // float32, B·C·H·W
    std::int64_t weightBytes = 0; // float32, all params
    std::int64_t outputBytes = 0; // float32, B·N·D
    std::int64_t workspaceBytes = 0; // float32, B·N·C·P·Q: the patches packed for the GEMM, at most
    std::int64_t pictureBytes = 0; // 8-bit pictures of an image input's preprocessing; set by
                                   // the caller that knows the image (input_loader.hpp)
    std::int64_t plannedBytes() const {
        return inputBytes + weightBytes + outputBytes + workspaceBytes + pictureBytes;
    }
};

// InputError when the combination cannot run (explained in words, e.g. patch larger than input).
Arithmetic arithmetic(const Spec& spec, Size2 input, int batch = 1);

// The memory a run may plan: the Spec's --max-memory, else defaultMemoryLimit().
std::int64_t memoryLimit(const Spec& spec);

// InputError, naming the sizes and the limit, when `a`'s planned memory exceeds memoryLimit():
// called before anything of the run's size is allocated.
void requireMemory(const Spec& spec, const Arithmetic& a);
// The same for other work (a position table): `parts` names what the bytes are, e.g.
// "table 2.68 TB for grid 30000x30000, D 768".
void requireMemory(const Spec& spec, double bytes, const std::string& parts);

} // namespace tessera
