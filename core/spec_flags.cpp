#include "spec_flags.hpp"

#include "error.hpp"
#include "gemm_backend.hpp"
#include "preprocess.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <limits>

// lupdate reads QT_TRANSLATE_NOOP by name; core has no Qt, so it marks the text and is the text.
#ifndef QT_TRANSLATE_NOOP
#define QT_TRANSLATE_NOOP(context, text) text
#endif

namespace tessera {
namespace {

constexpr int kMaxDim = 1 << 20;

using Got = std::optional<std::string>;

// "4G", "512M", "64k", "1048576": a size in bytes, suffixes in powers of 1024 (a trailing B or iB
// is allowed); 1 MB to 4 EB.
std::int64_t parseBytes(std::string_view text, std::string_view what) {
    std::string_view number = text;
    int shift = 0;
    auto drop = [&](std::string_view tail) {
        if (number.size() > tail.size() &&
            std::equal(tail.rbegin(), tail.rend(), number.rbegin(), [](char a, char b) {
                return a == std::toupper(static_cast<unsigned char>(b));
            }))
            number.remove_suffix(tail.size());
    };
    drop("IB");
    drop("B");
    if (!number.empty()) {
        const char u = char(std::toupper(static_cast<unsigned char>(number.back())));
        const char* units = "KMGTPE";
        if (const char* at = std::strchr(units, u); at && *at) {
            shift = 10 * int(at - units + 1);
            number.remove_suffix(1);
        }
    }
    const long long v = parseInteger(number, what, 1, (1LL << 62) >> shift);
    if ((v << shift) < (1LL << 20))
        throw InputError(std::string(what) + " " + std::string(text) +
                         " is below 1 MB: no run fits in that");
    return std::int64_t(v) << shift;
}

std::string joined(const std::vector<double>& v) {
    std::string s;
    for (double x : v)
        s += (s.empty() ? "" : ",") + realString(x);
    return s;
}

template <class E> std::string choicesOf() {
    return choiceList<E>("|");
}
template <class E> Got choice(const std::optional<E>& v) {
    return v ? Got(std::string(name(*v))) : std::nullopt;
}
Got size(const std::optional<Size2>& v) {
    return v ? Got(sizeString(*v)) : std::nullopt;
}
Got text(const std::string& v) {
    return v.empty() ? std::nullopt : Got(v);
}
Got on(bool v) {
    return v ? Got("") : std::nullopt;
}

const std::array kFlags{
    SpecFlag{
        "--weights", "FILE",
        "patch-embedding weights (.safetensors, .pth/.pt/.bin/.ckpt, .npz or .npy); sets D, C, "
        "P",
        QT_TRANSLATE_NOOP("tessera::SpecFlag", "Weights file"),
        [](Spec& s, std::string_view v) { s.weightsPath = v; },
        [](const Spec& s) { return text(s.weightsPath); }},
    SpecFlag{"--weights-key", "PREFIX", "which PatchEmbed of a checkpoint, e.g. patch_embed.",
             QT_TRANSLATE_NOOP("tessera::SpecFlag", "Checkpoint prefix"),
             [](Spec& s, std::string_view v) { s.weightsKey = v; },
             [](const Spec& s) { return text(s.weightsKey); }},
    SpecFlag{"--resample-weights", "",
             "PI-resize (FlexiViT) a weights file's kernel to --patch-size",
             QT_TRANSLATE_NOOP("tessera::SpecFlag", "PI-resize"),
             [](Spec& s, std::string_view) { s.resampleWeights = true; },
             [](const Spec& s) { return on(s.resampleWeights); }},
    SpecFlag{"--patch-size", "P|PxQ", "patch height x width (default 16)",
             QT_TRANSLATE_NOOP("tessera::SpecFlag", "Patch (P × Q)"),
             [](Spec& s, std::string_view v) { s.patch = parseSize2(v, "--patch-size"); },
             [](const Spec& s) { return size(s.patch); }},
    SpecFlag{
        "--embed-dim", "D", "embedding dimension (default 768)",
        QT_TRANSLATE_NOOP("tessera::SpecFlag", "embed_dim"),
        [](Spec& s, std::string_view v) {
            s.embedDim = int(parseInteger(v, "--embed-dim", 1, kMaxDim));
        },
        [](const Spec& s) { return s.embedDim ? Got(std::to_string(*s.embedDim)) : std::nullopt; }},
    SpecFlag{
        "--in-chans", "C", "input channels: 3 RGB, 1 luminance; any for .npy (default 3)",
        QT_TRANSLATE_NOOP("tessera::SpecFlag", "Channels"),
        [](Spec& s, std::string_view v) {
            s.inChans = int(parseInteger(v, "--in-chans", 1, 4096));
        },
        [](const Spec& s) { return s.inChans ? Got(std::to_string(*s.inChans)) : std::nullopt; }},
    SpecFlag{"--img-size", "S|HxW", "the size the model expects (checked by --pad strict)",
             QT_TRANSLATE_NOOP("tessera::SpecFlag", "img_size"),
             [](Spec& s, std::string_view v) { s.imgSize = parseSize2(v, "--img-size"); },
             [](const Spec& s) { return size(s.imgSize); }},
    SpecFlag{"--pad", "", "size policy (default: strict with --img-size, else dynamic)",
             QT_TRANSLATE_NOOP("tessera::SpecFlag", "Size policy"),
             [](Spec& s, std::string_view v) { s.pad = parseChoice<PadPolicy>(v); },
             [](const Spec& s) { return choice(s.pad); }, choicesOf<PadPolicy>},
    SpecFlag{"--fit", "", "image to model size (default: center-crop with --img-size, else native)",
             QT_TRANSLATE_NOOP("tessera::SpecFlag", "Size"),
             [](Spec& s, std::string_view v) { s.fit = parseChoice<ImageFit>(v); },
             [](const Spec& s) { return choice(s.fit); }, choicesOf<ImageFit>},
    SpecFlag{"--preset", "NAME", "preprocessing preset: imagenet (default), inception, clip",
             QT_TRANSLATE_NOOP("tessera::SpecFlag", "Normalisation"),
             [](Spec& s, std::string_view v) {
                 presetNamed(v); // refuse unknown names now, not at first use
                 s.preset = v;
             },
             [](const Spec& s) { return text(s.preset); }},
    SpecFlag{"--crop-pct", "F", "center-crop: shorter side resized to img_size / F (preset's)",
             QT_TRANSLATE_NOOP("tessera::SpecFlag", "crop_pct"),
             [](Spec& s, std::string_view v) {
                 s.cropPct = parseReal(v, "--crop-pct");
                 if (!(*s.cropPct > 0 && *s.cropPct <= 1))
                     throw InputError("--crop-pct " + std::string(v) + " must be in (0, 1]");
             },
             [](const Spec& s) { return s.cropPct ? Got(realString(*s.cropPct)) : std::nullopt; }},
    SpecFlag{"--interpolation", "", "image resampling (preset's: bicubic)",
             QT_TRANSLATE_NOOP("tessera::SpecFlag", "Interpolation"),
             [](Spec& s, std::string_view v) { s.interpolation = parseChoice<Interpolation>(v); },
             [](const Spec& s) { return choice(s.interpolation); }, choicesOf<Interpolation>},
    SpecFlag{"--mean", "a,b,c", "per-channel mean for images (default: the preset's)",
             QT_TRANSLATE_NOOP("tessera::SpecFlag", "Mean"),
             [](Spec& s, std::string_view v) {
                 s.mean = parseDoubles(v, "--mean");
                 checkMeanStd(s.mean, {1.0});
             },
             [](const Spec& s) { return s.mean.empty() ? std::nullopt : Got(joined(s.mean)); }},
    SpecFlag{"--std", "a,b,c", "per-channel std for images (default: the preset's)",
             QT_TRANSLATE_NOOP("tessera::SpecFlag", "Std"),
             [](Spec& s, std::string_view v) {
                 s.std = parseDoubles(v, "--std");
                 checkMeanStd({0.0}, s.std);
             },
             [](const Spec& s) { return s.std.empty() ? std::nullopt : Got(joined(s.std)); }},
    SpecFlag{"--format", "", "output layout (default NLC)",
             QT_TRANSLATE_NOOP("tessera::SpecFlag", "Output layout"),
             [](Spec& s, std::string_view v) { s.format = parseChoice<OutputFormat>(v); },
             [](const Spec& s) {
                 return s.format == OutputFormat::NLC ? std::nullopt
                                                      : choice(std::optional(s.format));
             },
             choicesOf<OutputFormat>},
    SpecFlag{"--norm", "", "normalisation after the projection (default none)",
             QT_TRANSLATE_NOOP("tessera::SpecFlag", "LayerNorm"),
             [](Spec& s, std::string_view v) { s.norm = parseChoice<NormKind>(v); },
             [](const Spec& s) {
                 return s.norm == NormKind::None ? std::nullopt : choice(std::optional(s.norm));
             },
             choicesOf<NormKind>},
    SpecFlag{"--norm-eps", "E", "LayerNorm epsilon (default 1e-6, as timm's ViT)",
             QT_TRANSLATE_NOOP("tessera::SpecFlag", "LayerNorm eps"),
             [](Spec& s, std::string_view v) {
                 s.normEps = parseReal(v, "--norm-eps");
                 // LayerNorm runs in float32: an eps that is 0 there divides by 0 on a flat patch.
                 if (!(float(s.normEps) >= std::numeric_limits<float>::min()))
                     throw InputError("--norm-eps " + std::string(v) +
                                      " must be a positive float32 (at least 1.18e-38)");
             },
             [](const Spec& s) {
                 return s.normEps == Spec{}.normEps ? std::nullopt : Got(realString(s.normEps));
             }},
    SpecFlag{"--no-bias", "", "projection without bias (Conv2d bias=False)",
             QT_TRANSLATE_NOOP("tessera::SpecFlag", "bias"),
             [](Spec& s, std::string_view) { s.bias = false; },
             [](const Spec& s) { return on(!s.bias); }},
    SpecFlag{"--init", "", "weights made when no file is given (default pytorch-default)",
             QT_TRANSLATE_NOOP("tessera::SpecFlag", "Init"),
             [](Spec& s, std::string_view v) { s.init = parseChoice<InitScheme>(v); },
             [](const Spec& s) {
                 return s.init == InitScheme::PytorchDefault ? std::nullopt
                                                             : choice(std::optional(s.init));
             },
             choicesOf<InitScheme>},
    SpecFlag{"--seed", "N", "seed of the random weights (default 0)",
             QT_TRANSLATE_NOOP("tessera::SpecFlag", "Seed"),
             [](Spec& s, std::string_view v) {
                 s.seed = std::uint64_t(
                     parseInteger(v, "--seed", 0, std::numeric_limits<long long>::max()));
             },
             [](const Spec& s) { return s.seed ? Got(std::to_string(s.seed)) : std::nullopt; }},
    SpecFlag{
        "--threads", "N",
        "worker threads, 1 to 256 (default: the CPUs this process may use: its affinity mask, "
        "capped by a cgroup CPU quota)",
        QT_TRANSLATE_NOOP("tessera::SpecFlag", "Threads"),
        // 256 at most: no machine this runs on has that many cores to use, and each thread of the
        // task pool costs a stack.
        [](Spec& s, std::string_view v) { s.threads = int(parseInteger(v, "--threads", 1, 256)); },
        [](const Spec& s) { return s.threads ? Got(std::to_string(s.threads)) : std::nullopt; }},
    SpecFlag{"--backend", "NAME",
             "GEMM backend: xsmm (libxsmm's run-time kernels) or eigen (portable); default: xsmm "
             "where this build has it and the CPU has AVX2, else eigen",
             QT_TRANSLATE_NOOP("tessera::SpecFlag", "GEMM backend"),
             [](Spec& s, std::string_view v) {
                 if (v.empty())
                     throw InputError("--backend needs a name: " + gemmBackendList());
                 s.backend = gemmBackend(v).name;
             },
             [](const Spec& s) { return s.backend.empty() ? std::nullopt : Got(s.backend); }},
    SpecFlag{"--max-memory", "SIZE",
             "memory a run may plan to hold, e.g. 4G or 512M (default: half the RAM)",
             QT_TRANSLATE_NOOP("tessera::SpecFlag", "tessera --max-memory SIZE (a start option)"),
             [](Spec& s, std::string_view v) { s.maxMemory = parseBytes(v, "--max-memory"); },
             [](const Spec& s) {
                 return s.maxMemory ? Got(std::to_string(s.maxMemory)) : std::nullopt;
             }},
    SpecFlag{"--no-class-token", "",
             "the model has no class token (a global-pool ViT): the sequence is the N patches",
             QT_TRANSLATE_NOOP("tessera::SpecFlag", "Class token"),
             [](Spec& s, std::string_view) { s.classToken = false; },
             [](const Spec& s) { return on(!s.classToken); }, nullptr, true},
    SpecFlag{
        "--reg-tokens", "R", "register tokens after the class token (default 0)",
        QT_TRANSLATE_NOOP("tessera::SpecFlag", "Register tokens"),
        [](Spec& s, std::string_view v) {
            s.regTokens = int(parseInteger(v, "--reg-tokens", 0, 64));
        },
        [](const Spec& s) { return s.regTokens ? Got(std::to_string(s.regTokens)) : std::nullopt; },
        nullptr, true},
};

// Spec's size changes when a field is added: add its row above and its value to the round-trip
// test, then update this number.
static_assert(sizeof(Spec) == 312, "a Spec field was added: give it a row in kFlags");

} // namespace

std::span<const SpecFlag> specFlags() {
    return kFlags;
}

std::vector<std::string> toArgs(const Spec& s) {
    std::vector<std::string> a;
    for (const SpecFlag& f : kFlags)
        if (const Got v = f.get(s)) {
            a.emplace_back(f.name);
            if (f.takesValue())
                a.push_back(*v);
        }
    return a;
}

Spec specFromArgs(const std::vector<std::string>& args) {
    Spec s;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const SpecFlag* f = findSpecFlag(args[i]);
        if (!f)
            throw InputError("'" + args[i] + "' is not a Spec flag");
        if (!f->takesValue()) {
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

namespace tessera {
namespace {

template <class E>
void choicesInAppWords(std::string& message, std::string (*translate)(const char*, const char*)) {
    const SpecFlag* flag = findSpecFlag(choiceTable<E>().flag);
    for (const Choice<E>& c : choiceTable<E>().rows) {
        const std::string cli = std::string(flag->name) + " " + std::string(c.cli);
        const std::string app = translate("tessera::SpecFlag", flag->label) + ": " +
                                translate("tessera::Choice", c.label);
        for (auto at = message.find(cli); at != std::string::npos; at = message.find(cli, at)) {
            const std::size_t end = at + cli.size();
            // Whole words only: "--pad none" must not match inside "--pad nonexistent".
            if (end < message.size() &&
                (std::isalnum((unsigned char)message[end]) || message[end] == '-')) {
                at = end;
                continue;
            }
            message.replace(at, cli.size(), app);
            at += app.size();
        }
    }
}

} // namespace

std::string inAppWords(std::string message,
                       std::string (*translate)(const char* context, const char* text)) {
    choicesInAppWords<PadPolicy>(message, translate);
    choicesInAppWords<ImageFit>(message, translate);
    choicesInAppWords<OutputFormat>(message, translate);
    choicesInAppWords<NormKind>(message, translate);
    choicesInAppWords<Interpolation>(message, translate);
    choicesInAppWords<InitScheme>(message, translate);
    // Longest names first: "--weights-key" before "--weights".
    std::vector<const SpecFlag*> flags;
    for (const SpecFlag& f : kFlags)
        flags.push_back(&f);
    std::sort(flags.begin(), flags.end(),
              [](auto* a, auto* b) { return a->name.size() > b->name.size(); });
    for (const SpecFlag* f : flags) {
        const std::string app = translate("tessera::SpecFlag", f->label);
        for (auto at = message.find(f->name); at != std::string::npos;
             at = message.find(f->name, at + app.size()))
            message.replace(at, f->name.size(), app);
    }
    return message;
}

} // namespace tessera
