#!/usr/bin/env bash
# The icon PNGs in the repo are the SVG rendered (scripts/render_icons.sh): pixel for pixel.
set -euo pipefail
src="$1" python="$2"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bash "$src/scripts/render_icons.sh" "$tmp"
"$python" - "$src/resources/icons/hicolor" "$tmp" <<'PY'
import os, sys
from PIL import Image
kept, fresh = sys.argv[1], sys.argv[2]
sizes = sorted(os.listdir(fresh))
assert sizes == sorted(os.listdir(kept)), f"sizes differ: {sizes} vs {sorted(os.listdir(kept))}"
for s in sizes:
    a = Image.open(os.path.join(kept, s, "apps", "tessera.png")).convert("RGBA")
    b = Image.open(os.path.join(fresh, s, "apps", "tessera.png")).convert("RGBA")
    assert a.size == b.size and list(a.getdata()) == list(b.getdata()), \
        f"{s}: the PNG is not the SVG rendered; run scripts/render_icons.sh"
print("icons:", ", ".join(sizes))
PY
