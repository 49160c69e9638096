// Preprocessing: how an image becomes the normalised C×H×W tensor a ViT sees.
//
// timm's eval transform (create_transform for evaluation): resize the shorter side to
// int(img_size / crop_pct) — the longer side scaled as torchvision does, int(size · long / short)
// — then center-crop img_size at offsets int(round((h - size) / 2)), then / 255, then
// (x - mean) / std. A non-square img_size resizes to int(side / crop_pct) on each side, as timm
// does. Resizing is PIL's, in 8 bits (pil_resize.hpp). Besides timm's center crop there are the
// other ImageFit policies (spec.hpp). Presets carry timm's named statistics.
#pragma once

#include "image_u8.hpp"
#include "spec.hpp"
#include "tensor.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tessera {

struct Preset {
    std::string_view name;
    std::vector<double> mean, std; // RGB
    double cropPct;
    Interpolation interpolation;
};

// imagenet  0.485,0.456,0.406 / 0.229,0.224,0.225, crop_pct 0.875, bicubic
// inception 0.5 / 0.5, crop_pct 0.9, bicubic (timm's ViT default)
// clip      0.48145466,0.4578275,0.40821073 / 0.26862954,0.26130258,0.27577711, crop_pct 1.0,
//           bicubic (timm's OpenAI CLIP configs)
// InputError naming the choices for any other name; empty means imagenet.
const Preset& presetNamed(std::string_view name);
std::span<const Preset> presets(); // in the order the app lists them

// The statistics in force for `channels`: the Spec's own, else the preset's. RGB statistics
// serve a luminance image through the same 0.299/0.587/0.114 weights that make the luminance;
// any other channel count gets 0 and 1 (no change).
std::vector<double> meanFor(const Spec& spec, int channels);
std::vector<double> stdFor(const Spec& spec, int channels);

// What preprocessing does to an image's geometry, for the views to draw and the CLI to report.
struct PreprocessPlan {
    ImageFit fit = ImageFit::Native;
    Size2 source;             // the decoded image
    Size2 resized;            // after the resize (= source when there is none)
    int cropX = 0, cropY = 0; // offset of the crop in the resized image
    Size2 output;             // the tensor's H×W
    Interpolation interpolation = Interpolation::Bicubic;
};

// "center-crop: resized 256x384 (bicubic), cropped 224x224 at (16, 80)", for summaries.
std::string describe(const PreprocessPlan& plan);

// InputError when the policy cannot apply (no img_size for center-crop or squash, an image
// smaller than the crop, a patch larger than the image for crop-multiple).
PreprocessPlan planPreprocess(Size2 source, const Spec& spec);

// Bytes of the 8-bit pictures preprocessing holds at its peak, for the memory plan: the decoded
// image as Qt holds it (up to 8 bytes a pixel), its C-channel copy, the resize's intermediate
// pass and its result. Checked arithmetic; an upper bound, not an exact count.
std::int64_t preprocessBytes(const PreprocessPlan& plan, int channels);

// Preprocessing in two halves, so that views can show the resized image with the crop on it:
// the resize the plan asks for (8-bit, as PIL; the image itself when none), then crop, / 255 and
// normalise to a (C, H, W) tensor.
ImageU8 resizeForPlan(const ImageU8& image, const PreprocessPlan& plan);
Tensor cropAndNormalize(const ImageU8& resized, const PreprocessPlan& plan, const Spec& spec);
// Both halves in one, when nobody needs the resized picture: only the crop's part of the resize
// is computed (pil_resize.hpp), the same values as cropAndNormalize(resizeForPlan(...)).
Tensor preprocessImage(const ImageU8& image, const PreprocessPlan& plan, const Spec& spec);

// Per-channel (x - mean[c]) / std[c] on a (C, H, W) tensor; one value or one per channel.
// InputError when the counts do not fit C or a std is not positive.
void normalize(Tensor& chw, const std::vector<double>& mean, const std::vector<double>& std);
// InputError when (x - mean) / std would not be a finite float32 for x in [0, 1].
void checkMeanStd(const std::vector<double>& mean, const std::vector<double>& std);

} // namespace tessera
