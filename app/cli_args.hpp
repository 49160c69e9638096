// Command-line parsing for tessera-cli: each command declares its own options and which Spec
// flags it takes; the Spec flags themselves come from core's spec_flags table, so they are
// spelled, parsed and documented once. Both "--name value" and "--name=value" are accepted;
// "--" ends the options (everything after it is positional, as getopt does).
#pragma once

#include "error.hpp"
#include "spec.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::cli {

struct Option {
    std::string_view name;    // "--json", "-o"
    std::string_view metavar; // empty for a switch
    std::string_view help;
};

struct ParsedArgs {
    std::vector<std::string> positional;
    std::map<std::string, std::string, std::less<>>
        options; // own options by name ("" for switches): the last value given
    std::map<std::string, std::vector<std::string>, std::less<>>
        repeated;                      // own options by name: every value given, in order
    Spec spec;                         // Spec flags applied in order
    std::vector<std::string> specArgs; // those flags as given (name, value)

    bool has(std::string_view name) const { return options.contains(name); }
    std::string get(std::string_view name, std::string fallback = {}) const;
    std::vector<std::string> all(std::string_view name) const; // a repeatable option's values
};

struct Command {
    std::string_view name;
    std::string_view usage;   // "embed INPUT -o OUT [options]"
    std::string_view summary; // one line
    std::vector<Option> options;
    std::vector<std::string_view> specFlags; // names from spec_flags; {"*"} for all of them
    int (*run)(const ParsedArgs&);
};

// A usage mistake (unknown flag, missing value): exit 2 like any InputError.
class UsageError : public InputError {
  public:
    using InputError::InputError;
};

ParsedArgs parseArgs(const Command& command, const std::vector<std::string>& args);
std::string helpText(const Command& command);

} // namespace tessera::cli
