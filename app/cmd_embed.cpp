// tessera-cli embed: one input through one PatchEmbed to an .npy file, with a short summary.
#include "commands.hpp"

#include "input_loader.hpp"
#include "npy.hpp"
#include "patch_embed.hpp"
#include "resolve_weights.hpp"
#include "weights_loader.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace tessera::cli {
namespace {

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string paddingNote(const PatchGrid& g) {
    if (g.padBottom() || g.padRight())
        return " (zero-padded " + std::to_string(g.padBottom()) + " rows, " +
               std::to_string(g.padRight()) + " columns)";
    if (g.cropBottom() || g.cropRight())
        return " (" + std::to_string(g.cropBottom()) + " rows, " + std::to_string(g.cropRight()) +
               " columns past the grid are not used)";
    return {};
}

int runEmbed(const ParsedArgs& a) {
    if (a.positional.size() != 1)
        throw UsageError("embed takes one INPUT (an image or a .npy), got " +
                         std::to_string(a.positional.size()));
    if (!a.has("-o"))
        throw UsageError("embed needs -o OUT.npy");
    const std::string input = a.positional[0];
    const std::string output = a.get("-o");
    if (!output.ends_with(".npy"))
        throw UsageError("output " + output + " must end in .npy");

    const Spec& spec = a.spec;
    const auto file = io::loadSpecWeights(spec);
    const int channels = file ? file->weights.channels() : spec.channels();
    const io::Input in = io::loadInput(input, spec, channels);
    const PatchEmbedWeights weights = weightsFor(spec, file, int(in.batch.dim(1)));
    const Result r = patchEmbed(in.batch, weights, embedOptions(spec));
    const Tensor out = toFormat(r.embeddings, r.grid, spec.format);
    saveNpy(output, out);

    const auto [lo, hi] = std::minmax_element(r.norms.data.begin(), r.norms.data.end());
    double sum = 0;
    for (float v : r.norms.data)
        sum += v;
    const double flops = 2.0 * double(r.norms.size()) * weights.dim() * weights.valuesPerPatch();
    const Size2 p = weights.patch();
    std::cout << "input    " << input << "  " << (in.isImage ? "image " : "array ")
              << shapeString(in.batch.shape) << " (B, C, H, W)\n";
    if (in.isImage)
        std::cout << "fit      " << describe(in.plan) << "\n";
    std::cout << "weights  " << describeWeights(spec, file) << "  D " << weights.dim() << ", C "
              << weights.channels() << ", patch " << sizeString(p)
              << (weights.bias.empty() ? ", no bias" : ", bias")
              << (spec.norm == NormKind::LayerNorm ? ", LayerNorm" : "") << "\n"
              << "grid     " << r.grid.gh << "x" << r.grid.gw << " = " << r.grid.count()
              << " patches of " << weights.valuesPerPatch() << " values" << paddingNote(r.grid)
              << "\n"
              << "output   " << output << "  " << shapeString(out.shape) << " float32 "
              << name(spec.format) << "\n"
              << "norms    min " << fixed(*lo, 4) << "  mean " << fixed(sum / r.norms.size(), 4)
              << "  max " << fixed(*hi, 4) << "\n"
              << "time     " << fixed(r.millis, 2) << " ms  (" << fixed(flops / r.millis / 1e6, 1)
              << " GFLOP/s, " << r.threads << " threads)\n";
    return 0;
}

} // namespace

const Command kEmbedCommand{
    "embed",
    "embed INPUT -o OUT.npy [options]",
    "embed an image or a (C,H,W)/(B,C,H,W) float .npy; writes (B, ...) float32 .npy",
    {{"-o", "OUT.npy", "output file (written whole or not at all)"}},
    {"*"},
    runEmbed,
};

} // namespace tessera::cli
