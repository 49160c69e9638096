#include "weights_loader.hpp"

#include "error.hpp"
#include "file_names.hpp"
#include "resolve_weights.hpp"
#include "zip_archive.hpp"

namespace tessera::io {

FoundWeights loadWeights(const std::filesystem::path& path, const std::string& prefix,
                         SeveralEmbeddings several) {
    if (!hasExtension(path, ".npz"))
        return tessera::loadWeights(path, prefix, several);
    const TensorFile file = readNpz(path);
    if (!patchEmbedPrefixes(file).empty())
        return findPatchEmbed(file, prefix, path.string(), several);
    return findBigVisionEmbedding(file, prefix, path.string());
}

std::optional<FoundWeights> loadSpecWeights(const Spec& spec) {
    if (spec.weightsPath.empty())
        return std::nullopt;
    return fitToSpec(spec, loadWeights(spec.weightsPath, spec.weightsKey));
}

} // namespace tessera::io
