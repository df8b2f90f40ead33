#!/bin/sh
# t0514: a report in the pack's folder is always this run's, --qa's too. After `pack --qa`, a
# pack without --qa moves qa-report.csv, pp-plus.csv and dashboard.html aside (NAME.previous)
# as it does its own reports (before: the earlier run's ratings and dashboard stayed beside the
# new pack report, looking current though the records had changed); `pack --qa` again writes
# them anew, the previous ones kept aside.
. tests/lib.sh
export PEPKIT_DATADIR="$SRCDIR"
mkdir -p "$T/c" && cp "$SAMPLES/ks2-initial.xml" "$SAMPLES/post16-college.xml" "$T/c/"
check "pack --qa" "$PEPKIT" pack -q --qa --term 2025-autumn -o "$T/p" "$T/c"
for f in qa-report.csv pp-plus.csv dashboard.html; do [ -f "$T/p/$f" ] || notok "no $f"; done
cp "$T/p/qa-report.csv" "$T/first-qa.csv"
cp "$SAMPLES/eyfs-nursery.xml" "$T/c/"   # the cohort changes
check "pack without --qa" "$PEPKIT" pack -q --term 2025-autumn -o "$T/p" "$T/c"
for f in qa-report.csv pp-plus.csv dashboard.html; do
	[ ! -e "$T/p/$f" ] && ok "$f of the earlier run is not left as if current" || notok "$f left in place"
done
[ -f "$T/p/qa-report.previous.csv" ] && [ -f "$T/p/pp-plus.previous.csv" ] && [ -f "$T/p/dashboard.previous.html" ] &&
	ok "... they are kept aside as .previous" || notok "not kept aside"
cmp -s "$T/first-qa.csv" "$T/p/qa-report.previous.csv" && ok "... unchanged" || notok "the kept report differs"
check "pack --qa again" "$PEPKIT" pack -q --qa --term 2025-autumn -o "$T/p" "$T/c"
n=$(python3 -c 'import csv,sys; print(len(list(csv.DictReader(open(sys.argv[1], newline="")))))' "$T/p/qa-report.csv")
[ "$n" -eq 3 ] && ok "a new qa-report.csv with the 3 records" || notok "qa-report.csv has $n rows"
[ -f "$T/p/dashboard.html" ] && ok "and a new dashboard" || notok "no dashboard"
done_testing
