// Fuzz target: decodeSafetensors on any bytes (fuzz_targets.hpp).
#include "fuzz_targets.hpp"

#include "error.hpp"
#include "safetensors.hpp"

#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        // What the decoder promises for whatever it accepts: as many values as each shape says.
        const tessera::TensorFile f = tessera::decodeSafetensors(
            std::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
        for (const auto& [name, t] : f.tensors)
            if (t.data.size() != tessera::numel(t.shape))
                __builtin_trap();
    } catch (const tessera::InputError&) {
        // The expected way to say no.
    }
    return 0;
}
