#include "weights_loader.hpp"

#include "error.hpp"
#include "resolve_weights.hpp"
#include "zip_archive.hpp"

namespace tessera::io {

FoundWeights loadWeights(const std::filesystem::path& path, const std::string& prefix) {
    if (path.extension() != ".npz")
        return tessera::loadWeights(path, prefix);
    const TensorFile file = readNpz(path);
    if (!patchEmbedPrefixes(file).empty())
        return findPatchEmbed(file, prefix, path.string());
    return findBigVisionEmbedding(file, prefix, path.string());
}

std::optional<FoundWeights> loadSpecWeights(const Spec& spec) {
    if (spec.weightsPath.empty())
        return std::nullopt;
    return fitToSpec(spec, loadWeights(spec.weightsPath, spec.weightsKey));
}

} // namespace tessera::io
