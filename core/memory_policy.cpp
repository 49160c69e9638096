#include "memory_policy.hpp"

#include <cstdio>
#include <unistd.h>

namespace tessera {

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
