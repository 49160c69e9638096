#include "allocator_policy.hpp"

#include <cstdlib> // defines __GLIBC__ where the C library is glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace tessera {

void retainFreedBuffers() {
#if defined(__GLIBC__)
    // Any of these switches off glibc's adaptive thresholds, so all three are set: blocks up to
    // 32 MiB (the largest threshold glibc allows) come from the heap instead of their own mmap(),
    // heaps grow with 64 MiB of slack, and up to 256 MiB of free heap is kept, not trimmed.
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TOP_PAD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
}

} // namespace tessera
