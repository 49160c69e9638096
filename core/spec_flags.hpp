// The Spec's field table: every Spec option's flag, value, help and app label, in one table.
//
// tessera-cli's commands and the app's own command line parse flags through it, `--help` is
// printed from it, toArgs (the app's settings, a manifest's "args") writes from it, and the app
// names its controls in errors with its labels. To add an option: add the field to Spec, then one
// row to kFlags in spec_flags.cpp (apply, get, help, label) and its value to the round-trip test
// (tests/core/test_spec.cpp); a static_assert on sizeof(Spec) there reminds you.
#pragma once

#include "spec.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tessera {

struct SpecFlag {
    std::string_view name;    // "--patch-size"
    std::string_view metavar; // "P|PxQ"; empty for a switch and for a choice flag
    std::string_view help;    // one line
    const char* label;        // the app's name of the control, context "tessera::SpecFlag"
    void (*apply)(Spec&, std::string_view value);
    // The flag's value for `spec`, or nullopt when the Spec holds the default (toArgs leaves it
    // out); "" for a switch that is on.
    std::optional<std::string> (*get)(const Spec&);
    std::string (*choices)() = nullptr; // choice flags: "strict|dynamic|none", from the table
    // A flag about the model around the PatchEmbed (the token sequence), not the projection: a
    // command's "*" does not take it (embed's output is the PatchEmbed's); info and the app do.
    bool sequence = false;

    bool takesValue() const { return !metavar.empty() || choices; }
    std::string valueHint() const { return choices ? choices() : std::string(metavar); }
};

std::span<const SpecFlag> specFlags();
const SpecFlag* findSpecFlag(std::string_view name); // nullptr when it is not a Spec flag

// A Spec as the flags that make it (only what differs from a default Spec), and back: how the
// app keeps its settings, in the same words the CLI takes. specFromArgs throws InputError.
std::vector<std::string> toArgs(const Spec& spec);
Spec specFromArgs(const std::vector<std::string>& args);

// A message in the app's words: "--fit crop-multiple" becomes "Size: Native size, crop to a
// multiple" and "--patch-size" the control's label, through `translate(context, text)` (the
// app passes QCoreApplication::translate; identity for tests).
std::string inAppWords(std::string message,
                       std::string (*translate)(const char* context, const char* text));

} // namespace tessera
