// A fuzz target's main() without libFuzzer: runs the target over every seed file given, then over
// deterministic mutations of each (truncations, byte flips, overwritten, repeated and dropped
// runs), so CTest exercises the decoders on every build, the sanitizer build included. A finding
// crashes the process or escapes as an exception, and the test fails.
//
// usage: fuzz_NAME_corpus [--mutations N] SEED_DIR_OR_FILE...
#include "fuzz_targets.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

namespace {

std::string readFile(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

void runOne(const std::string& bytes) {
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

// One mutation of `seed`, as libFuzzer's simplest mutators make them.
std::string mutate(const std::string& seed, std::mt19937_64& rng) {
    std::string s = seed;
    const auto pick = [&](std::size_t n) { return n ? std::size_t(rng() % n) : 0; };
    const int edits = 1 + int(rng() % 4);
    for (int e = 0; e < edits; ++e) {
        switch (rng() % 6) {
        case 0: // truncate
            s.resize(pick(s.size() + 1));
            break;
        case 1: // flip a bit
            if (!s.empty())
                s[pick(s.size())] ^= char(1u << (rng() % 8));
            break;
        case 2: // an interesting byte
            if (!s.empty()) {
                static const unsigned char kBytes[] = {0x00, 0x01, 0x7f, 0x80, 0xff, '(', ')',
                                                       't',  'R',  'Q',  'h',  'q',  '.', '}'};
                s[pick(s.size())] = char(kBytes[pick(sizeof kBytes)]);
            }
            break;
        case 3: { // repeat a run
            const std::size_t at = pick(s.size()),
                              len = pick(std::min<std::size_t>(64, s.size() - at) + 1);
            s.insert(pick(s.size() + 1), s.substr(at, len));
            break;
        }
        case 4: { // drop a run
            const std::size_t at = pick(s.size());
            s.erase(at, pick(std::min<std::size_t>(64, s.size() - at) + 1));
            break;
        }
        default: // a 4-byte little-endian length or size overwritten with an extreme value
            if (s.size() >= 4) {
                static const std::uint32_t kValues[] = {0,          1,          0x7fffffff,
                                                        0x80000000, 0xffffffff, 0x10000};
                const std::uint32_t v = kValues[pick(std::size(kValues))];
                std::memcpy(s.data() + pick(s.size() - 3), &v, 4);
            }
        }
    }
    return s;
}

} // namespace

int main(int argc, char** argv) {
    long mutations = 2000;
    std::vector<std::filesystem::path> seeds;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--mutations") == 0 && i + 1 < argc) {
            mutations = std::atol(argv[++i]);
            continue;
        }
        const std::filesystem::path p = argv[i];
        if (std::filesystem::is_directory(p)) {
            for (const auto& e : std::filesystem::directory_iterator(p))
                seeds.push_back(e.path());
        } else {
            seeds.push_back(p);
        }
    }
    std::sort(seeds.begin(), seeds.end());
    if (seeds.empty()) {
        std::fprintf(stderr, "no seed files given\n");
        return 2;
    }
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    std::mt19937_64 rng(20261128);
    long runs = 0;
    for (const auto& p : seeds) {
        const std::string seed = readFile(p);
        runOne(seed);
        ++runs;
        for (long m = 0; m < mutations; ++m, ++runs)
            runOne(mutate(seed, rng));
    }
    std::printf("%ld inputs from %zu seeds, no finding\n", runs, seeds.size());
    return 0;
}
