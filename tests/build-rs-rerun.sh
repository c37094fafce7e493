#!/usr/bin/env bash
# The example consumer's build script reruns when its spec changes and only then.
# Run from the workspace root (CI runs it); prints the timings it saw.
set -euo pipefail
cd "$(dirname "$0")/.."
pkg=bss-consumer-example
spec=examples/consumer/spec/orders.yaml
ms() { date +%s%N; }
ran_build_script() { grep -q "Running .*${pkg//-/_}.*build-script-build\|Running .*$pkg.*build-script-build"; }

cargo build -q -p "$pkg"

t0=$(ms); out=$(cargo build -v -p "$pkg" 2>&1); t1=$(ms)
if echo "$out" | ran_build_script; then
  echo "FAIL: a build with no change reran the build script"; echo "$out" | tail -5; exit 1
fi
echo "no-op rebuild: $(( (t1 - t0) / 1000000 )) ms, build script not run"

touch "$spec"
t0=$(ms); out=$(cargo build -v -p "$pkg" 2>&1); t1=$(ms)
if ! echo "$out" | ran_build_script; then
  echo "FAIL: touching $spec did not rerun the build script"; echo "$out" | tail -5; exit 1
fi
echo "rebuild after touching the spec: $(( (t1 - t0) / 1000000 )) ms, build script rerun"
echo "build.rs rerun checks: ok"
