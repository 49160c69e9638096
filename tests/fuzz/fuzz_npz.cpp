// Fuzz target: an .npz through QuaZip (readNpz, as the weights loader's .npz row lists and loads
// it), and the capped member reads a PyTorch checkpoint makes (ZipReader), on any bytes
// (fuzz_targets.hpp). The bytes go through a file in /dev/shm: QuaZip reads files.
#include "fuzz_qt.hpp"
#include "fuzz_scratch_file.hpp"
#include "fuzz_targets.hpp"

#include "error.hpp"
#include "zip_archive.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    tessera::fuzz::quietQtMessages();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::filesystem::path path = tessera::fuzz::scratchFile(data, size, ".npz");
    try {
        // What the reader promises for whatever it accepts: as many values as each shape says.
        const tessera::TensorFile f = tessera::io::readNpz(path);
        for (const auto& [name, t] : f.tensors)
            if (t.data.size() != tessera::numel(t.shape))
                __builtin_trap();
    } catch (const tessera::InputError&) {
        // The expected way to say no.
    }
    try {
        // A member is read only within the cap, and then exactly at the size the directory says.
        tessera::io::ZipReader zip(path);
        constexpr std::uint64_t kCap = 1 << 16;
        for (const auto& e : zip.entries()) {
            try {
                const std::string bytes = zip.read(e.name, kCap);
                if (e.size > kCap || bytes.size() != e.size)
                    __builtin_trap();
            } catch (const tessera::InputError&) {
            }
        }
    } catch (const tessera::InputError&) {
    }
    return 0;
}
