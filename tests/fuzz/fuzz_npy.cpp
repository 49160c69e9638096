// Fuzz target: decodeNpy on any bytes (fuzz_targets.hpp).
#include "fuzz_targets.hpp"

#include "error.hpp"
#include "npy.hpp"

#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        tessera::decodeNpy(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
    } catch (const tessera::InputError&) {
        // The expected way to say no.
    }
    return 0;
}
