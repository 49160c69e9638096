// Finding a PatchEmbed in a checkpoint by the key names real checkpoints use.
#include "checkpoint.hpp"
#include "error.hpp"

#include <gtest/gtest.h>

namespace tessera {
namespace {

TensorFile withConv(const std::string& convPrefix, int d = 4) {
    TensorFile f;
    f.tensors[convPrefix + "weight"] = Tensor({d, 3, 2, 2}, 0.5f);
    f.tensors[convPrefix + "bias"] = Tensor({d}, 1.0f);
    return f;
}

std::string errorOf(const TensorFile& f, const std::string& key) {
    try {
        findPatchEmbed(f, key, "w.safetensors");
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

TEST(Checkpoint, FindsBareTimmAndHuggingFaceLayouts) {
    TensorFile bare = withConv("proj.");
    bare.tensors["norm.weight"] = Tensor({4}, 2.0f);
    bare.tensors["norm.bias"] = Tensor({4}, 0.5f);
    const FoundWeights b = findPatchEmbed(bare, "", "w");
    EXPECT_EQ(b.prefix, "");
    EXPECT_EQ(b.layout, "timm");
    EXPECT_EQ(b.weights.normWeight, std::vector<float>(4, 2.0f));
    EXPECT_EQ(b.weights.bias, std::vector<float>(4, 1.0f));

    TensorFile vit = withConv("patch_embed.proj.");
    vit.tensors["cls_token"] = Tensor({1, 1, 4});
    vit.tensors["blocks.0.attn.proj.weight"] = Tensor({4, 4}); // 2-D: not a patch embedding
    EXPECT_EQ(findPatchEmbed(vit, "", "w").prefix, "patch_embed.");

    for (std::string p : {"vit.embeddings.patch_embeddings.", "embeddings.patch_embeddings."}) {
        TensorFile hf = withConv(p + "projection.");
        const FoundWeights h = findPatchEmbed(hf, "", "w");
        EXPECT_EQ(h.prefix, p);
        EXPECT_EQ(h.layout, "hf-vit");
        EXPECT_EQ(h.weights.dim(), 4);
    }
}

TEST(Checkpoint, WeightsKeyChoosesAmongSeveral) {
    TensorFile f = withConv("student.patch_embed.proj.", 4);
    for (auto& [k, t] : withConv("teacher.patch_embed.proj.", 6).tensors)
        f.tensors[k] = t;
    const std::string m = errorOf(f, "");
    EXPECT_NE(m.find("2 patch embeddings"), std::string::npos) << m;
    EXPECT_NE(m.find("--weights-key"), std::string::npos) << m;
    EXPECT_EQ(findPatchEmbed(f, "teacher.patch_embed", "w").weights.dim(), 6);
    EXPECT_EQ(findPatchEmbed(f, "student.patch_embed.", "w").weights.dim(), 4);
    EXPECT_NE(errorOf(f, "nobody.").find("nobody."), std::string::npos);
}

TEST(Checkpoint, ExplainsMissingAndMisshapenWeights) {
    TensorFile none;
    none.tensors["head.weight"] = Tensor({10, 4});
    EXPECT_NE(errorOf(none, "").find("no patch-embedding weight"), std::string::npos);
    TensorFile badBias = withConv("proj.");
    badBias.tensors["proj.bias"] = Tensor({5});
    const std::string m = errorOf(badBias, "");
    EXPECT_NE(m.find("proj.bias"), std::string::npos) << m;
    EXPECT_NE(m.find("embed_dim is 4"), std::string::npos) << m;
}

} // namespace
} // namespace tessera
