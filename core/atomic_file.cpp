#include "atomic_file.hpp"

#include "error.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace tessera {
namespace {

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path, int err) {
    throw InputError("cannot " + what + " " + path.string() + ": " + std::strerror(err));
}

} // namespace

AtomicFile::AtomicFile(std::filesystem::path target) : m_target(std::move(target)) {
    if (std::filesystem::is_directory(m_target))
        throw InputError("output " + m_target.string() + " is a folder, not a file name");
    const auto folder = m_target.has_parent_path() ? m_target.parent_path() : ".";
    std::string pattern = (folder / ("." + m_target.filename().string() + ".tmp-XXXXXX")).string();
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0)
        fail("write", m_target, errno);
    m_temp = pattern;
    m_file = ::fdopen(fd, "wb");
    if (!m_file) {
        const int err = errno;
        ::close(fd);
        std::filesystem::remove(m_temp);
        fail("write", m_target, err);
    }
}

AtomicFile::~AtomicFile() {
    if (m_file)
        std::fclose(m_file);
    if (!m_committed && !m_temp.empty()) {
        std::error_code ignored;
        std::filesystem::remove(m_temp, ignored);
    }
}

void AtomicFile::write(const void* data, std::size_t bytes) {
    if (bytes && std::fwrite(data, 1, bytes, m_file) != bytes)
        fail("write", m_target, errno);
}

void AtomicFile::commit() {
    if (std::fflush(m_file) != 0 || ::fsync(::fileno(m_file)) != 0)
        fail("write", m_target, errno);
    const int closed = std::fclose(m_file);
    m_file = nullptr;
    if (closed != 0)
        fail("write", m_target, errno);
    // mkstemp makes the file 0600; give it the permissions an ordinary new file gets.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    std::filesystem::permissions(m_temp, static_cast<std::filesystem::perms>(0666 & ~mask));
    if (std::rename(m_temp.c_str(), m_target.c_str()) != 0)
        fail("write", m_target, errno);
    m_committed = true;
}

std::string readFile(const std::filesystem::path& path) {
    if (std::filesystem::is_directory(path))
        throw InputError(path.string() + " is a folder, not a file");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        fail("read", path, errno);
    std::ostringstream s;
    s << in.rdbuf();
    if (in.bad())
        fail("read", path, errno);
    return std::move(s).str();
}

} // namespace tessera
