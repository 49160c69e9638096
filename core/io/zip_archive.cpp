#include "zip_archive.hpp"

#include "error.hpp"
#include "file_names.hpp"
#include "memory_policy.hpp"
#include "npy.hpp"

#include <QBuffer>
#include <QFile>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <quazip/quazip.h>
#include <quazip/quazipfile.h>
#include <quazip/quazipfileinfo.h>
#include <quazip/quazipnewinfo.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <exception>
#include <limits>
#include <map>
#include <optional>

namespace tessera::io {

namespace {

// A write-only sequential QIODevice over a ByteSink: QuaZip then writes each member's CRC and
// sizes after its data instead of seeking back to its header.
class SinkDevice : public QIODevice {
  public:
    explicit SinkDevice(ByteSink sink) : m_sink(std::move(sink)) {}
    bool isSequential() const override { return true; }
    std::exception_ptr error; // what the sink threw: QuaZip only sees a failed write

  protected:
    qint64 readData(char*, qint64) override { return -1; }
    qint64 writeData(const char* data, qint64 bytes) override {
        if (error)
            return -1;
        try {
            m_sink(data, std::size_t(bytes));
        } catch (...) {
            error = std::current_exception();
            return -1;
        }
        return bytes;
    }

  private:
    ByteSink m_sink;
};

} // namespace

struct ZipWriter::Impl {
    explicit Impl(ByteSink sink) : device(std::move(sink)) {}
    SinkDevice device;
    QuaZip zip{&device};
    std::optional<QuaZipFile> file;
    std::string member;

    // The sink's own error (disk full, named by AtomicFile) wins over QuaZip's.
    [[noreturn]] void fail(const std::string& what) {
        if (device.error)
            std::rethrow_exception(device.error);
        throw std::runtime_error(what + " (QuaZip error " + std::to_string(zip.getZipError()) +
                                 ")");
    }
    void close() {
        if (!file)
            return;
        file->close();
        const int error = file->getZipError();
        file.reset();
        if (error != 0 || device.error)
            fail("cannot finish " + member + " in a zip archive");
    }
};

ZipWriter::ZipWriter(ByteSink sink) : m_impl(new Impl(std::move(sink))) {
    m_impl->device.open(QIODevice::WriteOnly);
    m_impl->zip.setZip64Enabled(true);
    if (!m_impl->zip.open(QuaZip::mdCreate))
        m_impl->fail("cannot start a zip archive");
}

ZipWriter::~ZipWriter() = default;

void ZipWriter::begin(const std::string& name) {
    m_impl->close();
    m_impl->member = name;
    QuaZipNewInfo info(QString::fromStdString(name));
    info.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup |
                        QFileDevice::ReadOther);
    m_impl->file.emplace(&m_impl->zip);
    if (!m_impl->file->open(QIODevice::WriteOnly, info, nullptr, 0, 0 /* stored */))
        m_impl->fail("cannot add " + name + " to a zip archive");
}

void ZipWriter::write(const void* data, std::size_t bytes) {
    if (!m_impl->file)
        throw std::logic_error("ZipWriter::write before begin");
    // QIODevice takes qint64 sizes but minizip unsigned ones: pieces of at most 1 GiB.
    const char* p = static_cast<const char*>(data);
    while (bytes > 0) {
        const std::size_t n = std::min<std::size_t>(bytes, std::size_t(1) << 30);
        if (m_impl->file->write(p, qint64(n)) != qint64(n))
            m_impl->fail("cannot write " + m_impl->member + " into a zip archive");
        p += n;
        bytes -= n;
    }
}

void ZipWriter::add(const std::string& name, std::string_view bytes) {
    begin(name);
    write(bytes);
}

ByteSink ZipWriter::memberSink() {
    return [this](const void* data, std::size_t bytes) { write(data, bytes); };
}

void ZipWriter::finish() {
    m_impl->close();
    m_impl->zip.close();
    if (m_impl->zip.getZipError() != 0 || m_impl->device.error)
        m_impl->fail("cannot finish a zip archive");
}

std::string makeZip(const std::vector<ZipMember>& members) {
    std::string out;
    ZipWriter zip([&out](const void* data, std::size_t bytes) {
        out.append(static_cast<const char*>(data), bytes);
    });
    for (const ZipMember& m : members)
        zip.add(m.name, m.bytes);
    zip.finish();
    return out;
}

struct ZipReader::Impl {
    QFile device;
    QuaZip zip{&device};
};

ZipReader::ZipReader(const std::filesystem::path& path) : m_impl(new Impl), m_path(path) {
    requireRegularFile(path);
    // Opened by its bytes (a POSIX descriptor handed to QFile), not through a QString: a file
    // name that is not UTF-8 works too.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || !m_impl->device.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        const int err = errno;
        if (fd >= 0)
            ::close(fd);
        throw InputError("cannot read " + path.string() + ": " + std::strerror(err));
    }
    if (!m_impl->zip.open(QuaZip::mdUnzip))
        throw InputError(path.string() + ": not a readable zip archive");
    for (const QuaZipFileInfo64& info : m_impl->zip.getFileInfoList64())
        m_entries.push_back({info.name.toStdString(), info.uncompressedSize, info.compressedSize});
    if (m_impl->zip.getZipError() != 0)
        throw InputError(path.string() + ": not a readable zip archive");
}

ZipReader::~ZipReader() = default;

const ZipReader::Entry* ZipReader::find(const std::string& name) const {
    for (const Entry& e : m_entries)
        if (e.name == name)
            return &e;
    return nullptr;
}

std::string ZipReader::read(const std::string& name, std::uint64_t maxBytes) {
    const Entry* entry = find(name);
    if (entry && entry->size > maxBytes)
        throw InputError(m_path.string() + ": member " + name + " inflates to " +
                         bytesText(std::int64_t(std::min<std::uint64_t>(entry->size, INT64_MAX))) +
                         ", over the " +
                         bytesText(std::int64_t(std::min<std::uint64_t>(maxBytes, INT64_MAX))) +
                         " it may hold; refused before inflating it");
    std::string bytes = readPrefix(name, maxBytes);
    if (bytes.size() != entry->size)
        throw InputError(m_path.string() + ": member " + name + " is corrupt or truncated");
    return bytes;
}

std::string ZipReader::readPrefix(const std::string& name, std::uint64_t maxBytes) {
    const Entry* entry = find(name);
    if (!entry)
        throw InputError(m_path.string() + ": has no member " + name);
    // The size allocated below must be one the member can have: deflate inflates at most
    // 1032-fold (a 258-byte match per 2 bits), from compressed bytes that lie inside the file. A
    // 1 KB archive claiming a 4 GB member is refused, not allocated for.
    const std::uint64_t packed =
        std::min<std::uint64_t>(entry->packed, std::uint64_t(m_impl->device.size()));
    if (entry->size > packed * 1032 + 1024)
        throw InputError(m_path.string() + ": member " + name + " claims to inflate to " +
                         std::to_string(entry->size) + " bytes, more than its " +
                         std::to_string(packed) + " compressed bytes can hold");
    if (!m_impl->zip.setCurrentFile(QString::fromStdString(name)))
        throw InputError(m_path.string() + ": cannot find member " + name);
    QuaZipFile file(&m_impl->zip);
    if (!file.open(QIODevice::ReadOnly))
        throw InputError(m_path.string() + ": cannot read member " + name);
    const bool whole = entry->size <= maxBytes;
    std::string bytes(std::min(entry->size, maxBytes), '\0');
    const qint64 got = file.read(bytes.data(), qint64(bytes.size()));
    // Read whole, a member must end where the directory says: data past it means a lie.
    char extra;
    const bool longer = whole && file.read(&extra, 1) > 0;
    file.close();
    if (got != qint64(bytes.size()) || longer || (whole && file.getZipError() != 0))
        throw InputError(m_path.string() + ": member " + name + " is corrupt or truncated");
    return bytes;
}

std::vector<ZipMember> readZip(const std::filesystem::path& path) {
    ZipReader zip(path);
    std::vector<ZipMember> members;
    for (const ZipReader::Entry& e : zip.entries())
        members.push_back({e.name, zip.read(e.name, std::numeric_limits<std::uint64_t>::max())});
    return members;
}

namespace {

struct NpzMember {
    std::string member; // "name.npy"
    NpyHeader header;
};

// The float members of an .npz, by array name, each header checked against the directory.
std::map<std::string, NpzMember> npzMembers(ZipReader& zip, const std::filesystem::path& path) {
    std::map<std::string, NpzMember> members;
    for (const ZipReader::Entry& e : zip.entries()) {
        if (!e.name.ends_with(".npy"))
            continue;
        const std::string what = path.string() + ":" + e.name;
        // Its length first, then just the header: the data is not inflated to list it.
        const std::size_t headerBytes = npyHeaderBytes(zip.readPrefix(e.name, 12), what);
        NpyHeader h = parseNpyHeader(zip.readPrefix(e.name, headerBytes), what);
        if (h.fortranOrder || h.itemSize() == 0)
            continue; // not a weight we could use
        if (h.fileBytes() != e.size)
            throw InputError(what + ": its header says " + std::to_string(h.fileBytes()) +
                             " bytes (shape " + shapeString(h.shape) + ", " + h.descr +
                             ") but the zip says it inflates to " + std::to_string(e.size) +
                             "; the file is damaged or forged");
        members.emplace(e.name.substr(0, e.name.size() - 4), NpzMember{e.name, std::move(h)});
    }
    return members;
}

} // namespace

std::vector<TensorInfo> listNpz(const std::filesystem::path& path) {
    ZipReader zip(path);
    std::vector<TensorInfo> list;
    for (const auto& [name, m] : npzMembers(zip, path))
        list.push_back({name, m.header.itemSize() == 4 ? "float32" : "float64", m.header.shape});
    return list;
}

TensorFile readNpz(const std::filesystem::path& path, const std::set<std::string>& names) {
    ZipReader zip(path);
    TensorFile file;
    for (const auto& [name, m] : npzMembers(zip, path))
        if (names.empty() || names.contains(name))
            file.tensors.emplace(name, decodeNpy(zip.read(m.member, kMaxNpzMemberBytes),
                                                 path.string() + ":" + m.member));
    return file;
}

} // namespace tessera::io
