#include "input_loader.hpp"

#include "error.hpp"
#include "file_names.hpp"
#include "image_loader.hpp"
#include "npy.hpp"
#include "preprocess.hpp"

namespace tessera::io {

Input loadInput(const std::filesystem::path& path, const Spec& spec, int channels) {
    Input in;
    if (hasExtension(path, ".npy")) {
        in.batch = loadNpy(path);
        if (in.batch.rank() == 3)
            in.batch.shape.insert(in.batch.shape.begin(), 1);
        if (in.batch.rank() != 4)
            throw InputError(path.string() +
                             ": a .npy input must be (C, H, W) or (B, C, H, W), got " +
                             shapeString(in.batch.shape));
        if (in.batch.size() == 0)
            throw InputError(path.string() + ": the array " + shapeString(in.batch.shape) +
                             " (B, C, H, W) is empty; there is nothing to embed");
        return in;
    }
    const ImageU8 image = loadImage(path, channels);
    in.plan = planPreprocess({image.height, image.width}, spec);
    in.resized = resizeForPlan(image, in.plan);
    in.batch = cropAndNormalize(*in.resized, in.plan, spec);
    in.batch.shape.insert(in.batch.shape.begin(), 1);
    in.isImage = true;
    return in;
}

} // namespace tessera::io
