#include "torch_checkpoint.hpp"

#include "error.hpp"
#include "file_names.hpp"
#include "half_float.hpp"
#include "torch_pickle.hpp"
#include "zip_archive.hpp"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <map>

namespace tessera::io {
namespace {

// data.pkl holds names and shapes only: a few hundred KB even for the largest ViTs.
constexpr std::uint64_t kMaxPickleBytes = 256u << 20;

const std::string kConvert =
    "re-save it in a trusted environment with torch.save(torch.load(f), g), or convert it to "
    ".safetensors";

// What a file that is not torch.save's zip is, from its first bytes, for the message.
[[noreturn]] void refuseNonZip(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    char head[16] = {};
    in.read(head, sizeof head);
    const std::string what = path.string() + ": ";
    // The legacy format opens with a pickled long, the magic number 0x1950a86a20f9469cfc6c.
    static const unsigned char kLegacy[] = {0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c,
                                            0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19};
    if (in.gcount() >= std::streamsize(sizeof kLegacy) &&
        std::memcmp(head, kLegacy, sizeof kLegacy) == 0)
        throw InputError(what +
                         "PyTorch's legacy checkpoint format (before PyTorch 1.6), which "
                         "Tessera does not read; " +
                         kConvert);
    if (in.gcount() >= 1 && static_cast<unsigned char>(head[0]) == 0x80)
        throw InputError(what + "a bare Python pickle, not a torch.save checkpoint; " + kConvert);
    throw InputError(what + "not a PyTorch checkpoint (torch.save writes a zip archive)");
}

struct Archive {
    ZipReader zip;
    std::string root; // "ARCHIVE/"
    bool bigEndian = false;
    PickledTensors tensors;

    explicit Archive(const std::filesystem::path& path) : zip(open(path)) {
        for (const ZipReader::Entry& e : zip.entries()) {
            const auto slash = e.name.find('/');
            if (slash != std::string::npos && e.name.substr(slash) == "/data.pkl")
                root = e.name.substr(0, slash + 1);
        }
        if (root.empty()) {
            const bool script = std::any_of(
                zip.entries().begin(), zip.entries().end(),
                [](const ZipReader::Entry& e) { return e.name.ends_with("/constants.pkl"); });
            throw InputError(path.string() +
                             (script ? ": a TorchScript archive (torch.jit.save), not a state "
                                       "dict; save model.state_dict() with torch.save instead"
                                     : ": a zip archive without data.pkl, not written by "
                                       "torch.save"));
        }
        if (zip.find(root + "byteorder")) {
            const std::string order = zip.read(root + "byteorder", 16);
            if (order != "little" && order != "big")
                throw InputError(path.string() + ": unknown byteorder '" + order + "'");
            bigEndian = order == "big";
        }
        tensors = readTorchPickle(zip.read(root + "data.pkl", kMaxPickleBytes), path.string());
    }

    static ZipReader open(const std::filesystem::path& path) {
        requireRegularFile(path);
        std::ifstream in(path, std::ios::binary);
        char magic[4] = {};
        in.read(magic, 4);
        if (!in)
            throw InputError(path.string() + ": too short for a PyTorch checkpoint");
        if (std::memcmp(magic, "PK\x03\x04", 4) != 0)
            refuseNonZip(path);
        try {
            return ZipReader(path);
        } catch (const InputError&) {
            // A zip's directory is at its end: a cut-short download loses it first.
            throw InputError(path.string() +
                             ": a truncated or damaged PyTorch checkpoint (its zip directory "
                             "cannot be read)");
        }
    }
};

float readElement(const char* p, StorageDtype dtype, bool swap) {
    char b[8];
    const std::size_t n = dtypeBytes(dtype);
    std::memcpy(b, p, n);
    if (swap)
        std::reverse(b, b + n);
    switch (dtype) {
    case StorageDtype::Float16: {
        std::uint16_t v;
        std::memcpy(&v, b, 2);
        return halfToFloat(v);
    }
    case StorageDtype::BFloat16: {
        std::uint16_t v;
        std::memcpy(&v, b, 2);
        return bfloat16ToFloat(v);
    }
    case StorageDtype::Float64: {
        double v;
        std::memcpy(&v, b, 8);
        return float(v);
    }
    default: {
        float v;
        std::memcpy(&v, b, 4);
        return v;
    }
    }
}

// The view's elements in C order: the last index fastest, each step `stride` elements.
Tensor gather(const PickledTensor& t, const std::string& storage, bool swap) {
    Tensor out(t.shape);
    const std::size_t bytes = dtypeBytes(t.dtype);
    std::vector<std::int64_t> index(t.shape.size(), 0);
    for (std::size_t i = 0; i < out.data.size(); ++i) {
        std::int64_t element = t.offset;
        for (std::size_t k = 0; k < index.size(); ++k)
            element += index[k] * t.stride[k];
        out.data[i] = readElement(storage.data() + std::size_t(element) * bytes, t.dtype, swap);
        for (std::size_t k = index.size(); k-- > 0;) {
            if (++index[k] < t.shape[k])
                break;
            index[k] = 0;
        }
    }
    return out;
}

} // namespace

std::vector<TensorInfo> listTorchCheckpoint(const std::filesystem::path& path) {
    const Archive archive(path);
    std::vector<TensorInfo> list;
    for (const auto& [name, t] : archive.tensors)
        list.push_back({name, std::string(dtypeName(t.dtype)), t.shape});
    return list;
}

TensorFile loadTorchCheckpoint(const std::filesystem::path& path,
                               const std::set<std::string>& names) {
    Archive archive(path);
    TensorFile file;
    std::map<std::string, std::string> storages; // read once each: views may share one
    for (const auto& [name, t] : archive.tensors) {
        if (!isFloat(t.dtype) || (!names.empty() && !names.contains(name)))
            continue;
        // Checked for every tensor, even when its storage is already read: two views may name
        // one storage with different sizes or dtypes in a malformed file.
        const std::string member = archive.root + "data/" + t.storage;
        std::uint64_t expected = 0;
        if (__builtin_mul_overflow(std::uint64_t(t.storageNumel), dtypeBytes(t.dtype), &expected))
            throw InputError(path.string() + ": storage " + member + " is too large");
        const ZipReader::Entry* entry = archive.zip.find(member);
        if (!entry)
            throw InputError(path.string() + ": tensor '" + name + "' needs storage " + member +
                             ", which the archive lacks");
        if (entry->size != expected)
            throw InputError(path.string() + ": storage " + member + " holds " +
                             std::to_string(entry->size) + " bytes, not the " +
                             std::to_string(expected) + " its " + std::to_string(t.storageNumel) +
                             " " + std::string(dtypeName(t.dtype)) + " values need");
        auto it = storages.find(t.storage);
        if (it == storages.end())
            it = storages.emplace(t.storage, archive.zip.read(member, expected)).first;
        file.tensors.insert_or_assign(name, gather(t, it->second, archive.bigEndian));
    }
    for (const std::string& name : names)
        if (!file.tensors.contains(name))
            throw InputError(path.string() + ": has no float tensor '" + name + "'");
    return file;
}

} // namespace tessera::io
