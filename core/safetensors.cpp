#include "safetensors.hpp"

#include "atomic_file.hpp"
#include "error.hpp"

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
#include <vector>

namespace tessera {
namespace {

using nlohmann::json;

// The reference implementation refuses headers over 100 MB; so do we.
constexpr std::uint64_t kMaxHeader = 100'000'000;

[[noreturn]] void bad(const std::string& what, const std::string& why) {
    throw InputError(what + ": not a valid .safetensors file (" + why + ")");
}

float halfToFloat(std::uint16_t h) {
    const std::uint32_t sign = std::uint32_t(h & 0x8000) << 16;
    const int exp = (h >> 10) & 0x1f;
    std::uint32_t mant = h & 0x3ff;
    std::uint32_t bits;
    if (exp == 0x1f) { // inf / nan
        bits = sign | 0x7f800000u | (mant << 13);
    } else if (exp != 0) {
        bits = sign | std::uint32_t(exp - 15 + 127) << 23 | mant << 13;
    } else if (mant == 0) {
        bits = sign;
    } else { // subnormal: shift into a normal float
        int e = -1;
        do {
            ++e;
            mant <<= 1;
        } while ((mant & 0x400) == 0);
        bits = sign | std::uint32_t(127 - 15 - e) << 23 | (mant & 0x3ff) << 13;
    }
    return std::bit_cast<float>(bits);
}

struct DtypeInfo {
    std::size_t size;
    float (*read)(const char*);
};

bool dtypeInfo(const std::string& dtype, DtypeInfo& info) {
    if (dtype == "F32")
        info = {4, [](const char* p) {
                    float v;
                    std::memcpy(&v, p, 4);
                    return v;
                }};
    else if (dtype == "F64")
        info = {8, [](const char* p) {
                    double v;
                    std::memcpy(&v, p, 8);
                    return float(v);
                }};
    else if (dtype == "F16")
        info = {2, [](const char* p) {
                    std::uint16_t v;
                    std::memcpy(&v, p, 2);
                    return halfToFloat(v);
                }};
    else if (dtype == "BF16")
        info = {2, [](const char* p) {
                    std::uint16_t v;
                    std::memcpy(&v, p, 2);
                    return std::bit_cast<float>(std::uint32_t(v) << 16);
                }};
    else
        return false;
    return true;
}

} // namespace

TensorFile decodeSafetensors(std::string_view bytes, const std::string& what,
                             const TensorFilter& keep) {
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

    const std::string_view data = bytes.substr(8 + headerLen);
    TensorFile file;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges;
    for (const auto& [key, entry] : header.items()) {
        if (key == "__metadata__") {
            if (!entry.is_object())
                bad(what, "__metadata__ is not an object");
            for (const auto& [k, v] : entry.items()) {
                if (!v.is_string())
                    bad(what, "__metadata__ value of '" + k + "' is not a string");
                file.metadata[k] = v.get<std::string>();
            }
            continue;
        }
        try {
            const std::string dtype = entry.at("dtype").get<std::string>();
            const auto shape = entry.at("shape").get<std::vector<std::int64_t>>();
            const auto offsets = entry.at("data_offsets").get<std::vector<std::uint64_t>>();
            DtypeInfo info{};
            if (!dtypeInfo(dtype, info))
                throw InputError(what + ": tensor '" + key + "' has dtype " + dtype +
                                 ", not one of F32, F16, BF16, F64");
            if (offsets.size() != 2 || offsets[0] > offsets[1] || offsets[1] > data.size())
                bad(what, "tensor '" + key + "' has data_offsets outside the " +
                              std::to_string(data.size()) + " data bytes");
            const std::size_t count = numel(Shape(shape.begin(), shape.end()));
            if (count > (offsets[1] - offsets[0]) / info.size ||
                count * info.size != offsets[1] - offsets[0])
                bad(what, "tensor '" + key + "' spans " + std::to_string(offsets[1] - offsets[0]) +
                              " bytes but its shape needs " + std::to_string(count * info.size));
            ranges.emplace_back(offsets[0], offsets[1]);
            Tensor t;
            t.shape.assign(shape.begin(), shape.end());
            if (keep && !keep(key, t.shape))
                continue;
            t.data.resize(count);
            const char* p = data.data() + offsets[0];
            for (std::size_t i = 0; i < count; ++i)
                t.data[i] = info.read(p + i * info.size);
            file.tensors.emplace(key, std::move(t));
        } catch (const json::exception& e) {
            bad(what, "entry '" + key + "' is malformed: " + e.what());
        }
    }
    std::sort(ranges.begin(), ranges.end());
    std::uint64_t covered = 0;
    for (const auto& [begin, end] : ranges) {
        if (begin != covered)
            bad(what, begin < covered ? "tensors overlap at byte " + std::to_string(begin)
                                      : "bytes " + std::to_string(covered) + " to " +
                                            std::to_string(begin) + " belong to no tensor");
        covered = end;
    }
    if (covered != data.size())
        bad(what,
            "the last " + std::to_string(data.size() - covered) + " bytes belong to no tensor");
    return file;
}

std::string encodeSafetensors(const TensorFile& file) {
    json header = json::object();
    std::uint64_t offset = 0;
    for (const auto& [key, t] : file.tensors) {
        const std::uint64_t bytes = t.data.size() * sizeof(float);
        header[key] = {
            {"dtype", "F32"}, {"shape", t.shape}, {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
    }
    if (!file.metadata.empty())
        header["__metadata__"] = file.metadata;
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8,
                ' '); // keeps the data 8-byte aligned, as the reference does
    std::string out(8, '\0');
    const std::uint64_t len = text.size();
    std::memcpy(out.data(), &len, 8);
    out += text;
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

void saveSafetensors(const std::filesystem::path& path, const TensorFile& file) {
    AtomicFile f(path);
    f.write(encodeSafetensors(file));
    f.commit();
}

} // namespace tessera
