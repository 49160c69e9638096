#include "arithmetic.hpp"

#include "memory_policy.hpp"

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
    a.workspaceBytes = checkedProduct({4, batch, a.patches, a.valuesPerPatch},
                                      "the packed patches' size in bytes");
    return a;
}

std::int64_t memoryLimit(const Spec& spec) {
    return spec.maxMemory > 0 ? spec.maxMemory : defaultMemoryLimit();
}

namespace {

std::string approxBytes(double b) {
    return b < 9e18 ? bytesText(std::int64_t(b)) : std::to_string(b) + " B";
}

} // namespace

void requireMemory(const Spec& spec, double bytes, const std::string& parts) {
    const std::int64_t limit = memoryLimit(spec);
    if (bytes <= double(limit))
        return;
    throw InputError(
        "this run needs about " + approxBytes(bytes) + " (" + parts +
        "), over the memory limit of " + bytesText(limit) +
        (spec.maxMemory > 0 ? " (--max-memory)" : " (half the RAM; raise it with --max-memory)"));
}

void requireMemory(const Spec& spec, const Arithmetic& a) {
    // The sum of checked products can still overflow: added in double, exact enough here.
    const double planned = double(a.inputBytes) + double(a.weightBytes) + double(a.outputBytes) +
                           double(a.workspaceBytes) + double(a.pictureBytes);
    const auto text = [](std::int64_t b) { return approxBytes(double(b)); };
    requireMemory(spec, planned,
                  "input " + text(a.inputBytes) + ", weights " + text(a.weightBytes) + ", output " +
                      text(a.outputBytes) + ", packed patches " + text(a.workspaceBytes) +
                      (a.pictureBytes ? ", image pictures " + text(a.pictureBytes) : "") +
                      " for patch " + sizeString(a.grid.patch) + ", D " + std::to_string(a.dim));
}

} // namespace tessera
