#include "checkpoint.hpp"

#include "error.hpp"
#include "file_names.hpp"
#include "npy.hpp"

#include <algorithm>

namespace tessera {
namespace {

constexpr std::string_view kTimmConv = "proj.";
constexpr std::string_view kHfConv = "projection.";

bool endsWith(std::string_view s, std::string_view tail) {
    return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// The conv's own prefix inside a module: "proj." for timm, "projection." for Hugging Face.
std::string_view convOf(const TensorFile& file, const std::string& module) {
    for (std::string_view conv : {kTimmConv, kHfConv}) {
        auto it = file.tensors.find(module + std::string(conv) + "weight");
        if (it != file.tensors.end() && it->second.rank() == 4)
            return conv;
    }
    return {};
}

std::vector<float> optionalVector(const TensorFile& file, const std::string& key, int d,
                                  const std::string& what) {
    auto it = file.tensors.find(key);
    if (it == file.tensors.end())
        return {};
    if (it->second.rank() != 1 || it->second.dim(0) != d)
        throw InputError(what + ": " + key + " has shape " + shapeString(it->second.shape) +
                         " but embed_dim is " + std::to_string(d));
    return it->second.data;
}

} // namespace

std::vector<std::string> patchEmbedPrefixes(const TensorFile& file) {
    std::vector<std::string> prefixes;
    for (const auto& [key, t] : file.tensors) {
        if (t.rank() != 4)
            continue;
        for (std::string_view conv : {kTimmConv, kHfConv}) {
            const std::string tail = std::string(conv) + "weight";
            // "patch_embeddings.projection.weight" or a bare/timm "proj.weight"; a timm ViT's
            // attention "blocks.N.attn.proj.weight" is 2-D and never gets here.
            if (endsWith(key, tail) &&
                (key.size() == tail.size() || key[key.size() - tail.size() - 1] == '.'))
                prefixes.push_back(key.substr(0, key.size() - tail.size()));
        }
    }
    return prefixes;
}

FoundWeights findPatchEmbed(const TensorFile& file, const std::string& prefix,
                            const std::string& what, SeveralEmbeddings several) {
    const auto prefixes = patchEmbedPrefixes(file);
    auto list = [&] {
        std::string s;
        for (const auto& p : prefixes)
            s += (s.empty() ? "" : ", ") + (p.empty() ? std::string("(none)") : "'" + p + "'");
        return s;
    };
    std::string module;
    if (!prefix.empty()) {
        const std::string dotted = endsWith(prefix, ".") ? prefix : prefix + ".";
        if (std::find(prefixes.begin(), prefixes.end(), dotted) == prefixes.end())
            throw InputError(what + ": no patch-embedding weight under --weights-key '" + prefix +
                             "' (found: " + (prefixes.empty() ? "none" : list()) + ")");
        module = dotted;
    } else if (prefixes.empty()) {
        throw InputError(what +
                         ": no patch-embedding weight found (looked for a 4-D "
                         "proj.weight, patch_embed.proj.weight or "
                         "patch_embeddings.projection.weight among " +
                         std::to_string(file.tensors.size()) + " tensors)");
    } else if (prefixes.size() > 1 && several == SeveralEmbeddings::Refuse) {
        throw InputError(what + ": holds " + std::to_string(prefixes.size()) +
                         " patch embeddings (" + list() + "); choose one with --weights-key");
    } else {
        module = prefixes.front();
    }

    const std::string_view conv = convOf(file, module);
    const std::string convKey = module + std::string(conv);
    FoundWeights found;
    found.prefix = module;
    found.prefixes = prefixes;
    found.layout = conv == kHfConv ? "hf-vit" : "timm";
    found.weights.proj = file.tensors.at(convKey + "weight");
    const int d = found.weights.dim();
    found.weights.bias = optionalVector(file, convKey + "bias", d, what);
    if (conv == kTimmConv) {
        found.weights.normWeight = optionalVector(file, module + "norm.weight", d, what);
        found.weights.normBias = optionalVector(file, module + "norm.bias", d, what);
    }
    validate(found.weights);
    return found;
}

FoundWeights findBigVisionEmbedding(const TensorFile& file, const std::string& prefix,
                                    const std::string& what) {
    std::vector<std::string> candidates{"", "opt/target/", "params/", "params/img/"};
    if (!prefix.empty())
        candidates = {endsWith(prefix, "/") ? prefix : prefix + "/"};
    for (const std::string& p : candidates) {
        auto k = file.tensors.find(p + "embedding/kernel");
        if (k == file.tensors.end())
            continue;
        const Tensor& hwio = k->second;
        if (hwio.rank() != 4)
            throw InputError(what + ": " + p + "embedding/kernel is " + shapeString(hwio.shape) +
                             ", not (P, Q, C, D)");
        const std::int64_t P = hwio.dim(0), Q = hwio.dim(1), C = hwio.dim(2), D = hwio.dim(3);
        FoundWeights found;
        found.prefix = p;
        found.layout = "big_vision";
        found.weights.proj = Tensor({D, C, P, Q});
        for (std::int64_t pi = 0; pi < P; ++pi)
            for (std::int64_t qi = 0; qi < Q; ++qi)
                for (std::int64_t c = 0; c < C; ++c)
                    for (std::int64_t d = 0; d < D; ++d)
                        found.weights.proj.data[((d * C + c) * P + pi) * Q + qi] =
                            hwio.data[((pi * Q + qi) * C + c) * D + d];
        found.weights.bias = optionalVector(file, p + "embedding/bias", int(D), what);
        validate(found.weights);
        return found;
    }
    throw InputError(what +
                     ": no patch-embedding weight found (looked for proj.weight, "
                     "patch_embeddings.projection.weight and big_vision's embedding/kernel" +
                     (prefix.empty() ? std::string() : " under '" + prefix + "'") + ")");
}

FoundWeights loadWeights(const std::filesystem::path& path, const std::string& prefix,
                         SeveralEmbeddings several) {
    const std::string ext = path.extension().string();
    if (hasExtension(path, ".npy")) {
        FoundWeights found;
        found.weights.proj = loadNpy(path);
        found.layout = "timm";
        if (found.weights.proj.rank() != 4)
            throw InputError(path.string() + ": a .npy weight must be (D, C, P, Q), got " +
                             shapeString(found.weights.proj.shape));
        validate(found.weights);
        return found;
    }
    if (!hasExtension(path, ".safetensors"))
        throw InputError(path.string() + ": weights must be .safetensors or .npy, not '" + ext +
                         "'");
    // Only what a patch embedding can be made of is decoded: 4-D kernels named like one, and the
    // 1-D vectors (bias, LayerNorm) beside them; a ViT's blocks are skipped unread.
    const auto patchEmbedParts = [](const std::string& name, const Shape& shape) {
        const bool kernel = endsWith(name, "proj.weight") || endsWith(name, "projection.weight");
        return (kernel && shape.size() == 4) ||
               (shape.size() == 1 &&
                (endsWith(name, "proj.bias") || endsWith(name, "projection.bias") ||
                 endsWith(name, "norm.weight") || endsWith(name, "norm.bias")));
    };
    return findPatchEmbed(loadSafetensors(path, patchEmbedParts), prefix, path.string(), several);
}

} // namespace tessera
