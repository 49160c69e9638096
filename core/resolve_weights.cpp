#include "resolve_weights.hpp"

#include "analysis.hpp"
#include "error.hpp"
#include "patch_resample.hpp"
#include "weight_init.hpp"

namespace tessera {
namespace {

void requireSame(const std::string& flag, const std::string& given, const std::string& inFile,
                 const std::string& path) {
    if (given != inFile)
        throw InputError(flag + " " + given + " disagrees with the weights' " + inFile + " (" +
                         path + ")");
}

} // namespace

FoundWeights fitToSpec(const Spec& spec, FoundWeights found) {
    const PatchEmbedWeights& w = found.weights;
    const std::string& path = spec.weightsPath;
    if (spec.patch && spec.resampleWeights && *spec.patch != w.patch()) {
        found.resampledFrom = w.patch();
        found.weights.proj = resamplePatchKernel(w.proj, *spec.patch);
    } else if (spec.patch) {
        requireSame("--patch-size", sizeString(*spec.patch), sizeString(w.patch()), path);
    }
    if (spec.embedDim)
        requireSame("--embed-dim", std::to_string(*spec.embedDim), std::to_string(w.dim()), path);
    if (spec.inChans)
        requireSame("--in-chans", std::to_string(*spec.inChans), std::to_string(w.channels()),
                    path);
    if (!spec.bias && !w.bias.empty())
        throw InputError("--no-bias given but the weights hold a bias (" + path + ", '" +
                         found.prefix + "')");
    if (spec.norm == NormKind::None && (!w.normWeight.empty() || !w.normBias.empty()))
        throw InputError("the weights hold LayerNorm parameters (" + path +
                         "); pass --norm layernorm to use them");
    return found;
}

PatchEmbedWeights weightsFor(const Spec& spec, const std::optional<FoundWeights>& file,
                             int channels) {
    if (file) {
        if (channels != file->weights.channels())
            throw InputError(
                "input has " + std::to_string(channels) + " channels but the weights expect " +
                std::to_string(file->weights.channels()) + " (" + spec.weightsPath + ")");
        return file->weights;
    }
    if (spec.inChans && *spec.inChans != channels)
        throw InputError("input has " + std::to_string(channels) + " channels but --in-chans is " +
                         std::to_string(*spec.inChans));
    return initWeights(spec.init, spec.dim(), channels, spec.patchSize(), spec.bias, spec.seed);
}

PatchEmbedWeights weightsFor(const Spec& spec, const std::optional<FoundWeights>& file,
                             const Tensor& x, const PatchGrid& grid, const Progress& progress) {
    if (x.rank() != 4)
        throw InputError("input must be (B, C, H, W), got " + shapeString(x.shape));
    const int channels = int(x.dim(1));
    if (file || spec.init != InitScheme::PcaPatches)
        return weightsFor(spec, file, channels);
    if (spec.inChans && *spec.inChans != channels)
        throw InputError("input has " + std::to_string(channels) + " channels but --in-chans is " +
                         std::to_string(*spec.inChans));
    return pcaPatchWeights(x, grid, spec.dim(), spec.bias, progress);
}

std::string describeWeights(const Spec& spec, const std::optional<FoundWeights>& file) {
    if (file)
        return spec.weightsPath + " (" + file->layout +
               (file->prefix.empty() ? "" : ", key '" + file->prefix + "'") +
               (file->resampledFrom ? ", PI-resized from " + sizeString(*file->resampledFrom)
                                    : "") +
               ")";
    if (spec.init == InitScheme::PcaPatches)
        return "pca-patches init (fitted to this input's patches)";
    return std::string(name(spec.init)) + " init, seed " + std::to_string(spec.seed);
}

EmbedOptions embedOptions(const Spec& spec) {
    EmbedOptions o;
    o.pad = spec.padPolicy();
    o.imgSize = spec.imgSize;
    o.norm = spec.norm;
    o.normEps = spec.normEps;
    o.threads = spec.threads;
    o.backend = spec.backend;
    return o;
}

Spec specAsRun(const Spec& spec, const std::optional<FoundWeights>& file) {
    Spec s = spec;
    if (file) {
        const PatchEmbedWeights& w = file->weights;
        s.patch = w.patch();
        s.embedDim = w.dim();
        s.inChans = w.channels();
        s.bias = !w.bias.empty();
        s.norm = w.normWeight.empty() ? s.norm : NormKind::LayerNorm;
    }
    return s;
}

} // namespace tessera
