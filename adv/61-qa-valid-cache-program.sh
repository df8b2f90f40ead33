#!/bin/sh
# Attack: `pepkit qa` keeps a list of records known valid (OUTDIR/.pepkit-qa-valid) keyed by
# pepkit's version string and pep.xsd only. A pepkit with a fix in the validation rules but the
# same version (every build between releases) trusts the old verdicts: a record the new rules
# reject is still rated. Simulated with a copy of the program that differs in one byte. Exits 1
# while the copy reuses the old verdicts.
cd "$(dirname "$0")/.." || exit 2
PEPKIT=${PEPKIT:-$(pwd)/build/pepkit}
export PEPKIT_DATADIR=$(pwd)
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
mkdir -p "$T/c" && cp samples/*.xml "$T/c/"
"$PEPKIT" qa --term 2025-autumn -o "$T/q" "$T/c" >/dev/null 2>&1
cp "$PEPKIT" "$T/pepkit-fixed" && printf 'x' >> "$T/pepkit-fixed"
"$T/pepkit-fixed" qa --term 2025-autumn -o "$T/q" "$T/c" >/dev/null 2>"$T/err"
grep -q 'unchanged since the last run' "$T/err" && { echo "DEFECT: another pepkit program reused the earlier run's validation verdicts"; exit 1; }
exit 0
