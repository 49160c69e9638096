#!/usr/bin/env bash
# README command 2: set up, build, and run the whole test suite with ctest; then the core and the
# golden cases in a build without libxsmm (eigen backend only); then the whole suite again in a
# sanitizer build (AddressSanitizer + UndefinedBehaviorSanitizer); then every fuzz
# target for a short budget. CI runs exactly this (.ci/run); about 45 minutes on 2 cores from a
# fresh clone (docs/fuzzing.md, README "Tests").
#
#   TESSERA_SKIP_SANITIZE=1   skip the sanitizer build and its run (a quick local check)
#   TESSERA_FUZZ_SECONDS=N    seconds per fuzz target (default 20; 0 skips fuzzing)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
ctest --test-dir build --output-on-failure --parallel "$(nproc)"

# The build must work and be right without libxsmm too: the core on the eigen backend alone,
# with the golden cases from timm through the CLI.
cmake -S . -B build-eigen -G Ninja -DCMAKE_BUILD_TYPE=Release -DTESSERA_XSMM=OFF \
  ${TESSERA_CMAKE_ARGS:-} >/dev/null
cmake --build build-eigen --parallel "$(nproc)" --target tessera_core_tests tessera-cli
ctest --test-dir build-eigen --output-on-failure --parallel "$(nproc)" -R '^(core|golden)\.'

if [ "${TESSERA_SKIP_SANITIZE:-0}" != 1 ]; then
  # -O1 keeps the GEMM tests' naive references quick enough; Debug keeps assertions on.
  GENERATOR=(-G Ninja)
  [ -f build-asan/CMakeCache.txt ] && GENERATOR=()
  cmake -S . -B build-asan "${GENERATOR[@]}" -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" -DTESSERA_SANITIZE="address;undefined" \
    ${TESSERA_CMAKE_ARGS:-} >/dev/null
  cmake --build build-asan --parallel "$(nproc)"
  # TESSERA_SANITIZED tells tests that cap a child's address space (RLIMIT_AS) or time an event
  # loop that the sanitizer's shadow memory and slowdown are not the code's.
  TESSERA_SANITIZED=1 LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp" \
    ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" \
    ctest --test-dir build-asan --output-on-failure --parallel "$(nproc)"
fi

FUZZ_SECONDS="${TESSERA_FUZZ_SECONDS:-20}"
if [ "$FUZZ_SECONDS" -gt 0 ]; then
  bash scripts/fuzz.sh "$FUZZ_SECONDS"
fi
