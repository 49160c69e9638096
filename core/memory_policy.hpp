// How much memory a run may plan to hold, and how sizes are said. (The allocator policy of the
// programs is theirs: app/allocator_policy.hpp.)
#pragma once

#include <cstdint>
#include <string>

namespace tessera {

// What a run may plan to hold at once when --max-memory is not given: half of this machine's
// RAM, so a mistaken size fails at once with its figures instead of swapping or ending in
// bad_alloc after minutes.
std::int64_t defaultMemoryLimit();

// "1.50 GB", "512 MB", "12 KB": sizes in the messages (powers of 1024).
std::string bytesText(std::int64_t bytes);

} // namespace tessera
