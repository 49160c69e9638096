#include "weights_loader.hpp"

#include "arithmetic.hpp"
#include "error.hpp"
#include "file_names.hpp"
#include "memory_policy.hpp"
#include "npy.hpp"
#include "resolve_weights.hpp"
#include "torch_checkpoint.hpp"
#include "zip_archive.hpp"

#include <algorithm>

namespace tessera::io {
namespace {

// A bare .npy kernel reads as a bare PatchEmbed: the key rules then treat every format alike.
// Listed from its header alone.
std::vector<TensorInfo> listNpyKernel(const std::filesystem::path& path) {
    const NpyHeader h = readNpyHeader(path);
    const std::string dtype = h.descr == "<f4" ? "float32" : h.descr == "<f8" ? "float64" : h.descr;
    return {{"proj.weight", dtype, h.shape}};
}

TensorFile loadNpyKernel(const std::filesystem::path& path, const std::set<std::string>& names) {
    TensorFile file;
    if (names.empty() || names.contains("proj.weight"))
        file.tensors.emplace("proj.weight", loadNpy(path));
    return file;
}

const std::vector<WeightsFormat> kFormats = {
    {"safetensors",
     {".safetensors"},
     listSafetensors,
     [](const std::filesystem::path& path, const std::set<std::string>& names) {
         return loadSafetensors(path, [&](const std::string& name, const Shape&) {
             return names.empty() || names.contains(name);
         });
     }},
    {"PyTorch (torch.save)",
     {".pth", ".pt", ".bin", ".ckpt"},
     listTorchCheckpoint,
     loadTorchCheckpoint},
    {"numpy .npz",
     {".npz"},
     listNpz,
     [](const std::filesystem::path& path, const std::set<std::string>& names) {
         return readNpz(path, names);
     }},
    {"numpy .npy (one (D, C, P, Q) kernel)", {".npy"}, listNpyKernel, loadNpyKernel},
};

bool isFloat(const TensorInfo& t) {
    return t.dtype.starts_with("float") || t.dtype == "bfloat16";
}

ShapeIndex floatIndex(const std::vector<TensorInfo>& tensors) {
    ShapeIndex index;
    for (const TensorInfo& t : tensors)
        if (isFloat(t))
            index.emplace(t.name, t.shape);
    return index;
}

// Refuses, before reading them, tensors (those named; all float ones when none are) whose float32
// copies would hold more than `maxBytes`: a file's listing is all it takes to know.
void requireTensorMemory(const std::vector<TensorInfo>& tensors, const std::set<std::string>& names,
                         std::int64_t maxBytes, const std::filesystem::path& path) {
    double bytes = 0;
    for (const TensorInfo& t : tensors)
        if (names.empty() ? isFloat(t) : names.contains(t.name))
            bytes += 4.0 * double(numel(t.shape));
    if (bytes > double(maxBytes))
        throw InputError(path.string() + ": the tensors to read hold " +
                         bytesText(std::int64_t(std::min(bytes, 9e18))) +
                         " as float32, over the memory limit of " + bytesText(maxBytes) +
                         " (--max-memory)");
}

// The key rules of checkpoint.hpp, then Google's layout when no timm/HF kernel is present.
PatchEmbedKeys locate(const ShapeIndex& index, const std::string& prefix, const std::string& what,
                      SeveralEmbeddings several) {
    if (patchEmbedPrefixes(index).empty())
        if (auto keys = locateBigVisionEmbedding(index, prefix))
            return *keys;
    return locatePatchEmbed(index, prefix, what, several);
}

} // namespace

const std::vector<WeightsFormat>& weightsFormats() {
    return kFormats;
}

const WeightsFormat& weightsFormatOf(const std::filesystem::path& path) {
    for (const WeightsFormat& f : kFormats)
        for (std::string_view ext : f.extensions)
            if (hasExtension(path, std::string(ext)))
                return f;
    std::string accepted;
    for (const WeightsFormat& f : kFormats)
        for (std::string_view ext : f.extensions)
            accepted += (accepted.empty() ? "" : ", ") + std::string(ext);
    throw InputError(path.string() + ": weights must be " + accepted + ", not '" +
                     path.extension().string() + "'");
}

std::string weightsGlobs() {
    std::string globs;
    for (const WeightsFormat& f : kFormats)
        for (std::string_view ext : f.extensions)
            globs += (globs.empty() ? "*" : " *") + std::string(ext);
    return globs;
}

WeightsListing listWeights(const std::filesystem::path& path, const std::string& prefix,
                           SeveralEmbeddings several) {
    const WeightsFormat& format = weightsFormatOf(path);
    requireRegularFile(path); // before any format opens it: a FIFO would block
    WeightsListing listing;
    listing.format = std::string(format.label);
    listing.tensors = format.list(path);
    try {
        listing.use = locate(floatIndex(listing.tensors), prefix, path.string(), several);
    } catch (const InputError& e) {
        listing.problem = e.what();
    }
    return listing;
}

FoundWeights loadWeights(const std::filesystem::path& path, const std::string& prefix,
                         SeveralEmbeddings several, std::int64_t maxBytes) {
    const WeightsFormat& format = weightsFormatOf(path);
    requireRegularFile(path); // before any format opens it: a FIFO would block
    const std::vector<TensorInfo> tensors = format.list(path);
    const PatchEmbedKeys keys = locate(floatIndex(tensors), prefix, path.string(), several);
    const std::vector<std::string> keyNames = keys.keys();
    const std::set<std::string> names(keyNames.begin(), keyNames.end());
    requireTensorMemory(tensors, names, maxBytes, path);
    return assemble(format.load(path, names), keys, path.string());
}

TensorFile loadTensorFile(const std::filesystem::path& path, std::int64_t maxBytes) {
    const WeightsFormat& format = weightsFormatOf(path);
    requireRegularFile(path); // before any format opens it: a FIFO would block
    requireTensorMemory(format.list(path), {}, maxBytes, path);
    return format.load(path, {});
}

std::optional<FoundWeights> loadSpecWeights(const Spec& spec) {
    if (spec.weightsPath.empty())
        return std::nullopt;
    return fitToSpec(spec, loadWeights(spec.weightsPath, spec.weightsKey, SeveralEmbeddings::Refuse,
                                       memoryLimit(spec)));
}

} // namespace tessera::io
