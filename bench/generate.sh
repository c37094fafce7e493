#!/usr/bin/env bash
# Generation wall time for the whole spec: release build of sdkgen, N runs into a scratch folder.
# Usage: bench/generate.sh [runs]   (default 10). Prints min / median / max in milliseconds.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
cargo build --release --quiet -p huaweicloud-sdk-codegen
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
times=()
for _ in $(seq "$runs"); do
  # A fresh folder each run: without the manifest (a dotfile) of the previous run, as a first
  # generation.
  rm -rf "$out" && mkdir "$out"
  start=$(date +%s%N)
  ./target/release/sdkgen --spec spec --out "$out" --quiet
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000000 )))
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "sdkgen whole spec ($(ls spec/*.yaml | wc -l) files -> $(find "$out" -type f | wc -l) files), $runs runs:" \
  "min ${sorted[0]} ms, median ${sorted[$((runs / 2))]} ms, max ${sorted[$((runs - 1))]} ms"
