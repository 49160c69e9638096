#include "weights_loader.hpp"

#include "error.hpp"
#include "file_names.hpp"
#include "npy.hpp"
#include "resolve_weights.hpp"
#include "torch_checkpoint.hpp"
#include "zip_archive.hpp"

namespace tessera::io {
namespace {

std::vector<TensorInfo> infosOf(const TensorFile& file) {
    std::vector<TensorInfo> list;
    for (const auto& [name, t] : file.tensors)
        list.push_back({name, "float32", t.shape});
    return list;
}

TensorFile only(TensorFile file, const std::set<std::string>& names) {
    if (names.empty())
        return file;
    TensorFile kept;
    for (const std::string& n : names)
        if (auto it = file.tensors.find(n); it != file.tensors.end())
            kept.tensors.insert(file.tensors.extract(it));
    return kept;
}

// A bare .npy kernel reads as a bare PatchEmbed: the key rules then treat every format alike.
TensorFile npyFile(const std::filesystem::path& path) {
    TensorFile file;
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
     [](const std::filesystem::path& path) { return infosOf(readNpz(path)); },
     [](const std::filesystem::path& path, const std::set<std::string>& names) {
         return only(readNpz(path), names);
     }},
    {"numpy .npy (one (D, C, P, Q) kernel)",
     {".npy"},
     [](const std::filesystem::path& path) { return infosOf(npyFile(path)); },
     [](const std::filesystem::path& path, const std::set<std::string>& names) {
         return only(npyFile(path), names);
     }},
};

ShapeIndex floatIndex(const std::vector<TensorInfo>& tensors) {
    ShapeIndex index;
    for (const TensorInfo& t : tensors)
        if (t.dtype.starts_with("float") || t.dtype == "bfloat16")
            index.emplace(t.name, t.shape);
    return index;
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
                         SeveralEmbeddings several) {
    const WeightsFormat& format = weightsFormatOf(path);
    requireRegularFile(path); // before any format opens it: a FIFO would block
    const PatchEmbedKeys keys =
        locate(floatIndex(format.list(path)), prefix, path.string(), several);
    const std::vector<std::string> names = keys.keys();
    return assemble(format.load(path, {names.begin(), names.end()}), keys, path.string());
}

TensorFile loadTensorFile(const std::filesystem::path& path) {
    const WeightsFormat& format = weightsFormatOf(path);
    requireRegularFile(path); // before any format opens it: a FIFO would block
    return format.load(path, {});
}

std::optional<FoundWeights> loadSpecWeights(const Spec& spec) {
    if (spec.weightsPath.empty())
        return std::nullopt;
    return fitToSpec(spec, loadWeights(spec.weightsPath, spec.weightsKey));
}

} // namespace tessera::io
