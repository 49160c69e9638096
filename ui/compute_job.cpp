#include "compute_job.hpp"

#include "arithmetic.hpp"

#include "error.hpp"
#include "image_loader.hpp"
#include "resolve_weights.hpp"
#include "weights_loader.hpp"

namespace tessera::ui {

JobOutcome runJob(const JobInput& in) {
    JobOutcome out;
    out.generation = in.generation;
    out.spec = in.spec;
    out.imageName = in.imageName;
    out.imageSha256 = in.imageSha256;
    out.loaded = in.loaded;
    auto stopped = [&] { return in.cancel && in.cancel->load(); };
    try {
        // Converting a 4096×4096 picture takes ~50 ms: here, not on the GUI thread.
        const int channels = in.spec.channels() == 1 ? 1 : 3;
        const ImageU8 image = io::toImageU8(in.image, channels);
        out.plan = planPreprocess({image.height, image.width}, in.spec);
        std::optional<FoundWeights> file;
        if (!in.spec.weightsPath.empty()) {
            if (!out.loaded)
                out.loaded = std::make_shared<const FoundWeights>(
                    io::loadWeights(in.spec.weightsPath, in.spec.weightsKey,
                                    SeveralEmbeddings::Refuse, memoryLimit(in.spec)));
            file = fitToSpec(in.spec, *out.loaded);
        }
        // The run's memory and its grid, planned before anything of their size is made: a grid
        // that cannot be cut, or a run over the limit, says so now (P 999 with D 768 would be
        // 9 GB of weights for an error; an img_size of 30000 a 10 GB resize).
        Arithmetic planned = arithmetic(specAsRun(in.spec, file), out.plan.output, 1);
        planned.pictureBytes = preprocessBytes(out.plan, channels);
        requireMemory(in.spec, planned);
        const PatchGrid& grid = planned.grid;
        out.resized = std::make_shared<const ImageU8>(resizeForPlan(image, out.plan));
        if (stopped()) {
            out.cancelled = true;
            return out;
        }
        auto input = std::make_shared<Tensor>(cropAndNormalize(*out.resized, out.plan, in.spec));
        input->shape.insert(input->shape.begin(), 1);
        out.input = input;
        const Tensor& x = *input;
        const Progress progress = [&](std::size_t done, std::size_t all) {
            if (in.onProgress)
                in.onProgress(done, all);
            return !stopped();
        };
        // --init pca-patches fits the weights to this image's patches: cancellable, with the
        // bar showing the fit before it shows the projection.
        out.weights =
            std::make_shared<const PatchEmbedWeights>(weightsFor(in.spec, file, x, grid, progress));
        const PatchEmbedWeights& w = *out.weights;
        out.dim = w.dim();
        out.result = patchEmbed(x, w, embedOptions(in.spec), progress);
        out.gflops = 2.0 * double(out.result.norms.size()) * w.dim() * w.valuesPerPatch() /
                     (out.result.millis * 1e6);
        out.view =
            std::make_shared<const ViewData>(prepareViewData(*out.resized, out.plan, out.result));
    } catch (const Cancelled&) {
        out.cancelled = true;
    } catch (const InputError& e) {
        out.error = e.what();
    } catch (const std::exception& e) {
        out.error = std::string("internal error: ") + e.what();
    }
    return out;
}

} // namespace tessera::ui
