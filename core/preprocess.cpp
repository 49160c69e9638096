#include "preprocess.hpp"

#include "error.hpp"
#include "pil_resize.hpp"
#include "task_pool.hpp"

#include <array>
#include <cmath>
#include <limits>

namespace tessera {
namespace {

const std::array<Preset, 3> kPresets{{
    {"imagenet", {0.485, 0.456, 0.406}, {0.229, 0.224, 0.225}, 0.875, Interpolation::Bicubic},
    {"inception", {0.5, 0.5, 0.5}, {0.5, 0.5, 0.5}, 0.9, Interpolation::Bicubic},
    {"clip",
     {0.48145466, 0.4578275, 0.40821073},
     {0.26862954, 0.26130258, 0.27577711},
     1.0,
     Interpolation::Bicubic},
}};

std::vector<double> forChannels(const std::vector<double>& given, const std::vector<double>& rgb,
                                int channels, double other) {
    if (!given.empty())
        return given;
    if (channels == 3)
        return rgb;
    if (channels == 1)
        return {0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]};
    return {other};
}

// Python's round(): halves go to the even neighbour, as torchvision's center_crop rounds.
int roundHalfEven(double v) {
    return static_cast<int>(std::nearbyint(v));
}

} // namespace

std::span<const Preset> presets() {
    return kPresets;
}

const Preset& presetNamed(std::string_view name) {
    if (name.empty())
        return kPresets[0];
    for (const Preset& p : kPresets)
        if (p.name == name)
            return p;
    throw InputError("unknown --preset '" + std::string(name) +
                     "' (choices: imagenet, inception, clip)");
}

std::vector<double> meanFor(const Spec& spec, int channels) {
    return forChannels(spec.mean, presetNamed(spec.preset).mean, channels, 0.0);
}

std::vector<double> stdFor(const Spec& spec, int channels) {
    return forChannels(spec.std, presetNamed(spec.preset).std, channels, 1.0);
}

PreprocessPlan planPreprocess(Size2 source, const Spec& spec) {
    const Preset& preset = presetNamed(spec.preset);
    PreprocessPlan p;
    p.fit = spec.imageFit();
    p.source = p.resized = p.output = source;
    p.interpolation = spec.interpolation.value_or(preset.interpolation);
    const bool needsSize = p.fit == ImageFit::CenterCrop || p.fit == ImageFit::Squash;
    if (needsSize && !spec.imgSize)
        throw InputError("--fit " + std::string(name(p.fit)) + " needs --img-size");
    switch (p.fit) {
    case ImageFit::Native:
        break;
    case ImageFit::Squash:
        p.resized = p.output = *spec.imgSize;
        break;
    case ImageFit::CenterCrop: {
        const Size2 size = *spec.imgSize;
        const double pct = spec.cropPct.value_or(preset.cropPct);
        if (size.h == size.w) {
            const int shortSide = static_cast<int>(std::floor(size.h / pct));
            const bool wide = source.w > source.h;
            const int shortIn = wide ? source.h : source.w, longIn = wide ? source.w : source.h;
            const int longSide = static_cast<int>(double(shortSide) * longIn / shortIn);
            p.resized = wide ? Size2{shortSide, longSide} : Size2{longSide, shortSide};
        } else {
            p.resized = {static_cast<int>(std::floor(size.h / pct)),
                         static_cast<int>(std::floor(size.w / pct))};
        }
        if (p.resized.h < size.h || p.resized.w < size.w)
            throw InputError("image resized to " + sizeString(p.resized) + " is smaller than the " +
                             sizeString(size) + " crop (--crop-pct above 1?)");
        p.cropY = roundHalfEven((p.resized.h - size.h) / 2.0);
        p.cropX = roundHalfEven((p.resized.w - size.w) / 2.0);
        p.output = size;
        break;
    }
    case ImageFit::CropToMultiple: {
        const Size2 patch = spec.patchSize();
        p.output = {source.h / patch.h * patch.h, source.w / patch.w * patch.w};
        if (p.output.h == 0 || p.output.w == 0)
            throw InputError("image " + sizeString(source) + " is smaller than one " +
                             sizeString(patch) + " patch (--fit crop-multiple)");
        p.cropY = roundHalfEven((source.h - p.output.h) / 2.0);
        p.cropX = roundHalfEven((source.w - p.output.w) / 2.0);
        break;
    }
    }
    if (p.resized.h < 1 || p.resized.w < 1)
        throw InputError("image " + sizeString(source) + " would be resized to " +
                         sizeString(p.resized));
    return p;
}

std::string describe(const PreprocessPlan& p) {
    std::string s(name(p.fit));
    if (p.resized != p.source)
        s += ": resized " + sizeString(p.source) + " to " + sizeString(p.resized) + " (" +
             std::string(name(p.interpolation)) + ")";
    if (p.output != p.resized)
        s += std::string(p.resized != p.source ? "," : ":") + " cropped " + sizeString(p.output) +
             " at (" + std::to_string(p.cropY) + ", " + std::to_string(p.cropX) + ")";
    return s;
}

std::int64_t preprocessBytes(const PreprocessPlan& p, int channels) {
    const std::int64_t source = checkedProduct({p.source.h, p.source.w}, "the image's pixels");
    const std::int64_t resized = checkedProduct({p.resized.h, p.resized.w}, "the resized pixels");
    // PIL resizes in two passes, width first: the intermediate is source rows x resized columns.
    const std::int64_t pass = checkedProduct({p.source.h, p.resized.w}, "the resize's pixels");
    const std::int64_t perSource = 8 + 2 * std::int64_t(channels); // Qt's, RGB888, ours
    std::int64_t total = 0;
    for (const std::int64_t part : {checkedProduct({source, perSource}, "the image's bytes"),
                                    checkedProduct({pass, channels}, "the resize's bytes"),
                                    checkedProduct({resized, channels}, "the resized bytes")})
        if (__builtin_add_overflow(total, part, &total))
            throw InputError("the image's preprocessing is too large to count (over 2^63 bytes)");
    return total;
}

ImageU8 resizeForPlan(const ImageU8& image, const PreprocessPlan& p) {
    return p.resized == p.source ? image : pilResize(image, p.resized, p.interpolation);
}

namespace {

// / 255 and the Spec's normalisation, on the model input's picture.
Tensor normalized(const ImageU8& picture, const Spec& spec) {
    Tensor t = toTensor(picture);
    normalize(t, meanFor(spec, picture.channels), stdFor(spec, picture.channels));
    return t;
}

} // namespace

Tensor cropAndNormalize(const ImageU8& resized, const PreprocessPlan& p, const Spec& spec) {
    return normalized(
        p.output == p.resized ? resized : crop(resized, p.cropX, p.cropY, p.output.w, p.output.h),
        spec);
}

Tensor preprocessImage(const ImageU8& image, const PreprocessPlan& p, const Spec& spec) {
    if (p.resized == p.source)
        return cropAndNormalize(image, p, spec);
    return normalized(pilResizePart(image, p.resized, {p.cropX, p.cropY, p.output.w, p.output.h},
                                    p.interpolation),
                      spec);
}

void checkMeanStd(const std::vector<double>& mean, const std::vector<double>& std) {
    // The division is in float32: a std that is positive as a double can be 0 (or subnormal)
    // as a float and turn every value into NaN or inf, and a huge mean overflows.
    constexpr double kMax = std::numeric_limits<float>::max();
    for (double s : std)
        if (!(float(s) >= std::numeric_limits<float>::min()) || !(s <= kMax))
            throw InputError("--std value " + realString(s) +
                             " must be a positive float32 of at least 1.18e-38 (smaller ones "
                             "divide to inf or NaN)");
    for (double m : mean)
        if (!(std::abs(m) <= kMax))
            throw InputError("--mean value " + realString(m) + " is out of float32's range");
    for (double m : mean)
        for (double s : std)
            if (!(std::max(std::abs(m), std::abs(1 - m)) / s <= kMax))
                throw InputError("--mean " + realString(m) + " with --std " + realString(s) +
                                 " gives values beyond float32's range (inf)");
}

void normalize(Tensor& chw, const std::vector<double>& mean, const std::vector<double>& std) {
    if (chw.rank() != 3)
        throw InputError("normalize expects (C, H, W), got " + shapeString(chw.shape));
    const auto c = static_cast<std::size_t>(chw.dim(0));
    auto fits = [c](const std::vector<double>& v) { return v.size() == 1 || v.size() == c; };
    if (!fits(mean) || !fits(std))
        throw InputError("--mean has " + std::to_string(mean.size()) + " and --std " +
                         std::to_string(std.size()) + " values but the image has " +
                         std::to_string(c) + " channel(s): give one value, or one per channel");
    checkMeanStd(mean, std);
    const std::size_t plane = c ? chw.size() / c : 0;
    for (std::size_t ch = 0; ch < c; ++ch) {
        // In float32, as torchvision's Normalize computes it.
        const float m = static_cast<float>(mean.size() == 1 ? mean[0] : mean[ch]);
        const float s = static_cast<float>(std.size() == 1 ? std[0] : std[ch]);
        float* p = chw.data.data() + ch * plane;
        parallelFor(0, std::int64_t(plane), std::int64_t(1) << 16,
                    [&](std::int64_t begin, std::int64_t end) {
                        for (std::int64_t i = begin; i < end; ++i)
                            p[i] = (p[i] - m) / s;
                    });
    }
}

} // namespace tessera
