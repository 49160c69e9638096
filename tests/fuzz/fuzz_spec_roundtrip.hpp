// What both Spec-reading targets (cli_flags, manifest) assert of a Spec they accepted: toArgs
// writes it (the app's settings, a manifest's "args") in words specFromArgs reads back as the
// same Spec. A Spec that does not survive its own writing is a manifest that repeats another run.
#pragma once

#include "spec_flags.hpp"

namespace tessera::fuzz {

inline void requireRoundTrip(const Spec& spec) {
    if (specFromArgs(toArgs(spec)) != spec)
        __builtin_trap();
}

} // namespace tessera::fuzz
