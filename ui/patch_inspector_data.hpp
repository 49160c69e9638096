// What the Patch inspector shows for one patch of a result, prepared on a worker thread
// (LatestJob), and the colour maps it draws with.
//
// A patch is followed from its 8-bit pixels to its embedding: the raw values (from the resized
// image at the crop offset), the normalised values x (K = C·P·Q, (C, P, Q) order, as the
// projection multiplies them), every output W·x + b (D values, summed in double), and the same
// after LayerNorm when the result used it. The weight matrix W (D × K, up to 1024 × 3072) is turned
// into a picture here too, once per set of weights.
#pragma once

#include "compute_job.hpp"
#include "filters_render.hpp" // divergingRgb: the signed values' colours, shared

#include <QImage>
#include <QRgb>

#include <atomic>
#include <memory>
#include <vector>

namespace tessera::ui {

struct PatchInspection {
    int index = -1;                // patch index, row-major over the grid
    int gy = 0, gx = 0;            // its grid cell (row, column)
    int channels = 0;              // C
    Size2 patch;                   // P×Q, pixels
    std::vector<float> x;          // K values, (C, P, Q) order: normalised, 0 on padding
    std::vector<int> raw;          // K values, same order: the 8-bit value, or -1 on padding
    int paddedPixels = 0;          // P·Q positions of this patch that lie in the padding
    std::vector<double> preNorm;   // D values: W·x + b, summed in double
    std::vector<double> computed;  // D values: preNorm, after LayerNorm when the result used it
    std::vector<float> resultRow;  // D values: the result's embeddings[index, :]
    std::vector<double> mean, std; // per channel: the normalisation in force
    bool layerNorm = false;        // the result is after LayerNorm
    double xRange = 0;             // max |x| (the colour maps' symmetric range)
    double preRange = 0;           // max |W·x + b|
    double resultRange = 0;        // max |y| of the result row (LayerNorm changes the scale)

    int valuesPerPatch() const { return channels * patch.h * patch.w; } // K
    int dim() const { return int(preNorm.size()); }                     // D
    // k = c·P·Q + p·Q + q: the (C, P, Q) order of timm's flatten.
    int k(int c, int p, int q) const { return (c * patch.h + p) * patch.w + q; }
};

// The weight matrix as a picture: row d of the image is row d of W (D × K), coloured on a
// diverging map that saturates at ±range.
constexpr QSize kPreviewSize{1024, 512};
struct WeightPicture {
    std::shared_ptr<const PatchEmbedWeights> source; // the weights it shows
    QImage image;                                    // K wide, D high
    // At most kPreviewSize, averaged down: what the view scales to its size as the dock is
    // resized (scaling 3072 × 1024 there would take the GUI thread tens of milliseconds).
    QImage preview;
    double range = 0; // the 99th percentile of |W| (a few large weights would wash out the rest)
    double maxAbs = 0;
};

// Patch `index` of the result: InputError when out of its grid. Checks `cancel` between steps.
PatchInspection inspectPatch(const JobOutcome& outcome, int index, const std::atomic<bool>& cancel);
WeightPicture weightPicture(std::shared_ptr<const PatchEmbedWeights> weights,
                            const std::atomic<bool>& cancel);

// The channel's short name: R, G, B for three channels, "L" (luminance) for one, else its number.
QString channelName(int c, int channels);
// The channel's own hue for raw 8-bit values (red, green, blue; grey for luminance).
QRgb channelTint(int c, int channels, int value);

} // namespace tessera::ui
