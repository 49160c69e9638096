// PyTorch checkpoints written by the real torch.save (tests/data/torch): every value equals the
// float32 copy numpy saved beside it, bit for bit; wrappers, DINO's two embeddings, parameters and
// integer buffers are handled; the malicious file is refused and runs nothing; the legacy format
// and every truncated or corrupted variant of every fixture is an InputError, never a crash.
#include "error.hpp"
#include "torch_checkpoint.hpp"
#include "weights_loader.hpp"
#include "zip_archive.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>

using namespace tessera;
namespace fs = std::filesystem;

namespace {

const fs::path kData = fs::path(TESSERA_SOURCE_DIR) / "tests/data/torch";

std::string readAll(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

void writeAll(const fs::path& p, const std::string& bytes) {
    std::ofstream out(p, std::ios::binary);
    out << bytes;
}

// Bitwise: float16/bfloat16/float64 -> float32 conversions are exact or correctly rounded, so
// Tessera and numpy must agree on every bit.
void expectSameBits(const Tensor& got, const Tensor& want, const std::string& name) {
    ASSERT_EQ(got.shape, want.shape) << name;
    ASSERT_EQ(got.data.size(), want.data.size()) << name;
    EXPECT_EQ(std::memcmp(got.data.data(), want.data.data(), got.data.size() * sizeof(float)), 0)
        << name;
}

class Fixture : public testing::TestWithParam<std::string> {};

} // namespace

TEST_P(Fixture, EveryFloatTensorEqualsNumpysCopy) {
    const fs::path file = kData / GetParam();
    const TensorFile got = io::loadTorchCheckpoint(file);
    const TensorFile want = io::readNpz(kData / (file.stem().string() + ".expected.npz"));
    // The .expected.npz holds every float tensor, or (timm ViT) those of the patch embedding.
    ASSERT_LE(want.tensors.size(), got.tensors.size());
    for (const auto& [name, t] : want.tensors) {
        ASSERT_TRUE(got.tensors.contains(name)) << name;
        expectSameBits(got.tensors.at(name), t, name);
    }
    // The listing names the same tensors, with their stored dtype and shape, reading no data.
    std::size_t floats = 0;
    for (const TensorInfo& info : io::listTorchCheckpoint(file)) {
        if (info.dtype.find("float") == std::string::npos)
            continue;
        ++floats;
        EXPECT_EQ(info.shape, got.tensors.at(info.name).shape) << info.name;
    }
    EXPECT_EQ(floats, got.tensors.size());
}

INSTANTIATE_TEST_SUITE_P(TorchSave, Fixture,
                         testing::Values("patch_embed_p16_d64.pth", "timm_vit_d192_depth1.pth",
                                         "patch_embed_fp16.pth", "patch_embed_bf16.pth",
                                         "patch_embed_f64.pth", "patch_embed_views.pth",
                                         "dino_teacher_student.pth", "lightning_parameters.ckpt"),
                         [](const auto& info) {
                             std::string n = fs::path(info.param).stem().string();
                             for (char& c : n)
                                 if (!std::isalnum(static_cast<unsigned char>(c)))
                                     c = '_';
                             return n;
                         });

TEST(TorchCheckpoint, ListsStoredDtypes) {
    const auto list = io::listTorchCheckpoint(kData / "patch_embed_bf16.pth");
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0].name, "proj.weight");
    EXPECT_EQ(list[0].dtype, "bfloat16");
    EXPECT_EQ(list[0].shape, (Shape{64, 3, 16, 16}));
    bool ids = false;
    for (const TensorInfo& t : io::listTorchCheckpoint(kData / "lightning_parameters.ckpt"))
        if (t.name == "state_dict.model.position_ids")
            ids = t.dtype == "int64" && t.shape == Shape{1, 17};
    EXPECT_TRUE(ids);
}

TEST(TorchCheckpoint, FindsThePatchEmbedAndItsTokensInsideWrappers) {
    const TensorFile mae = io::readNpz(kData / "timm_vit_d192_depth1.expected.npz");
    for (const auto& [file, prefix] : std::vector<std::pair<std::string, std::string>>{
             {"timm_vit_d192_depth1.pth", ""}, {"mae_style_nested_model.pth", "model."}}) {
        const FoundWeights w = io::loadWeights(kData / file, "");
        EXPECT_EQ(w.prefix, prefix + "patch_embed.") << file;
        EXPECT_EQ(w.layout, "timm");
        expectSameBits(w.weights.proj, mae.tensors.at("patch_embed.proj.weight"), file);
        EXPECT_EQ(w.weights.bias, mae.tensors.at("patch_embed.proj.bias").data);
        ASSERT_TRUE(w.posEmbed && w.clsToken) << file;
        expectSameBits(*w.posEmbed, mae.tensors.at("pos_embed"), file);
        expectSameBits(*w.clsToken, mae.tensors.at("cls_token"), file);
        EXPECT_FALSE(w.regTokens);
    }
    const FoundWeights hf = io::loadWeights(kData / "hf_vit_pytorch_model.bin", "");
    EXPECT_EQ(hf.layout, "hf-vit");
    EXPECT_EQ(hf.prefix, "vit.embeddings.patch_embeddings.");
    ASSERT_TRUE(hf.posEmbed && hf.clsToken);
    EXPECT_EQ(hf.posEmbed->shape, (Shape{1, 197, 192}));
    EXPECT_EQ(hf.weights.dim(), 192);

    const TensorFile lightning = io::readNpz(kData / "lightning_parameters.expected.npz");
    const FoundWeights l = io::loadWeights(kData / "lightning_parameters.ckpt", "");
    EXPECT_EQ(l.prefix, "state_dict.model.backbone.patch_embed.");
    expectSameBits(l.weights.proj,
                   lightning.tensors.at("state_dict.model.backbone.patch_embed.proj.weight"), "l");
}

TEST(TorchCheckpoint, DinosTeacherAndStudentAreBothOfferedAndChosenByPrefix) {
    const fs::path dino = kData / "dino_teacher_student.pth";
    try {
        io::loadWeights(dino, "");
        FAIL() << "two embeddings must not be chosen silently";
    } catch (const InputError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("'teacher.backbone.patch_embed.'"), std::string::npos) << m;
        EXPECT_NE(m.find("'student.module.backbone.patch_embed.'"), std::string::npos) << m;
        EXPECT_NE(m.find("--weights-key"), std::string::npos) << m;
    }
    const TensorFile want = io::readNpz(kData / "dino_teacher_student.expected.npz");
    for (const std::string prefix :
         {"teacher.backbone.patch_embed.", "student.module.backbone.patch_embed"}) {
        const FoundWeights w = io::loadWeights(dino, prefix);
        const std::string dotted = prefix.ends_with(".") ? prefix : prefix + ".";
        expectSameBits(w.weights.proj, want.tensors.at(dotted + "proj.weight"), prefix);
        ASSERT_TRUE(w.posEmbed);
        const std::string root =
            dotted.substr(0, dotted.size() - std::string("patch_embed.").size());
        expectSameBits(*w.posEmbed, want.tensors.at(root + "pos_embed"), prefix);
        EXPECT_EQ(w.prefixes.size(), 2u);
    }
    const FoundWeights first = io::loadWeights(dino, "", SeveralEmbeddings::TakeFirst);
    EXPECT_EQ(first.prefixes.size(), 2u);
}

TEST(TorchCheckpoint, TheMaliciousFileIsRefusedAndRunsNothing) {
    const fs::path pwned = "/tmp/tessera_pwned";
    fs::remove(pwned);
    for (const auto& call : {+[](const fs::path& f) { io::listTorchCheckpoint(f); },
                             +[](const fs::path& f) { io::loadTorchCheckpoint(f); },
                             +[](const fs::path& f) { io::loadWeights(f, ""); }}) {
        try {
            call(kData / "malicious_os_system.pth");
            FAIL() << "loaded";
        } catch (const InputError& e) {
            EXPECT_NE(std::string(e.what()).find("posix.system (os.system)"), std::string::npos)
                << e.what();
        }
    }
    EXPECT_FALSE(fs::exists(pwned));
}

TEST(TorchCheckpoint, OtherFilesAreNamedForWhatTheyAre) {
    const auto errorOf = [](const fs::path& f) -> std::string {
        try {
            io::loadWeights(f, "");
        } catch (const InputError& e) {
            return e.what();
        }
        return "(loaded)";
    };
    EXPECT_NE(errorOf(kData / "patch_embed_legacy_format.pth").find("legacy"), std::string::npos);
    EXPECT_NE(errorOf(kData / "patch_embed_legacy_format.pth").find("torch.save(torch.load(f), g)"),
              std::string::npos);
    const fs::path dir = fs::temp_directory_path() / "tessera_torch_kinds";
    fs::create_directories(dir);
    writeAll(dir / "pickle.pth", std::string("\x80\x02}q\x00.", 6));
    EXPECT_NE(errorOf(dir / "pickle.pth").find("bare Python pickle"), std::string::npos);
    writeAll(dir / "text.bin", "hello");
    EXPECT_NE(errorOf(dir / "text.bin").find("not a PyTorch checkpoint"), std::string::npos);
    writeAll(dir / "empty.pt", "");
    EXPECT_NE(errorOf(dir / "empty.pt").find("too short"), std::string::npos);
    writeAll(dir / "script.pt", io::makeZip({{"m/constants.pkl", "x"}, {"m/code/a.py", "y"}}));
    EXPECT_NE(errorOf(dir / "script.pt").find("TorchScript"), std::string::npos);
    writeAll(dir / "other.pth", io::makeZip({{"a.txt", "x"}}));
    EXPECT_NE(errorOf(dir / "other.pth").find("without data.pkl"), std::string::npos);
    EXPECT_NE(errorOf(dir / "missing.pth").find("no such file"), std::string::npos);
    fs::remove_all(dir);
}

// Every fixture cut short at many lengths, and with bytes flipped across the whole file: each
// variant loads (a flip in a byte nothing reads) or is an InputError, and never anything else.
TEST(TorchCheckpoint, TruncatedAndCorruptedVariantsAreInputErrors) {
    const fs::path dir = fs::temp_directory_path() / "tessera_torch_variants";
    fs::create_directories(dir);
    int refused = 0, variants = 0;
    for (const auto& entry : fs::directory_iterator(kData)) {
        const std::string ext = entry.path().extension().string();
        if (ext != ".pth" && ext != ".bin" && ext != ".ckpt")
            continue;
        const std::string bytes = readAll(entry.path());
        const fs::path variant = dir / ("v" + ext);
        const auto attempt = [&](const std::string& b, const std::string& what) {
            writeAll(variant, b);
            ++variants;
            try {
                io::loadWeights(variant, "", SeveralEmbeddings::TakeFirst);
            } catch (const InputError& e) {
                ++refused;
                EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
            } catch (const std::exception& e) {
                ADD_FAILURE() << entry.path().filename() << " " << what << ": " << e.what();
            }
        };
        for (int k = 0; k < 24; ++k) {
            const std::size_t n = bytes.size() * std::size_t(k) / 24;
            attempt(bytes.substr(0, n), "cut at " + std::to_string(n));
        }
        attempt(bytes.substr(0, bytes.size() - 1), "last byte cut");
        for (int k = 0; k < 48; ++k) {
            std::string b = bytes;
            const std::size_t at = (b.size() * std::size_t(k)) / 48 + std::size_t(k % 7);
            b[at % b.size()] ^= char(0x5a);
            attempt(b, "byte " + std::to_string(at % b.size()) + " flipped");
        }
    }
    fs::remove_all(dir);
    EXPECT_GT(refused, variants / 2); // truncations are always refused; most flips are caught
}
