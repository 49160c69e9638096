// tessera-cli resample: every patch-embedding kernel of a checkpoint PI-resized (FlexiViT) to a
// new patch size; all other float tensors, key names and metadata kept. Reads every weights
// format (weights_loader.hpp), writes .safetensors: a PyTorch file comes out as safetensors with
// its nested names flattened ("model.patch_embed.proj.weight").
#include "commands.hpp"

#include "arithmetic.hpp"

#include "checkpoint.hpp"
#include "file_names.hpp"
#include "patch_resample.hpp"
#include "weights_loader.hpp"

#include <iostream>

namespace tessera::cli {
namespace {

int runResample(const ParsedArgs& a) {
    if (a.positional.size() != 1)
        throw UsageError("resample takes one WEIGHTS file, got " +
                         std::to_string(a.positional.size()));
    if (!a.spec.patch)
        throw UsageError("resample needs --patch-size PxQ");
    const std::string output = a.get("-o");
    if (!hasExtension(output, ".safetensors"))
        throw UsageError("resample needs -o OUT.safetensors");
    const std::string& input = a.positional[0];
    refuseOutputOverInput(input, output);
    TensorFile file = io::loadTensorFile(input, memoryLimit(a.spec));
    const auto prefixes = patchEmbedPrefixes(file);
    if (prefixes.empty())
        throw InputError(input +
                         ": no patch-embedding kernel to resample (no 4-D proj.weight or "
                         "patch_embeddings.projection.weight among " +
                         std::to_string(file.tensors.size()) + " tensors)");
    const Size2 to = *a.spec.patch;
    for (const std::string& prefix : prefixes) {
        const FoundWeights found = findPatchEmbed(file, prefix, input);
        const std::string key =
            prefix + (found.layout == "hf-vit" ? "projection." : "proj.") + "weight";
        Tensor& kernel = file.tensors.at(key);
        std::cout << key << "  " << shapeString(kernel.shape);
        kernel = resamplePatchKernel(kernel, to);
        std::cout << " -> " << shapeString(kernel.shape) << "\n";
    }
    saveSafetensors(output, file);
    std::cout << "output   " << output << "  (" << file.tensors.size() << " tensors)\n";
    return 0;
}

} // namespace

const Command kResampleCommand{
    "resample",
    "resample WEIGHTS --patch-size PxQ -o OUT.safetensors",
    "PI-resize (FlexiViT) every patch-embedding kernel of a checkpoint to a new patch size",
    {{"-o", "OUT.safetensors", "output file (written whole or not at all)"}},
    {"--patch-size", "--max-memory"},
    runResample,
};

} // namespace tessera::cli
