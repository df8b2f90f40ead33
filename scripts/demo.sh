#!/bin/sh
# `make demo`: generate a synthetic cohort (plus the hand-written samples) with the schools'
# attainment exports, run the termly pack on it (merging the exports, PDF and Word), and say
# where the documents are. Synthetic data only. Re-running starts afresh.
# DEMO_OUT (default demo-out) and PEPKIT (default ./pepkit) can be set.
set -eu
cd "$(dirname "$0")/.."
PEPKIT=${PEPKIT:-./pepkit}
OUT=${DEMO_OUT:-demo-out}
export PEPKIT_DATADIR="$(pwd)"

rm -rf "$OUT"
mkdir -p "$OUT"
echo "== generating a synthetic cohort of 40 children (seed 2026), their schools' attainment"
echo "   exports (with four deliberate problems), and adding the hand-written samples"
$PEPKIT sample --children 40 --seed 2026 --attainment "$OUT/attainment" -o "$OUT/cohort"
cp samples/*.xml "$OUT/cohort/"
echo "== validating the cohort"
$PEPKIT validate --summary "$OUT"/cohort/*.xml
echo "== running the termly pack: merge the exports, then PEP1 and PEP2 as PDF and Word"
status=0
$PEPKIT pack --format pdf,docx --attainment "$OUT/attainment/sims-long" --map sims-long \
	-o "$OUT/pack" "$OUT/cohort" || status=$?
echo
echo "Documents:   $(pwd)/$OUT/pack/<school>/<child id>-<term>-<pep1|pep2>.pdf (and .docx)"
echo "Run report:  $(pwd)/$OUT/pack/pack-report.csv and pack-summary.txt"
echo "Merge report: $(pwd)/$OUT/pack/merge-report.csv"
echo "For example:"
find "$OUT/pack" -name '*.pdf' | sort | head -n 4 | sed 's/^/  /'
if [ "$status" -eq 1 ] && [ "$(grep -c ',failed,' "$OUT/pack/pack-report.csv")" -eq 1 ] &&
   grep -q ',failed,.*conflict' "$OUT/pack/pack-report.csv"; then
	# the planted conflict makes one child fail on purpose: the report says which and why
	echo
	echo "As planned, the exports' deliberate conflict held back one child; see the failed line in"
	echo "pack-report.csv and the conflict in merge-report.csv. Everything else was produced."
	status=0
fi
# Secure delivery (issue 12): a dry run of this term's deliveries for the cohort: who gets
# which redacted copy, as which reader, by which route. Nothing is sent. The demo council treats
# example.org (the synthetic addresses' domain) as a secure partner domain.
echo
echo "== planning this term's secure delivery (pepkit send --dry-run: nothing is sent)"
sed 's|<secure-domains>|&<domain match="exact">example.org</domain>|' templates/council-example.xml > "$OUT/council.xml"
$PEPKIT send --dry-run -c "$OUT/council.xml" -l "$OUT/send-log" "$OUT/cohort" > "$OUT/send-plan.txt" 2> "$OUT/send-plan.err" || true
head -n 16 "$OUT/send-plan.txt"
echo "   ... ($(($(wc -l < "$OUT/send-plan.txt") - 1)) deliveries in all: $OUT/send-plan.txt and $OUT/send-log/send-plan.csv)"
tail -n 1 "$OUT/send-plan.err"
exit $status
