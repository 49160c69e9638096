#include "zip_archive.hpp"

#include "error.hpp"
#include "npy.hpp"

#include <QBuffer>
#include <QFile>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <quazip/quazip.h>
#include <quazip/quazipfile.h>
#include <quazip/quazipnewinfo.h>
#include <unistd.h>

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

std::vector<ZipMember> readZip(const std::filesystem::path& path) {
    // Opened by its bytes (a POSIX descriptor handed to QFile), not through a QString: a file
    // name that is not UTF-8 works too.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    QFile device;
    if (fd < 0 || !device.open(fd, QIODevice::ReadOnly, QFileDevice::AutoCloseHandle)) {
        const int err = errno;
        if (fd >= 0)
            ::close(fd);
        throw InputError("cannot read " + path.string() + ": " + std::strerror(err));
    }
    QuaZip zip(&device);
    if (!zip.open(QuaZip::mdUnzip))
        throw InputError(path.string() + ": not a readable zip archive (an .npz is one)");
    std::vector<ZipMember> members;
    for (bool more = zip.goToFirstFile(); more; more = zip.goToNextFile()) {
        QuaZipFile file(&zip);
        if (!file.open(QIODevice::ReadOnly))
            throw InputError(path.string() + ": cannot read member " +
                             zip.getCurrentFileName().toStdString());
        const QByteArray bytes = file.readAll();
        file.close();
        if (file.getZipError() != 0)
            throw InputError(path.string() + ": member " + zip.getCurrentFileName().toStdString() +
                             " is corrupt");
        members.push_back({zip.getCurrentFileName().toStdString(), bytes.toStdString()});
    }
    if (zip.getZipError() != 0)
        throw InputError(path.string() + ": not a readable zip archive");
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
