#!/usr/bin/env bash
# Builds the .deb from this build folder (cpack -G DEB), unpacks it into a throwaway root
# (dpkg -x) and runs what it installed: tessera-cli --version and embed on the installed sample,
# tessera --screenshot under Xvfb. Also: the package's name, its computed dependencies, and the
# files a desktop needs (entry, icons, metainfo, man page).
set -euo pipefail
build="$1" version="$2" python="$3" # python: one with numpy and PIL (Debian's)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$build"
if ! cpack -G DEB -B "$tmp/out" >"$tmp/cpack.log" 2>&1; then
  cat "$tmp/cpack.log"
  exit 1
fi
deb="$tmp/out/tessera_${version}_$(dpkg --print-architecture).deb"
[ -f "$deb" ] || { echo "no $deb:"; ls "$tmp/out"; exit 1; }

info=$(dpkg-deb --field "$deb" Package Version Depends)
echo "$info"
grep -q "^Package: tessera$" <<<"$info"
grep -q "^Version: $version$" <<<"$info"
# dpkg-shlibdeps found the Qt libraries the binaries link, and the plugins are named.
for dep in libqt6widgets6 libqt6charts6 libquazip1-qt6 qt6-qpa-plugins; do
  grep -q "$dep" <<<"$info" || { echo "Depends lacks $dep"; exit 1; }
done

contents=$(dpkg-deb --contents "$deb" | awk '{print $6}')
for f in ./usr/bin/tessera ./usr/bin/tessera-cli ./usr/share/applications/tessera.desktop \
         ./usr/share/metainfo/org.tessera.Tessera.metainfo.xml \
         ./usr/share/icons/hicolor/scalable/apps/tessera.svg \
         ./usr/share/icons/hicolor/48x48/apps/tessera.png \
         ./usr/share/icons/hicolor/256x256/apps/tessera.png \
         ./usr/share/man/man1/tessera-cli.1 ./usr/share/tessera/samples/chelsea.png \
         ./usr/share/tessera/translations/tessera_zh_CN.qm; do
  grep -qx "$f" <<<"$contents" || { echo "the package lacks $f"; exit 1; }
done

dpkg -x "$deb" "$tmp/root"
usr="$tmp/root/usr"
[ "$("$usr/bin/tessera-cli" --version)" = "tessera-cli $version" ]
[ "$("$usr/bin/tessera" --version)" = "tessera $version" ]
"$usr/bin/tessera-cli" embed "$usr/share/tessera/samples/chelsea.png" -o "$tmp/chelsea.npy" \
  --img-size 224 --patch-size 16 --embed-dim 768
"$python" - "$tmp/chelsea.npy" <<'PY'
import sys, numpy as np
a = np.load(sys.argv[1])
assert a.shape == (1, 196, 768) and a.dtype == np.float32 and np.isfinite(a).all(), a.shape
PY
xvfb-run -a -s "-screen 0 1280x1024x24" "$usr/bin/tessera" "$usr/share/tessera/samples/astronaut.png" \
  --screenshot "$tmp/shot.png" --size 900x600
"$python" - "$tmp/shot.png" <<'PY'
import sys
from PIL import Image
im = Image.open(sys.argv[1])
assert im.size == (900, 600), im.size
assert len(set(im.convert("RGB").getdata())) > 100, "a blank window"
PY
echo "the .deb installs and runs: $(basename "$deb")"
