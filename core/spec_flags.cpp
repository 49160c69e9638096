#include "spec_flags.hpp"

#include "error.hpp"
#include "preprocess.hpp"

#include <array>
#include <cstdio>
#include <limits>

namespace tessera {
namespace {

constexpr int kMaxDim = 1 << 20;

const std::array kFlags{
    SpecFlag{"--weights", "FILE",
             "patch-embedding weights (.safetensors, .npz or .npy); sets D, C, P",
             [](Spec& s, std::string_view v) { s.weightsPath = v; }},
    SpecFlag{"--weights-key", "PREFIX", "which PatchEmbed of a checkpoint, e.g. patch_embed.",
             [](Spec& s, std::string_view v) { s.weightsKey = v; }},
    SpecFlag{"--patch-size", "P|PxQ", "patch height x width (default 16)",
             [](Spec& s, std::string_view v) { s.patch = parseSize2(v, "--patch-size"); }},
    SpecFlag{"--embed-dim", "D", "embedding dimension (default 768)",
             [](Spec& s, std::string_view v) {
                 s.embedDim = int(parseInteger(v, "--embed-dim", 1, kMaxDim));
             }},
    SpecFlag{"--in-chans", "C", "input channels: 3 RGB, 1 luminance; any for .npy (default 3)",
             [](Spec& s, std::string_view v) {
                 s.inChans = int(parseInteger(v, "--in-chans", 1, 4096));
             }},
    SpecFlag{"--img-size", "S|HxW", "the size the model expects (checked by --pad strict)",
             [](Spec& s, std::string_view v) { s.imgSize = parseSize2(v, "--img-size"); }},
    SpecFlag{"--pad", "strict|dynamic|none",
             "size policy (default: strict with --img-size, else dynamic)",
             [](Spec& s, std::string_view v) { s.pad = parsePad(v); }},
    SpecFlag{"--fit", "native|center-crop|squash|crop-multiple",
             "image to model size (default: center-crop with --img-size, else native)",
             [](Spec& s, std::string_view v) { s.fit = parseFit(v); }},
    SpecFlag{"--preset", "NAME", "preprocessing preset: imagenet (default), inception, clip",
             [](Spec& s, std::string_view v) {
                 presetNamed(v); // refuse unknown names now, not at first use
                 s.preset = v;
             }},
    SpecFlag{"--crop-pct", "F", "center-crop: shorter side resized to img_size / F (preset's)",
             [](Spec& s, std::string_view v) {
                 s.cropPct = parseReal(v, "--crop-pct");
                 if (!(*s.cropPct > 0 && *s.cropPct <= 1))
                     throw InputError("--crop-pct " + std::string(v) + " must be in (0, 1]");
             }},
    SpecFlag{"--interpolation", "nearest|bilinear|bicubic", "image resampling (preset's: bicubic)",
             [](Spec& s, std::string_view v) { s.interpolation = parseInterpolation(v); }},
    SpecFlag{"--resample-weights", "",
             "PI-resize (FlexiViT) a weights file's kernel to --patch-size",
             [](Spec& s, std::string_view) { s.resampleWeights = true; }},
    SpecFlag{"--format", "NLC|NCHW|NHWC", "output layout (default NLC)",
             [](Spec& s, std::string_view v) { s.format = parseFormat(v); }},
    SpecFlag{"--norm", "none|layernorm", "normalisation after the projection (default none)",
             [](Spec& s, std::string_view v) { s.norm = parseNorm(v); }},
    SpecFlag{"--norm-eps", "E", "LayerNorm epsilon (default 1e-6, as timm's ViT)",
             [](Spec& s, std::string_view v) {
                 s.normEps = parseReal(v, "--norm-eps");
                 // LayerNorm runs in float32: an eps that is 0 there divides by 0 on a flat patch.
                 if (!(float(s.normEps) >= std::numeric_limits<float>::min()))
                     throw InputError("--norm-eps " + std::string(v) +
                                      " must be a positive float32 (at least 1.18e-38)");
             }},
    SpecFlag{"--no-bias", "", "projection without bias (Conv2d bias=False)",
             [](Spec& s, std::string_view) { s.bias = false; }},
    SpecFlag{"--init", "NAME",
             "random weights: pytorch-default, lecun-normal, xavier-uniform, trunc-normal",
             [](Spec& s, std::string_view v) { s.init = parseInit(v); }},
    SpecFlag{"--seed", "N", "seed of the random weights (default 0)",
             [](Spec& s, std::string_view v) {
                 s.seed = std::uint64_t(
                     parseInteger(v, "--seed", 0, std::numeric_limits<long long>::max()));
             }},
    SpecFlag{"--mean", "a,b,c", "per-channel mean for images (default: the preset's)",
             [](Spec& s, std::string_view v) {
                 s.mean = parseDoubles(v, "--mean");
                 checkMeanStd(s.mean, {1.0});
             }},
    SpecFlag{"--std", "a,b,c", "per-channel std for images (default: the preset's)",
             [](Spec& s, std::string_view v) {
                 s.std = parseDoubles(v, "--std");
                 checkMeanStd({0.0}, s.std);
             }},
    SpecFlag{"--threads", "N", "worker threads (default: all cores)",
             [](Spec& s, std::string_view v) {
                 s.threads = int(parseInteger(v, "--threads", 1, 1024));
             }},
};

} // namespace

std::span<const SpecFlag> specFlags() {
    return kFlags;
}

namespace {

std::string joined(const std::vector<double>& v) {
    std::string s;
    for (double x : v)
        s += (s.empty() ? "" : ",") + realString(x);
    return s;
}

} // namespace

std::vector<std::string> toArgs(const Spec& s) {
    std::vector<std::string> a;
    auto add = [&a](std::string flag, std::string value = {}) {
        a.push_back(std::move(flag));
        if (!value.empty())
            a.push_back(std::move(value));
    };
    if (!s.weightsPath.empty())
        add("--weights", s.weightsPath);
    if (!s.weightsKey.empty())
        add("--weights-key", s.weightsKey);
    if (s.resampleWeights)
        add("--resample-weights");
    if (s.patch)
        add("--patch-size", sizeString(*s.patch));
    if (s.embedDim)
        add("--embed-dim", std::to_string(*s.embedDim));
    if (s.inChans)
        add("--in-chans", std::to_string(*s.inChans));
    if (s.imgSize)
        add("--img-size", sizeString(*s.imgSize));
    if (s.pad)
        add("--pad", std::string(name(*s.pad)));
    if (s.fit)
        add("--fit", std::string(name(*s.fit)));
    if (!s.preset.empty())
        add("--preset", s.preset);
    if (s.cropPct)
        add("--crop-pct", realString(*s.cropPct));
    if (s.interpolation)
        add("--interpolation", std::string(name(*s.interpolation)));
    if (!s.mean.empty())
        add("--mean", joined(s.mean));
    if (!s.std.empty())
        add("--std", joined(s.std));
    if (s.format != OutputFormat::NLC)
        add("--format", std::string(name(s.format)));
    if (s.norm != NormKind::None)
        add("--norm", std::string(name(s.norm)));
    if (s.normEps != Spec{}.normEps)
        add("--norm-eps", realString(s.normEps));
    if (!s.bias)
        add("--no-bias");
    if (s.init != InitScheme::PytorchDefault)
        add("--init", std::string(name(s.init)));
    if (s.seed != 0)
        add("--seed", std::to_string(s.seed));
    if (s.threads != 0)
        add("--threads", std::to_string(s.threads));
    return a;
}

Spec specFromArgs(const std::vector<std::string>& args) {
    Spec s;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const SpecFlag* f = findSpecFlag(args[i]);
        if (!f)
            throw InputError("'" + args[i] + "' is not a Spec flag");
        if (f->metavar.empty()) {
            f->apply(s, "");
        } else {
            if (i + 1 >= args.size())
                throw InputError(args[i] + " needs a value");
            f->apply(s, args[++i]);
        }
    }
    return s;
}

const SpecFlag* findSpecFlag(std::string_view name) {
    for (const auto& f : kFlags)
        if (f.name == name)
            return &f;
    return nullptr;
}

} // namespace tessera
