// Fuzz target: `embed --spec MANIFEST`, the manifest reader (specArgsFromManifest: JSON through
// QJsonDocument, its spec.args) and the Spec those flags make (specFromArgs), on any bytes
// (fuzz_targets.hpp). The bytes go through a file in /dev/shm: the reader takes a path.
#include "fuzz_scratch_file.hpp"
#include "fuzz_spec_roundtrip.hpp"
#include "fuzz_targets.hpp"

#include "error.hpp"
#include "exporter.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::filesystem::path path = tessera::fuzz::scratchFile(data, size, ".json");
    try {
        // What the reader promises for whatever it accepts: flags that make a Spec or are
        // refused with InputError, and a Spec that survives being written again.
        const std::vector<std::string> args = tessera::io::specArgsFromManifest(path);
        tessera::fuzz::requireRoundTrip(tessera::specFromArgs(args));
    } catch (const tessera::InputError&) {
        // The expected way to say no.
    }
    return 0;
}
