#!/usr/bin/env bash
# README command 1: set up, build, and run the main job on the bundled sample image.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
out=build/chelsea-embeddings.npy
build/bin/tessera-cli embed resources/chelsea.png -o "$out" "$@"
