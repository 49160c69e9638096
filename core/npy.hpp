// NumPy .npy files (format versions 1.0, 2.0 and 3.0), the plain C++ way.
//
// Reading takes little-endian float32 ('<f4') and float64 ('<f8', converted to float32) in C
// order. Anything else — Fortran order, other dtypes, a truncated or oversized payload, a
// malformed header — is an InputError that says what was found. Writing produces version 1.0
// '<f4' C-order files with the header padded to 64 bytes, byte for byte what numpy.save writes.
#pragma once

#include "tensor.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace tessera {

// What a .npy header says, before any of the data is read: a caller sizes its reads and its
// memory plan from it (an input's shape, an .npz member's inflated size).
struct NpyHeader {
    std::string descr; // the dtype, e.g. "<f4"
    bool fortranOrder = false;
    Shape shape;
    std::size_t dataOffset = 0;      // bytes of magic, version, length and dict before the data
    std::size_t itemSize() const;    // 4 for '<f4', 8 for '<f8', 0 for dtypes Tessera does not read
    std::uint64_t fileBytes() const; // dataOffset + numel · itemSize; InputError if it overflows
};

// Bytes a header needs at most: read this many (or the whole file) to parse one.
constexpr std::size_t kNpyMaxHeaderBytes = 12 + (std::size_t(1) << 20);

// The length of the header (magic to the end of its dict) from its first 12 bytes (10 for
// version 1), to read just that much; InputError when they are not a .npy header's.
std::size_t npyHeaderBytes(std::string_view prefix, const std::string& what);
// Parses the header at the start of `prefix` (which need not hold the data); InputError when it
// is not a .npy header. Any dtype and order are returned: decodeNpy refuses what it cannot read.
NpyHeader parseNpyHeader(std::string_view prefix, const std::string& what);
// Reads only the header of a .npy file (at most kNpyMaxHeaderBytes of it).
NpyHeader readNpyHeader(const std::filesystem::path& path);

// `what` names the source (a file name) in error messages.
Tensor decodeNpy(std::string_view bytes, const std::string& what);
std::string encodeNpy(const Tensor& t);
// The header alone (version 1.0, C order, padded to 64 bytes) of an array of this shape and dtype:
// a writer that streams puts the data after it itself.
std::string npyHeader(const Shape& shape, std::string_view descr = "<f4");
// '<i8' arrays, for the integer members of an export (grid sizes, patch boxes).
std::string encodeNpyInt64(const std::vector<std::int64_t>& values, const Shape& shape);

Tensor loadNpy(const std::filesystem::path& path);
// Written through AtomicFile: complete or absent.
void saveNpy(const std::filesystem::path& path, const Tensor& t);

} // namespace tessera
