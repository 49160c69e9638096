// For fuzz targets whose decoder takes a path, not bytes (QuaZip opens files, readImage reads
// one): the input written to a file in /dev/shm (memory, not disk), one per process and
// extension, overwritten by every run and removed at exit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>

namespace tessera::fuzz {

// The path holding exactly `data`; aborts (a harness fault, not a finding) when it cannot.
inline std::filesystem::path scratchFile(const std::uint8_t* data, std::size_t size,
                                         const std::string& extension) {
    static const std::filesystem::path dir =
        std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
    const std::filesystem::path path =
        dir / ("tessera-fuzz-" + std::to_string(::getpid()) + extension);
    static const bool registered = [] {
        std::atexit([] {
            std::error_code ec;
            for (const auto& e : std::filesystem::directory_iterator(dir, ec))
                if (e.path().filename().string().starts_with("tessera-fuzz-" +
                                                             std::to_string(::getpid()) + "."))
                    std::filesystem::remove(e.path(), ec);
        });
        return true;
    }();
    (void)registered;
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f || (size && std::fwrite(data, 1, size, f) != size) || std::fclose(f) != 0)
        std::abort();
    return path;
}

} // namespace tessera::fuzz
