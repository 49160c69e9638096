// tessera-cli info: the arithmetic of one configuration (core/arithmetic.hpp), as text or JSON.
#include "commands.hpp"

#include "arithmetic.hpp"

#include <nlohmann/json.hpp>

#include <iostream>

namespace tessera::cli {
namespace {

std::string bytes(std::int64_t b) {
    char buf[64];
    if (b >= (1LL << 20))
        std::snprintf(buf, sizeof buf, "%.2f MiB", double(b) / (1 << 20));
    else
        std::snprintf(buf, sizeof buf, "%.1f KiB", double(b) / 1024);
    return groupDigits(b) + " B (" + buf + ")";
}

// FLOPs are a double (they outgrow 64 bits first): digits while they fit, else 1.23e+20.
std::string flopsText(double flops) {
    if (flops < 9e18)
        return groupDigits((long long)flops);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3e", flops);
    return buf;
}

int runInfo(const ParsedArgs& a) {
    if (!a.positional.empty())
        throw UsageError("info takes no positional arguments, got '" + a.positional[0] + "'");
    Spec spec = a.spec;
    const Size2 input = spec.imgSize.value_or(Size2{224, 224});
    spec.imgSize = input;
    const int batch = int(parseInteger(a.get("--batch", "1"), "--batch", 1, 1 << 20));
    const Arithmetic m = arithmetic(spec, input, batch);
    const Size2 p = m.grid.patch;

    if (a.has("--json")) {
        nlohmann::json j = {
            {"img_size", {input.h, input.w}},
            {"patch_size", {p.h, p.w}},
            {"in_chans", m.channels},
            {"embed_dim", m.dim},
            {"batch", m.batch},
            {"pad", name(spec.padPolicy())},
            {"padded_size", {m.grid.padded.h, m.grid.padded.w}},
            {"grid", {m.grid.gh, m.grid.gw}},
            {"num_patches", m.patches},
            {"num_tokens", m.tokens},
            {"attention_pairs", m.attentionPairs},
            {"values_per_patch", m.valuesPerPatch},
            {"params", m.params()},
            {"weight_params", m.weightParams},
            {"bias_params", m.biasParams},
            {"norm_params", m.normParams},
            {"flops", m.flops},
            {"output_shapes", {{"NLC", m.nlc}, {"NCHW", m.nchw}, {"NHWC", m.nhwc}}},
            {"bytes",
             {{"input", m.inputBytes},
              {"weights", m.weightBytes},
              {"output", m.outputBytes},
              {"packed_patches", m.workspaceBytes},
              {"planned", m.plannedBytes()},
              {"limit", memoryLimit(spec)}}},
        };
        std::cout << j.dump(2) << "\n";
        return 0;
    }
    const std::string pq = std::to_string(p.h) + "x" + std::to_string(p.w);
    std::cout << "input             " << m.batch << " x " << m.channels << " x " << input.h << " x "
              << input.w << " (B x C x H x W), --pad " << name(spec.padPolicy()) << "\n"
              << "patch             " << pq << "\n"
              << "grid              " << m.grid.gh << " x " << m.grid.gw << " = " << m.patches
              << " patches per image";
    if (m.grid.padBottom() || m.grid.padRight())
        std::cout << " (padded to " << sizeString(m.grid.padded) << ")";
    if (m.grid.cropBottom() || m.grid.cropRight())
        std::cout << " (" << m.grid.cropBottom() << " rows, " << m.grid.cropRight()
                  << " columns left out)";
    std::cout << "\ntokens            " << m.tokens << " (" << m.patches << " patches";
    if (spec.classToken)
        std::cout << " + 1 class token";
    if (spec.regTokens)
        std::cout << " + " << spec.regTokens << " register tokens";
    std::cout << "), attention compares " << flopsText(m.attentionPairs) << " pairs per layer";
    std::cout << "\nvalues per patch  " << m.valuesPerPatch << " (C*P*Q = " << m.channels << "*"
              << p.h << "*" << p.w << ")\n"
              << "parameters        " << groupDigits(m.params()) << " (weight "
              << groupDigits(m.weightParams) << " + bias " << groupDigits(m.biasParams);
    if (m.normParams)
        std::cout << " + norm " << groupDigits(m.normParams);
    std::cout << ")\n"
              << "FLOPs             " << flopsText(m.flops) << " (2*B*N*D*C*P*Q)\n"
              << "output NLC        " << shapeString(m.nlc) << "\n"
              << "output NCHW       " << shapeString(m.nchw) << "\n"
              << "output NHWC       " << shapeString(m.nhwc) << "\n"
              << "memory input      " << bytes(m.inputBytes) << "\n"
              << "memory weights    " << bytes(m.weightBytes) << "\n"
              << "memory output     " << bytes(m.outputBytes) << " (float32)\n"
              << "memory planned    " << bytes(m.plannedBytes())
              << " (with the packed patches), limit " << bytes(memoryLimit(spec))
              << (spec.maxMemory ? " (--max-memory)" : " (half the RAM; --max-memory)") << "\n";
    return 0;
}

} // namespace

const Command kInfoCommand{
    "info",
    "info [--img-size HxW] [--patch-size PxQ] [--in-chans C] [--embed-dim D] [--json]",
    "the arithmetic of a configuration: grid, N, parameters, FLOPs, shapes, memory",
    {{"--batch", "B", "images per batch (default 1)"}, {"--json", "", "print JSON"}},
    {"--img-size", "--patch-size", "--in-chans", "--embed-dim", "--pad", "--no-bias", "--norm",
     "--no-class-token", "--reg-tokens", "--max-memory"},
    runInfo,
};

} // namespace tessera::cli
