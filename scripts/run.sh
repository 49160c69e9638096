#!/usr/bin/env bash
# README command 1: set up, build, and run the app on the bundled sample image.
# Arguments go to the app (an image path, --patch-size 32, ...). Without a display (a server, CI)
# the app renders itself once under Xvfb to build/tessera.png instead of opening a window.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec build/bin/tessera "$@"
fi
echo "run.sh: no display here; rendering the app to build/tessera.png (xvfb-run, --screenshot)"
xvfb-run -a -s "-screen 0 1920x1080x24" build/bin/tessera --screenshot build/tessera.png "$@"
build/bin/tessera-cli embed resources/chelsea.png --img-size 224 -o build/chelsea-embeddings.npy
echo "run.sh: wrote build/tessera.png (the window) and build/chelsea-embeddings.npy (the embeddings)"
