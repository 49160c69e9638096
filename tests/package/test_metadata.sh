#!/usr/bin/env bash
# The desktop entry passes desktop-file-validate and the AppStream metainfo appstreamcli validate
# (their warnings fail too); both name the same desktop id, and the entry opens images.
set -euo pipefail
src="$1"
desktop="$src/packaging/tessera.desktop"
metainfo="$src/packaging/org.tessera.Tessera.metainfo.xml"
out=$(desktop-file-validate "$desktop" 2>&1 | grep -v "contains more than one main category" || true)
[ -z "$out" ] || { echo "desktop-file-validate: $out"; exit 1; }
appstreamcli validate --no-net "$metainfo"
grep -q '<launchable type="desktop-id">tessera.desktop</launchable>' "$metainfo"
grep -q '^Exec=tessera %f$' "$desktop"
grep -q '^MimeType=.*image/png;.*image/jpeg;' "$desktop"
grep -q '^Name\[zh_CN\]=' "$desktop"
grep -q '^Comment\[zh_CN\]=' "$desktop"
echo "desktop entry and metainfo valid"
