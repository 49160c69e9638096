#!/usr/bin/env bash
# docs/tessera-cli.1 is what scripts/make_manpage.py writes from this tessera-cli's --help.
set -euo pipefail
src="$1" cli="$2" python="$3"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$python" "$src/scripts/make_manpage.py" "$cli" "$tmp/tessera-cli.1"
diff -u "$src/docs/tessera-cli.1" "$tmp/tessera-cli.1" ||
  { echo "the man page is stale: run scripts/make_manpage.py build/bin/tessera-cli"; exit 1; }
# It renders without troff complaints.
out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$tmp/tessera-cli.1" 2>&1 >/dev/null || true)
[ -z "$out" ] || { echo "man: $out"; exit 1; }
echo "man page current"
