#include "memory_policy.hpp"

#include <cstdio>
#include <cstdlib> // defines __GLIBC__ where the C library is glibc
#include <unistd.h>

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

std::int64_t defaultMemoryLimit() {
    const long pages = ::sysconf(_SC_PHYS_PAGES), size = ::sysconf(_SC_PAGESIZE);
    if (pages <= 0 || size <= 0)
        return std::int64_t(8) << 30; // unknown: 8 GB, what a laptop has at least
    return std::int64_t(pages) * size / 2;
}

std::string bytesText(std::int64_t bytes) {
    static const char* kUnits[] = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};
    double v = double(bytes);
    int u = 0;
    while (v >= 1024 && u < 6) {
        v /= 1024;
        ++u;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.2f %s", v, kUnits[u]);
    return buf;
}

} // namespace tessera
