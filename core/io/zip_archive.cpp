#include "zip_archive.hpp"

#include "error.hpp"
#include "file_names.hpp"
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
#include <limits>

namespace tessera::io {

std::string makeZip(const std::vector<ZipMember>& members) {
    QBuffer buffer;
    buffer.open(QIODevice::ReadWrite);
    QuaZip zip(&buffer);
    zip.setZip64Enabled(true);
    if (!zip.open(QuaZip::mdCreate))
        throw std::runtime_error("cannot start a zip archive (QuaZip error " +
                                 std::to_string(zip.getZipError()) + ")");
    for (const ZipMember& m : members) {
        QuaZipFile file(&zip);
        QuaZipNewInfo info(QString::fromStdString(m.name));
        info.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                            QFileDevice::ReadGroup | QFileDevice::ReadOther);
        if (!file.open(QIODevice::WriteOnly, info, nullptr, 0, 0 /* stored */) ||
            file.write(m.bytes.data(), qint64(m.bytes.size())) != qint64(m.bytes.size()))
            throw std::runtime_error("cannot add " + m.name + " to a zip archive");
        file.close();
    }
    zip.close();
    if (zip.getZipError() != 0)
        throw std::runtime_error("cannot finish a zip archive (QuaZip error " +
                                 std::to_string(zip.getZipError()) + ")");
    return buffer.data().toStdString();
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
    if (!entry)
        throw InputError(m_path.string() + ": has no member " + name);
    if (entry->size > maxBytes)
        throw InputError(m_path.string() + ": member " + name + " inflates to " +
                         std::to_string(entry->size) + " bytes, over the " +
                         std::to_string(maxBytes) + " it may hold");
    // The declared size is allocated below, so it must be one the member can have: deflate
    // inflates at most 1032-fold (a 258-byte match per 2 bits), from compressed bytes that lie
    // inside the file. A 1 KB archive claiming a 4 GB member is refused, not allocated for.
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
    std::string bytes(entry->size, '\0');
    const qint64 got = file.read(bytes.data(), qint64(bytes.size()));
    char extra;
    const bool longer = file.read(&extra, 1) > 0;
    file.close();
    if (got != qint64(bytes.size()) || longer || file.getZipError() != 0)
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

TensorFile readNpz(const std::filesystem::path& path) {
    TensorFile file;
    for (ZipMember& m : readZip(path)) {
        if (!m.name.ends_with(".npy"))
            continue;
        std::string name = m.name.substr(0, m.name.size() - 4);
        try {
            file.tensors.emplace(name, decodeNpy(m.bytes, path.string() + ":" + m.name));
        } catch (const InputError&) {
            // Not float32/float64 (an int step counter, a string): not a weight we could use.
        }
    }
    return file;
}

} // namespace tessera::io
