#include "input_loader.hpp"

#include "error.hpp"
#include "file_names.hpp"
#include "image_loader.hpp"
#include "npy.hpp"
#include "preprocess.hpp"

#include <limits>

namespace tessera::io {

namespace {

// A .npy batch is (C, H, W) or (B, C, H, W) with at least one value.
Shape batchShapeOf(Shape shape, const std::filesystem::path& path) {
    if (shape.size() == 3)
        shape.insert(shape.begin(), 1);
    if (shape.size() != 4)
        throw InputError(path.string() + ": a .npy input must be (C, H, W) or (B, C, H, W), got " +
                         shapeString(shape));
    if (numel(shape) == 0)
        throw InputError(path.string() + ": the array " + shapeString(shape) +
                         " (B, C, H, W) is empty; there is nothing to embed");
    return shape;
}

} // namespace

InputHeader readInputHeader(const std::filesystem::path& path, const Spec& spec, int channels) {
    InputHeader header;
    if (hasExtension(path, ".npy")) {
        header.batchShape = batchShapeOf(readNpyHeader(path).shape, path);
        return header;
    }
    requireImageChannels(channels);
    const std::optional<Size2> size = readImageSize(path);
    const Size2 source = size ? *size : [&] {
        const ImageU8 decoded = loadImage(path, channels);
        return Size2{decoded.height, decoded.width};
    }();
    const PreprocessPlan plan = planPreprocess(source, spec);
    header.batchShape = {1, channels, plan.output.h, plan.output.w};
    header.pictureBytes = preprocessBytes(plan, channels);
    return header;
}

Arithmetic plannedRun(const Spec& specAsRun, const InputHeader& header) {
    const Shape& s = header.batchShape;
    if (s[0] > std::numeric_limits<int>::max() || s[2] > std::numeric_limits<int>::max() ||
        s[3] > std::numeric_limits<int>::max())
        throw InputError("the input " + shapeString(s) + " (B, C, H, W) is too large to embed");
    Spec spec = specAsRun;
    if (s[1] > 4096)
        throw InputError("the input " + shapeString(s) + " (B, C, H, W) has " +
                         std::to_string(s[1]) + " channels, over 4096");
    spec.inChans = int(s[1]);
    Arithmetic a = arithmetic(spec, {int(s[2]), int(s[3])}, int(s[0]));
    a.pictureBytes = header.pictureBytes;
    return a;
}

Input loadInput(const std::filesystem::path& path, const Spec& spec, int channels,
                KeepResized keep) {
    Input in;
    if (hasExtension(path, ".npy")) {
        in.batch = loadNpy(path);
        in.batch.shape = batchShapeOf(in.batch.shape, path);
        return in;
    }
    const ImageU8 image = loadImage(path, channels);
    in.plan = planPreprocess({image.height, image.width}, spec);
    if (keep == KeepResized::Yes) {
        in.resized = resizeForPlan(image, in.plan);
        in.batch = cropAndNormalize(*in.resized, in.plan, spec);
    } else {
        in.batch = preprocessImage(image, in.plan, spec);
    }
    in.batch.shape.insert(in.batch.shape.begin(), 1);
    in.isImage = true;
    return in;
}

} // namespace tessera::io
