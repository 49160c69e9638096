// .safetensors round trips, dtype conversion, and an untrusted header refused in each way.
#include "error.hpp"
#include "safetensors.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>

namespace tessera {
namespace {

std::string file(const std::string& json, const std::string& data) {
    std::string s(8, '\0');
    const std::uint64_t n = json.size();
    std::memcpy(s.data(), &n, 8);
    return s + json + data;
}

std::string errorOf(const std::string& bytes) {
    try {
        decodeSafetensors(bytes, "w.safetensors");
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

TEST(Safetensors, RoundTripKeepsTensorsAndMetadata) {
    TensorFile f;
    f.tensors["proj.weight"] = Tensor({2, 1, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
    f.tensors["proj.bias"] = Tensor({2}, {-1, 1});
    f.metadata["format"] = "pt";
    const std::string bytes = encodeSafetensors(f);
    std::uint64_t n;
    std::memcpy(&n, bytes.data(), 8);
    EXPECT_EQ((8 + n) % 8, 0u);
    const TensorFile back = decodeSafetensors(bytes, "w");
    ASSERT_EQ(back.tensors.size(), 2u);
    EXPECT_EQ(back.tensors.at("proj.weight").shape, (Shape{2, 1, 2, 2}));
    EXPECT_EQ(back.tensors.at("proj.weight").data, f.tensors["proj.weight"].data);
    EXPECT_EQ(back.tensors.at("proj.bias").data, f.tensors["proj.bias"].data);
    EXPECT_EQ(back.metadata, f.metadata);
}

TEST(Safetensors, ConvertsHalfBfloatAndDouble) {
    // F16 1.0 = 0x3c00, -2.0 = 0xc000, smallest subnormal 2^-24 = 0x0001; BF16 1.5 = 0x3fc0.
    const std::uint16_t f16[] = {0x3c00, 0xc000, 0x0001};
    const std::uint16_t bf16[] = {0x3fc0};
    const double f64[] = {0.25};
    std::string data(reinterpret_cast<const char*>(f16), 6);
    data.append(reinterpret_cast<const char*>(bf16), 2);
    data.append(reinterpret_cast<const char*>(f64), 8);
    const TensorFile f =
        decodeSafetensors(file(R"({"a":{"dtype":"F16","shape":[3],"data_offsets":[0,6]},)"
                               R"("b":{"dtype":"BF16","shape":[1],"data_offsets":[6,8]},)"
                               R"("c":{"dtype":"F64","shape":[1],"data_offsets":[8,16]}})",
                               data),
                          "w");
    EXPECT_EQ(f.tensors.at("a").data, (std::vector<float>{1.0f, -2.0f, 0x1.0p-24f}));
    EXPECT_EQ(f.tensors.at("b").data[0], 1.5f);
    EXPECT_EQ(f.tensors.at("c").data[0], 0.25f);
}

TEST(Safetensors, RefusesAnUntrustedHeader) {
    const std::string eight(8, '\0');
    EXPECT_NE(errorOf("abc").find("8-byte"), std::string::npos);
    std::string huge = file("{}", "");
    huge[5] = '\x7f'; // a header length of petabytes
    EXPECT_NE(errorOf(huge).find("exceeds"), std::string::npos);
    EXPECT_NE(errorOf(file("{not json", "")).find("not JSON"), std::string::npos);
    EXPECT_NE(errorOf(file(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})", eight))
                  .find("outside"),
              std::string::npos);
    EXPECT_NE(errorOf(file(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                           R"("b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
                           eight))
                  .find("overlap"),
              std::string::npos);
    EXPECT_NE(errorOf(file(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", eight))
                  .find("belong to no tensor"),
              std::string::npos);
    EXPECT_NE(errorOf(file(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", eight))
                  .find("shape needs 12"),
              std::string::npos);
    EXPECT_NE(
        errorOf(file(R"({"a":{"dtype":"Q4","shape":[8],"data_offsets":[0,8]}})", eight)).find("Q4"),
        std::string::npos);
    EXPECT_NE(errorOf(file(R"({"a":{"dtype":"F32","shape":"x","data_offsets":[0,8]}})", eight))
                  .find("malformed"),
              std::string::npos);
    EXPECT_NE(errorOf(file(R"({"__metadata__":{"k":1}})", "")).find("not a string"),
              std::string::npos);
}

// Integer tensors (HF's position_ids, step counters) sit beside the weights in real checkpoints:
// they are checked, listed and skipped, never a reason to refuse the file.
TEST(Safetensors, IntegerTensorsAreCheckedAndSkipped) {
    const std::string header = R"({"ids":{"dtype":"I64","shape":[2],"data_offsets":[0,16]},)"
                               R"("w":{"dtype":"F32","shape":[2],"data_offsets":[16,24]}})";
    std::string bytes(8, '\0');
    const std::uint64_t len = header.size();
    std::memcpy(bytes.data(), &len, 8);
    bytes += header + std::string(16, '\1');
    const float w[2] = {1.5f, -2.0f};
    bytes.append(reinterpret_cast<const char*>(w), 8);
    const TensorFile f = decodeSafetensors(bytes, "f");
    ASSERT_EQ(f.tensors.size(), 1u);
    EXPECT_EQ(f.tensors.at("w").data, (std::vector<float>{1.5f, -2.0f}));

    const auto path = std::filesystem::temp_directory_path() / "tessera_list.safetensors";
    {
        std::ofstream out(path, std::ios::binary);
        out << bytes;
    }
    const std::vector<TensorInfo> list = listSafetensors(path);
    std::filesystem::remove(path);
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0].name, "ids");
    EXPECT_EQ(list[0].dtype, "int64");
    EXPECT_EQ(list[0].shape, (Shape{2}));
    EXPECT_EQ(list[1].dtype, "float32");
    // A bad range in an integer tensor is still refused.
    std::string broken = bytes;
    broken.resize(broken.size() - 1);
    EXPECT_THROW(decodeSafetensors(broken, "f"), InputError);
}

TEST(Safetensors, AFilterDecodesOnlyWhatItKeepsButChecksEverything) {
    TensorFile f;
    f.tensors["patch_embed.proj.weight"] = Tensor({2, 1, 2, 2}, 0.5f);
    f.tensors["blocks.0.attn.proj.weight"] = Tensor({4, 4}, 1.0f);
    const std::string bytes = encodeSafetensors(f);
    const auto kernels = [](const std::string&, const Shape& shape) { return shape.size() == 4; };
    const TensorFile some = decodeSafetensors(bytes, "t", kernels);
    ASSERT_EQ(some.tensors.size(), 1u);
    EXPECT_EQ(some.tensors.at("patch_embed.proj.weight").data,
              f.tensors["patch_embed.proj.weight"].data);
    // A skipped tensor's bad offsets are still refused.
    std::string broken = bytes;
    broken.resize(broken.size() - 4);
    EXPECT_THROW(decodeSafetensors(broken, "t", kernels), InputError);
    // From a file: mapped, the same.
    const auto path = std::filesystem::temp_directory_path() / "tessera-filter.safetensors";
    saveSafetensors(path, f);
    EXPECT_EQ(loadSafetensors(path, kernels).tensors.size(), 1u);
    EXPECT_EQ(loadSafetensors(path).tensors.size(), 2u);
    std::filesystem::remove(path);
    EXPECT_THROW(loadSafetensors(std::filesystem::temp_directory_path()), InputError);
}

} // namespace
} // namespace tessera
