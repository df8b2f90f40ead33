#!/bin/sh
# `make demo`: generate a synthetic cohort (plus the hand-written samples), run the termly pack
# on it, and say where the documents are. Synthetic data only. Re-running starts afresh.
set -eu
cd "$(dirname "$0")/.."
PEPKIT=${PEPKIT:-./pepkit}
OUT=${DEMO_OUT:-demo-out}
export PEPKIT_DATADIR="$(pwd)"

rm -rf "$OUT"
mkdir -p "$OUT"
echo "== generating a synthetic cohort of 40 children (seed 2026) and adding the samples"
$PEPKIT sample --children 40 --seed 2026 -o "$OUT/cohort"
cp samples/*.xml "$OUT/cohort/"
echo "== validating the cohort"
$PEPKIT validate "$OUT"/cohort/*.xml
echo "== running the termly pack (PEP1 and PEP2, PDF and Word)"
status=0
$PEPKIT pack --format pdf,docx -o "$OUT/pack" "$OUT/cohort" || status=$?
echo
echo "Documents: $(pwd)/$OUT/pack/<school>/<child id>-<term>-<pep1|pep2>.pdf (and .docx)"
echo "Run report: $(pwd)/$OUT/pack/pack-report.csv and pack-summary.txt"
echo "For example:"
find "$OUT/pack" -name '*.pdf' | sort | head -n 4 | sed 's/^/  /'
exit $status
