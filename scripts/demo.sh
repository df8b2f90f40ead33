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
echo "Documents:   $(pwd)/$OUT/pack/record/<school>/<child id>-<term>-<pep1|pep2>.pdf (and .docx)"
echo "Run report:  $(pwd)/$OUT/pack/pack-report.csv and pack-summary.txt"
echo "Merge report: $(pwd)/$OUT/pack/merge-report.csv"
echo "For example:"
find "$OUT/pack" -name '*.pdf' | sort | head -n 4 | sed 's/^/  /'
if [ "$status" -eq 1 ] && [ "$(grep -c ',"failed",' "$OUT/pack/pack-report.csv")" -eq 1 ] &&
   grep -q '"failed",.*conflict' "$OUT/pack/pack-report.csv"; then
	# the planted conflict makes one child fail on purpose: the report says which and why
	echo
	echo "As planned, the exports' deliberate conflict held back one child; see the failed line in"
	echo "pack-report.csv and the conflict in merge-report.csv. Everything else was produced."
	status=0
fi
# Virtual School oversight (pepkit qa): the QA pre-check, timescales, PP+ and the dashboard,
# judged as on 10 December 2025 (the demo cohort's latest term is autumn 2025).
echo
echo "== Virtual School oversight: pepkit qa (as on 2025-12-10)"
$PEPKIT qa --on 2025-12-10 -o "$OUT/qa" "$OUT/cohort" || status=$?
echo "QA report:   $(pwd)/$OUT/qa/qa-report.csv (one row per child: area ratings, reasons, timescales, PP+)"
echo "PP+:         $(pwd)/$OUT/qa/pp-plus.csv (requests, payable or not, totals per school and term)"
echo "Dashboard:   $(pwd)/$OUT/qa/dashboard.html (open it in a browser; OFFICIAL-SENSITIVE)"
# archive (issue 13): the pack's record copies (PDF/A-2b) into a write-once store, checked,
# and one child's documents exported as a BagIt bag for a transfer
echo
echo "== archiving the record copies: pack --archive (documents already up to date are skipped)"
$PEPKIT pack -q --format pdf,docx --attainment "$OUT/attainment/sims-long" --map sims-long \
	--archive "$OUT/archive" -o "$OUT/pack" "$OUT/cohort" || true
echo "   (the child held back by the planted conflict is not archived either)"
$PEPKIT archive verify --store "$OUT/archive"
child=$($PEPKIT archive list --store "$OUT/archive" | awk -F'\t' 'NR == 2 {print $2}')
$PEPKIT archive export --store "$OUT/archive" --child "$child" -o "$OUT/bags/$child"
echo "Archive:     $(pwd)/$OUT/archive (catalogue.db, objects/<child>/<term>/<type>-<sha256>.pdf)"
echo "Bag:         $(pwd)/$OUT/bags/$child (BagIt: cd there and run sha256sum -c manifest-sha256.txt)"
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
