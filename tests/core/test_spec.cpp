// Spec values and their spellings: one table for the flags, clear errors for bad values.
#include "error.hpp"
#include "spec_flags.hpp"

#include <gtest/gtest.h>

namespace tessera {
namespace {

std::string errorOf(std::string_view flag, std::string_view value) {
    Spec s;
    try {
        findSpecFlag(flag)->apply(s, value);
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

TEST(Spec, FlagsFillTheSpec) {
    Spec s;
    findSpecFlag("--patch-size")->apply(s, "8x12");
    findSpecFlag("--embed-dim")->apply(s, "192");
    findSpecFlag("--img-size")->apply(s, "224");
    findSpecFlag("--format")->apply(s, "NHWC");
    findSpecFlag("--norm")->apply(s, "layernorm");
    findSpecFlag("--no-bias")->apply(s, "");
    findSpecFlag("--mean")->apply(s, "0.5,0.5,0.5");
    findSpecFlag("--init")->apply(s, "lecun-normal");
    EXPECT_EQ(s.patchSize(), (Size2{8, 12}));
    EXPECT_EQ(s.dim(), 192);
    EXPECT_EQ(*s.imgSize, (Size2{224, 224}));
    EXPECT_EQ(s.padPolicy(), PadPolicy::Strict); // --img-size implies timm's default
    EXPECT_EQ(s.format, OutputFormat::NHWC);
    EXPECT_EQ(s.norm, NormKind::LayerNorm);
    EXPECT_FALSE(s.bias);
    EXPECT_EQ(s.mean, (std::vector<double>{0.5, 0.5, 0.5}));
    EXPECT_EQ(s.init, InitScheme::LecunNormal);
    EXPECT_EQ(Spec{}.padPolicy(), PadPolicy::Dynamic);
    EXPECT_EQ(findSpecFlag("--output"), nullptr);
}

TEST(Spec, BadValuesNameTheFlagAndTheValue) {
    EXPECT_EQ(errorOf("--pad", "wide"), "unknown --pad 'wide' (choices: strict, dynamic, none)");
    EXPECT_NE(errorOf("--patch-size", "0").find("--patch-size 0 is out of range"),
              std::string::npos);
    EXPECT_NE(errorOf("--patch-size", "16x").find("'' is not a whole number"), std::string::npos);
    EXPECT_NE(errorOf("--embed-dim", "abc").find("'abc'"), std::string::npos);
    EXPECT_NE(errorOf("--mean", "0.5,,0.5").find("--mean"), std::string::npos);
    EXPECT_NE(errorOf("--norm-eps", "-1").find("positive"), std::string::npos);
    EXPECT_NE(errorOf("--init", "he").find("pytorch-default"), std::string::npos);
}

TEST(Spec, NamesRoundTrip) {
    for (auto p : {PadPolicy::Strict, PadPolicy::Dynamic, PadPolicy::None})
        EXPECT_EQ(parsePad(name(p)), p);
    for (auto f : {OutputFormat::NLC, OutputFormat::NCHW, OutputFormat::NHWC})
        EXPECT_EQ(parseFormat(name(f)), f);
    for (auto i : {InitScheme::PytorchDefault, InitScheme::LecunNormal, InitScheme::XavierUniform,
                   InitScheme::TruncNormal})
        EXPECT_EQ(parseInit(name(i)), i);
}

TEST(Spec, ArgsRoundTripEveryField) {
    Spec s;
    s.weightsPath = "w.safetensors";
    s.weightsKey = "patch_embed.";
    s.resampleWeights = true;
    s.patch = Size2{8, 12};
    s.embedDim = 192;
    s.inChans = 1;
    s.imgSize = Size2{224, 160};
    s.pad = PadPolicy::None;
    s.fit = ImageFit::Squash;
    s.preset = "clip";
    s.cropPct = 0.95;
    s.interpolation = Interpolation::Bilinear;
    s.mean = {0.1, 0.2, 0.30000000000000004};
    s.std = {0.5};
    s.format = OutputFormat::NCHW;
    s.norm = NormKind::LayerNorm;
    s.normEps = 1e-5;
    s.bias = false;
    s.init = InitScheme::TruncNormal;
    s.seed = 12345678901234ULL;
    s.threads = 3;
    const Spec back = specFromArgs(toArgs(s));
    EXPECT_EQ(toArgs(back), toArgs(s));
    EXPECT_EQ(back.mean, s.mean); // 17 significant digits: doubles come back exactly
    EXPECT_EQ(back.seed, s.seed);
    EXPECT_EQ(*back.imgSize, (Size2{224, 160}));
    EXPECT_TRUE(toArgs(Spec{}).empty());
    EXPECT_THROW(specFromArgs({"--bogus"}), InputError);
    EXPECT_THROW(specFromArgs({"--patch-size"}), InputError);
}

} // namespace
} // namespace tessera
