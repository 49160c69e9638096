#include "file_names.hpp"

#include "error.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <sys/stat.h>
#include <utility>

namespace tessera {
namespace {

namespace fs = std::filesystem;

// ASCII only: bytes of other encodings stay as they are, which is all a comparison needs.
std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return c >= 'A' && c <= 'Z' ? char(c + 32) : char(c); });
    return s;
}

using FileId = std::pair<dev_t, ino_t>;

// The identity of the file a path leads to (following links), if it exists.
bool fileId(const fs::path& path, FileId* id) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return false;
    *id = {st.st_dev, st.st_ino};
    return true;
}

bool entryExists(const fs::path& path) {
    std::error_code ec;
    return fs::symlink_status(path, ec).type() != fs::file_type::not_found && !ec;
}

} // namespace

std::string lowerExtension(const fs::path& path) {
    return lower(path.extension().string());
}

bool hasExtension(const fs::path& path, std::string_view extension) {
    return lowerExtension(path) == lower(std::string(extension));
}

bool sameFile(const fs::path& a, const fs::path& b) {
    FileId ia, ib;
    if (fileId(a, &ia) && fileId(b, &ib))
        return ia == ib;
    std::error_code ea, eb;
    const fs::path ca = fs::weakly_canonical(a, ea), cb = fs::weakly_canonical(b, eb);
    return !ea && !eb && ca == cb;
}

void refuseOutputOverInput(const fs::path& input, const fs::path& output,
                           std::string_view outputFlag) {
    if (sameFile(input, output))
        throw InputError(std::string(outputFlag) + " " + output.string() + " is the input " +
                         input.string() + "; writing it would destroy the input");
}

std::vector<fs::path> planBatchOutputs(const std::vector<fs::path>& inputs, const fs::path& folder,
                                       std::string_view extension, bool overwrite,
                                       const std::vector<fs::path>& alsoRead) {
    std::set<FileId> inputIds;
    for (const auto* list : {&inputs, &alsoRead})
        for (const fs::path& in : *list)
            if (FileId id; fileId(in, &id))
                inputIds.insert(id);
    const auto isInput = [&](const fs::path& p) {
        FileId id;
        return fileId(p, &id) && inputIds.contains(id);
    };
    const fs::path index = folder / kBatchIndexName;
    if (isInput(index))
        throw InputError("the batch index " + index.string() +
                         " is one of the inputs; choose another output folder");

    std::set<std::string> taken{lower(std::string(kBatchIndexName))};
    std::vector<fs::path> outputs;
    outputs.reserve(inputs.size());
    for (const fs::path& in : inputs) {
        const std::string stem = in.stem().string();
        for (long n = 0;; ++n) {
            const std::string name =
                stem + (n ? "-" + std::to_string(n) : std::string()) + std::string(extension);
            const fs::path candidate = folder / name;
            std::error_code ec;
            if (taken.contains(lower(name)) || isInput(candidate) ||
                fs::is_directory(candidate, ec))
                continue;
            taken.insert(lower(name));
            outputs.push_back(candidate);
            break;
        }
    }
    if (!overwrite) {
        std::vector<fs::path> existing;
        for (const fs::path& out : outputs)
            if (entryExists(out))
                existing.push_back(out);
        if (entryExists(index))
            existing.push_back(index);
        if (!existing.empty())
            throw InputError(existing.front().string() + " already exists" +
                             (existing.size() > 1 ? " (and " + std::to_string(existing.size() - 1) +
                                                        " more of this batch's outputs)"
                                                  : std::string()) +
                             "; pass --overwrite to replace, or choose another output folder");
    }
    return outputs;
}

void requireRegularFile(const std::filesystem::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        throw InputError("cannot read " + path.string() + ": " +
                         (errno == ENOENT ? "no such file" : std::strerror(errno)));
    const char* kind = S_ISREG(st.st_mode)                          ? nullptr
                       : S_ISDIR(st.st_mode)                        ? "a folder"
                       : S_ISFIFO(st.st_mode)                       ? "a FIFO (named pipe)"
                       : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device"
                       : S_ISSOCK(st.st_mode)                       ? "a socket"
                                                                    : "not a regular file";
    if (kind)
        throw InputError(path.string() + " is " + kind +
                         ", not a file; Tessera reads regular files");
}

} // namespace tessera
