// The decoders of untrusted bytes, as fuzz targets: each takes any bytes and must either decode
// them or throw InputError; a crash, a hang, a sanitizer report or any other exception is a bug.
// Built two ways (tests/fuzz/CMakeLists.txt): with -DTESSERA_FUZZ=ON under clang as libFuzzer
// binaries, and always as corpus runners that CTest runs over the seeds and their mutations.
#pragma once

#include <cstddef>
#include <cstdint>

// Defined once per target file; libFuzzer calls it, and so does corpus_runner.cpp.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
// Optional, defined by the targets that set something up once per process; libFuzzer calls it
// before the first input, and so does corpus_runner.cpp when the target defines it.
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);
