#include "preprocess.hpp"

#include "error.hpp"

namespace tessera {

namespace {

std::vector<double> forChannels(int channels, const std::vector<double>& rgb, double other) {
    if (channels == 3)
        return rgb;
    if (channels == 1)
        return {0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]};
    return {other};
}

} // namespace

std::vector<double> defaultMean(int channels) { return forChannels(channels, kImagenetMean, 0.0); }
std::vector<double> defaultStd(int channels) { return forChannels(channels, kImagenetStd, 1.0); }

void normalize(Tensor& chw, const std::vector<double>& mean, const std::vector<double>& std) {
    if (chw.rank() != 3)
        throw InputError("normalize expects (C, H, W), got " + shapeString(chw.shape));
    const auto c = static_cast<std::size_t>(chw.dim(0));
    auto fits = [c](const std::vector<double>& v) { return v.size() == 1 || v.size() == c; };
    if (!fits(mean) || !fits(std))
        throw InputError("--mean has " + std::to_string(mean.size()) + " and --std " +
                         std::to_string(std.size()) + " values but the image has " +
                         std::to_string(c) + " channel(s): give one value, or one per channel");
    for (double s : std)
        if (!(s > 0))
            throw InputError("--std value " + std::to_string(s) + " must be positive");
    const std::size_t plane = chw.size() / (c ? c : 1);
    for (std::size_t ch = 0; ch < c; ++ch) {
        const double m = mean.size() == 1 ? mean[0] : mean[ch];
        const double s = std.size() == 1 ? std[0] : std[ch];
        float* p = chw.data.data() + ch * plane;
        for (std::size_t i = 0; i < plane; ++i)
            p[i] = static_cast<float>((p[i] - m) / s);
    }
}

} // namespace tessera
