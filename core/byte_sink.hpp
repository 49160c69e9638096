// ByteSink: where a writer that streams puts its bytes, a piece at a time (an AtomicFile, a zip
// member, a string in tests), so that a large export is never held whole in memory.
#pragma once

#include <cstddef>
#include <functional>

namespace tessera {

// Called with consecutive pieces of one output, in order; it throws to stop the writer (a full
// disk). A piece is only valid during the call.
using ByteSink = std::function<void(const void* data, std::size_t bytes)>;

} // namespace tessera
