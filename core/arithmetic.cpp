#include "arithmetic.hpp"

#include "error.hpp"

namespace tessera {

Arithmetic arithmetic(const Spec& spec, Size2 input, int batch) {
    if (spec.dim() < 1)
        throw InputError("embed_dim " + std::to_string(spec.dim()) + " must be at least 1");
    if (spec.channels() < 1)
        throw InputError("in_chans " + std::to_string(spec.channels()) + " must be at least 1");
    if (batch < 1)
        throw InputError("batch " + std::to_string(batch) + " must be at least 1");
    Arithmetic a;
    a.grid = planGrid(input, spec.patchSize(), spec.padPolicy(), spec.imgSize);
    a.batch = batch;
    a.channels = spec.channels();
    a.dim = spec.dim();
    a.patches = a.grid.count();
    a.tokens = a.patches + (spec.classToken ? 1 : 0) + spec.regTokens;
    a.attentionPairs = double(a.tokens) * double(a.tokens);
    a.valuesPerPatch =
        checkedProduct({a.channels, a.grid.patch.h, a.grid.patch.w}, "values per patch C*P*Q");
    a.weightParams = checkedProduct({a.dim, a.valuesPerPatch}, "the weight D*C*P*Q");
    a.biasParams = spec.bias ? a.dim : 0;
    a.normParams = spec.norm == NormKind::LayerNorm ? 2 * a.dim : 0;
    a.flops = 2.0 * batch * double(a.patches) * a.dim * double(a.valuesPerPatch);
    a.nlc = {batch, a.patches, a.dim};
    a.nchw = {batch, a.dim, a.grid.gh, a.grid.gw};
    a.nhwc = {batch, a.grid.gh, a.grid.gw, a.dim};
    a.inputBytes =
        checkedProduct({4, batch, a.channels, input.h, input.w}, "the input's size in bytes");
    a.weightBytes = checkedProduct({4, a.params()}, "the weights' size in bytes");
    a.outputBytes = checkedProduct({4, batch, a.patches, a.dim}, "the output's size in bytes");
    return a;
}

} // namespace tessera
