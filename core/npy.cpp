#include "npy.hpp"

#include "atomic_file.hpp"
#include "error.hpp"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstring>
#include <limits>

namespace tessera {
namespace {

static_assert(std::endian::native == std::endian::little, "the codecs assume a little-endian host");

constexpr std::string_view kMagic = "\x93NUMPY";
constexpr std::size_t kMaxHeader = 1 << 20; // real headers are ~100 bytes; bound what we parse
static_assert(kNpyMaxHeaderBytes == 12 + kMaxHeader);

[[noreturn]] void bad(const std::string& what, const std::string& why) {
    throw InputError(what + ": not a valid .npy file (" + why + ")");
}

std::string trim(std::string_view s) {
    const auto a = s.find_first_not_of(" \t\n\r");
    if (a == std::string_view::npos)
        return {};
    const auto b = s.find_last_not_of(" \t\n\r");
    return std::string(s.substr(a, b - a + 1));
}

// The value text after 'key': in the header's Python dict literal, up to the next top-level
// comma or closing brace.
std::string dictValue(std::string_view header, std::string_view key, const std::string& what) {
    const std::string quoted1 = "'" + std::string(key) + "'";
    const std::string quoted2 = "\"" + std::string(key) + "\"";
    auto k = header.find(quoted1);
    if (k == std::string_view::npos)
        k = header.find(quoted2);
    if (k == std::string_view::npos)
        bad(what, "header has no " + std::string(key));
    auto colon = header.find(':', k + quoted1.size());
    if (colon == std::string_view::npos)
        bad(what, "header is malformed near " + std::string(key));
    std::size_t i = colon + 1;
    int depth = 0;
    std::size_t end = i;
    for (; end < header.size(); ++end) {
        const char c = header[end];
        if (c == '(' || c == '[')
            ++depth;
        else if (c == ')' || c == ']')
            --depth;
        else if ((c == ',' || c == '}') && depth == 0)
            break;
    }
    if (depth != 0 || end == header.size())
        bad(what, "header is malformed near " + std::string(key));
    return trim(header.substr(i, end - i));
}

Shape parseShape(const std::string& text, const std::string& what) {
    if (text.size() < 2 || text.front() != '(' || text.back() != ')')
        bad(what, "shape " + text + " is not a tuple");
    Shape shape;
    std::string_view inner(text.data() + 1, text.size() - 2);
    while (true) {
        const auto comma = inner.find(',');
        const std::string item = trim(inner.substr(0, comma));
        if (!item.empty()) {
            std::int64_t v = -1;
            auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
            if (ec != std::errc() || end != item.data() + item.size() || v < 0)
                bad(what, "shape " + text + " has a bad dimension");
            shape.push_back(v);
        } else if (comma != std::string_view::npos) {
            bad(what, "shape " + text + " has an empty dimension");
        }
        if (comma == std::string_view::npos)
            break;
        inner.remove_prefix(comma + 1);
    }
    return shape;
}

} // namespace

std::size_t NpyHeader::itemSize() const {
    return descr == "<f4" ? 4 : descr == "<f8" ? 8 : 0;
}

std::uint64_t NpyHeader::fileBytes() const {
    const std::uint64_t count = numel(shape), size = std::max<std::size_t>(itemSize(), 1);
    if (count > (std::numeric_limits<std::uint64_t>::max() - dataOffset) / size)
        throw InputError("shape " + shapeString(shape) + " is too large");
    return dataOffset + count * size;
}

std::size_t npyHeaderBytes(std::string_view bytes, const std::string& what) {
    if (bytes.size() < 10 || bytes.substr(0, 6) != kMagic)
        bad(what, "no \\x93NUMPY magic");
    const int major = static_cast<unsigned char>(bytes[6]);
    if (major == 1)
        return 10 +
               (static_cast<unsigned char>(bytes[8]) | static_cast<unsigned char>(bytes[9]) << 8);
    if (major != 2 && major != 3)
        bad(what, "format version " + std::to_string(major) + " is not 1, 2 or 3");
    if (bytes.size() < 12)
        bad(what, "header is truncated");
    std::uint32_t len;
    std::memcpy(&len, bytes.data() + 8, 4);
    if (len > kMaxHeader)
        bad(what,
            "header length " + std::to_string(len) + " is over " + std::to_string(kMaxHeader));
    return 12 + std::size_t(len);
}

NpyHeader parseNpyHeader(std::string_view bytes, const std::string& what) {
    const std::size_t end = npyHeaderBytes(bytes, what);
    const std::size_t offset = static_cast<unsigned char>(bytes[6]) == 1 ? 10 : 12;
    if (end > bytes.size())
        bad(what, "header length " + std::to_string(end - offset) + " runs past the file");
    const std::size_t headerLen = end - offset;
    const std::string_view header = bytes.substr(offset, headerLen);

    NpyHeader h;
    h.descr = dictValue(header, "descr", what);
    const std::string fortran = dictValue(header, "fortran_order", what);
    h.shape = parseShape(dictValue(header, "shape", what), what);
    if (h.descr.size() >= 2 && (h.descr.front() == '\'' || h.descr.front() == '"'))
        h.descr = h.descr.substr(1, h.descr.size() - 2);
    if (fortran != "True" && fortran != "False")
        bad(what, "fortran_order is " + fortran);
    h.fortranOrder = fortran == "True";
    h.dataOffset = offset + headerLen;
    return h;
}

NpyHeader readNpyHeader(const std::filesystem::path& path) {
    return parseNpyHeader(readFilePrefix(path, kNpyMaxHeaderBytes), path.string());
}

Tensor decodeNpy(std::string_view bytes, const std::string& what) {
    const NpyHeader h = parseNpyHeader(bytes, what);
    const Shape& shape = h.shape;
    const std::string& descr = h.descr;
    if (h.fortranOrder)
        throw InputError(what + ": Fortran-order arrays are not supported (save with C order, "
                                "e.g. numpy.ascontiguousarray)");
    const std::size_t itemSize = h.itemSize();
    if (itemSize == 0)
        throw InputError(what + ": dtype '" + descr + "' is not supported (float32 '<f4' or " +
                         "float64 '<f8')");

    const std::size_t count = numel(shape);
    const std::string_view payload = bytes.substr(h.dataOffset);
    if (count > payload.size() / itemSize || payload.size() != count * itemSize)
        throw InputError(what + ": holds " + std::to_string(payload.size()) +
                         " data bytes but shape " + shapeString(shape) + " of " + descr +
                         " needs " + std::to_string(count * itemSize) +
                         (payload.size() < count * itemSize ? " (truncated)" : ""));
    Tensor t;
    t.shape = shape;
    t.data.resize(count);
    if (itemSize == 4 && count > 0) {
        std::memcpy(t.data.data(), payload.data(), count * 4);
    } else if (itemSize == 8) {
        for (std::size_t i = 0; i < count; ++i) {
            double v;
            std::memcpy(&v, payload.data() + i * 8, 8);
            t.data[i] = static_cast<float>(v);
        }
    }
    return t;
}

std::string npyHeader(const Shape& shape, std::string_view descr) {
    std::string dict = "{'descr': '" + std::string(descr) +
                       "', 'fortran_order': False, 'shape': " + shapeString(shape) + ", }";
    // magic (6) + version (2) + length (2) + dict + padding + '\n' is a multiple of 64.
    const std::size_t total = (10 + dict.size() + 1 + 63) / 64 * 64;
    dict.append(total - 10 - dict.size() - 1, ' ');
    dict += '\n';
    std::string h(kMagic);
    h += '\x01';
    h += '\x00';
    h += static_cast<char>(dict.size() & 0xff);
    h += static_cast<char>(dict.size() >> 8);
    return h + dict;
}

std::string encodeNpy(const Tensor& t) {
    std::string out = npyHeader(t.shape);
    out.append(reinterpret_cast<const char*>(t.data.data()), t.data.size() * sizeof(float));
    return out;
}

std::string encodeNpyInt64(const std::vector<std::int64_t>& values, const Shape& shape) {
    if (values.size() != numel(shape))
        throw std::logic_error("encodeNpyInt64: " + std::to_string(values.size()) +
                               " values for shape " + shapeString(shape));
    std::string out = npyHeader(shape, "<i8");
    out.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(std::int64_t));
    return out;
}

Tensor loadNpy(const std::filesystem::path& path) {
    return decodeNpy(readFile(path), path.string());
}

void saveNpy(const std::filesystem::path& path, const Tensor& t) {
    AtomicFile f(path);
    f.write(npyHeader(t.shape));
    f.write(t.data.data(), t.data.size() * sizeof(float));
    f.commit();
}

} // namespace tessera
