#!/bin/sh
# t0728: an exclusion row whose start date lies outside the term the row names ("Autumn 2025"
# starting 05/01/2026, or 20/08/2025 before the term began) was written into that term, and the
# merged record failed validation ("exclusion starting 2026-01-05 is outside its term") though
# merge exited 0. Such a row is rejected, naming the term's dates; one inside the term merges.
# pack --attainment (records merged in memory) says the same.
. tests/lib.sh
D=tests/data/csv
printf 'UPN,Term,Type,Start,Days,Reason\r\nQ801200005002,Autumn 2025,Suspension,05/01/2026,1,\r\nQ801200005002,Autumn 2025,Suspension,20/08/2025,1,\r\nQ801200005002,Autumn 2025,Suspension,19/12/2025,1,\r\n' > "$T/ex.csv"
check_exit 1 "exclusions outside their term are refused" "$PEPKIT" merge --map "$D/exclusions.xml" -o "$T/o" "$D/cohort" "$T/ex.csv"
check_grep "... the one after it, naming the term's dates" "line 2: rejected: .*the exclusion starting 2026-01-05 is outside term 2025-autumn \(2025-09-03 to 2025-12-19\)" "$T/err"
check_grep "... the one before it" "line 3: rejected: .*the exclusion starting 2025-08-20 is outside term 2025-autumn" "$T/err"
check_grep "... the one on the term's last day merges" "1 merged, 0 duplicate, 0 conflict, 0 held, 0 unmatched, 2 rejected" "$T/err"
X="//term[@id='2025-autumn']/exclusions/exclusion"
is "... only it is written" "$T/o/ks2-amara.xml" "count($X[@start='2026-01-05' or @start='2025-08-20'])" 0
is "... it is" "$T/o/ks2-amara.xml" "count($X[@start='2025-12-19'])" 1
check "... and the merged record is valid" "$PEPKIT" validate "$T/o/ks2-amara.xml"
check_exit 1 "pack --attainment refuses them too" "$PEPKIT" pack -q --doc pep1 --map "$D/exclusions.xml" \
	--attainment "$T/ex.csv" --records-out "$T/r" -o "$T/p" "$D/cohort"
check_grep "... naming the term's dates" "outside term 2025-autumn" "$T/p/merge-report.csv"
check "... and its merged record is valid" "$PEPKIT" validate "$T/r/ks2-amara.xml"
done_testing
