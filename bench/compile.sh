#!/usr/bin/env bash
# Compile time of the generated SDK, dependencies already built: the bss crate (debug and release;
# default features (every area), every feature (`--all-features`: also `blocking` and the
# `test-support` sample calls, which send and decode every operation) and `orders` alone; each a
# rebuild after touching its lib.rs, median of 3; also bss with the shared crate it depends on
# rebuilt too) and an
# SDK generated from the synthetic spec of N operations (default 1000, seed 42; debug rebuild).
# Usage: bench/compile.sh [N]      Set SKIP_RELEASE=1 to leave out the release rows.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
n=${1:-1000}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}

median_rebuild() { # label lib.rs[:lib.rs...] cargo-args...
  local label=$1 libs
  IFS=: read -r -a libs <<<"$2"
  shift 2
  cargo build -q "$@" # dependencies and a first build, not timed
  local times=()
  for _ in 1 2 3; do
    touch "${libs[@]}"
    local start end
    start=$(date +%s%N)
    cargo build -q "$@"
    end=$(date +%s%N)
    times+=($(((end - start) / 1000000)))
  done
  local sorted=($(printf '%s\n' "${times[@]}" | sort -n))
  printf '%-44s %8.2f s   (runs: %s ms)\n' "$label" "$(echo "${sorted[1]} / 1000" | bc -l)" "${times[*]}"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
bss=(-p huaweicloud-sdk-bss)
lib=generated/bss/src/lib.rs
median_rebuild "bss debug, default features (all areas)" "$lib" "${bss[@]}"
median_rebuild "bss debug, --all-features" "$lib" "${bss[@]}" --all-features
# The crate bss shares with bssintl (error catalog, common models) rebuilt too.
median_rebuild "bss + shared debug, default features" "$lib:generated/shared/src/lib.rs" "${bss[@]}"
median_rebuild "bss + shared debug, --all-features" "$lib:generated/shared/src/lib.rs" "${bss[@]}" --all-features
median_rebuild "bss debug, orders alone" "$lib" "${bss[@]}" --no-default-features --features reqwest,orders
median_rebuild "bss debug, no area (floor)" "$lib" "${bss[@]}" --no-default-features --features reqwest
if [ -z "${SKIP_RELEASE:-}" ]; then
  median_rebuild "bss release, default features" "$lib" "${bss[@]}" --release
  median_rebuild "bss release, orders alone" "$lib" "${bss[@]}" --release --no-default-features --features reqwest,orders
fi

cargo build --release --quiet -p huaweicloud-sdk-codegen --bin sdkgen --example synth
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
./target/release/examples/synth "$n" 42 "$work/spec" >/dev/null
./target/release/sdkgen --spec "$work/spec" --out "$work/out" --quiet
(cd "$work/out/synth" && median_rebuild "synthetic $n operations, debug, all features" src/lib.rs)
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
