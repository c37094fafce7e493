#!/usr/bin/env bash
# Seeds fuzz/corpus/spec/ for the `spec` fuzz target from the repository's own specs:
# each area of spec/ with the shared models and the error catalog (files joined by NUL bytes, as
# the target splits them), the whole service with one area, the diagnostics corpus (bad and
# valid cases) and the generator's construct fixtures.
set -euo pipefail
cd "$(dirname "$0")"
out=corpus/spec
mkdir -p "$out"
spec=../spec
for area in "$spec"/*.yaml; do
    name=$(basename "$area")
    case "$name" in common.yaml|errors.yaml|service.yaml) continue ;; esac
    { cat "$spec/common.yaml"; printf '\0'; cat "$area"; printf '\0'; cat "$spec/errors.yaml"; } > "$out/spec_$name"
done
{ cat "$spec/service.yaml"; printf '\0'; cat "$spec/common.yaml"; printf '\0'; cat "$spec/invoices.yaml"; printf '\0'; cat "$spec/errors.yaml"; } > "$out/spec_service_invoices.yaml"
for f in ../tests/diagnostics/cases/*.yaml ../tests/diagnostics/valid/*.yaml; do
    cp "$f" "$out/case_$(basename "$f")"
done
for f in ../tests/fixtures/constructs/*.yaml; do
    cp "$f" "$out/fixture_$(basename "$f")"
done
for d in ../tests/diagnostics/cases/*/; do
    name=$(basename "$d")
    first=1
    for f in "$d"*.yaml; do
        if [ $first -eq 0 ]; then printf '\0'; fi
        cat "$f"
        first=0
    done > "$out/case_$name.yaml"
done
echo "seeded $(ls "$out" | wc -l) inputs in fuzz/$out"
