#include "safetensors.hpp"

#include "atomic_file.hpp"
#include "error.hpp"
#include "half_float.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <map>
#include <vector>

namespace tessera {
namespace {

using nlohmann::json;

// The reference implementation refuses headers over 100 MB; so do we.
constexpr std::uint64_t kMaxHeader = 100'000'000;

[[noreturn]] void bad(const std::string& what, const std::string& why) {
    throw InputError(what + ": not a valid .safetensors file (" + why + ")");
}

float readF32(const char* p) {
    float v;
    std::memcpy(&v, p, 4);
    return v;
}
float readF64(const char* p) {
    double v;
    std::memcpy(&v, p, 8);
    return float(v);
}
float readF16(const char* p) {
    std::uint16_t v;
    std::memcpy(&v, p, 2);
    return halfToFloat(v);
}
float readBF16(const char* p) {
    std::uint16_t v;
    std::memcpy(&v, p, 2);
    return bfloat16ToFloat(v);
}

// The dtypes a header may name. Integer and 8-bit float tensors (position ids, step counters,
// quantised weights) are checked and listed but never decoded: a patch embedding is not one.
struct Dtype {
    std::string_view name;  // in the header
    std::string_view numpy; // in listings
    std::size_t size;
    float (*read)(const char*); // nullptr: not decoded
};
constexpr Dtype kDtypes[] = {
    {"F32", "float32", 4, readF32},         {"F64", "float64", 8, readF64},
    {"F16", "float16", 2, readF16},         {"BF16", "bfloat16", 2, readBF16},
    {"I64", "int64", 8, nullptr},           {"I32", "int32", 4, nullptr},
    {"I16", "int16", 2, nullptr},           {"I8", "int8", 1, nullptr},
    {"U64", "uint64", 8, nullptr},          {"U32", "uint32", 4, nullptr},
    {"U16", "uint16", 2, nullptr},          {"U8", "uint8", 1, nullptr},
    {"BOOL", "bool", 1, nullptr},           {"F8_E4M3", "float8_e4m3fn", 1, nullptr},
    {"F8_E5M2", "float8_e5m2", 1, nullptr},
};

struct Entry {
    std::string key;
    const Dtype* dtype;
    Shape shape;
    std::uint64_t begin, end; // in the data section
};

struct Header {
    std::vector<Entry> entries;
    std::map<std::string, std::string> metadata;
    std::string_view data;
};

// The header parsed and checked: every entry's dtype, shape and byte range, the ranges tiling the
// data section exactly, as the reference reader requires.
Header parseHeader(std::string_view bytes, const std::string& what) {
    if (bytes.size() < 8)
        bad(what, "shorter than its 8-byte header length");
    std::uint64_t headerLen;
    std::memcpy(&headerLen, bytes.data(), 8);
    if (headerLen > kMaxHeader || headerLen > bytes.size() - 8)
        bad(what, "header length " + std::to_string(headerLen) + " exceeds the file size " +
                      std::to_string(bytes.size()) + " or the 100 MB limit");
    json header;
    try {
        header = json::parse(bytes.substr(8, headerLen));
    } catch (const json::exception& e) {
        bad(what, std::string("header is not JSON: ") + e.what());
    }
    if (!header.is_object())
        bad(what, "header is not a JSON object");

    Header h;
    h.data = bytes.substr(8 + headerLen);
    for (const auto& [key, entry] : header.items()) {
        if (key == "__metadata__") {
            if (!entry.is_object())
                bad(what, "__metadata__ is not an object");
            for (const auto& [k, v] : entry.items()) {
                if (!v.is_string())
                    bad(what, "__metadata__ value of '" + k + "' is not a string");
                h.metadata[k] = v.get<std::string>();
            }
            continue;
        }
        try {
            const std::string dtype = entry.at("dtype").get<std::string>();
            // Whole numbers only: nlohmann casts a float (1e308) to an integer type unchecked,
            // which is undefined behaviour out of range.
            for (const char* field : {"shape", "data_offsets"})
                for (const json& v : entry.at(field).is_array() ? entry.at(field) : json::array())
                    if (!v.is_number_unsigned() ||
                        v.get<std::uint64_t>() > std::uint64_t(INT64_MAX))
                        bad(what, "tensor '" + key + "' has " + field + " holding " + v.dump() +
                                      ", not a whole number from 0 to 2^63-1");
            const auto shape = entry.at("shape").get<std::vector<std::int64_t>>();
            const auto offsets = entry.at("data_offsets").get<std::vector<std::uint64_t>>();
            const Dtype* info = nullptr;
            for (const Dtype& d : kDtypes)
                if (d.name == dtype)
                    info = &d;
            if (!info)
                bad(what, "tensor '" + key + "' has dtype " + dtype +
                              ", which safetensors does "
                              "not define");
            if (offsets.size() != 2 || offsets[0] > offsets[1] || offsets[1] > h.data.size())
                bad(what, "tensor '" + key + "' has data_offsets outside the " +
                              std::to_string(h.data.size()) + " data bytes");
            const std::size_t count = numel(Shape(shape.begin(), shape.end()));
            if (count > (offsets[1] - offsets[0]) / info->size ||
                count * info->size != offsets[1] - offsets[0])
                bad(what, "tensor '" + key + "' spans " + std::to_string(offsets[1] - offsets[0]) +
                              " bytes but its shape needs " + std::to_string(count * info->size));
            h.entries.push_back(
                {key, info, Shape(shape.begin(), shape.end()), offsets[0], offsets[1]});
        } catch (const json::exception& e) {
            bad(what, "entry '" + key + "' is malformed: " + e.what());
        }
    }
    std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges;
    for (const Entry& e : h.entries)
        ranges.emplace_back(e.begin, e.end);
    std::sort(ranges.begin(), ranges.end());
    std::uint64_t covered = 0;
    for (const auto& [begin, end] : ranges) {
        if (begin != covered)
            bad(what, begin < covered ? "tensors overlap at byte " + std::to_string(begin)
                                      : "bytes " + std::to_string(covered) + " to " +
                                            std::to_string(begin) + " belong to no tensor");
        covered = end;
    }
    if (covered != h.data.size())
        bad(what,
            "the last " + std::to_string(h.data.size() - covered) + " bytes belong to no tensor");
    return h;
}

} // namespace

TensorFile decodeSafetensors(std::string_view bytes, const std::string& what,
                             const TensorFilter& keep) {
    Header h = parseHeader(bytes, what);
    TensorFile file;
    file.metadata = std::move(h.metadata);
    for (Entry& e : h.entries) {
        if (!e.dtype->read || (keep && !keep(e.key, e.shape)))
            continue;
        Tensor t;
        t.shape = std::move(e.shape);
        const std::size_t count = numel(t.shape);
        t.data.resize(count);
        const char* p = h.data.data() + e.begin;
        for (std::size_t i = 0; i < count; ++i)
            t.data[i] = e.dtype->read(p + i * e.dtype->size);
        file.tensors.emplace(std::move(e.key), std::move(t));
    }
    return file;
}

std::string encodeSafetensorsHeader(const std::map<std::string, Shape>& shapes,
                                    const std::map<std::string, std::string>& metadata) {
    json header = json::object();
    std::uint64_t offset = 0;
    for (const auto& [key, shape] : shapes) {
        const std::uint64_t bytes = numel(shape) * sizeof(float);
        header[key] = {
            {"dtype", "F32"}, {"shape", shape}, {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
    }
    if (!metadata.empty())
        header["__metadata__"] = metadata;
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8,
                ' '); // keeps the data 8-byte aligned, as the reference does
    std::string out(8, '\0');
    const std::uint64_t len = text.size();
    std::memcpy(out.data(), &len, 8);
    return out + text;
}

std::string encodeSafetensors(const TensorFile& file) {
    std::map<std::string, Shape> shapes;
    for (const auto& [key, t] : file.tensors)
        shapes[key] = t.shape;
    std::string out = encodeSafetensorsHeader(shapes, file.metadata);
    for (const auto& [key, t] : file.tensors)
        out.append(reinterpret_cast<const char*>(t.data.data()), t.data.size() * sizeof(float));
    return out;
}

namespace {

// A read-only mapping of a whole file, unmapped when it goes.
class MappedFile {
  public:
    explicit MappedFile(const std::filesystem::path& path) {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        struct stat st {};
        if (fd < 0 || ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
            const int err = fd < 0 ? errno : (S_ISDIR(st.st_mode) ? EISDIR : EINVAL);
            if (fd >= 0)
                ::close(fd);
            throw InputError("cannot read " + path.string() + ": " + std::strerror(err));
        }
        m_size = std::size_t(st.st_size);
        if (m_size > 0)
            m_data = ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE, fd, 0);
        ::close(fd);
        if (m_data == MAP_FAILED)
            throw InputError("cannot read " + path.string() + ": " + std::strerror(errno));
    }
    ~MappedFile() {
        if (m_data && m_data != MAP_FAILED)
            ::munmap(m_data, m_size);
    }
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    std::string_view bytes() const {
        return m_data ? std::string_view(static_cast<const char*>(m_data), m_size)
                      : std::string_view();
    }

  private:
    void* m_data = nullptr;
    std::size_t m_size = 0;
};

} // namespace

TensorFile loadSafetensors(const std::filesystem::path& path, const TensorFilter& keep) {
    const MappedFile file(path);
    return decodeSafetensors(file.bytes(), path.string(), keep);
}

std::vector<TensorInfo> listSafetensors(const std::filesystem::path& path) {
    const MappedFile file(path);
    std::vector<TensorInfo> list;
    for (Entry& e : parseHeader(file.bytes(), path.string()).entries)
        list.push_back({std::move(e.key), std::string(e.dtype->numpy), std::move(e.shape)});
    return list;
}

void saveSafetensors(const std::filesystem::path& path, const TensorFile& file) {
    AtomicFile f(path);
    f.write(encodeSafetensors(file));
    f.commit();
}

} // namespace tessera
