// How the process's allocator treats the large, short-lived buffers of a run.
//
// A run allocates megabytes for its output and Eigen allocates its GEMM blocking space on every
// product. glibc serves such sizes with fresh mmap()s (or trims them back to the OS when freed),
// so every run page-faults its buffers in again: measured on a 224×224 image, that is a tenth of
// the run (bench/README.md). Programs that run the core repeatedly (tessera-cli bench, the app)
// call this once at start-up to keep freed memory in the heap for the next run instead.
#pragma once

namespace tessera {

void retainFreedBuffers();

} // namespace tessera
