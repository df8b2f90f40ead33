#!/bin/sh
# pack --qa: the termly pack, then pepkit qa over the same cohort into the pack's folder.
. tests/lib.sh
mkdir -p "$T/c"
cp "$SAMPLES"/ks2-initial.xml "$SAMPLES"/ks4-ehcp-exclusions.xml "$T/c/"
check "pack --qa succeeds" "$PEPKIT" pack --qa --doc pep1 -o "$T/o" "$T/c"
check_grep "the summary says where the dashboard is" "^qa: 2 rated.*dashboard: .*/dashboard.html" "$T/err"
for f in pack-report.csv qa-report.csv pp-plus.csv dashboard.html; do
	m=$(stat -c %a "$T/o/$f" 2>/dev/null)
	if [ "$m" = 600 ]; then ok "$f in the pack's folder with mode 0600"; else notok "$f in the pack's folder with mode 0600 (got '$m')"; fi
done
n=$(python3 -c "import csv,sys; print(sum(1 for r in csv.DictReader(open(sys.argv[1])) if r['status'] == 'rated'))" "$T/o/qa-report.csv")
if [ "$n" = 2 ]; then ok "both children rated"; else notok "both children rated (got $n)"; fi
check "a pack without --qa writes no dashboard" "$PEPKIT" pack --doc pep1 -o "$T/p" "$T/c"
check "... (none there)" test ! -e "$T/p/dashboard.html"
"$PEPKIT" pack --help >"$T/out" 2>&1
check_grep "pack --help lists --qa" "\-\-qa" "$T/out"
done_testing
