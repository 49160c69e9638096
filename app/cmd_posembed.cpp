// tessera-cli posembed: timm's fixed sin-cos 2-D table, or a learned table resampled to a new
// grid.
#include "commands.hpp"

#include "arithmetic.hpp"
#include "file_names.hpp"
#include "memory_policy.hpp"
#include "npy.hpp"
#include "pos_embed.hpp"

#include <algorithm>
#include <iostream>

namespace tessera::cli {
namespace {

int runPosembed(const ParsedArgs& a) {
    if (!a.positional.empty())
        throw UsageError("posembed takes no positional arguments, got '" + a.positional[0] + "'");
    const std::string output = a.get("-o");
    if (!hasExtension(output, ".npy"))
        throw UsageError("posembed needs -o OUT.npy");
    if (!a.has("--grid"))
        throw UsageError("posembed needs --grid GHxGW");
    const Size2 grid = parseSize2(a.get("--grid"), "--grid");
    const bool resampling = a.has("--resample");
    if (resampling == a.has("--kind"))
        throw UsageError("posembed takes either --kind sincos2d or --resample POS.npy");

    Tensor out;
    if (resampling) {
        const int prefix =
            int(parseInteger(a.get("--prefix-tokens", "1"), "--prefix-tokens", 0, 1024));
        std::optional<Size2> old;
        if (a.has("--old-grid"))
            old = parseSize2(a.get("--old-grid"), "--old-grid");
        refuseOutputOverInput(a.get("--resample"), output);
        // Planned from the header: the table read, its planes, the resized planes and the output.
        const Shape table = readNpyHeader(a.get("--resample")).shape;
        const double d = table.empty() ? 1.0 : double(table.back());
        const double cells = double(prefix) + double(grid.h) * double(grid.w);
        const double in = 4.0 * double(numel(table));
        requireMemory(a.spec, 2 * in + 3 * 4.0 * cells * d,
                      "table " + bytesText(std::int64_t(std::min(in, 9e18))) +
                          " resampled to grid " + sizeString(grid) + ", D " +
                          std::to_string(std::int64_t(d)));
        const Tensor pos = loadNpy(a.get("--resample"));
        out = resamplePosEmbed(pos, grid, prefix, old);
        std::cout << "input    " << a.get("--resample") << "  " << shapeString(pos.shape) << "\n";
    } else {
        if (a.get("--kind") != "sincos2d")
            throw UsageError("unknown --kind '" + a.get("--kind") + "' (choices: sincos2d)");
        if (!a.spec.embedDim)
            throw UsageError("posembed --kind sincos2d needs --embed-dim D");
        const double temperature = parseReal(a.get("--temperature", "10000"), "--temperature");
        const double bytes = 4.0 * double(grid.h) * double(grid.w) * double(*a.spec.embedDim);
        requireMemory(a.spec, bytes,
                      "table for grid " + sizeString(grid) + ", D " +
                          std::to_string(*a.spec.embedDim));
        out = sincos2dPosEmbed(grid, *a.spec.embedDim, temperature);
    }
    saveNpy(output, out);
    std::cout << "output   " << output << "  " << shapeString(out.shape) << " float32\n";
    return 0;
}

} // namespace

const Command kPosembedCommand{
    "posembed",
    "posembed (--kind sincos2d --embed-dim D | --resample POS.npy [--prefix-tokens K] "
    "[--old-grid HxW]) --grid GHxGW -o OUT.npy",
    "position embeddings: timm's sin-cos 2-D table, or a learned one resampled to a new grid",
    {{"-o", "OUT.npy", "output file (written whole or not at all)"},
     {"--grid", "GHxGW", "the patch grid the embedding is for"},
     {"--kind", "sincos2d", "build a fixed table: (GH*GW, D)"},
     {"--temperature", "T", "sin-cos temperature (default 10000)"},
     {"--resample", "POS.npy", "resample a (1, T, D) or (T, D) table: (1, K + GH*GW, D)"},
     {"--prefix-tokens", "K", "class/register tokens kept as they are (default 1)"},
     {"--old-grid", "HxW", "the table's grid (default: square)"}},
    {"--embed-dim", "--max-memory"},
    runPosembed,
};

} // namespace tessera::cli
