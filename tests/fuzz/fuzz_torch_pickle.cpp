// Fuzz target: readTorchPickle on any bytes (fuzz_targets.hpp).
#include "fuzz_targets.hpp"

#include "error.hpp"
#include "torch_pickle.hpp"

#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        // What the reader promises for whatever it accepts: every view lies inside its storage.
        const tessera::PickledTensors tensors = tessera::readTorchPickle(
            std::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
        for (const auto& [name, t] : tensors) {
            if (t.stride.size() != t.shape.size() || t.offset < 0)
                __builtin_trap();
            std::int64_t last = t.offset;
            bool empty = false;
            for (std::size_t k = 0; k < t.shape.size(); ++k) {
                empty = empty || t.shape[k] == 0;
                last += (t.shape[k] > 0 ? t.shape[k] - 1 : 0) * t.stride[k];
            }
            if (!empty && last >= t.storageNumel)
                __builtin_trap();
        }
    } catch (const tessera::InputError&) {
        // The expected way to say no.
    }
    return 0;
}
