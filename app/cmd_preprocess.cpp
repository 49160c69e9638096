// tessera-cli preprocess: an image through the preprocessing `embed` applies, written as
// (1, C, H, W) float32 — so what the model sees can be inspected with numpy.
#include "commands.hpp"

#include "file_names.hpp"
#include "input_loader.hpp"
#include "npy.hpp"

#include <iostream>

namespace tessera::cli {
namespace {

int runPreprocess(const ParsedArgs& a) {
    if (a.positional.size() != 1)
        throw UsageError("preprocess takes one IMAGE, got " + std::to_string(a.positional.size()));
    const std::string output = a.get("-o");
    if (!hasExtension(output, ".npy"))
        throw UsageError("preprocess needs -o OUT.npy");
    const std::string& input = a.positional[0];
    if (hasExtension(input, ".npy"))
        throw UsageError("preprocess takes an image, not " + input +
                         " (arrays are used as they are)");
    const io::Input in = io::loadInput(input, a.spec, a.spec.channels(), io::KeepResized::No);
    saveNpy(output, in.batch);
    std::cout << "input    " << input << "  " << sizeString(in.plan.source) << " (HxW)\n"
              << "fit      " << describe(in.plan) << "\n"
              << "output   " << output << "  " << shapeString(in.batch.shape) << " float32\n";
    return 0;
}

} // namespace

const Command kPreprocessCommand{
    "preprocess",
    "preprocess IMAGE -o OUT.npy [--preset NAME] [--img-size S|HxW] [--crop-pct F] "
    "[--interpolation MODE] [--mean a,b,c] [--std a,b,c]",
    "an image through timm's eval preprocessing (or another --fit): (1, C, H, W) float32 .npy",
    {{"-o", "OUT.npy", "output file (written whole or not at all)"}},
    {"--preset", "--img-size", "--fit", "--crop-pct", "--interpolation", "--mean", "--std",
     "--in-chans", "--patch-size"},
    runPreprocess,
};

} // namespace tessera::cli
