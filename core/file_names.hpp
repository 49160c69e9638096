// File names: how Tessera matches extensions, tells two paths apart and names a batch's outputs.
//
// Paths are bytes: a std::filesystem::path holds the name exactly as the file system has it, so
// nothing here goes through a UTF-8 string and a name that is not valid UTF-8 works as any other.
//
// A batch (`embed FOLDER -o OUT/`) writes one output per input, named after the input's stem. The
// whole plan is made before anything is written, so a batch never overwrites its own results,
// an input, or its index:
//   - names are unique, also when compared without case (a folder copied to a case-insensitive
//     file system, or unpacked from a zip, keeps every output): a stem already taken gets the
//     first free "-1", "-2", ... suffix, checked against every name planned so far;
//   - no output is an input (by the file's identity: hard and symbolic links count), nor the
//     batch's index.csv, nor an existing folder;
//   - an existing file the plan would replace is refused with a message naming it, unless the
//     caller allows replacing (`--overwrite`).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace tessera {

// True when `path`'s extension is `extension` (".npy"), compared without case: "X.NPY" is one.
bool hasExtension(const std::filesystem::path& path, std::string_view extension);
// The extension in lower case (".npy"), or "" when there is none.
std::string lowerExtension(const std::filesystem::path& path);

// InputError unless `path` is a regular file (after links): a missing file, a folder, a FIFO, a
// device or a socket is named for what it is. Reading a FIFO would block until a writer came and
// /dev/zero never ends, so every reader of a user's path checks first; stat() itself never blocks.
void requireRegularFile(const std::filesystem::path& path);

// True when both paths name the same file: the same inode when both exist, else the same
// absolute path once symbolic links in the existing part are resolved.
bool sameFile(const std::filesystem::path& a, const std::filesystem::path& b);

// InputError when `output` would overwrite `input` (e.g. `embed in.npy -o in.npy`).
void refuseOutputOverInput(const std::filesystem::path& input, const std::filesystem::path& output,
                           std::string_view outputFlag = "-o");

inline constexpr std::string_view kBatchIndexName = "index.csv";

// Outputs for `inputs` in `folder`, one each with `extension`, in the inputs' order (see the
// header comment). `alsoRead` are other files the run reads (a weights file): never outputs
// either. InputError naming the file when an existing file would be replaced and `overwrite` is
// false.
std::vector<std::filesystem::path>
planBatchOutputs(const std::vector<std::filesystem::path>& inputs,
                 const std::filesystem::path& folder, std::string_view extension, bool overwrite,
                 const std::vector<std::filesystem::path>& alsoRead = {});

} // namespace tessera
