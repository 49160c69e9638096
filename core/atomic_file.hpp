// AtomicFile: write a file so that it is either complete or not there at all.
//
// Bytes go to a temporary file in the target's folder (same file system, so rename is atomic);
// commit() flushes and renames it over the target. Destroying an uncommitted AtomicFile (an
// error, a cancel) removes the temporary: nothing half-written is ever left under the real name.
#pragma once

#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <string_view>

namespace tessera {

class AtomicFile {
  public:
    // Throws InputError naming the path when the folder is missing or not writable.
    explicit AtomicFile(std::filesystem::path target);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    void write(const void* data, std::size_t bytes); // InputError on a short write (disk full)
    void write(std::string_view bytes) { write(bytes.data(), bytes.size()); }
    void commit();

  private:
    std::filesystem::path m_target;
    std::filesystem::path m_temp;
    std::FILE* m_file = nullptr;
    bool m_committed = false;
};

// Reads a whole file; InputError naming the path when it cannot.
std::string readFile(const std::filesystem::path& path);

} // namespace tessera
