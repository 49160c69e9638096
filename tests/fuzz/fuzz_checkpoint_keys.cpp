// Fuzz target: the key rules of checkpoint.hpp (locatePatchEmbed, locateBigVisionEmbedding,
// then assemble) over a checkpoint listing decoded from the bytes (fuzz_targets.hpp).
//
// The bytes are text, one line per entry, so the dictionary's key names combine:
//   #PREFIX            optional first line: the --weights-key ("#" alone: none); "#!" as the
//                      first two characters takes the first of several (the app's way)
//   NAME:D0,D1,...     a tensor and its shape (up to 6 dims, each 0..4096; a bad line is skipped)
// Tensors are made zero-filled, as a file holding them would be read, when all of them fit in a
// small budget; assemble is then run too.
#include "fuzz_targets.hpp"

#include "checkpoint.hpp"
#include "error.hpp"

#include <algorithm>
#include <charconv>
#include <string>
#include <string_view>

namespace {

using tessera::Shape;

std::optional<Shape> parseShape(std::string_view text) {
    Shape shape;
    while (!text.empty()) {
        const std::size_t comma = std::min(text.find(','), text.size());
        std::int64_t d = -1;
        const std::string_view digits = text.substr(0, comma);
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), d);
        if (ec != std::errc() || end != digits.data() + digits.size() || d < 0 || d > 4096 ||
            shape.size() == 6)
            return std::nullopt;
        shape.push_back(d);
        text.remove_prefix(std::min(comma + 1, text.size()));
    }
    return shape;
}

bool contains(const tessera::ShapeIndex& index, const std::string& key) {
    return key.empty() || index.contains(key);
}

// What the rules promise: every key they name is in the file, the kernel is 4-D, and a token
// tensor's last dimension is the kernel's D.
void checkKeys(const tessera::ShapeIndex& index, const tessera::PatchEmbedKeys& keys) {
    for (const std::string& k : keys.keys())
        if (!contains(index, k))
            __builtin_trap();
    if (keys.weight.empty() || keys.keys().front() != keys.weight)
        __builtin_trap();
    const Shape& kernel = index.at(keys.weight);
    if (keys.layout != "big_vision" && kernel.size() != 4)
        __builtin_trap();
    if (kernel.size() == 4) {
        const std::int64_t d = keys.layout == "big_vision" ? kernel[3] : kernel[0];
        for (const std::string* k : {&keys.posEmbed, &keys.clsToken, &keys.regTokens})
            if (!k->empty() && index.at(*k).back() != d)
                __builtin_trap();
    }
}

void checkAssembled(const tessera::ShapeIndex& index, const tessera::PatchEmbedKeys& keys,
                    const tessera::FoundWeights& found) {
    const Shape& kernel = index.at(keys.weight);
    const tessera::PatchEmbedWeights& w = found.weights;
    if (w.proj.rank() != 4 || w.proj.data.size() != tessera::numel(kernel))
        __builtin_trap();
    const std::size_t d = std::size_t(w.proj.dim(0));
    for (const std::vector<float>* v : {&w.bias, &w.normWeight, &w.normBias})
        if (!v->empty() && v->size() != d)
            __builtin_trap();
    if (found.prefix != keys.prefix || found.layout != keys.layout)
        __builtin_trap();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    std::string prefix;
    auto several = tessera::SeveralEmbeddings::Refuse;
    tessera::ShapeIndex index;
    bool first = true;
    while (!text.empty()) {
        const std::size_t nl = std::min(text.find('\n'), text.size());
        const std::string_view line = text.substr(0, nl);
        text.remove_prefix(std::min(nl + 1, text.size()));
        if (first && line.starts_with('#')) {
            std::string_view p = line.substr(1);
            if (p.starts_with('!')) {
                several = tessera::SeveralEmbeddings::TakeFirst;
                p.remove_prefix(1);
            }
            prefix = p;
        } else if (const std::size_t colon = line.rfind(':'); colon != std::string_view::npos) {
            if (auto shape = parseShape(line.substr(colon + 1)))
                index.emplace(std::string(line.substr(0, colon)), std::move(*shape));
        }
        first = false;
    }

    // The file as it would be read, when small enough to make.
    tessera::TensorFile file;
    std::size_t total = 0;
    bool small = true;
    for (const auto& [name, shape] : index) {
        try {
            total += std::min<std::size_t>(tessera::numel(shape), std::size_t(1) << 20);
        } catch (const tessera::InputError&) { // more values than a size_t counts
            small = false;
        }
    }
    small = small && total <= (std::size_t(1) << 18);
    if (small)
        for (const auto& [name, shape] : index)
            file.tensors.emplace(name, tessera::Tensor(shape));

    for (const bool bigVision : {false, true}) {
        try {
            std::optional<tessera::PatchEmbedKeys> keys;
            if (bigVision)
                keys = tessera::locateBigVisionEmbedding(index, prefix);
            else
                keys = tessera::locatePatchEmbed(index, prefix, "fuzz", several);
            if (!keys)
                continue;
            checkKeys(index, *keys);
            if (!bigVision && std::find(keys->prefixes.begin(), keys->prefixes.end(),
                                        keys->prefix) == keys->prefixes.end())
                __builtin_trap();
            if (small)
                checkAssembled(index, *keys, tessera::assemble(file, *keys, "fuzz"));
        } catch (const tessera::InputError&) {
            // The expected way to say no.
        }
    }
    return 0;
}
