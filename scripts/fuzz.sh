#!/usr/bin/env bash
# Fuzzes every decoder of untrusted bytes with libFuzzer (tests/fuzz, docs/fuzzing.md).
#
# usage: scripts/fuzz.sh [SECONDS] [TARGET...]
#   SECONDS  how long each target runs (default 60); CI runs `scripts/fuzz.sh 20`
#   TARGET   npy safetensors torch_pickle checkpoint_keys npz image manifest cli_flags (default all)
# environment:
#   TESSERA_FUZZ_BUILD     build folder (default build-fuzz/)
#   TESSERA_FUZZ_PARALLEL  targets run at once (default 1; each is one process)
#   TESSERA_FUZZ_JOBS      compile jobs (default: ninja's)
#   TESSERA_FUZZ_NO_BUILD  1: run the binaries already in the build folder (while another build
#                          of it is under way, say), without configuring or building
#
# Builds the libFuzzer binaries only (clang, address+undefined sanitizers) into the build folder,
# then runs each target over a scratch copy of its seeds (the repo's corpus is never written),
# with its dictionary, and keeps what it finds in BUILD/artifacts/TARGET/ and its log in
# BUILD/logs/TARGET.log. Prints one line per target; exits 1 on any crash, leak, out-of-memory
# or timeout (each artifact is a reproducer: add it to tests/fuzz/corpus/TARGET/ once fixed, and
# CTest's fuzz.TARGET replays it), 2 when it cannot build. Installs nothing: clang and the
# libFuzzer runtime come from scripts/setup.sh (clang, libclang-rt-14-dev).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=${1:-60}
[[ $# -gt 0 ]] && shift
if ! [[ $seconds =~ ^[0-9]+$ ]] || ((seconds < 1)); then
    echo "fuzz.sh: SECONDS must be a positive whole number, got '$seconds'" >&2
    exit 2
fi
all=(npy safetensors torch_pickle checkpoint_keys npz image manifest cli_flags)
targets=("$@")
((${#targets[@]})) || targets=("${all[@]}")

# The longest input each target is given: a few times its largest seed, so mutations can grow
# files without the fuzzer spending its time on megabytes of padding.
declare -A max_len=([npy]=8192 [safetensors]=16384 [torch_pickle]=65536 [checkpoint_keys]=4096
    [npz]=65536 [image]=65536 [manifest]=16384 [cli_flags]=2048)
for t in "${targets[@]}"; do
    [[ -n ${max_len[$t]:-} ]] || { echo "fuzz.sh: no target '$t' (${all[*]})" >&2; exit 2; }
done

build=${TESSERA_FUZZ_BUILD:-$root/build-fuzz}
parallel=${TESSERA_FUZZ_PARALLEL:-1}

cxx=$(command -v clang++ || true)
cc=$(command -v clang || true)
if [[ -z $cxx || -z $cc ]]; then
    echo "fuzz.sh: clang++ not found; libFuzzer needs clang (scripts/setup.sh installs clang" \
        "and libclang-rt-14-dev)" >&2
    exit 2
fi
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }\n' \
    >"$probe/probe.cpp"
if ! "$cxx" -fsanitize=fuzzer,address,undefined "$probe/probe.cpp" -o "$probe/probe" \
    2>"$probe/err"; then
    echo "fuzz.sh: $cxx cannot link a libFuzzer binary (is libclang-rt-14-dev installed?):" >&2
    cat "$probe/err" >&2
    exit 2
fi

# Configures the build folder and builds the targets' libFuzzer binaries, nothing else.
build_targets() {
    local launcher=() binaries=() start=$SECONDS
    if command -v ccache >/dev/null; then
        launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
        # Paths relative to the checkout, so another checkout or worktree reuses the cache.
        export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
    fi
    echo "== configuring and building ${#targets[@]} fuzz targets in $build"
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_C_COMPILER="$cc" "${launcher[@]}" \
        -DTESSERA_FUZZ=ON -DTESSERA_SANITIZE="address;undefined" -DBUILD_TESTING=OFF \
        >"$probe/cmake.log" 2>&1 || { cat "$probe/cmake.log" >&2; exit 2; }
    for t in "${targets[@]}"; do binaries+=("fuzz_$t"); done
    ninja -C "$build" ${TESSERA_FUZZ_JOBS:+-j "$TESSERA_FUZZ_JOBS"} "${binaries[@]}" \
        >"$probe/build.log" 2>&1 || { tail -50 "$probe/build.log" >&2; exit 2; }
    echo "   built in $((SECONDS - start)) s"
}

if [[ ${TESSERA_FUZZ_NO_BUILD:-0} == 1 ]]; then
    for t in "${targets[@]}"; do
        [[ -x $build/bin/fuzz_$t ]] || { echo "fuzz.sh: $build/bin/fuzz_$t is not built" >&2; exit 2; }
    done
else
    build_targets
fi

# One target: fresh scratch corpus from the seeds, then libFuzzer for $seconds. Writes
# BUILD/logs/NAME.log and BUILD/logs/NAME.status (libFuzzer's exit code).
run_target() {
    local t=$1 scratch="$build/scratch-corpus/$t" art="$build/artifacts/$t"
    rm -rf "$scratch" "$art"
    mkdir -p "$scratch" "$art" "$build/logs"
    cp "$root/tests/fuzz/corpus/$t/"* "$scratch/"
    # npz goes through QuaZip, whose minizip reads a forged directory's extra fields a byte at a
    # time (tests/fuzz/slow/: 0.3 s, 1.4 s under the sanitizers): slow, not hung, and a loaded
    # CI machine must not turn that into a failure.
    local timeout=10
    [ "$t" = npz ] && timeout=30
    local rc=0
    # The suppressions are the test suite's (tests/lsan.supp): what is not ours to free.
    QT_QPA_PLATFORM=offscreen \
        ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0 \
        LSAN_OPTIONS="suppressions=$root/tests/lsan.supp" \
        UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        "$build/bin/fuzz_$t" -max_total_time="$seconds" -max_len="${max_len[$t]}" \
        -rss_limit_mb=2048 -timeout="$timeout" -dict="$root/tests/fuzz/dict/$t.dict" \
        -artifact_prefix="$art/" -print_final_stats=1 "$scratch" \
        >"$build/logs/$t.log" 2>&1 || rc=$?
    echo "$rc" >"$build/logs/$t.status"
}

echo "== fuzzing each target for $seconds s (logs in $build/logs/)"
running=0
for t in "${targets[@]}"; do
    run_target "$t" &
    running=$((running + 1))
    if ((running >= parallel)); then
        wait -n || true
        running=$((running - 1))
    fi
done
wait || true

failed=0
printf '%-16s %12s %8s %7s %7s %7s  %s\n' target execs exec/s cov ft corpus result
for t in "${targets[@]}"; do
    log="$build/logs/$t.log"
    rc=$(cat "$build/logs/$t.status" 2>/dev/null || echo "?")
    final_stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -1; }
    last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1 || true)
    field() { sed -nE "s/.* $1: ([0-9]+).*/\\1/p" <<<"$last"; }
    findings=$(find "$build/artifacts/$t" -type f | wc -l)
    result=ok
    if [[ $rc != 0 || $findings != 0 ]]; then
        failed=1
        kind=$(grep -oE 'ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer): [a-z-]+|runtime error: .*|ERROR: libFuzzer: [a-z-]+' \
            "$log" | head -1 || true)
        result="FAILED (exit $rc${kind:+: $kind}) artifacts: $(find "$build/artifacts/$t" -type f | head -3 | tr '\n' ' ')"
    fi
    printf '%-16s %12s %8s %7s %7s %7s  %s\n' "$t" "$(final_stat number_of_executed_units)" \
        "$(final_stat average_exec_per_sec)" "$(field cov)" "$(field ft)" "$(field corp | head -1)" \
        "$result"
done
exit $failed
