// .npy round trips and malformed files. Files numpy itself writes are read in tests/cli
// (golden inputs) and tests/interop; here the bytes are built by hand to hit each rule.
#include "error.hpp"
#include "npy.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

namespace tessera {
namespace {

std::string header(int major, const std::string& dict) {
    std::string h = "\x93NUMPY";
    h += char(major);
    h += '\0';
    std::string body = dict + "\n";
    if (major == 1) {
        h += char(body.size() & 0xff);
        h += char(body.size() >> 8);
    } else {
        const std::uint32_t n = std::uint32_t(body.size());
        h.append(reinterpret_cast<const char*>(&n), 4);
    }
    return h + body;
}

template <class T> std::string payload(std::initializer_list<T> values) {
    std::string s;
    for (T v : values)
        s.append(reinterpret_cast<const char*>(&v), sizeof v);
    return s;
}

std::string errorOf(const std::string& bytes) {
    try {
        decodeNpy(bytes, "t.npy");
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

TEST(Npy, RoundTripKeepsShapeAndValues) {
    for (const Shape& shape : {Shape{5}, Shape{2, 3}, Shape{1, 3, 4, 2}, Shape{0, 4}}) {
        Tensor t(shape);
        for (std::size_t i = 0; i < t.size(); ++i)
            t.data[i] = float(i) * 0.5f - 3.25f;
        const std::string bytes = encodeNpy(t);
        EXPECT_EQ((bytes.size() - t.size() * 4) % 64, 0u) << "data not 64-byte aligned";
        const Tensor back = decodeNpy(bytes, "t.npy");
        EXPECT_EQ(back.shape, t.shape);
        EXPECT_EQ(back.data, t.data);
    }
}

TEST(Npy, WritesNumpysOwnHeader) {
    const std::string bytes = encodeNpy(Tensor({2, 3}));
    EXPECT_EQ(bytes.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
    EXPECT_NE(bytes.find("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"),
              std::string::npos);
    EXPECT_EQ(bytes[bytes.size() - 6 * 4 - 1], '\n');
}

TEST(Npy, ReadsVersions2And3AndFloat64) {
    const std::string dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }";
    for (int major : {1, 2, 3}) {
        const Tensor t = decodeNpy(header(major, dict) + payload<double>({1.5, -2.0, 1e-3}), "t");
        EXPECT_EQ(t.shape, (Shape{3}));
        EXPECT_FLOAT_EQ(t.data[0], 1.5f);
        EXPECT_FLOAT_EQ(t.data[2], 1e-3f);
    }
}

TEST(Npy, RefusesWhatItCannotRead) {
    const std::string f4 = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
    EXPECT_NE(errorOf(header(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }") +
                      payload<float>({1, 2}))
                  .find("Fortran"),
              std::string::npos);
    EXPECT_NE(errorOf(header(1, "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }") +
                      payload<int>({1, 2}))
                  .find("'<i4'"),
              std::string::npos);
    EXPECT_NE(errorOf(header(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }") +
                      payload<float>({1, 2}))
                  .find("'>f4'"),
              std::string::npos);
    EXPECT_NE(errorOf(header(1, f4) + payload<float>({1})).find("truncated"), std::string::npos);
    EXPECT_NE(errorOf(header(1, f4) + payload<float>({1, 2, 3})).find("needs 8"),
              std::string::npos);
    EXPECT_NE(errorOf("PK\x03\x04 not npy at all").find("magic"), std::string::npos);
    EXPECT_NE(errorOf(header(4, f4)).find("version 4"), std::string::npos);
    std::string longHeader = header(1, f4);
    longHeader[8] = '\xff'; // claims a header longer than the file
    EXPECT_NE(errorOf(longHeader).find("runs past"), std::string::npos);
    EXPECT_NE(errorOf(header(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, -1), }"))
                  .find("bad dimension"),
              std::string::npos);
    EXPECT_NE(errorOf(header(1, "{'descr': '<f4', 'shape': (2,), }")).find("fortran_order"),
              std::string::npos);
}

TEST(Npy, SaveIsAtomicAndLoadNamesMissingFiles) {
    const auto dir = std::filesystem::temp_directory_path() / "tessera_npy_test";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    saveNpy(dir / "a.npy", Tensor({2, 2}, 1.0f));
    EXPECT_EQ(loadNpy(dir / "a.npy").data, std::vector<float>(4, 1.0f));
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), {}), 1); // no temp left
    EXPECT_THROW(saveNpy(dir / "missing" / "b.npy", Tensor({1})), InputError);
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), {}), 1);
    EXPECT_THROW(loadNpy(dir / "nope.npy"), InputError);
    std::filesystem::remove_all(dir);
}

} // namespace
} // namespace tessera
