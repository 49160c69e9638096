#include "checkpoint.hpp"

#include "error.hpp"

#include <algorithm>

namespace tessera {
namespace {

constexpr std::string_view kTimmConv = "proj.";
constexpr std::string_view kHfConv = "projection.";

bool endsWith(std::string_view s, std::string_view tail) {
    return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// The conv's own prefix inside a module: "proj." for timm, "projection." for Hugging Face.
std::string_view convOf(const ShapeIndex& index, const std::string& module) {
    for (std::string_view conv : {kTimmConv, kHfConv}) {
        auto it = index.find(module + std::string(conv) + "weight");
        if (it != index.end() && it->second.size() == 4)
            return conv;
    }
    return {};
}

// A token tensor (1, T, D) or (T, D) whose last dimension is D: the key, or "" when absent.
std::string tokenKey(const ShapeIndex& index, const std::string& key, std::int64_t d) {
    const auto it = index.find(key);
    if (it == index.end() || it->second.empty() || it->second.size() > 3 || it->second.back() != d)
        return {};
    return key;
}

std::string stripTail(const std::string& s, std::string_view tail) {
    return endsWith(s, tail) ? s.substr(0, s.size() - tail.size()) : s;
}

std::vector<float> optionalVector(const TensorFile& file, const std::string& key, int d,
                                  const std::string& what) {
    if (key.empty())
        return {};
    const Tensor& t = file.tensors.at(key);
    if (t.rank() != 1 || t.dim(0) != d)
        throw InputError(what + ": " + key + " has shape " + shapeString(t.shape) +
                         " but embed_dim is " + std::to_string(d));
    return t.data;
}

std::optional<Tensor> optionalTensor(const TensorFile& file, const std::string& key) {
    if (key.empty())
        return std::nullopt;
    return file.tensors.at(key);
}

} // namespace

ShapeIndex shapeIndex(const TensorFile& file) {
    ShapeIndex index;
    for (const auto& [key, t] : file.tensors)
        index.emplace(key, t.shape);
    return index;
}

std::vector<std::string> PatchEmbedKeys::keys() const {
    std::vector<std::string> all;
    for (const std::string* k :
         {&weight, &bias, &normWeight, &normBias, &posEmbed, &clsToken, &regTokens})
        if (!k->empty())
            all.push_back(*k);
    return all;
}

std::vector<std::string> patchEmbedPrefixes(const ShapeIndex& index) {
    std::vector<std::string> prefixes;
    for (const auto& [key, shape] : index) {
        if (shape.size() != 4)
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

std::vector<std::string> patchEmbedPrefixes(const TensorFile& file) {
    return patchEmbedPrefixes(shapeIndex(file));
}

PatchEmbedKeys locatePatchEmbed(const ShapeIndex& index, const std::string& prefix,
                                const std::string& what, SeveralEmbeddings several) {
    const auto prefixes = patchEmbedPrefixes(index);
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
                         std::to_string(index.size()) + " tensors)");
    } else if (prefixes.size() > 1 && several == SeveralEmbeddings::Refuse) {
        throw InputError(what + ": holds " + std::to_string(prefixes.size()) +
                         " patch embeddings (" + list() + "); choose one with --weights-key");
    } else {
        module = prefixes.front();
    }

    const std::string_view conv = convOf(index, module);
    const std::string convKey = module + std::string(conv);
    PatchEmbedKeys keys;
    keys.prefix = module;
    keys.prefixes = prefixes;
    keys.layout = conv == kHfConv ? "hf-vit" : "timm";
    keys.weight = convKey + "weight";
    const std::int64_t d = index.at(keys.weight)[0];
    // A bias or norm of the wrong shape is named by assemble(), not silently dropped.
    if (index.contains(convKey + "bias"))
        keys.bias = convKey + "bias";
    if (conv == kTimmConv) {
        if (index.contains(module + "norm.weight"))
            keys.normWeight = module + "norm.weight";
        if (index.contains(module + "norm.bias"))
            keys.normBias = module + "norm.bias";
        const std::string root = stripTail(module, "patch_embed.");
        keys.posEmbed = tokenKey(index, root + "pos_embed", d);
        keys.clsToken = tokenKey(index, root + "cls_token", d);
        keys.regTokens = tokenKey(index, root + "reg_token", d);
    } else {
        const std::string root = stripTail(module, "patch_embeddings.");
        keys.posEmbed = tokenKey(index, root + "position_embeddings", d);
        keys.clsToken = tokenKey(index, root + "cls_token", d);
    }
    return keys;
}

std::optional<PatchEmbedKeys> locateBigVisionEmbedding(const ShapeIndex& index,
                                                       const std::string& prefix) {
    std::vector<std::string> candidates{"", "opt/target/", "params/", "params/img/"};
    if (!prefix.empty())
        candidates = {endsWith(prefix, "/") ? prefix : prefix + "/"};
    for (const std::string& p : candidates) {
        const auto k = index.find(p + "embedding/kernel");
        if (k == index.end())
            continue;
        PatchEmbedKeys keys;
        keys.prefix = p;
        keys.layout = "big_vision";
        keys.weight = k->first;
        if (index.contains(p + "embedding/bias"))
            keys.bias = p + "embedding/bias";
        if (k->second.size() == 4) {
            const std::int64_t d = k->second[3];
            keys.posEmbed = tokenKey(index, p + "Transformer/posembed_input/pos_embedding", d);
            keys.clsToken = tokenKey(index, p + "cls", d);
        }
        return keys;
    }
    return std::nullopt;
}

FoundWeights assemble(const TensorFile& file, const PatchEmbedKeys& keys, const std::string& what) {
    FoundWeights found;
    found.prefix = keys.prefix;
    found.prefixes = keys.prefixes;
    found.layout = keys.layout;
    const Tensor& kernel = file.tensors.at(keys.weight);
    if (keys.layout == "big_vision") {
        if (kernel.rank() != 4)
            throw InputError(what + ": " + keys.weight + " is " + shapeString(kernel.shape) +
                             ", not (P, Q, C, D)");
        const std::int64_t P = kernel.dim(0), Q = kernel.dim(1), C = kernel.dim(2),
                           D = kernel.dim(3);
        found.weights.proj = Tensor({D, C, P, Q});
        for (std::int64_t pi = 0; pi < P; ++pi)
            for (std::int64_t qi = 0; qi < Q; ++qi)
                for (std::int64_t c = 0; c < C; ++c)
                    for (std::int64_t d = 0; d < D; ++d)
                        found.weights.proj.data[((d * C + c) * P + pi) * Q + qi] =
                            kernel.data[((pi * Q + qi) * C + c) * D + d];
    } else {
        found.weights.proj = kernel;
    }
    const int d = found.weights.dim();
    found.weights.bias = optionalVector(file, keys.bias, d, what);
    found.weights.normWeight = optionalVector(file, keys.normWeight, d, what);
    found.weights.normBias = optionalVector(file, keys.normBias, d, what);
    found.posEmbed = optionalTensor(file, keys.posEmbed);
    found.clsToken = optionalTensor(file, keys.clsToken);
    found.regTokens = optionalTensor(file, keys.regTokens);
    try {
        validate(found.weights);
    } catch (const InputError& e) {
        throw InputError(what + ": " + e.what()); // which file, where several may be open
    }
    return found;
}

FoundWeights findPatchEmbed(const TensorFile& file, const std::string& prefix,
                            const std::string& what, SeveralEmbeddings several) {
    return assemble(file, locatePatchEmbed(shapeIndex(file), prefix, what, several), what);
}

FoundWeights findBigVisionEmbedding(const TensorFile& file, const std::string& prefix,
                                    const std::string& what) {
    if (auto keys = locateBigVisionEmbedding(shapeIndex(file), prefix))
        return assemble(file, *keys, what);
    throw InputError(what +
                     ": no patch-embedding weight found (looked for proj.weight, "
                     "patch_embeddings.projection.weight and big_vision's embedding/kernel" +
                     (prefix.empty() ? std::string() : " under '" + prefix + "'") + ")");
}

} // namespace tessera
