// The command-line spelling of every Spec option, in one table.
//
// tessera-cli's commands and the app's own command line both read flags through this table, and
// `--help` is printed from it, so a Spec option is spelled, parsed and documented in one place.
#pragma once

#include "spec.hpp"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tessera {

struct SpecFlag {
    std::string_view name;    // "--patch-size"
    std::string_view metavar; // "P|PxQ"; empty for a switch that takes no value
    std::string_view help;    // one line
    void (*apply)(Spec&, std::string_view value);
};

std::span<const SpecFlag> specFlags();
const SpecFlag* findSpecFlag(std::string_view name); // nullptr when it is not a Spec flag

// A Spec as the flags that make it (only what differs from a default Spec), and back: how the
// app keeps its settings, in the same words the CLI takes. specFromArgs throws InputError.
std::vector<std::string> toArgs(const Spec& spec);
Spec specFromArgs(const std::vector<std::string>& args);

} // namespace tessera
