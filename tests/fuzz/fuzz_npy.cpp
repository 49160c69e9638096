// Fuzz target: decodeNpy on any bytes (fuzz_targets.hpp).
#include "fuzz_targets.hpp"

#include "error.hpp"
#include "npy.hpp"

#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        // What the decoder promises for whatever it accepts: as many values as the shape says.
        const tessera::Tensor t =
            tessera::decodeNpy(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
        if (t.data.size() != tessera::numel(t.shape))
            __builtin_trap();
    } catch (const tessera::InputError&) {
        // The expected way to say no.
    }
    return 0;
}
