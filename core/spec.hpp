// Spec: one value that describes a run, and the names of every option's choices.
//
// The CLI parses flags into a Spec, the GUI's controls edit one, and an export's manifest is one
// serialized. Adding an option means adding it here once, then to each face. Choice names
// (enum <-> string) live here too so that every face spells them the same way.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tessera {

struct Size2 {
    int h = 0; // rows (height)
    int w = 0; // columns (width)
    bool operator==(const Size2&) const = default;
};

// How an input whose size does not fit the patch grid is treated (timm's PatchEmbed names):
// strict  - the input must equal img_size exactly (timm's strict_img_size=True);
// dynamic - zero-pad bottom/right up to a multiple of the patch (dynamic_img_pad=True);
// none    - any size, but each side must be divisible by the patch side.
enum class PadPolicy { Strict, Dynamic, None };

// Output layouts of the embeddings, exactly timm's output_fmt shapes:
// NLC (B, N, D), NCHW (B, D, gh, gw), NHWC (B, gh, gw, D).
enum class OutputFormat { NLC, NCHW, NHWC };

enum class NormKind { None, LayerNorm };

// Resampling kernels, as PyTorch's F.interpolate and PIL name them.
enum class Interpolation { Nearest, Bilinear, Bicubic };

// How an image is brought to the model's size before patching:
// native        - as it is (the PatchEmbed size policy then pads, checks or refuses);
// center-crop   - timm's eval transform: shorter side to img_size / crop_pct, center crop img_size;
// squash        - resized to img_size exactly, aspect ratio ignored;
// crop-multiple - native size, center-cropped to the largest multiple of the patch.
enum class ImageFit { Native, CenterCrop, Squash, CropToMultiple };

// Weights when no file is given; see weight_init.hpp for each random scheme's distribution.
// PcaPatches is not random: the weights are fitted to the input (analysis.hpp, pcaPatchWeights).
enum class InitScheme { PytorchDefault, LecunNormal, XavierUniform, TruncNormal, PcaPatches };

struct Spec {
    // Geometry. patch and embedDim are optional so that "not given" can defer to a weights file;
    // patchSize()/dim() give the value in force.
    std::optional<Size2> patch;   // P×Q, default 16×16
    std::optional<int> embedDim;  // D, default 768 (ViT-B)
    std::optional<int> inChans;   // C, default 3 (RGB); 1 means luminance for images
    std::optional<Size2> imgSize; // the model's nominal input size; required by pad=strict
    std::optional<PadPolicy> pad; // default: strict when imgSize is given, else dynamic

    // Image preprocessing (images only; .npy inputs are taken as preprocessed). Values not given
    // come from the preset (default "imagenet"); see preprocess.hpp.
    std::optional<ImageFit> fit;   // default: center-crop when imgSize is given, else native
    std::string preset;            // "imagenet", "inception", "clip"; empty means imagenet
    std::optional<double> cropPct; // center-crop: resize the shorter side to img_size / crop_pct
    std::optional<Interpolation> interpolation;

    // Projection.
    bool bias = true;
    NormKind norm = NormKind::None;
    double normEps = 1e-6;        // timm's ViT uses LayerNorm(eps=1e-6)
    std::string weightsPath;      // empty: random weights from init + seed
    std::string weightsKey;       // key prefix choosing the PatchEmbed in a checkpoint
    bool resampleWeights = false; // FlexiViT: PI-resize a file's kernel to `patch` if it differs
    InitScheme init = InitScheme::PytorchDefault;
    std::uint64_t seed = 0;

    // Image preprocessing: per-channel (x - mean) / std on [0,1] values; one value or one per
    // channel; empty means the preset's (meanFor/stdFor in preprocess.hpp).
    // Ignored for .npy inputs, which are taken as already normalised.
    std::vector<double> mean;
    std::vector<double> std;

    OutputFormat format = OutputFormat::NLC;
    int threads = 0;            // 0: all the machine has
    std::string backend;        // GEMM backend (gemm_backend.hpp); empty: the default one
    std::int64_t maxMemory = 0; // bytes a run may plan to hold; 0: half the RAM (arithmetic.hpp)

    // The model around the PatchEmbed (token_sequence.hpp): what the app's sequence view and
    // `info` build after the projection. Not part of the PatchEmbed's own output.
    bool classToken = true; // false: a global-pool ViT without a class token
    int regTokens = 0;      // register tokens after the class token (0 to 64)

    bool operator==(const Spec&) const = default;

    Size2 patchSize() const { return patch.value_or(Size2{16, 16}); }
    int dim() const { return embedDim.value_or(768); }
    int channels() const { return inChans.value_or(3); }
    PadPolicy padPolicy() const {
        return pad.value_or(imgSize ? PadPolicy::Strict : PadPolicy::Dynamic);
    }
    ImageFit imageFit() const {
        return fit.value_or(imgSize ? ImageFit::CenterCrop : ImageFit::Native);
    }
};

// The choices of every enum, one table each (spec_choices.cpp): the CLI spelling, the app's label
// and a one-line help. The CLI parser and --help, toArgs, manifests, error messages and the app's
// combo boxes all read these tables; a static_assert there checks that each lists every value.
// To add a value: add the enumerator, bump its kEnumCount, add one row to its table.
template <class E> inline constexpr std::size_t kEnumCount = 0;
template <> inline constexpr std::size_t kEnumCount<PadPolicy> = 3;
template <> inline constexpr std::size_t kEnumCount<OutputFormat> = 3;
template <> inline constexpr std::size_t kEnumCount<NormKind> = 2;
template <> inline constexpr std::size_t kEnumCount<Interpolation> = 3;
template <> inline constexpr std::size_t kEnumCount<ImageFit> = 4;
template <> inline constexpr std::size_t kEnumCount<InitScheme> = 5;

template <class E> struct Choice {
    E value;
    std::string_view cli; // "center-crop": flags, files, manifests
    const char* label;    // the app's words, translated in context "tessera::Choice"
    std::string_view help;
};

template <class E> struct ChoiceTable {
    std::string_view flag; // "--fit": named in errors
    std::span<const Choice<E>> rows;
};

template <class E> const ChoiceTable<E>& choiceTable();

template <class E> const Choice<E>& choiceOf(E value) {
    for (const Choice<E>& c : choiceTable<E>().rows)
        if (c.value == value)
            return c;
    return choiceTable<E>().rows.front(); // unreachable: the tables cover their enums
}
template <class E> std::string_view name(E value) {
    return choiceOf(value).cli;
}
// "strict, dynamic, none" (or with another separator: "strict|dynamic|none").
template <class E> std::string choiceList(std::string_view separator = ", ") {
    std::string list;
    for (const Choice<E>& c : choiceTable<E>().rows)
        list += (list.empty() ? "" : std::string(separator)) + std::string(c.cli);
    return list;
}
// InputError naming the flag, the value and the choices, e.g.
// "unknown --pad 'wide' (choices: strict, dynamic, none)".
[[noreturn]] void throwUnknownChoice(std::string_view flag, std::string_view text,
                                     const std::string& choices);
template <class E> E parseChoice(std::string_view text) {
    for (const Choice<E>& c : choiceTable<E>().rows)
        if (c.cli == text)
            return c.value;
    throwUnknownChoice(choiceTable<E>().flag, text, choiceList<E>());
}

// "16" -> 16×16, "8x12" -> 8×12; every side must be >= 1. `what` names the flag in errors.
Size2 parseSize2(std::string_view text, std::string_view what);
// "0.5,0.5,0.5" -> {0.5, 0.5, 0.5}.
std::vector<double> parseDoubles(std::string_view text, std::string_view what);
// Whole numbers and reals with the flag named in the error when the text is not one.
long long parseInteger(std::string_view text, std::string_view what, long long lo, long long hi);
double parseReal(std::string_view text, std::string_view what);

std::string sizeString(Size2 s);  // "8x12"
std::string realString(double v); // the shortest text that reads back as v: "1e-06", "0.5"

} // namespace tessera
