// Batch output planning and file identity (file_names.hpp): the rules that keep a batch from
// overwriting its own results, its inputs or its index.
#include "error.hpp"
#include "file_names.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <unistd.h>

namespace tessera {
namespace {

namespace fs = std::filesystem;

class FileNames : public ::testing::Test {
  protected:
    void SetUp() override {
        m_dir = fs::temp_directory_path() /
                ("tessera-names-" + std::to_string(::getpid()) + "-" +
                 ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_dir);
        fs::create_directories(m_dir);
    }
    void TearDown() override { fs::remove_all(m_dir); }
    fs::path touch(const std::string& name) {
        std::ofstream(m_dir / name) << "x";
        return m_dir / name;
    }
    std::vector<std::string> names(const std::vector<fs::path>& paths) {
        std::vector<std::string> out;
        for (const auto& p : paths)
            out.push_back(p.filename().string());
        return out;
    }
    fs::path m_dir;
};

TEST_F(FileNames, ExtensionsMatchWithoutCase) {
    EXPECT_TRUE(hasExtension("a/X.NPY", ".npy"));
    EXPECT_TRUE(hasExtension("x.Safetensors", ".safetensors"));
    EXPECT_FALSE(hasExtension("x.npy.bak", ".npy"));
    EXPECT_FALSE(hasExtension("npy", ".npy"));
    EXPECT_EQ(lowerExtension("caf\xe9.PNG"), ".png");
}

TEST_F(FileNames, SameFileSeesThroughSpellingsAndLinks) {
    const fs::path a = touch("a.npy");
    fs::create_directories(m_dir / "sub");
    EXPECT_TRUE(sameFile(a, m_dir / "sub" / ".." / "a.npy"));
    fs::create_symlink("a.npy", m_dir / "link.npy");
    EXPECT_TRUE(sameFile(a, m_dir / "link.npy"));
    fs::create_hard_link(a, m_dir / "hard.npy");
    EXPECT_TRUE(sameFile(a, m_dir / "hard.npy"));
    EXPECT_FALSE(sameFile(a, touch("b.npy")));
    EXPECT_FALSE(sameFile(a, m_dir / "missing.npy"));
    EXPECT_THROW(refuseOutputOverInput(a, m_dir / "link.npy"), InputError);
    EXPECT_NO_THROW(refuseOutputOverInput(a, m_dir / "other.npy"));
}

TEST_F(FileNames, StemsThatCollideGetTheFirstFreeSuffix) {
    // The first version named a.png's output a-1.npy, over a-1.png's.
    const auto out = planBatchOutputs({"x/a-1.png", "x/a.jpg", "y/a.png", "y/A.bmp", "z/a.png"},
                                      m_dir, ".npy", false);
    EXPECT_EQ(names(out),
              (std::vector<std::string>{"a-1.npy", "a.npy", "a-2.npy", "A-3.npy", "a-4.npy"}));
    for (const auto& p : out)
        EXPECT_EQ(p.parent_path(), m_dir);
}

TEST_F(FileNames, TheIndexInputsAndFoldersAreNeverOutputs) {
    const auto index = planBatchOutputs({"in/index.png", "in/INDEX.gif"}, m_dir, ".csv", false);
    EXPECT_EQ(names(index), (std::vector<std::string>{"index-1.csv", "INDEX-2.csv"}));
    const fs::path arr = touch("arr.npy");
    fs::create_directories(m_dir / "b.npy");
    const fs::path w = touch("w.npy");
    const auto out =
        planBatchOutputs({arr, "elsewhere/b.png", "elsewhere/w.png"}, m_dir, ".npy", true, {w});
    EXPECT_EQ(names(out), (std::vector<std::string>{"arr-1.npy", "b-1.npy", "w-1.npy"}));
    touch("index.csv");
    EXPECT_THROW(planBatchOutputs({m_dir / "index.csv"}, m_dir, ".npy", true), InputError);
}

TEST_F(FileNames, ExistingFilesAreReplacedOnlyWhenAllowed) {
    touch("a.npy");
    try {
        planBatchOutputs({"in/a.png", "in/b.png"}, m_dir, ".npy", false);
        FAIL() << "an existing output was planned over";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("a.npy"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("--overwrite"), std::string::npos) << e.what();
    }
    EXPECT_EQ(names(planBatchOutputs({"in/a.png", "in/b.png"}, m_dir, ".npy", true)),
              (std::vector<std::string>{"a.npy", "b.npy"}));
    fs::remove(m_dir / "a.npy");
    touch("index.csv"); // a previous batch's index counts too
    EXPECT_THROW(planBatchOutputs({"in/a.png"}, m_dir, ".npy", false), InputError);
}

} // namespace
} // namespace tessera
