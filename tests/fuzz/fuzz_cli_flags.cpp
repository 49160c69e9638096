// Fuzz target: tessera-cli embed's command line (parseArgs with embed's own Command, whose
// Spec flags come from spec_flags), on any bytes split on NUL into arguments
// (fuzz_targets.hpp). Only UsageError or InputError may say no; any other exception escapes
// and is a finding (cli_main would report it as an internal error, exit 1).
#include "fuzz_spec_roundtrip.hpp"
#include "fuzz_targets.hpp"

#include "cli_args.hpp"
#include "commands.hpp"
#include "error.hpp"

#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<std::string> args;
    if (size) {
        args.emplace_back();
        for (std::size_t i = 0; i < size; ++i) {
            if (data[i] == 0)
                args.emplace_back();
            else
                args.back().push_back(char(data[i]));
        }
    }
    try {
        // What the parser promises for whatever it accepts: the Spec flags it kept, read again
        // on their own (as --spec puts a manifest's flags before them), give the same Spec, and
        // that Spec survives being written as flags.
        const tessera::cli::ParsedArgs parsed =
            tessera::cli::parseArgs(tessera::cli::kEmbedCommand, args);
        if (tessera::specFromArgs(parsed.specArgs) != parsed.spec)
            __builtin_trap();
        tessera::fuzz::requireRoundTrip(parsed.spec);
        for (const auto& [name, values] : parsed.repeated)
            if (values.empty() || parsed.get(name) != values.back())
                __builtin_trap();
    } catch (const tessera::InputError&) {
        // The expected way to say no (UsageError is one).
    }
    return 0;
}
