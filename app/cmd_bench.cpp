// tessera-cli bench: times the core in-process on random data (one warm-up, then R runs) and
// reports the median. Input values and weights are seeded, so runs are comparable.
#include "commands.hpp"

#include "arithmetic.hpp"

#include "patch_embed.hpp"
#include "resolve_weights.hpp"
#include "weight_init.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iostream>
#include <random>

namespace tessera::cli {
namespace {

Shape parseShape4(const std::string& text) {
    Shape s;
    std::size_t start = 0;
    while (true) {
        const auto x = text.find('x', start);
        s.push_back(
            parseInteger(std::string_view(text).substr(start, x - start), "--shape", 1, 1 << 20));
        if (x == std::string::npos)
            break;
        start = x + 1;
    }
    if (s.size() != 4)
        throw UsageError("--shape " + text + " must be BxCxHxW");
    return s;
}

int runBench(const ParsedArgs& a) {
    const Shape shape = parseShape4(a.get("--shape", "1x3x224x224"));
    const int repeat = int(parseInteger(a.get("--repeat", "10"), "--repeat", 1, 100000));
    const Spec& spec = a.spec;
    // Planned before the input or the weights are made: a shape too large is said, not tried.
    Spec planned = spec;
    planned.inChans = int(shape[1]);
    planned.pad = PadPolicy::Dynamic;
    requireMemory(spec, arithmetic(planned, {int(shape[2]), int(shape[3])}, int(shape[0])));

    Tensor x(shape);
    std::mt19937 gen(1);
    for (float& v : x.data)
        v = float(gen() >> 8) * 0x1.0p-24f * 4.0f - 2.0f; // roughly a normalised image's range
    const PatchEmbedWeights w = initWeights(InitScheme::PytorchDefault, spec.dim(), int(shape[1]),
                                            spec.patchSize(), true, 0);
    EmbedOptions o = embedOptions(spec);
    o.pad = PadPolicy::Dynamic;
    o.norm = NormKind::None;
    // Packed once, as a model's weights are loaded once for many images: the timed runs are the
    // per-image cost. (`embed` packs in its run; a batch packs once for all its images.)
    o.packed =
        prepackWeight(gemmBackend(spec.backend), w.proj.data.data(), w.dim(), w.valuesPerPatch());

    patchEmbed(x, w, o); // warm-up: first-touch of buffers, thread pool start
    std::vector<double> ms;
    Result last;
    for (int i = 0; i < repeat; ++i) {
        last = patchEmbed(x, w, o);
        ms.push_back(last.millis);
    }
    const std::vector<double> samples = ms; // in the order they ran
    std::sort(ms.begin(), ms.end());
    const double p95 = ms[std::min(ms.size() - 1, ms.size() * 95 / 100)];
    const double median =
        ms.size() % 2 ? ms[ms.size() / 2] : (ms[ms.size() / 2 - 1] + ms[ms.size() / 2]) / 2;
    const double patches = double(last.norms.size());
    const double gflops = 2.0 * patches * w.dim() * w.valuesPerPatch() / (median * 1e6);
    const double perSecond = patches / (median / 1e3);
    const Size2 p = w.patch();
    const std::string shapeText = std::to_string(shape[0]) + "x" + std::to_string(shape[1]) + "x" +
                                  std::to_string(shape[2]) + "x" + std::to_string(shape[3]);
    if (a.has("--json")) {
        nlohmann::json j = {
            {"median_ms", median},      {"gflops", gflops},        {"patches_per_s", perSecond},
            {"threads", last.threads},  {"backend", last.backend}, {"shape", shape},
            {"patch_size", {p.h, p.w}}, {"embed_dim", w.dim()},    {"repeat", repeat},
            {"min_ms", ms.front()},     {"max_ms", ms.back()},     {"p95_ms", p95},
            {"samples_ms", samples}};
        std::cout << j.dump() << "\n";
        return 0;
    }
    std::printf("shape %s  patch %dx%d  D %d  threads %d  backend %s  repeat %d\n"
                "median %.3f ms  (min %.3f, p95 %.3f, max %.3f)\n%.1f GFLOP/s  %.0f patches/s\n",
                shapeText.c_str(), p.h, p.w, w.dim(), last.threads, last.backend.c_str(), repeat,
                median, ms.front(), p95, ms.back(), gflops, perSecond);
    if (a.has("--samples")) {
        std::printf("samples (ms, in order):");
        for (const double v : samples)
            std::printf(" %.3f", v);
        std::printf("\n");
    }
    return 0;
}

} // namespace

const Command kBenchCommand{
    "bench",
    "bench [--shape BxCxHxW] [--patch-size P] [--embed-dim D] [--threads N] [--backend NAME] "
    "[--repeat R] [--json] [--samples]",
    "time the core in-process: median and p95 ms, GFLOP/s (2*N*D*C*P*Q per image), patches/s",
    {{"--shape", "BxCxHxW", "input shape (default 1x3x224x224)"},
     {"--repeat", "R", "timed runs after one warm-up (default 10)"},
     {"--json", "", "print one JSON object (samples_ms: every timed run, in order)"},
     {"--samples", "", "also print every timed run, in order (the JSON always has them)"}},
    {"--patch-size", "--embed-dim", "--threads", "--backend", "--max-memory"},
    runBench,
};

} // namespace tessera::cli
