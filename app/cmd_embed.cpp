// tessera-cli embed: inputs through one PatchEmbed to files, with a short summary.
//
// One input and `-o FILE`: the format follows FILE's extension (an existing FILE is replaced,
// but never the input itself). Several inputs (or a folder, or a quoted glob) and `-o FOLDER/`:
// one output per input in --export-format, plus index.csv mapping inputs to outputs. The names
// are planned for the whole batch before anything is written (file_names.hpp): unique, never an
// input or the index, and existing files are replaced only with --overwrite. An input that fails
// for any reason is reported in index.csv and skipped; the exit status is then 3. `--shard K/N`
// takes every N-th input from the K-th (0-based), so a job scheduler can spread a set over
// machines. A batch decodes and preprocesses the next inputs on a worker thread while the
// PatchEmbed of the current one runs (batch_pipeline.hpp); its outputs, index.csv and messages
// are those of one run per input.
//
// --init pca-patches fits the weights to "the current image": with several inputs, each input is
// fitted on its own patches (a .npy batch (B, C, H, W) on the patches of all its B images), after
// it is preprocessed and its grid planned. What an export saves (a bundle's weights.safetensors)
// is the fitted weights of that input.
#include "commands.hpp"

#include "arithmetic.hpp"
#include "atomic_file.hpp"
#include "batch_pipeline.hpp"
#include "exporter.hpp"
#include "file_names.hpp"
#include "image_loader.hpp"
#include "input_loader.hpp"
#include "npy.hpp"
#include "patch_embed.hpp"
#include "resolve_weights.hpp"
#include "spec_flags.hpp"
#include "task_pool.hpp"
#include "weights_loader.hpp"

#include <QGuiApplication>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <glob.h>
#include <iostream>
#include <memory>
#include <new>
#include <unistd.h>

namespace tessera::cli {
namespace {

namespace fs = std::filesystem;

// Inputs finished ahead of the one being embedded, besides the one the worker is preparing: one
// slow decode is absorbed, and at most four inputs are held (bench/README.md).
constexpr std::size_t kPipelineDepth = 2;

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

bool isInputFile(const fs::path& p) {
    for (const char* e :
         {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff", ".npy"})
        if (hasExtension(p, e))
            return true;
    return false;
}

// Positional arguments to input files: folders give their images (sorted), quoted globs expand.
// A folder entry that cannot even be looked at (a symbolic link loop, no permission) is kept:
// it then fails as an input of its own, reported in index.csv, instead of stopping the batch.
std::vector<fs::path> expandInputs(const std::vector<std::string>& args, bool* many) {
    std::vector<fs::path> inputs;
    *many = args.size() > 1;
    for (const std::string& a : args) {
        std::error_code ec;
        if (fs::is_directory(a, ec)) {
            *many = true;
            std::vector<fs::path> found;
            fs::directory_iterator it(a, ec);
            for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
                std::error_code typeError;
                if (!it->is_directory(typeError) && isInputFile(it->path()))
                    found.push_back(it->path());
            }
            if (ec)
                throw InputError("cannot list the folder " + a + ": " + ec.message());
            std::sort(found.begin(), found.end());
            inputs.insert(inputs.end(), found.begin(), found.end());
        } else if (a.find_first_of("*?[") != std::string::npos && !fs::exists(a, ec)) {
            *many = true;
            glob_t g{};
            if (::glob(a.c_str(), 0, nullptr, &g) == 0)
                for (std::size_t i = 0; i < g.gl_pathc; ++i)
                    inputs.emplace_back(g.gl_pathv[i]);
            globfree(&g);
        } else {
            inputs.emplace_back(a);
        }
    }
    return inputs;
}

struct Shard {
    long long k = 0, n = 1;
};

Shard parseShard(const std::string& text) {
    const auto slash = text.find('/');
    if (slash == std::string::npos)
        throw UsageError("--shard " + text + " must be K/N, e.g. 0/4");
    Shard s;
    s.n = parseInteger(std::string_view(text).substr(slash + 1), "--shard N", 1, 1 << 30);
    s.k = parseInteger(std::string_view(text).substr(0, slash), "--shard K", 0, s.n - 1);
    return s;
}

struct Run {
    io::Input in;
    Result result;
    std::shared_ptr<const PatchEmbedWeights> weights;
    double fitMillis = 0; // making the weights: only --init pca-patches takes time to mention
};

// The first half of a run: the input's plan and, unless deferred, its decoded and preprocessed
// tensor. A batch prepares these on a worker thread ahead of the PatchEmbed (batch_pipeline.hpp).
struct Prepared {
    Arithmetic planned;
    std::optional<io::Input> in; // empty: not loaded yet, finishRun() loads it
};

int channelsFor(const Spec& spec, const std::optional<FoundWeights>& file) {
    return file ? file->weights.channels() : spec.channels();
}

// Only a bundle draws the whole resized picture (overlay.png); other formats need the crop alone.
io::KeepResized keepResizedFor(const fs::path& output) {
    return io::exportFormatFor(output) == io::ExportFormat::Bundle ? io::KeepResized::Yes
                                                                   : io::KeepResized::No;
}

// The grid and the whole run's memory from the input's header, before the input is decoded or
// resized and before weights, packed patches or output are allocated: an input the grid cannot
// be cut from, or a run over the limit, fails at once.
Prepared prepareInput(const fs::path& input, const Spec& spec,
                      const std::optional<FoundWeights>& file) {
    Prepared p{io::plannedRun(specAsRun(spec, file),
                              io::readInputHeader(input, spec, channelsFor(spec, file))),
               std::nullopt};
    requireMemory(spec, p.planned);
    return p;
}

// The input decoded and preprocessed for writing to `output`.
io::Input loadFor(const fs::path& input, const Spec& spec, const std::optional<FoundWeights>& file,
                  const fs::path& output) {
    return io::loadInput(input, spec, channelsFor(spec, file), keepResizedFor(output));
}

// Weights that do not depend on the input (a file's, or an init scheme's from its seed) are made
// once per channel count and shared by every input of a batch: initWeights of D 768 at P16 costs
// more than the PatchEmbed of a 224 image. So is their packing for the GEMM backend (a third of a
// 224 image's product). --init pca-patches fits each input anew.
class WeightsCache {
  public:
    std::shared_ptr<const PatchEmbedWeights> get(const Spec& spec,
                                                 const std::optional<FoundWeights>& file,
                                                 const Tensor& x, const PatchGrid& grid) {
        if (!file && spec.init == InitScheme::PcaPatches)
            return std::make_shared<const PatchEmbedWeights>(weightsFor(spec, file, x, grid));
        const int channels = x.rank() == 4 ? int(x.dim(1)) : -1;
        for (const Made& m : m_made)
            if (m.channels == channels)
                return m.weights;
        auto made = std::make_shared<const PatchEmbedWeights>(weightsFor(spec, file, x, grid));
        m_made.push_back({channels, made,
                          prepackWeight(gemmBackend(spec.backend), made->proj.data.data(),
                                        made->dim(), made->valuesPerPatch())});
        return made;
    }

    // The packing of weights this cache made; null for others (packed in their run).
    std::shared_ptr<const PackedWeight> packed(const PatchEmbedWeights& w) const {
        for (const Made& m : m_made)
            if (m.weights.get() == &w)
                return m.packed;
        return nullptr;
    }

  private:
    struct Made {
        int channels;
        std::shared_ptr<const PatchEmbedWeights> weights;
        std::shared_ptr<const PackedWeight> packed;
    };
    std::vector<Made> m_made;
};

// The second half: weights, PatchEmbed, export.
Run finishRun(const fs::path& input, Prepared prepared, const Spec& spec,
              const std::optional<FoundWeights>& file, const fs::path& output,
              WeightsCache& cache) {
    const PatchGrid& grid = prepared.planned.grid;
    if (!prepared.in)
        prepared.in = loadFor(input, spec, file, output);
    Run run{std::move(*prepared.in), {}, {}};
    const auto fitStart = std::chrono::steady_clock::now();
    run.weights = cache.get(spec, file, run.in.batch, grid);
    run.fitMillis =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - fitStart)
            .count();
    EmbedOptions options = embedOptions(spec);
    options.packed = cache.packed(*run.weights);
    run.result = patchEmbed(run.in.batch, *run.weights, options);

    // Hashes and pictures cost time; only the formats that carry them pay for them.
    const io::ExportFormat format = io::exportFormatFor(output);
    const bool rich = format == io::ExportFormat::Bundle || format == io::ExportFormat::Safetensors;
    const std::string inputSha = rich ? io::sha256OfFile(input) : std::string();
    const std::string weightsSha =
        rich && file ? io::sha256OfFile(spec.weightsPath) : std::string();
    const std::string layout = file ? file->layout : std::string();
    const std::string name = input.filename().string();
    if (run.in.isImage) {
        io::exportResult(output,
                         io::imageRunExport(spec, run.result, *run.weights,
                                            run.in.resized ? &*run.in.resized : nullptr,
                                            run.in.plan, name, inputSha, weightsSha, layout));
        return run;
    }
    io::ExportInput ex;
    ex.spec = spec;
    ex.spec.threads = run.result.threads;
    ex.result = &run.result;
    ex.weights = run.weights.get();
    const std::int64_t B = run.in.batch.dim(0);
    for (std::int64_t b = 0; b < B; ++b) {
        ex.imageNames.push_back(B > 1 ? name + "[" + std::to_string(b) + "]" : name);
        if (format == io::ExportFormat::Bundle)
            ex.views.push_back(io::arrayView(run.in.batch, b));
    }
    ex.record = {name,
                 inputSha,
                 false,
                 {int(run.in.batch.dim(2)), int(run.in.batch.dim(3))},
                 "array, used as it is",
                 weightsSha,
                 layout};
    io::exportResult(output, ex);
    return run;
}

// One input through the pipeline, then exported.
Run embedOne(const fs::path& input, const Spec& spec, const std::optional<FoundWeights>& file,
             const fs::path& output) {
    WeightsCache cache;
    Prepared prepared = prepareInput(input, spec, file);
    prepared.in = loadFor(input, spec, file, output);
    return finishRun(input, std::move(prepared), spec, file, output, cache);
}

void printSummary(const fs::path& input, const fs::path& output, const Spec& spec,
                  const std::optional<FoundWeights>& file, const Run& run) {
    const Result& r = run.result;
    const PatchEmbedWeights& w = *run.weights;
    const auto [lo, hi] = std::minmax_element(r.norms.data.begin(), r.norms.data.end());
    double sum = 0;
    for (float v : r.norms.data)
        sum += v;
    const double flops = 2.0 * double(r.norms.size()) * w.dim() * w.valuesPerPatch();
    std::string note;
    if (r.grid.padBottom() || r.grid.padRight())
        note = " (zero-padded " + std::to_string(r.grid.padBottom()) + " rows, " +
               std::to_string(r.grid.padRight()) + " columns)";
    else if (r.grid.cropBottom() || r.grid.cropRight())
        note = " (" + std::to_string(r.grid.cropBottom()) + " rows, " +
               std::to_string(r.grid.cropRight()) + " columns past the grid are not used)";
    std::cout << "input    " << input.string() << "  " << (run.in.isImage ? "image " : "array ")
              << shapeString(run.in.batch.shape) << " (B, C, H, W)\n";
    if (run.in.isImage)
        std::cout << "fit      " << describe(run.in.plan) << "\n";
    std::cout << "weights  " << describeWeights(spec, file) << "  D " << w.dim() << ", C "
              << w.channels() << ", patch " << sizeString(w.patch())
              << (w.bias.empty() ? ", no bias" : ", bias")
              << (spec.norm == NormKind::LayerNorm ? ", LayerNorm" : "") << "\n";
    if (!file && spec.init == InitScheme::PcaPatches) {
        // N patches have at most N - 1 directions once their mean is removed; the rest of W
        // completes an orthonormal set and gives outputs of 0.
        const std::int64_t n = std::int64_t(r.norms.size()),
                           fitted = std::min<std::int64_t>(w.dim(), n - 1);
        std::cout << "fitted   top " << fitted << " principal directions of " << n << " patches";
        if (fitted < w.dim())
            std::cout << " (at most " << n - 1 << "); the other " << w.dim() - fitted << " of D "
                      << w.dim() << " complete an orthonormal set, their outputs 0";
        std::cout << " in " << fixed(run.fitMillis, 2) << " ms\n";
    }
    std::cout << "grid     " << r.grid.gh << "x" << r.grid.gw << " = " << r.grid.count()
              << " patches of " << w.valuesPerPatch() << " values" << note << "\n"
              << "output   " << output.string() << "  "
              << shapeString(outputShape(r.embeddings.dim(0), r.grid, w.dim(), spec.format))
              << " float32 " << name(spec.format) << "\n"
              << "norms    min " << fixed(*lo, 4) << "  mean " << fixed(sum / r.norms.size(), 4)
              << "  max " << fixed(*hi, 4) << "\n"
              << "time     " << fixed(r.millis, 2) << " ms  (" << fixed(flops / r.millis / 1e6, 1)
              << " GFLOP/s, " << r.threads << (r.threads == 1 ? " thread, " : " threads, ")
              << r.backend << " GEMM)\n";
}

// The bar goes to `out`, a copy of stderr's descriptor taken before the batch starts: the image
// decoders point stderr itself at /dev/null while they run (image_loader.cpp), and in a batch
// they run on the pipeline's worker while the bar is drawn.
void progressBar(std::FILE* out, std::size_t done, std::size_t total, const std::string& name) {
    constexpr int kWidth = 30;
    const int filled = int(kWidth * done / std::max<std::size_t>(1, total));
    std::fprintf(out, "\r[%s%s] %zu/%zu %-40.40s", std::string(filled, '#').c_str(),
                 std::string(kWidth - filled, ' ').c_str(), done, total, name.c_str());
    std::fflush(out);
}

// What a failed input is told in index.csv and on stderr: an InputError says it in its own words;
// anything else is named as a failure of this input, never a reason to stop the batch.
std::string failureMessage(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const InputError& e) {
        return e.what();
    } catch (const fs::filesystem_error& e) { // a link loop, a file gone since it was listed
        return "cannot read " + e.path1().string() + ": " + e.code().message();
    } catch (const std::bad_alloc&) {
        return "out of memory while processing this input";
    } catch (const std::exception& e) {
        return std::string("failed: ") + e.what();
    } catch (...) {
        return "failed for an unknown reason";
    }
}

void writeIndex(const fs::path& folder, const std::string& text) {
    AtomicFile f(folder / kBatchIndexName);
    f.write(text);
    f.commit();
}

int runMany(const std::vector<fs::path>& inputs, const fs::path& folder, const Spec& spec,
            const std::optional<FoundWeights>& file, io::ExportFormat format, bool overwrite) {
    std::vector<fs::path> alsoRead;
    if (!spec.weightsPath.empty())
        alsoRead.emplace_back(spec.weightsPath);
    const std::vector<fs::path> outputs =
        planBatchOutputs(inputs, folder, io::extensionOf(format), overwrite, alsoRead);
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec || !fs::is_directory(folder))
        throw InputError("cannot create output folder " + folder.string() +
                         (ec ? ": " + ec.message() : std::string()));
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> bar(nullptr, std::fclose);
    if (::isatty(STDERR_FILENO)) {
        const int fd = ::fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 0);
        bar.reset(fd >= 0 ? ::fdopen(fd, "w") : nullptr);
        if (fd >= 0 && !bar)
            ::close(fd);
    }
    std::string index = "input,output,status,patches,embed_dim,ms,message\n";
    std::vector<std::pair<std::string, std::string>> failures;
    // The index is rewritten (atomically) at most once a second while the batch runs, so an
    // interrupted batch still says which outputs it finished.
    using Clock = std::chrono::steady_clock;
    auto lastIndex = Clock::now();
    WeightsCache cache;
    // Input i + 1 is decoded and preprocessed on the worker while this thread runs input i's
    // PatchEmbed and writes its output. The worker's parallel loops (the resize, the
    // normalisation) get --threads, as the PatchEmbed does; both share the process's task pool,
    // whose idle threads spin 50 µs and then sleep (task_pool.hpp), so neither holds a core the
    // other needs.
    // An input too large to hold kPipelineDepth + 2 of within the memory limit is only planned
    // ahead, and loaded here when its turn comes.
    const std::int64_t aheadBytes = memoryLimit(spec) / (kPipelineDepth + 2);
    BatchPipeline<Prepared> pipeline(inputs.size(), kPipelineDepth, [&](std::size_t i) {
        setDefaultThreads(spec.threads);
        Prepared p = prepareInput(inputs[i], spec, file);
        if (p.planned.plannedBytes() <= aheadBytes)
            p.in = loadFor(inputs[i], spec, file, outputs[i]);
        return p;
    });
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        const fs::path& input = inputs[i];
        if (bar)
            progressBar(bar.get(), i, inputs.size(), input.filename().string());
        try {
            const Run run = finishRun(input, pipeline.next(), spec, file, outputs[i], cache);
            index += io::csvField(input.string()) + ',' +
                     io::csvField(outputs[i].filename().string()) + ",ok," +
                     std::to_string(run.result.grid.count()) + ',' +
                     std::to_string(run.weights->dim()) + ',' + fixed(run.result.millis, 3) + ",\n";
        } catch (...) {
            const std::string message = failureMessage(std::current_exception());
            failures.emplace_back(input.string(), message);
            index += io::csvField(input.string()) + ",,error,,,," + io::csvField(message) + '\n';
        }
        if (Clock::now() - lastIndex > std::chrono::seconds(1)) {
            writeIndex(folder, index);
            lastIndex = Clock::now();
        }
    }
    if (bar) {
        progressBar(bar.get(), inputs.size(), inputs.size(), "done");
        std::fputc('\n', bar.get());
        std::fflush(bar.get());
    }
    writeIndex(folder, index);
    std::cout << "embedded " << inputs.size() - failures.size() << " of " << inputs.size()
              << " inputs into " << folder.string() << " (" << io::extensionOf(format)
              << ", index.csv)\n";
    for (const auto& [input, message] : failures)
        std::cerr << "failed   " << input << ": " << message << "\n";
    return failures.empty() ? 0 : 3;
}

// `-o` names a folder when it is one, or ends with '/', or has no extension ("-o out").
bool namesFolder(const std::string& output) {
    std::error_code ec;
    return output.ends_with('/') || fs::is_directory(output, ec) ||
           fs::path(output).extension().empty();
}

int runEmbed(const ParsedArgs& a) {
    if (a.positional.empty())
        throw UsageError("embed takes at least one INPUT (an image, a .npy, a folder or a glob)");
    if (!a.has("-o"))
        throw UsageError("embed needs -o OUT (a file, or a folder/ for several inputs)");
    const std::string output = a.get("-o");
    if (output.empty())
        throw UsageError("-o needs a file or folder name, got an empty one");

    Spec spec = a.spec;
    if (a.has("--spec")) { // the manifest's Spec, then this command line's flags on top
        std::vector<std::string> args = io::specArgsFromManifest(a.get("--spec"));
        args.insert(args.end(), a.specArgs.begin(), a.specArgs.end());
        spec = specFromArgs(args);
    }
    bool many = false;
    std::vector<fs::path> inputs = expandInputs(a.positional, &many);
    if (a.has("--shard")) {
        const Shard s = parseShard(a.get("--shard"));
        std::vector<fs::path> mine;
        for (std::size_t i = 0; i < inputs.size(); ++i)
            if (i % std::size_t(s.n) == std::size_t(s.k))
                mine.push_back(inputs[i]);
        inputs = std::move(mine);
        many = true;
    }
    if (inputs.empty())
        throw InputError("no inputs matched " + a.positional.front());
    if (many && !namesFolder(output))
        throw UsageError(std::to_string(inputs.size()) + " inputs (" + inputs.front().string() +
                         (inputs.size() > 1 ? ", " + inputs[1].string() : std::string()) +
                         (inputs.size() > 2 ? ", ..." : "") + ") cannot all go to one file -o " +
                         output + "; give a folder, e.g. -o " +
                         fs::path(output).replace_extension().string() + "/");
    many = many || namesFolder(output);
    if (!many) {
        refuseOutputOverInput(inputs.front(), output);
        if (!spec.weightsPath.empty())
            refuseOutputOverInput(spec.weightsPath, output);
    }

    const io::ExportFormat format = many ? io::parseExportFormat(a.get("--export-format", "npy"))
                                         : io::exportFormatFor(output); // refused before any work
    // A bundle's pictures (overlay.png, norms.png, sprite.png) need a GUI application for
    // fonts: an offscreen one, so no display is needed. Qt's chatter is not the user's business.
    std::unique_ptr<QGuiApplication> app;
    if (format == io::ExportFormat::Bundle) {
        if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        qInstallMessageHandler([](QtMsgType type, const QMessageLogContext&, const QString& m) {
            if (type == QtCriticalMsg || type == QtFatalMsg)
                std::cerr << m.toStdString() << "\n";
        });
        static int argc = 1;
        static char arg0[] = "tessera-cli";
        static char* argv[] = {arg0, nullptr};
        app = std::make_unique<QGuiApplication>(argc, argv);
    }

    const auto file = io::loadSpecWeights(spec);
    if (many)
        return runMany(inputs, output, spec, file, format, a.has("--overwrite"));
    const Run run = embedOne(inputs.front(), spec, file, output);
    printSummary(inputs.front(), output, spec, file, run);
    return 0;
}

} // namespace

const Command kEmbedCommand{
    "embed",
    "embed INPUT... -o OUT [options]",
    "embed images or float .npy arrays; OUT's extension picks .npy, .npz, .safetensors, .csv or "
    ".zip (bundle)",
    {{"-o", "OUT", "output file, or a folder/ for several inputs (written whole or not at all)"},
     {"--export-format", "FMT", "with several inputs: npy (default), npz, safetensors, csv, zip"},
     {"--overwrite", "", "with several inputs: replace outputs that exist already"},
     {"--spec", "MANIFEST", "repeat a run from an export's manifest.json (flags given here win)"},
     {"--shard", "K/N", "take every N-th input starting at the K-th (0-based)"}},
    {"*"},
    runEmbed,
};

} // namespace tessera::cli
