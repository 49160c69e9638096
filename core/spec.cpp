#include "spec.hpp"

#include "error.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <utility>

namespace tessera {
namespace {

template <class E, std::size_t N> using NameTable = std::array<std::pair<E, std::string_view>, N>;

constexpr NameTable<PadPolicy, 3> kPad{
    {{PadPolicy::Strict, "strict"}, {PadPolicy::Dynamic, "dynamic"}, {PadPolicy::None, "none"}}};
constexpr NameTable<OutputFormat, 3> kFormat{
    {{OutputFormat::NLC, "NLC"}, {OutputFormat::NCHW, "NCHW"}, {OutputFormat::NHWC, "NHWC"}}};
constexpr NameTable<NormKind, 2> kNorm{
    {{NormKind::None, "none"}, {NormKind::LayerNorm, "layernorm"}}};
constexpr NameTable<InitScheme, 4> kInit{{{InitScheme::PytorchDefault, "pytorch-default"},
                                          {InitScheme::LecunNormal, "lecun-normal"},
                                          {InitScheme::XavierUniform, "xavier-uniform"},
                                          {InitScheme::TruncNormal, "trunc-normal"}}};

constexpr NameTable<Interpolation, 3> kInterpolation{{{Interpolation::Nearest, "nearest"},
                                                      {Interpolation::Bilinear, "bilinear"},
                                                      {Interpolation::Bicubic, "bicubic"}}};
constexpr NameTable<ImageFit, 4> kFit{{{ImageFit::Native, "native"},
                                       {ImageFit::CenterCrop, "center-crop"},
                                       {ImageFit::Squash, "squash"},
                                       {ImageFit::CropToMultiple, "crop-multiple"}}};

template <class E, std::size_t N> std::string_view nameIn(const NameTable<E, N>& table, E value) {
    for (const auto& [e, n] : table)
        if (e == value)
            return n;
    return "?";
}

template <class E, std::size_t N>
E parseIn(const NameTable<E, N>& table, std::string_view text, std::string_view flag) {
    std::string choices;
    for (const auto& [e, n] : table) {
        if (n == text)
            return e;
        choices += (choices.empty() ? "" : ", ") + std::string(n);
    }
    throw InputError("unknown " + std::string(flag) + " '" + std::string(text) +
                     "' (choices: " + choices + ")");
}

} // namespace

std::string_view name(PadPolicy v) {
    return nameIn(kPad, v);
}
std::string_view name(OutputFormat v) {
    return nameIn(kFormat, v);
}
std::string_view name(NormKind v) {
    return nameIn(kNorm, v);
}
std::string_view name(InitScheme v) {
    return nameIn(kInit, v);
}
std::string_view name(Interpolation v) {
    return nameIn(kInterpolation, v);
}
std::string_view name(ImageFit v) {
    return nameIn(kFit, v);
}
Interpolation parseInterpolation(std::string_view t) {
    return parseIn(kInterpolation, t, "--interpolation");
}
ImageFit parseFit(std::string_view t) {
    return parseIn(kFit, t, "--fit");
}
PadPolicy parsePad(std::string_view t) {
    return parseIn(kPad, t, "--pad");
}
OutputFormat parseFormat(std::string_view t) {
    return parseIn(kFormat, t, "--format");
}
NormKind parseNorm(std::string_view t) {
    return parseIn(kNorm, t, "--norm");
}
InitScheme parseInit(std::string_view t) {
    return parseIn(kInit, t, "--init");
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
