// tessera-cli's commands; each .cpp defines one and main() dispatches by name.
#pragma once

#include "cli_args.hpp"

namespace tessera::cli {

extern const Command kEmbedCommand;
extern const Command kInfoCommand;
extern const Command kBenchCommand;
extern const Command kPreprocessCommand;
extern const Command kResampleCommand;
extern const Command kPosembedCommand;
extern const Command kWeightsCommand;

// "1,234,567": large counts are read at a glance.
std::string groupDigits(long long v);

} // namespace tessera::cli
