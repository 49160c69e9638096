// Spec values and their spellings: one table for the flags, clear errors for bad values.
#include "error.hpp"
#include "every_field_spec.hpp"
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
        EXPECT_EQ(parseChoice<PadPolicy>(name(p)), p);
    for (auto f : {OutputFormat::NLC, OutputFormat::NCHW, OutputFormat::NHWC})
        EXPECT_EQ(parseChoice<OutputFormat>(name(f)), f);
    for (auto i : {InitScheme::PytorchDefault, InitScheme::LecunNormal, InitScheme::XavierUniform,
                   InitScheme::TruncNormal, InitScheme::PcaPatches})
        EXPECT_EQ(parseChoice<InitScheme>(name(i)), i);
}

TEST(Spec, ArgsRoundTripEveryField) {
    const Spec s = testing::everyFieldSpec();
    const Spec back = specFromArgs(toArgs(s));
    EXPECT_EQ(back, s); // every field, doubles to the bit (shortest round-trip text)
    EXPECT_EQ(toArgs(back), toArgs(s));
    // Every row of the table writes its field for this Spec: none is left out of toArgs.
    for (const SpecFlag& f : specFlags())
        EXPECT_TRUE(f.get(s).has_value()) << f.name;
    EXPECT_TRUE(toArgs(Spec{}).empty());
    EXPECT_EQ(specFromArgs({}), Spec{});
    EXPECT_THROW(specFromArgs({"--bogus"}), InputError);
    EXPECT_THROW(specFromArgs({"--patch-size"}), InputError);
    EXPECT_THROW(specFromArgs({"--pad"}), InputError);
    Spec other = s;
    other.seed -= 1;
    EXPECT_NE(other, s);
}

TEST(Spec, ChoiceTablesCoverTheirEnumsAndSpellHelp) {
    EXPECT_EQ(choiceList<ImageFit>("|"), "native|center-crop|squash|crop-multiple");
    EXPECT_EQ(findSpecFlag("--fit")->valueHint(), "native|center-crop|squash|crop-multiple");
    EXPECT_TRUE(findSpecFlag("--fit")->takesValue());
    EXPECT_FALSE(findSpecFlag("--no-bias")->takesValue());
    for (const auto& c : choiceTable<InitScheme>().rows) {
        EXPECT_EQ(parseChoice<InitScheme>(c.cli), c.value);
        EXPECT_NE(std::string(c.label), "");
    }
}

std::string identity(const char*, const char* text) {
    return text;
}

TEST(Spec, MessagesInTheAppsWords) {
    EXPECT_EQ(inAppWords("--fit crop-multiple needs a patch smaller than the image", identity),
              "Size: Native size, crop to a multiple needs a patch smaller than the image");
    EXPECT_EQ(inAppWords("--patch-size 8x8 does not match the file's 16x16", identity),
              "Patch (P × Q) 8x8 does not match the file's 16x16");
    EXPECT_EQ(inAppWords("--weights-key x. and --weights w", identity),
              "Checkpoint prefix x. and Weights file w");
    EXPECT_EQ(inAppWords("--pad nonexistent", identity), "Size policy nonexistent");
}

} // namespace
} // namespace tessera
