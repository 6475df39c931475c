#!/usr/bin/env bash
# Runs every Go fuzz target of the repository for FUZZTIME each (default
# 3s: CI; try FUZZTIME=10m for a real session). Targets are found by their
# `func FuzzXxx(f *testing.F)` declaration, so a new one is run without
# editing this script. A failure is written by Go to the package's
# testdata/fuzz/FuzzXxx/ folder: fix the bug and commit that file, it then
# runs as a seed in every `go test`.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-3s}
failed=0
total=0
while IFS= read -r line; do
  file=${line%%:*}
  name=$(sed -E 's/^.*func (Fuzz[A-Za-z0-9_]+).*/\1/' <<<"$line")
  pkg=./$(dirname "$file")
  total=$((total + 1))
  out=$(go test -tags sqlite_fts5 -run '^$' -fuzz "^${name}\$" -fuzztime="$fuzztime" "$pkg" 2>&1) && rc=0 || rc=$?
  # On a loaded machine the fuzzing engine itself can time out (no input
  # at fault, nothing written to testdata): run once more.
  if [ "$rc" -ne 0 ] && grep -q 'context deadline exceeded' <<<"$out" && ! grep -q 'Failing input' <<<"$out"; then
    out=$(go test -tags sqlite_fts5 -run '^$' -fuzz "^${name}\$" -fuzztime="$fuzztime" -parallel=1 "$pkg" 2>&1) && rc=0 || rc=$?
  fi
  execs=$(grep -oE 'execs: [0-9]+' <<<"$out" | tail -1 | grep -oE '[0-9]+' || echo 0)
  if [ "$rc" -ne 0 ]; then
    failed=$((failed + 1))
    echo "FAIL $pkg $name ($execs inputs)"
    echo "$out" | grep -v '^fuzz: elapsed' | tail -30
  else
    echo "ok   $pkg $name: $execs inputs in $fuzztime"
  fi
done < <(grep -rEn --include='*_test.go' '^func Fuzz[A-Za-z0-9_]+\(f \*testing\.F\)' . | sed 's|^\./||' | sort)
echo "fuzz: $total targets, $failed failed"
[ "$failed" -eq 0 ]
