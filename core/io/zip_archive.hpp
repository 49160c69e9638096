// Zip archives through QuaZip: .npz files (numpy's zip of .npy members) and the export bundle.
#pragma once

#include "byte_sink.hpp"
#include "safetensors.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace tessera::io {

struct ZipMember {
    std::string name; // path inside the archive, '/'-separated
    std::string bytes;
};

// A zip archive written front to back into a sink (an AtomicFile), member by member and each
// member a piece at a time: neither a member nor the archive is ever held whole, so a bundle of
// 200 MB of embeddings costs a 64 KB buffer, not two copies. Members are stored uncompressed, as
// numpy.savez does (float payloads barely deflate, and deflating them is most of an export's
// time: docs/architecture-notes.md), in zip64 form so that a member may pass 4 GiB; since the
// sink cannot seek, each member's CRC and sizes follow its data (a data descriptor, which
// Python's zipfile, numpy and unzip read). Throws std::runtime_error when QuaZip fails, and
// whatever the sink throws.
class ZipWriter {
  public:
    explicit ZipWriter(ByteSink sink);
    ~ZipWriter();
    ZipWriter(const ZipWriter&) = delete;
    ZipWriter& operator=(const ZipWriter&) = delete;

    void begin(const std::string& name); // closes the member before, if any
    void write(const void* data, std::size_t bytes);
    void write(std::string_view bytes) { write(bytes.data(), bytes.size()); }
    void add(const std::string& name, std::string_view bytes); // a whole (small) member
    void finish(); // closes the last member and writes the central directory

    // A sink that appends to the current member, for writers that take one.
    ByteSink memberSink();

  private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// The archive's bytes, written by a ZipWriter: for small archives (tests).
std::string makeZip(const std::vector<ZipMember>& members);

// A zip file opened for reading members one at a time, by name: a PyTorch checkpoint's few
// wanted storages are read without inflating the rest. Members are untrusted: a member is read
// only when its inflated size, from the central directory, is within the caller's cap and within
// what its compressed bytes inside the file can inflate to, and never beyond that size, whatever
// its data says.
class ZipReader {
  public:
    explicit ZipReader(const std::filesystem::path& path); // InputError: unreadable, not a zip
    ~ZipReader();
    ZipReader(const ZipReader&) = delete;
    ZipReader& operator=(const ZipReader&) = delete;

    struct Entry {
        std::string name;
        std::uint64_t size = 0;   // inflated, as the central directory says
        std::uint64_t packed = 0; // compressed, as the central directory says
    };
    const std::vector<Entry>& entries() const { return m_entries; }
    const Entry* find(const std::string& name) const;

    // InputError when absent, larger than `maxBytes`, or corrupt.
    std::string read(const std::string& name, std::uint64_t maxBytes);
    // The first min(size, maxBytes) bytes of a member (a header), inflating no more than that.
    std::string readPrefix(const std::string& name, std::uint64_t maxBytes);

  private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    std::filesystem::path m_path;
    std::vector<Entry> m_entries;
};

// Every member of a zip file; InputError naming the file when it is not a readable zip.
std::vector<ZipMember> readZip(const std::filesystem::path& path);

// An .npz file's float arrays (float32, float64; C order) by name, the ".npy" dropped, from the
// members' headers alone: nothing else is inflated. Members of other dtypes are left out, since
// checkpoints carry step counters and the like next to the weights. InputError when a member's
// header disagrees with its inflated size in the zip's directory (a zip bomb's lie, or damage).
std::vector<TensorInfo> listNpz(const std::filesystem::path& path);

// The largest .npz member read, inflated: the largest patch-embedding tensors of real models are
// tens of MB (ViT-22B's kernel is 14 MB; a 4096² grid's position table 256 MB), so a member past
// 1 GiB is a zip bomb or a mistake, refused from the zip's directory before any of it is inflated.
constexpr std::uint64_t kMaxNpzMemberBytes = std::uint64_t(1) << 30;

// The arrays named (all float ones when `names` is empty): each member is inflated only after
// its header and directory entry agree on its size, and only when that is at most
// kMaxNpzMemberBytes.
TensorFile readNpz(const std::filesystem::path& path, const std::set<std::string>& names = {});

} // namespace tessera::io
