#!/bin/sh
# ../shared/bench/compare_torch.py measures the FMA peak with an AVX-512 program; on a CPU without
# AVX-512 (this machine: AVX2, two FMA pipes) that program dies with SIGILL. This runs a copy of
# the script whose peak program is the AVX2 twin beside this file; everything else is unchanged.
# usage: bench/compare_torch_here.sh build/bin/tessera-cli [THREADS]
set -e
here=$(cd "$(dirname "$0")" && pwd)
shared="$here/../../shared/bench"
[ -d "$shared" ] || shared="$here/../shared/bench"
if grep -qw avx512f /proc/cpuinfo; then
    exec /usr/bin/python3 "$shared/compare_torch.py" "$@"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$here/peak_fma_avx2.c" "$tmp/peak_fma.c"
sed 's/"-mavx512f", /"-mavx2", /' "$shared/compare_torch.py" > "$tmp/compare_torch.py"
/usr/bin/python3 "$tmp/compare_torch.py" "$@"
