#!/usr/bin/env bash
# Generation time and peak memory against synthetic specs of N operations (deterministic, seed 42),
# and the real spec. Usage: bench/scale.sh [N...]   (default: 100 500 1000 5000)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-100 500 1000 5000}")
[ $# -eq 0 ] && sizes=(100 500 1000 5000)
cargo build --release --quiet -p huaweicloud-sdk-codegen --bin sdkgen --example synth
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
measure() { # label spec_dir
  /usr/bin/time -f "%e %M" -o "$work/time" ./target/release/sdkgen --spec "$2" --out "$work/out-$1" --quiet
  read -r secs kib < "$work/time"
  echo "$1 $secs $kib"
}
printf '%-10s %10s %12s %14s\n' "spec" "seconds" "peak MiB" "ms/operation"
read -r _ s k < <(measure real spec)
printf '%-10s %10s %12d %14s\n' "real" "$s" $((k / 1024)) "-"
for n in "${sizes[@]}"; do
  ./target/release/examples/synth "$n" 42 "$work/spec-$n"
  read -r _ s k < <(measure "n$n" "$work/spec-$n")
  printf '%-10s %10s %12d %14.2f\n' "N=$n" "$s" $((k / 1024)) "$(echo "$s * 1000 / $n" | bc -l)"
done
