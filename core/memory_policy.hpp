// How the process's allocator treats the large, short-lived buffers of a run.
//
// A run allocates megabytes for its output and Eigen allocates its GEMM blocking space on every
// product. glibc serves such sizes with fresh mmap()s (or trims them back to the OS when freed),
// so every run page-faults its buffers in again: measured on a 224×224 image, that is a tenth of
// the run (bench/README.md). Programs that run the core repeatedly (tessera-cli bench, the app)
// call this once at start-up to keep freed memory in the heap for the next run instead.
#pragma once

#include <cstdint>
#include <string>

namespace tessera {

void retainFreedBuffers();

// What a run may plan to hold at once when --max-memory is not given: half of this machine's
// RAM, so a mistaken size fails at once with its figures instead of swapping or ending in
// bad_alloc after minutes.
std::int64_t defaultMemoryLimit();

// "1.50 GB", "512 MB", "12 KB": sizes in the messages (powers of 1024).
std::string bytesText(std::int64_t bytes);

} // namespace tessera
