#!/bin/sh
# t1205: qa's list of records known valid (OUTDIR/.pepkit-qa-valid) holds only while the same
# pepkit program checks them: the list is keyed by the program's own bytes (as the pack's
# manifest is), not only by the version string, so a pepkit with a fix in the validation rules
# at the same version validates every record again. The same program still reuses the list.
. tests/lib.sh
export PEPKIT_DATADIR="$SRCDIR"
mkdir -p "$T/c" && cp "$SAMPLES"/*.xml "$T/c/"
n=$(ls "$T/c" | wc -l)
check "qa" "$PEPKIT" qa --term 2025-autumn -o "$T/q" "$T/c"
check "qa again, the same program" "$PEPKIT" qa --term 2025-autumn -o "$T/q" "$T/c"
check_grep "... reuses the verdicts" "^$n records? unchanged since the last run" "$T/err"
cp "$T/q/qa-report.csv" "$T/first.csv"
cp "$PEPKIT" "$T/pepkit-other" && printf 'x' >> "$T/pepkit-other"
check "qa by another program of the same version" "$T/pepkit-other" qa --term 2025-autumn -o "$T/q" "$T/c"
check_nogrep "... validates every record again" "unchanged since the last run" "$T/err"
cmp -s "$T/first.csv" "$T/q/qa-report.csv" && ok "the same results" || notok "results differ"
check "qa by it again" "$T/pepkit-other" qa --term 2025-autumn -o "$T/q" "$T/c"
check_grep "... reuses its own verdicts" "^$n records? unchanged since the last run" "$T/err"
done_testing
