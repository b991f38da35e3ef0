#!/usr/bin/env bash
# Runs every test project of the solution and ends with one summary line,
# "tests: N passed, N failed, N skipped", summed from the TRX results.
set -uo pipefail
cd "$(dirname "$0")/.."
results=$(mktemp -d "${TMPDIR:-/tmp}/ocirt-tests.XXXXXX")
trap 'rm -rf "$results"' EXIT

dotnet test Oci.Runtime.sln --nologo --logger "trx" --logger "console;verbosity=minimal" \
    --results-directory "$results"
status=$?

passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
    [ -e "$trx" ] || continue
    counters=$(grep -o '<Counters [^>]*>' "$trx")
    get() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
    passed=$((passed + $(get passed)))
    failed=$((failed + $(get failed)))
    skipped=$((skipped + $(get total) - $(get executed)))
done
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
    exit 1
fi
