#include "spec.hpp"

#include "error.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <utility>

namespace tessera {
// lupdate reads QT_TRANSLATE_NOOP by name; core has no Qt, so it marks the text and is the text.
#ifndef QT_TRANSLATE_NOOP
#define QT_TRANSLATE_NOOP(context, text) text
#endif

namespace {

// Each table lists every value of its enum, in the enum's order (checked below): the app shows
// them in this order.
constexpr Choice<PadPolicy> kPad[] = {
    {PadPolicy::Strict, "strict", QT_TRANSLATE_NOOP("tessera::Choice", "strict"),
     "the input must be exactly img_size (timm's strict_img_size)"},
    {PadPolicy::Dynamic, "dynamic", QT_TRANSLATE_NOOP("tessera::Choice", "dynamic (zero-pad)"),
     "zero-pad bottom and right up to a multiple of the patch (dynamic_img_pad)"},
    {PadPolicy::None, "none", QT_TRANSLATE_NOOP("tessera::Choice", "none (sides must divide)"),
     "any size, but each side must be divisible by the patch side"},
};
constexpr Choice<OutputFormat> kFormat[] = {
    {OutputFormat::NLC, "NLC", QT_TRANSLATE_NOOP("tessera::Choice", "NLC (B, N, D)"),
     "tokens: (B, N, D), timm's default"},
    {OutputFormat::NCHW, "NCHW", QT_TRANSLATE_NOOP("tessera::Choice", "NCHW (B, D, gh, gw)"),
     "a feature map (B, D, gh, gw)"},
    {OutputFormat::NHWC, "NHWC", QT_TRANSLATE_NOOP("tessera::Choice", "NHWC (B, gh, gw, D)"),
     "a feature map (B, gh, gw, D)"},
};
constexpr Choice<NormKind> kNorm[] = {
    {NormKind::None, "none", QT_TRANSLATE_NOOP("tessera::Choice", "none"),
     "the projection as it is"},
    {NormKind::LayerNorm, "layernorm", QT_TRANSLATE_NOOP("tessera::Choice", "LayerNorm"),
     "LayerNorm over D after the projection (timm's norm_layer)"},
};
constexpr Choice<Interpolation> kInterpolation[] = {
    {Interpolation::Nearest, "nearest", QT_TRANSLATE_NOOP("tessera::Choice", "nearest"),
     "nearest neighbour"},
    {Interpolation::Bilinear, "bilinear", QT_TRANSLATE_NOOP("tessera::Choice", "bilinear"),
     "linear in each direction"},
    {Interpolation::Bicubic, "bicubic", QT_TRANSLATE_NOOP("tessera::Choice", "bicubic"),
     "cubic, as timm's eval uses"},
};
constexpr Choice<ImageFit> kFit[] = {
    {ImageFit::Native, "native", QT_TRANSLATE_NOOP("tessera::Choice", "Native size"),
     "the image as it is; the size policy pads, checks or refuses"},
    {ImageFit::CenterCrop, "center-crop",
     QT_TRANSLATE_NOOP("tessera::Choice", "timm eval: resize + center crop"),
     "shorter side to img_size / crop_pct, then the centre img_size"},
    {ImageFit::Squash, "squash", QT_TRANSLATE_NOOP("tessera::Choice", "Resize to img_size"),
     "resized to img_size exactly; the aspect ratio is not kept"},
    {ImageFit::CropToMultiple, "crop-multiple",
     QT_TRANSLATE_NOOP("tessera::Choice", "Native size, crop to a multiple"),
     "native size, center-cropped to the largest multiple of the patch"},
};
constexpr Choice<InitScheme> kInit[] = {
    {InitScheme::PytorchDefault, "pytorch-default",
     QT_TRANSLATE_NOOP("tessera::Choice", "PyTorch default"),
     "Conv2d's own init, what timm's PatchEmbed starts with"},
    {InitScheme::LecunNormal, "lecun-normal", QT_TRANSLATE_NOOP("tessera::Choice", "LeCun normal"),
     "normal with variance 1 / fan_in"},
    {InitScheme::XavierUniform, "xavier-uniform",
     QT_TRANSLATE_NOOP("tessera::Choice", "Xavier uniform"),
     "uniform with variance 2 / (fan_in + fan_out)"},
    {InitScheme::TruncNormal, "trunc-normal",
     QT_TRANSLATE_NOOP("tessera::Choice", "truncated normal (0.02)"),
     "normal, std 0.02, cut at 2 std (timm's ViT init)"},
    {InitScheme::PcaPatches, "pca-patches",
     QT_TRANSLATE_NOOP("tessera::Choice", "PCA of the image's patches"),
     "the top D principal directions of this input's patches, mean removed (D <= C*P*Q; no "
     "seed)"},
};

template <class E, std::size_t N> constexpr bool covers(const Choice<E> (&rows)[N]) {
    if (N != kEnumCount<E>)
        return false;
    for (std::size_t i = 0; i < N; ++i)
        if (rows[i].value != E(i) || rows[i].cli.empty())
            return false;
    return true;
}
static_assert(covers(kPad) && covers(kFormat) && covers(kNorm) && covers(kInterpolation) &&
                  covers(kFit) && covers(kInit),
              "each choice table lists every value of its enum, in order");

} // namespace

template <> const ChoiceTable<PadPolicy>& choiceTable() {
    static const ChoiceTable<PadPolicy> t{"--pad", kPad};
    return t;
}
template <> const ChoiceTable<OutputFormat>& choiceTable() {
    static const ChoiceTable<OutputFormat> t{"--format", kFormat};
    return t;
}
template <> const ChoiceTable<NormKind>& choiceTable() {
    static const ChoiceTable<NormKind> t{"--norm", kNorm};
    return t;
}
template <> const ChoiceTable<Interpolation>& choiceTable() {
    static const ChoiceTable<Interpolation> t{"--interpolation", kInterpolation};
    return t;
}
template <> const ChoiceTable<ImageFit>& choiceTable() {
    static const ChoiceTable<ImageFit> t{"--fit", kFit};
    return t;
}
template <> const ChoiceTable<InitScheme>& choiceTable() {
    static const ChoiceTable<InitScheme> t{"--init", kInit};
    return t;
}

void throwUnknownChoice(std::string_view flag, std::string_view text, const std::string& choices) {
    throw InputError("unknown " + std::string(flag) + " '" + std::string(text) +
                     "' (choices: " + choices + ")");
}

long long parseInteger(std::string_view text, std::string_view what, long long lo, long long hi) {
    long long v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size())
        throw InputError(std::string(what) + " '" + std::string(text) + "' is not a whole number");
    if (v < lo || v > hi)
        throw InputError(std::string(what) + " " + std::to_string(v) + " is out of range (" +
                         std::to_string(lo) + " to " + std::to_string(hi) + ")");
    return v;
}

double parseReal(std::string_view text, std::string_view what) {
    double v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v))
        throw InputError(std::string(what) + " '" + std::string(text) + "' is not a number");
    return v;
}

Size2 parseSize2(std::string_view text, std::string_view what) {
    constexpr long long kMaxSide = 1 << 20;
    const auto x = text.find_first_of("xX");
    if (x == std::string_view::npos) {
        const int s = static_cast<int>(parseInteger(text, what, 1, kMaxSide));
        return {s, s};
    }
    return {static_cast<int>(parseInteger(text.substr(0, x), what, 1, kMaxSide)),
            static_cast<int>(parseInteger(text.substr(x + 1), what, 1, kMaxSide))};
}

std::vector<double> parseDoubles(std::string_view text, std::string_view what) {
    std::vector<double> values;
    std::size_t start = 0;
    while (true) {
        const auto comma = text.find(',', start);
        values.push_back(parseReal(text.substr(start, comma - start), what));
        if (comma == std::string_view::npos)
            return values;
        start = comma + 1;
    }
}

std::string realString(double v) {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

std::string sizeString(Size2 s) {
    return std::to_string(s.h) + "x" + std::to_string(s.w);
}

} // namespace tessera
