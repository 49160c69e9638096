// The one exporter both faces use: a run's embeddings to .npy, .npz, .safetensors, .csv or a
// .zip bundle, chosen by the output's extension.
//
//   .npy          the embeddings in the Spec's layout (NLC (B, N, D), NCHW or NHWC)
//   .npz          numpy.savez's layout: embeddings, norms (B, N), grid (2,) int64 (gh, gw),
//                 patch_boxes (N, 4) int64 (y0, x0, y1, x1 in the model input's pixels; a box
//                 may reach into the zero padding)
//   .safetensors  embeddings and norms, with the manifest and the Spec in __metadata__ (strings)
//   .csv          a row per patch: image,index,row,col,y0,x0,y1,x1,norm,e0..e(D-1); '.' decimals
//   .zip          manifest.json, embeddings.npy, norms.npy, patches.csv (no e-columns),
//                 overlay.png, norms.png, weights.safetensors (timm key names), and projector/
//                 (vectors.tsv, metadata.tsv, sprite.png, projector_config.json) that
//                 TensorBoard's Embedding Projector loads as it is
//
// Every file is written to a temporary name in the target folder and renamed when complete.
#pragma once

#include "image_u8.hpp"
#include "patch_embed.hpp"
#include "preprocess.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace tessera::io {

enum class ExportFormat { Npy, Npz, Safetensors, Csv, Bundle };

// By extension; InputError naming the extension and the choices otherwise.
ExportFormat exportFormatFor(const std::filesystem::path& output);
std::string extensionOf(ExportFormat format); // ".npy", ...
ExportFormat
parseExportFormat(const std::string& name); // "npy", "npz", "safetensors", "csv", "zip"

// What makes a run traceable (the manifest), besides its Spec.
struct RunRecord {
    std::string inputName;   // file name, without folders
    std::string inputSha256; // of the input file's bytes
    bool inputIsImage = true;
    Size2 inputSize;           // decoded image (or array) H×W
    std::string preprocessing; // describe(plan), or how an array was taken
    std::string weightsSha256; // of the weights file; empty with random weights
    std::string weightsLayout; // "timm", "hf-vit", "big_vision"
};

struct ExportInput {
    Spec spec; // as run
    const Result* result = nullptr;
    const PatchEmbedWeights* weights = nullptr;
    RunRecord record;
    std::vector<std::string> imageNames; // B labels for the CSV's image column
    // The model input of every batch item as 8-bit pictures (sprite thumbnails), and for the
    // first one the resized image with its plan (overlay.png); see viewsOf* below.
    std::vector<ImageU8> views;
    std::optional<ImageU8> resized;
    PreprocessPlan plan;
};

// The model input of an image run as a picture: the resized image's crop.
ImageU8 modelView(const ImageU8& resized, const PreprocessPlan& plan);
// Batch item b of an array input as a picture: its first three channels (or one), each scaled
// from its own min..max to 0..255.
ImageU8 arrayView(const Tensor& batch, std::int64_t b);

// The ExportInput of a run on one image, as both faces make it: names, the manifest's record
// (sha256s given, or empty when unknown), the geometry made explicit in the Spec (so a manifest
// repeats the run whatever later defaults become), and the pictures when `resized` is given (a
// bundle needs them; the other formats have no pictures).
ExportInput imageRunExport(const Spec& spec, const Result& result, const PatchEmbedWeights& weights,
                           const ImageU8* resized, const PreprocessPlan& plan,
                           const std::string& inputName, const std::string& inputSha256,
                           const std::string& weightsSha256, const std::string& weightsLayout);

void exportResult(const std::filesystem::path& output, const ExportInput& input);

std::string manifestJson(const ExportInput& input);
// The Spec a manifest records (its "spec" → "args"), for `embed --spec`.
std::vector<std::string> specArgsFromManifest(const std::filesystem::path& manifest);

std::string sha256OfFile(const std::filesystem::path& path);

// A CSV field, quoted as RFC 4180 says when it holds a comma, a quote or a line break.
std::string csvField(const std::string& text);

} // namespace tessera::io
