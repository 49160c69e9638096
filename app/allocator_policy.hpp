// How the process's allocator treats the large, short-lived buffers of a run.
//
// A run allocates megabytes for its output and its packed patches on every run. glibc serves
// such sizes with fresh mmap()s (or trims them back to the OS when freed), so every run
// page-faults its buffers in again: measured on a 224×224 image, that was a tenth of the run
// (bench/README.md). The programs that run the core repeatedly (tessera-cli, the app, the GUI
// bench) call this once at start-up to keep freed memory in the heap for the next run instead.
// It is a process-wide setting, so it lives here, with the programs' main()s, and never in the
// core: a library must not change its user's allocator behind their back.
#pragma once

namespace tessera {

void retainFreedBuffers();

} // namespace tessera
