#!/usr/bin/env bash
# Installs the Debian packages Tessera needs (only those missing; clang and its libFuzzer runtime
# are for scripts/fuzz.sh, which the test command runs; libxsmm-dev is the xsmm GEMM backend's
# kernel generator; qt6-tools-dev and qt6-l10n-tools are lupdate and lrelease for the
# translations, qt6-translations-l10n Qt's own texts in them and fonts-noto-cjk the Chinese glyphs;
# dpkg-dev, librsvg2-bin, desktop-file-utils, appstream and man-db check the
# package, its icons, desktop entry, metainfo and man page), then configures and builds Release
# into build/. Sourced by scripts/run.sh and scripts/test.sh; safe to run again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PACKAGES=(
  build-essential cmake ninja-build pkg-config
  qt6-base-dev qt6-charts-dev libquazip1-qt6-dev libeigen3-dev nlohmann-json3-dev libgl-dev
  qt6-tools-dev qt6-l10n-tools qt6-translations-l10n fonts-noto-cjk
  libxsmm-dev
  qt6-image-formats-plugins qt6-qpa-plugins zlib1g-dev libjpeg62-turbo-dev
  libgtest-dev
  clang libclang-rt-dev
  python3 python3-numpy python3-pil fonts-dejavu-core
  xvfb xauth
  dpkg-dev librsvg2-bin desktop-file-utils appstream man-db
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

BUILD_TYPE="${TESSERA_BUILD_TYPE:-Release}"
GENERATOR=(-G Ninja)
[ -f build/CMakeCache.txt ] && GENERATOR=() # keep whatever generator build/ was made with
cmake -S . -B build "${GENERATOR[@]}" -DCMAKE_BUILD_TYPE="$BUILD_TYPE" ${TESSERA_CMAKE_ARGS:-} >/dev/null
cmake --build build --parallel "$(nproc)"
