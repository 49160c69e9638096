// Errors the core reports.
//
// InputError is the user's to fix (bad flag values, sizes that do not fit, malformed files):
// faces show its one-line message as it is (the CLI exits 2). Any other exception is a bug or
// an environment failure (the CLI exits 1).
#pragma once

#include <stdexcept>
#include <string>

namespace tessera {

class InputError : public std::runtime_error {
  public:
    explicit InputError(const std::string& message) : std::runtime_error(message) {}
};

// Thrown when a progress callback asks to stop; not an error to report, just a way out.
class Cancelled : public std::runtime_error {
  public:
    Cancelled() : std::runtime_error("cancelled") {}
};

} // namespace tessera
