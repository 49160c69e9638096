// ComputeJob: one run of the whole pipeline for the app, as a plain function the Session runs on
// a worker thread: plan and preprocess the image, fit the weights, embed, measure.
//
// Everything a job reads is passed in (shared, immutable) and everything it makes comes back in a
// JobOutcome, so jobs never touch the Session and a stale one can simply be dropped.
#pragma once

#include "checkpoint.hpp"
#include "image_u8.hpp"
#include "patch_embed.hpp"
#include "preprocess.hpp"
#include "view_data.hpp"

#include <QImage>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace tessera::ui {

struct JobInput {
    std::uint64_t generation = 0;
    QImage image; // as decoded; made RGB or luminance (spec.channels()) on the worker
    std::string imageName, imageSha256; // what the result will say it was computed from
    Spec spec;
    // The weights file as loaded (before fitToSpec), when it is the one spec names; else null.
    std::shared_ptr<const FoundWeights> loaded;
    std::shared_ptr<std::atomic<bool>> cancel;
    // Called from worker threads with (done, in all): first a pca-patches fit's steps, if any,
    // then patches; must be thread-safe.
    std::function<void(std::size_t, std::size_t)> onProgress;
};

// A result knows what it was computed from: its Spec, the image's name and SHA-256. Views and
// exports read these, never the Session's current values, which may have moved on.
struct JobOutcome {
    std::uint64_t generation = 0;
    Spec spec;
    std::string imageName, imageSha256;
    PreprocessPlan plan;
    std::shared_ptr<const ImageU8> resized;     // what the view shows (before the crop)
    std::shared_ptr<const Tensor> input;        // (1, C, H, W): cropped and normalised
    std::shared_ptr<const FoundWeights> loaded; // the weights file as loaded, for the cache
    Result result;
    std::shared_ptr<const PatchEmbedWeights> weights; // the weights used (exports save them)
    int dim = 0;                                      // D of the weights used
    double gflops = 0;
    std::shared_ptr<const ViewData> view; // the views' pictures and plot, made here
    std::string error;                    // an InputError's message, or empty
    bool cancelled = false;
    bool ok() const { return error.empty() && !cancelled; }
};

JobOutcome runJob(const JobInput& input);

} // namespace tessera::ui
