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

// `what` names the source (a file name) in error messages.
Tensor decodeNpy(std::string_view bytes, const std::string& what);
std::string encodeNpy(const Tensor& t);
// '<i8' arrays, for the integer members of an export (grid sizes, patch boxes).
std::string encodeNpyInt64(const std::vector<std::int64_t>& values, const Shape& shape);

Tensor loadNpy(const std::filesystem::path& path);
// Written through AtomicFile: complete or absent.
void saveNpy(const std::filesystem::path& path, const Tensor& t);

} // namespace tessera
