#include "spec_flags.hpp"

#include "error.hpp"
#include "preprocess.hpp"

#include <array>
#include <limits>

namespace tessera {
namespace {

constexpr int kMaxDim = 1 << 20;

const std::array kFlags{
    SpecFlag{"--weights", "FILE", "patch-embedding weights (.safetensors or .npy); sets D, C and P",
             [](Spec &s, std::string_view v) { s.weightsPath = v; }},
    SpecFlag{"--weights-key", "PREFIX", "which PatchEmbed of a checkpoint, e.g. patch_embed.",
             [](Spec &s, std::string_view v) { s.weightsKey = v; }},
    SpecFlag{"--patch-size", "P|PxQ", "patch height x width (default 16)",
             [](Spec &s, std::string_view v) { s.patch = parseSize2(v, "--patch-size"); }},
    SpecFlag{"--embed-dim", "D", "embedding dimension (default 768)",
             [](Spec &s, std::string_view v) {
                 s.embedDim = int(parseInteger(v, "--embed-dim", 1, kMaxDim));
             }},
    SpecFlag{"--in-chans", "C", "input channels: 3 RGB, 1 luminance; any for .npy (default 3)",
             [](Spec &s, std::string_view v) {
                 s.inChans = int(parseInteger(v, "--in-chans", 1, 4096));
             }},
    SpecFlag{"--img-size", "S|HxW", "the size the model expects (checked by --pad strict)",
             [](Spec &s, std::string_view v) { s.imgSize = parseSize2(v, "--img-size"); }},
    SpecFlag{"--pad", "strict|dynamic|none",
             "size policy (default: strict with --img-size, else dynamic)",
             [](Spec &s, std::string_view v) { s.pad = parsePad(v); }},
    SpecFlag{"--fit", "native|center-crop|squash|crop-multiple",
             "image to model size (default: center-crop with --img-size, else native)",
             [](Spec &s, std::string_view v) { s.fit = parseFit(v); }},
    SpecFlag{"--preset", "NAME", "preprocessing preset: imagenet (default), inception, clip",
             [](Spec &s, std::string_view v) {
                 presetNamed(v); // refuse unknown names now, not at first use
                 s.preset = v;
             }},
    SpecFlag{"--crop-pct", "F", "center-crop: shorter side resized to img_size / F (preset's)",
             [](Spec &s, std::string_view v) {
                 s.cropPct = parseReal(v, "--crop-pct");
                 if (!(*s.cropPct > 0 && *s.cropPct <= 1))
                     throw InputError("--crop-pct " + std::string(v) + " must be in (0, 1]");
             }},
    SpecFlag{"--interpolation", "nearest|bilinear|bicubic", "image resampling (preset's: bicubic)",
             [](Spec &s, std::string_view v) { s.interpolation = parseInterpolation(v); }},
    SpecFlag{"--resample-weights", "",
             "PI-resize (FlexiViT) a weights file's kernel to --patch-size",
             [](Spec &s, std::string_view) { s.resampleWeights = true; }},
    SpecFlag{"--format", "NLC|NCHW|NHWC", "output layout (default NLC)",
             [](Spec &s, std::string_view v) { s.format = parseFormat(v); }},
    SpecFlag{"--norm", "none|layernorm", "normalisation after the projection (default none)",
             [](Spec &s, std::string_view v) { s.norm = parseNorm(v); }},
    SpecFlag{"--norm-eps", "E", "LayerNorm epsilon (default 1e-6, as timm's ViT)",
             [](Spec &s, std::string_view v) {
                 s.normEps = parseReal(v, "--norm-eps");
                 if (!(s.normEps > 0))
                     throw InputError("--norm-eps " + std::string(v) + " must be positive");
             }},
    SpecFlag{"--no-bias", "", "projection without bias (Conv2d bias=False)",
             [](Spec &s, std::string_view) { s.bias = false; }},
    SpecFlag{"--init", "NAME",
             "random weights: pytorch-default, lecun-normal, xavier-uniform, trunc-normal",
             [](Spec &s, std::string_view v) { s.init = parseInit(v); }},
    SpecFlag{"--seed", "N", "seed of the random weights (default 0)",
             [](Spec &s, std::string_view v) {
                 s.seed = std::uint64_t(
                     parseInteger(v, "--seed", 0, std::numeric_limits<long long>::max()));
             }},
    SpecFlag{"--mean", "a,b,c", "per-channel mean for images (default: the preset's)",
             [](Spec &s, std::string_view v) { s.mean = parseDoubles(v, "--mean"); }},
    SpecFlag{"--std", "a,b,c", "per-channel std for images (default: the preset's)",
             [](Spec &s, std::string_view v) { s.std = parseDoubles(v, "--std"); }},
    SpecFlag{"--threads", "N", "worker threads (default: all cores)",
             [](Spec &s, std::string_view v) {
                 s.threads = int(parseInteger(v, "--threads", 1, 1024));
             }},
};

} // namespace

std::span<const SpecFlag> specFlags() {
    return kFlags;
}

const SpecFlag *findSpecFlag(std::string_view name) {
    for (const auto &f : kFlags)
        if (f.name == name)
            return &f;
    return nullptr;
}

} // namespace tessera
