// Preprocessing of decoded images: per-channel normalisation, (x - mean[c]) / std[c].
//
// Input and output are C×H×W float tensors; values come in as [0, 1]. mean and std hold one value
// (used for every channel) or one per channel.
#pragma once

#include "tensor.hpp"

#include <vector>

namespace tessera {

// ImageNet statistics, timm's IMAGENET_DEFAULT_MEAN / _STD.
inline const std::vector<double> kImagenetMean{0.485, 0.456, 0.406};
inline const std::vector<double> kImagenetStd{0.229, 0.224, 0.225};

// The statistics used when none are given: ImageNet's for RGB; for luminance, ImageNet's taken
// through the same 0.299/0.587/0.114 weights that make the luminance, so a grayscale image is
// normalised like the RGB one it came from; 0 and 1 (no change) for any other channel count.
std::vector<double> defaultMean(int channels);
std::vector<double> defaultStd(int channels);

// InputError when the counts do not fit C or a std is not positive.
void normalize(Tensor& chw, const std::vector<double>& mean, const std::vector<double>& std);

} // namespace tessera
