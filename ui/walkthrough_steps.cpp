#include "walkthrough_steps.hpp"

#include "error.hpp"
#include "preprocess.hpp"

#include <QCoreApplication>
#include <QFileInfo>
#include <QLocale>

#include <algorithm>

namespace tessera::ui {
namespace {

// Every sentence the walkthrough says, one whole string each, for the translators.
namespace text {
// Step 1: the image.
constexpr const char* kImageRgb = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "The computer sees the photo as a grid of numbers: <b>%1</b> rows × <b>%2</b> columns × "
    "<b>3</b> colour channels (red, green, blue).");
constexpr const char* kImageGrey = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "The computer sees the photo as a grid of numbers: <b>%1</b> rows × <b>%2</b> columns × "
    "<b>1</b> channel of brightness (luminance).");
constexpr const char* kImageBytes = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "Each number is one byte (8 bits): a whole number from 0 (dark) to 255 (bright). That "
    "is <b>%1</b> numbers in all, an array of shape H × W × C = %2 × %3 × %4.");
constexpr const char* kImageNext =
    QT_TRANSLATE_NOOP("tessera::ui::Walkthrough",
                      "Nothing has been learned yet. Every later step starts from these numbers.");
// Step 2: resize and crop.
constexpr const char* kCropExpects = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "The model was trained on <b>%1 × %2</b> pictures, so the photo is brought to that size "
    "the way timm's evaluation transform does it: resize, then crop.");
constexpr const char* kCropResizeSquare = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "Resize (%1): the shorter side becomes <b>%2</b> pixels, that is %3 ÷ crop_pct %4. The "
    "photo keeps its shape: %5 × %6 becomes <b>%7 × %8</b>.");
constexpr const char* kCropResizeSides = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "Resize (%1): each side becomes the model's side ÷ crop_pct %2. %3 × %4 becomes "
    "<b>%5 × %6</b>.");
constexpr const char* kCropCut = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "Crop: the centre <b>%1 × %2</b> is cut out, starting at row <b>%3</b>, column <b>%4</b>. "
    "The dimmed border is thrown away.");
constexpr const char* kSquash = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "The model expects <b>%1 × %2</b> pixels. The photo (%3 × %4) is resized (%5) to exactly "
    "that size. Its shape is not kept, so it may look stretched; nothing is cut away.");
constexpr const char* kNative = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "This run feeds the photo at its own size, <b>%1 × %2</b>: no resize, no crop. The "
    "patch step decides what happens at the edges.");
constexpr const char* kCropMultiple = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "The photo keeps its scale, but only its centre <b>%1 × %2</b> is kept: the largest "
    "size made of whole patches. The crop starts at row <b>%3</b>, column <b>%4</b>; the "
    "dimmed border is thrown away.");
constexpr const char* kCropResult = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "The model's input is now <b>%1 × %2</b> pixels, still whole numbers from 0 to 255.");
// Step 3: normalise.
constexpr const char* kNormWhy = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "A network learns best from numbers near zero. So each value v is first divided by 255, "
    "into 0…1, then shifted and scaled per channel: x = (v / 255 − mean) ÷ std.");
constexpr const char* kNormPreset = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "The %1 preset uses mean <b>%2</b> and std <b>%3</b>, one value per channel: the "
    "statistics of the pictures the model was trained on.");
constexpr const char* kNormCustom =
    QT_TRANSLATE_NOOP("tessera::ui::Walkthrough",
                      "This run uses mean <b>%1</b> and std <b>%2</b>, one value per channel.");
constexpr const char* kNormAfter = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough", "Afterwards most values lie between about −2 and 2.");
constexpr const char* kHoverNone = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough", "Hover over the image to follow one pixel through this step.");
constexpr const char* kHoverOutside = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "The pixel at row %1, column %2 lies outside the crop: the model never sees it.");
constexpr const char* kHoverPixel = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "The pixel at row %1, column %2 of the resized photo (row %3, column %4 of the model's "
    "input):");
constexpr const char* kHoverChannel = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough", "%1: <b>%2</b> ÷ 255 = <b>%3</b> → (%3 − %4) ÷ %5 = <b>%6</b>");
constexpr const char* kRed = QT_TRANSLATE_NOOP("tessera::ui::Walkthrough", "red");
constexpr const char* kGreen = QT_TRANSLATE_NOOP("tessera::ui::Walkthrough", "green");
constexpr const char* kBlue = QT_TRANSLATE_NOOP("tessera::ui::Walkthrough", "blue");
constexpr const char* kLuminance = QT_TRANSLATE_NOOP("tessera::ui::Walkthrough", "luminance");
constexpr const char* kChannelN = QT_TRANSLATE_NOOP("tessera::ui::Walkthrough", "channel %1");
// Step 4: cut into patches.
constexpr const char* kGrid = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "The <b>%1 × %2</b> input is cut into tiles of <b>%3 × %4</b> pixels, the patches, with "
    "no overlap. That makes a grid of <b>%5</b> rows × <b>%6</b> columns: N = %5 × %6 = "
    "<b>%7</b> patches.");
constexpr const char* kGridExact =
    QT_TRANSLATE_NOOP("tessera::ui::Walkthrough",
                      "%1 × %2 is a whole number of patches: no pixel is dropped or padded.");
constexpr const char* kGridPadded = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "%1 × %2 is not a whole number of patches, so zeros are added: <b>%3</b> rows at the "
    "bottom and <b>%4</b> columns on the right (dynamic padding), making %5 × %6.");
constexpr const char* kGridDropped = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "%1 × %2 is not a whole number of patches. Like a Conv2d, the model drops the last "
    "<b>%3</b> rows and <b>%4</b> columns (shown dimmed).");
constexpr const char* kGridOrder = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "Patches are numbered row by row: 0 at the top left, %1 at the bottom right.");
// Step 5: flatten one patch.
constexpr const char* kFlattenPick = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "Click a patch on the image to pick one. This step then follows its numbers.");
constexpr const char* kFlattenWhere = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "Patch <b>%1</b> sits in grid row %2, column %3: pixel rows %4 to %5 and columns %6 to %7 "
    "of the input.");
constexpr const char* kFlattenPadding = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough", "Part of it lies in the padding: those values are zeros.");
constexpr const char* kFlattenRgb = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "It holds C × P × Q = %1 × %2 × %3 = <b>%4</b> numbers. They are laid out in one line, in "
    "(C, P, Q) order: the %5 red values row by row, then the green ones, then the blue ones.");
constexpr const char* kFlattenOther = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "It holds C × P × Q = %1 × %2 × %3 = <b>%4</b> numbers. They are laid out in one line, in "
    "(C, P, Q) order: the %5 values of the first channel row by row, then the next channel.");
constexpr const char* kFlattenFirst = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "So x[0] is the top-left pixel's %1 value, <b>%2</b>, and x[%3] is the same pixel's %4 "
    "value, <b>%5</b>.");
constexpr const char* kFlattenFirstOne = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "So x[0] is the top-left pixel's value, <b>%1</b>, and x[%2] is the pixel below it, "
    "<b>%3</b>.");
constexpr const char* kFlattenVector = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "This vector x, K = <b>%1</b> numbers long, is all the model knows about the patch. The "
    "inspector shows it.");
// Step 6: project with W.
constexpr const char* kProject = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "One matrix W of D × K = <b>%1 × %2</b> numbers turns x into the patch's embedding: "
    "y = W·x + b, <b>%1</b> numbers. Each row of W is a filter: multiplied with x value by "
    "value and summed, it gives one number of y.");
constexpr const char* kProjectNoBias = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "One matrix W of D × K = <b>%1 × %2</b> numbers turns x into the patch's embedding: "
    "y = W·x (this model has no bias b), <b>%1</b> numbers. Each row of W is a filter: "
    "multiplied with x value by value and summed, it gives one number of y.");
constexpr const char* kProjectNorm = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "Then LayerNorm rescales each y to mean 0 and variance 1, times a learned gain, plus a "
    "learned shift.");
constexpr const char* kProjectConv = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "Every patch uses the same W and b. That is exactly a Conv2d with kernel = stride = "
    "<b>%1 × %2</b>: the kernel jumps one whole patch at a time, so each output sees one "
    "patch.");
constexpr const char* kProjectParams =
    QT_TRANSLATE_NOOP("tessera::ui::Walkthrough", "Parameters: <b>%1</b> (W %2, b %3).");
constexpr const char* kProjectParamsNorm = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough", "Parameters: <b>%1</b> (W %2, b %3, LayerNorm %4).");
constexpr const char* kProjectFlops = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "Cost for this image: 2 · N · D · K = 2 · %1 · %2 · %3 = <b>%4</b> FLOPs (a multiply and "
    "an add count as 2).");
constexpr const char* kWeightsFile = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough", "W and b here were learned in training: they come from %1.");
constexpr const char* kWeightsRandom = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "W and b here are random (%1, seed %2): the arithmetic is real, but the numbers mean "
    "nothing yet.");
constexpr const char* kWeightsPca = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "W here is fitted to this image's own patches (PCA), not learned in training.");
// Step 7: the token sequence.
constexpr const char* kSeqPatches = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "The N = <b>%1</b> embeddings form a sequence of tokens: a matrix of <b>%1 × %2</b> "
    "(N × D), one row per patch, in patch order.");
constexpr const char* kSeqClassFile = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "A class token goes in front: one more row of D numbers, learned in training (from the "
    "checkpoint). At the end, the model reads its answer from this row.");
constexpr const char* kSeqClassZeros = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "A class token goes in front: one more row of D numbers. A trained model learns it; with "
    "random weights it is zeros here.");
constexpr const char* kSeqNoClass = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "This model has no class token: at the end it averages the patch tokens instead.");
constexpr const char* kSeqRegFile = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "Then <b>%1</b> register tokens, learned rows the model uses as scratch space (from the "
    "checkpoint).");
constexpr const char* kSeqRegZeros = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "Then <b>%1</b> register tokens, rows the model uses as scratch space (zeros here: no "
    "checkpoint gives them).");
constexpr const char* kSeqLearned = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "Attention does not know where a token came from, so a position embedding is added to "
    "each token: the checkpoint's learned table, one row per position.");
constexpr const char* kSeqResampled = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "Attention does not know where a token came from, so a position embedding is added to "
    "each token: the checkpoint's learned table. It was made for a <b>%1 × %2</b> grid, so it "
    "is resampled (bicubic, as timm does) to this <b>%3 × %4</b> grid.");
constexpr const char* kSeqSinCos = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "Attention does not know where a token came from, so a position embedding is added to "
    "each token: a fixed 2-D sine-cosine table for this <b>%1 × %2</b> grid, not learned.");
constexpr const char* kSeqNone = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "No position embedding is added: the 2-D sine-cosine table needs D divisible by 4, and "
    "D = %1 is not.");
constexpr const char* kSeqClassNoPosition =
    QT_TRANSLATE_NOOP("tessera::ui::Walkthrough",
                      "The class token gets no position: the table covers the patches only.");
constexpr const char* kSeqClassZeroPosition =
    QT_TRANSLATE_NOOP("tessera::ui::Walkthrough",
                      "The class token's row of the table is zeros: it has no place in the grid.");
constexpr const char* kSeqRegNoPosition =
    QT_TRANSLATE_NOOP("tessera::ui::Walkthrough", "Register tokens get no position.");
constexpr const char* kSeqTotal = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "The first transformer block receives a matrix of T × D = <b>%1 × %2</b>: %3 patch tokens "
    "+ %4 in front make T = <b>%1</b>.");
constexpr const char* kSeqBuilding =
    QT_TRANSLATE_NOOP("tessera::ui::Walkthrough", "Building the token sequence…");
constexpr const char* kSeqFailed =
    QT_TRANSLATE_NOOP("tessera::ui::Walkthrough", "The sequence cannot be built: %1");
// Before any result.
constexpr const char* kNoResult = QT_TRANSLATE_NOOP(
    "tessera::ui::Walkthrough",
    "Open an image, or pick one of the samples, to begin. Each step will show what happens "
    "to it, with its own numbers.");
} // namespace text

constexpr const char* kTitles[] = {
    QT_TRANSLATE_NOOP("tessera::ui::Walkthrough", "The image"),
    QT_TRANSLATE_NOOP("tessera::ui::Walkthrough", "Resize and crop"),
    QT_TRANSLATE_NOOP("tessera::ui::Walkthrough", "Normalise"),
    QT_TRANSLATE_NOOP("tessera::ui::Walkthrough", "Cut into patches"),
    QT_TRANSLATE_NOOP("tessera::ui::Walkthrough", "Flatten one patch"),
    QT_TRANSLATE_NOOP("tessera::ui::Walkthrough", "Project with W"),
    QT_TRANSLATE_NOOP("tessera::ui::Walkthrough", "The token sequence"),
};

QString say(const char* text) {
    return walkthroughText(text);
}

// Two sentences of a paragraph, as the language writes them: a space between English ones, none
// after Chinese (or Japanese) full-width closing punctuation.
QString sentences(const QString& first, const QString& second) {
    static const QString kFullWidthEnds = QStringLiteral("。！？：；）");
    const bool fullWidth = !first.isEmpty() && kFullWidthEnds.contains(first.back());
    return fullWidth ? first + second : first + QLatin1Char(' ') + second;
}

QString num(std::int64_t v) {
    return QLocale().toString(qlonglong(v));
}

// "(0.485, 0.456, 0.406)", or "0.5" for one value.
QString values(const std::vector<double>& v) {
    QStringList parts;
    for (double x : v)
        parts << QLocale().toString(x, 'g', 4);
    return parts.size() == 1 ? parts.front() : QStringLiteral("(%1)").arg(parts.join(", "));
}

QString fixed(double v) {
    return QLocale().toString(v, 'f', 3);
}

QString interpolationLabel(Interpolation i) {
    return QCoreApplication::translate("tessera::Choice", choiceOf(i).label);
}

QString channelName(int c, int channels) {
    if (channels == 1)
        return say(text::kLuminance);
    if (channels == 3)
        return say(c == 0 ? text::kRed : c == 1 ? text::kGreen : text::kBlue);
    return say(text::kChannelN).arg(c + 1);
}

QStringList image(const WalkthroughFacts& f) {
    const Size2 s = f.outcome->plan.source;
    const int c = f.spec.channels();
    return {say(c == 1 ? text::kImageGrey : text::kImageRgb).arg(s.h).arg(s.w),
            say(text::kImageBytes).arg(num(std::int64_t(s.h) * s.w * c)).arg(s.h).arg(s.w).arg(c),
            say(text::kImageNext)};
}

QStringList resizeAndCrop(const WalkthroughFacts& f) {
    const PreprocessPlan& p = f.outcome->plan;
    QStringList out;
    switch (p.fit) {
    case ImageFit::CenterCrop: {
        const Size2 size = *f.spec.imgSize;
        const double pct = f.spec.cropPct.value_or(presetNamed(f.spec.preset).cropPct);
        const QString pctText = QLocale().toString(pct, 'g', 4);
        out << say(text::kCropExpects).arg(size.h).arg(size.w);
        if (size.h == size.w)
            out << say(text::kCropResizeSquare)
                       .arg(interpolationLabel(p.interpolation))
                       .arg(std::min(p.resized.h, p.resized.w))
                       .arg(size.h)
                       .arg(pctText)
                       .arg(p.source.h)
                       .arg(p.source.w)
                       .arg(p.resized.h)
                       .arg(p.resized.w);
        else
            out << say(text::kCropResizeSides)
                       .arg(interpolationLabel(p.interpolation))
                       .arg(pctText)
                       .arg(p.source.h)
                       .arg(p.source.w)
                       .arg(p.resized.h)
                       .arg(p.resized.w);
        out << say(text::kCropCut).arg(p.output.h).arg(p.output.w).arg(p.cropY).arg(p.cropX);
        break;
    }
    case ImageFit::Squash:
        out << say(text::kSquash)
                   .arg(p.output.h)
                   .arg(p.output.w)
                   .arg(p.source.h)
                   .arg(p.source.w)
                   .arg(interpolationLabel(p.interpolation));
        break;
    case ImageFit::Native:
        out << say(text::kNative).arg(p.output.h).arg(p.output.w);
        break;
    case ImageFit::CropToMultiple:
        out << say(text::kCropMultiple).arg(p.output.h).arg(p.output.w).arg(p.cropY).arg(p.cropX);
        break;
    }
    out << say(text::kCropResult).arg(p.output.h).arg(p.output.w);
    return out;
}

QString hoveredPixel(const WalkthroughFacts& f) {
    const JobOutcome& o = *f.outcome;
    const QPoint px = f.hovered;
    const ImageU8& resized = *o.resized;
    if (px.x() < 0 || px.y() < 0 || px.x() >= resized.width || px.y() >= resized.height)
        return say(text::kHoverNone);
    const int y = px.y() - o.plan.cropY, x = px.x() - o.plan.cropX;
    if (y < 0 || x < 0 || y >= o.plan.output.h || x >= o.plan.output.w)
        return say(text::kHoverOutside).arg(px.y()).arg(px.x());
    const int channels = resized.channels;
    const std::vector<double> mean = meanFor(f.spec, channels), std = stdFor(f.spec, channels);
    const Tensor& input = *o.input; // (1, C, H, W)
    const std::int64_t h = input.dim(2), w = input.dim(3);
    QStringList lines{say(text::kHoverPixel).arg(px.y()).arg(px.x()).arg(y).arg(x)};
    for (int c = 0; c < channels; ++c) {
        const int v = resized.row(px.y())[std::size_t(px.x()) * channels + c];
        const float after = input.data[std::size_t((c * h + y) * w + x)];
        lines << say(text::kHoverChannel)
                     .arg(channelName(c, channels))
                     .arg(v)
                     .arg(fixed(v / 255.0))
                     .arg(fixed(mean[std::size_t(c)]))
                     .arg(fixed(std[std::size_t(c)]))
                     .arg(fixed(after));
    }
    return lines.join(QStringLiteral("<br>"));
}

QStringList normalise(const WalkthroughFacts& f) {
    const int channels = f.outcome->resized->channels;
    const QString mean = values(meanFor(f.spec, channels)), std = values(stdFor(f.spec, channels));
    const QString stats =
        f.spec.mean.empty() && f.spec.std.empty()
            ? say(text::kNormPreset)
                  .arg(QString::fromUtf8(presetNamed(f.spec.preset).name).toHtmlEscaped())
                  .arg(mean, std)
            : say(text::kNormCustom).arg(mean, std);
    return {say(text::kNormWhy), sentences(stats, say(text::kNormAfter)), hoveredPixel(f)};
}

QStringList patches(const WalkthroughFacts& f) {
    const PatchGrid& g = f.arithmetic.grid;
    QStringList out{say(text::kGrid)
                        .arg(g.input.h)
                        .arg(g.input.w)
                        .arg(g.patch.h)
                        .arg(g.patch.w)
                        .arg(g.gh)
                        .arg(g.gw)
                        .arg(num(f.arithmetic.patches))};
    if (g.padBottom() || g.padRight())
        out << say(text::kGridPadded)
                   .arg(g.input.h)
                   .arg(g.input.w)
                   .arg(g.padBottom())
                   .arg(g.padRight())
                   .arg(g.padded.h)
                   .arg(g.padded.w);
    else if (g.cropBottom() || g.cropRight())
        out << say(text::kGridDropped)
                   .arg(g.input.h)
                   .arg(g.input.w)
                   .arg(g.cropBottom())
                   .arg(g.cropRight());
    else
        out << say(text::kGridExact).arg(g.input.h).arg(g.input.w);
    out << say(text::kGridOrder).arg(num(f.arithmetic.patches - 1));
    return out;
}

QStringList flatten(const WalkthroughFacts& f) {
    const PatchGrid& g = f.arithmetic.grid;
    if (f.selected < 0 || f.selected >= g.count())
        return {say(text::kFlattenPick)};
    const int gy = f.selected / g.gw, gx = f.selected % g.gw;
    const int top = gy * g.patch.h, left = gx * g.patch.w;
    QString where = say(text::kFlattenWhere)
                        .arg(f.selected)
                        .arg(gy)
                        .arg(gx)
                        .arg(top)
                        .arg(top + g.patch.h - 1)
                        .arg(left)
                        .arg(left + g.patch.w - 1);
    if (top + g.patch.h > g.input.h || left + g.patch.w > g.input.w)
        where = sentences(where, say(text::kFlattenPadding));
    const int c = f.arithmetic.channels;
    const std::int64_t plane = std::int64_t(g.patch.h) * g.patch.w;
    // x[k] as the projection reads it: the normalised input, zero in the padding.
    const Tensor& input = *f.outcome->input; // (1, C, H, W)
    const auto value = [&](int channel, int y, int x) {
        if (y >= input.dim(2) || x >= input.dim(3))
            return 0.0f;
        return input.data[std::size_t((channel * input.dim(2) + y) * input.dim(3) + x)];
    };
    const QString first =
        c > 1
            ? say(text::kFlattenFirst)
                  .arg(channelName(0, c), fixed(value(0, top, left)), num(plane), channelName(1, c),
                       fixed(value(1, top, left)))
            : say(text::kFlattenFirstOne)
                  .arg(fixed(value(0, top, left)), num(g.patch.w), fixed(value(0, top + 1, left)));
    return {where,
            sentences(say(c == 3 ? text::kFlattenRgb : text::kFlattenOther)
                          .arg(c)
                          .arg(g.patch.h)
                          .arg(g.patch.w)
                          .arg(num(f.arithmetic.valuesPerPatch))
                          .arg(num(plane)),
                      first),
            say(text::kFlattenVector).arg(num(f.arithmetic.valuesPerPatch))};
}

QStringList project(const WalkthroughFacts& f) {
    const Arithmetic& a = f.arithmetic;
    QString first = say(f.spec.bias ? text::kProject : text::kProjectNoBias)
                        .arg(num(a.dim))
                        .arg(num(a.valuesPerPatch));
    if (f.spec.norm == NormKind::LayerNorm)
        first = sentences(first, say(text::kProjectNorm));
    const QString params =
        f.spec.norm == NormKind::LayerNorm
            ? say(text::kProjectParamsNorm)
                  .arg(num(a.params()), num(a.weightParams), num(a.biasParams), num(a.normParams))
            : say(text::kProjectParams)
                  .arg(num(a.params()), num(a.weightParams), num(a.biasParams));
    const QString flops = say(text::kProjectFlops)
                              .arg(num(a.patches), num(a.dim), num(a.valuesPerPatch))
                              .arg(num(std::int64_t(a.flops)));
    QString source;
    if (!f.spec.weightsPath.empty())
        source = say(text::kWeightsFile)
                     .arg(QFileInfo(QString::fromStdString(f.spec.weightsPath))
                              .fileName()
                              .toHtmlEscaped());
    else if (f.spec.init == InitScheme::PcaPatches)
        source = say(text::kWeightsPca);
    else
        source =
            say(text::kWeightsRandom)
                .arg(QCoreApplication::translate("tessera::Choice", choiceOf(f.spec.init).label))
                .arg(f.spec.seed);
    return {first, say(text::kProjectConv).arg(a.grid.patch.h).arg(a.grid.patch.w),
            sentences(params, flops), source};
}

QStringList sequence(const WalkthroughFacts& f) {
    const Arithmetic& a = f.arithmetic;
    QStringList out{say(text::kSeqPatches).arg(num(a.patches), num(a.dim))};
    const SequenceFacts* s = f.sequence;
    if (!s)
        return out << say(text::kSeqBuilding);
    if (!s->error.isEmpty())
        return out << say(text::kSeqFailed).arg(s->error.toHtmlEscaped());
    QString prefix;
    if (s->classTokens)
        prefix = say(s->classFromFile ? text::kSeqClassFile : text::kSeqClassZeros);
    else
        prefix = say(text::kSeqNoClass);
    if (s->regTokens)
        prefix = sentences(
            prefix, say(s->regFromFile ? text::kSeqRegFile : text::kSeqRegZeros).arg(s->regTokens));
    out << prefix;
    QString positions;
    switch (s->source) {
    case PositionSource::Learned:
        positions = say(text::kSeqLearned);
        break;
    case PositionSource::LearnedResampled:
        positions = say(text::kSeqResampled)
                        .arg(s->fileGrid->h)
                        .arg(s->fileGrid->w)
                        .arg(a.grid.gh)
                        .arg(a.grid.gw);
        break;
    case PositionSource::SinCos2d:
        positions = say(text::kSeqSinCos).arg(a.grid.gh).arg(a.grid.gw);
        break;
    case PositionSource::None:
        positions = say(text::kSeqNone).arg(a.dim);
        break;
    }
    if (s->source != PositionSource::None) {
        if (s->classTokens && !s->classHasPosition)
            positions = sentences(positions, say(s->source == PositionSource::SinCos2d
                                                     ? text::kSeqClassZeroPosition
                                                     : text::kSeqClassNoPosition));
        if (s->regTokens)
            positions = sentences(positions, say(text::kSeqRegNoPosition));
    }
    out << positions;
    out << say(text::kSeqTotal)
               .arg(num(a.tokens), num(a.dim), num(a.patches))
               .arg(s->classTokens + s->regTokens);
    return out;
}

constexpr WalkthroughStep kSteps[] = {
    {kTitles[0], "image", false, false, image},
    {kTitles[1], "image", false, true, resizeAndCrop},
    // From step 2 on the cropped-away area stays dimmed and the padding hatched: the text of
    // later steps talks about pixels outside the crop and patches in the padding.
    {kTitles[2], "image", false, true, normalise},
    {kTitles[3], "image", true, true, patches},
    {kTitles[4], "inspector", true, true, flatten},
    {kTitles[5], "inspector", true, true, project},
    {kTitles[6], "sequence", true, true, sequence},
};
static_assert(std::size(kSteps) == std::size(kTitles), "every step has a title");

} // namespace

std::span<const WalkthroughStep> walkthroughSteps() {
    return kSteps;
}

QString walkthroughText(const char* text) {
    return QCoreApplication::translate("tessera::ui::Walkthrough", text);
}

QString walkthroughHint() {
    return say(text::kNoResult);
}

Spec specAsRun(const JobOutcome& outcome) {
    Spec s = outcome.spec;
    if (const PatchEmbedWeights* w = outcome.weights.get()) {
        s.patch = w->patch();
        s.embedDim = w->dim();
        s.inChans = w->channels();
        s.bias = !w->bias.empty();
    }
    return s;
}

SequenceFacts sequenceFacts(const JobOutcome& outcome) {
    SequenceFacts f;
    f.generation = outcome.generation;
    try {
        const PatchGrid& g = outcome.result.grid;
        // Random weights have no checkpoint, whatever was loaded for an earlier Spec.
        const FoundWeights* file =
            outcome.spec.weightsPath.empty() ? nullptr : outcome.loaded.get();
        const TokenSequence seq = tokenSequence(outcome.result.embeddings, {g.gh, g.gw}, file,
                                                {outcome.spec.classToken, outcome.spec.regTokens});
        f.length = seq.length();
        f.classTokens = seq.classTokens;
        f.regTokens = seq.regTokens;
        f.classFromFile = seq.classFromFile;
        f.regFromFile = seq.regFromFile;
        f.classHasPosition = seq.classHasPosition;
        f.source = seq.source;
        f.fileGrid = seq.fileGrid;
    } catch (const InputError& e) {
        f.error = QString::fromStdString(e.what());
    }
    return f;
}

} // namespace tessera::ui
