#!/bin/sh
# t0757: a date column written with an ordinal day ("1st December 2025", "December 2nd, 2025",
# "Wednesday 3rd December 2025", as a Google Sheets or Numbers user types it) is read; before,
# every such row was rejected ("date '1st December 2025' is not dd/mm/yyyy, ..."). A date
# that is still wrong (a weekday that is not the date's) is still rejected, naming the date.
. tests/lib.sh
mkdir -p "$T/c"
cp "$SAMPLES/ks2-initial.xml" "$T/c/a.xml"
R="$T/o/merge-report.csv"
printf 'UPN,Subject,Aspect,Result,Term,Date\r\n%s\r\n%s\r\n%s\r\n' \
	'X803211421047,Maths,,GDS,Autumn 2025,1st December 2025' \
	'X803211421047,English,Reading,GDS,Autumn 2025,"December 2nd, 2025"' \
	'X803211421047,English,Writing,GDS,Autumn 2025,Wednesday 3rd December 2025' > "$T/f.csv"
check_exit 0 "ordinal dates read (exit 0)" "$PEPKIT" merge --map sims-long -o "$T/o" "$T/c" "$T/f.csv"
check_grep "1st December 2025" 'subject="Maths"[^>]*current="GDS"[^>]*date="2025-12-01"' "$T/o/a.xml"
check_grep "December 2nd, 2025" 'aspect="Reading"[^>]*current="GDS"[^>]*date="2025-12-02"' "$T/o/a.xml"
check_grep "Wednesday 3rd December 2025" 'aspect="Writing"[^>]*current="GDS"[^>]*date="2025-12-03"' "$T/o/a.xml"
rm -rf "$T/o"
printf 'UPN,Subject,Result,Term,Date\r\nX803211421047,Maths,GDS,Autumn 2025,Monday 3rd December 2025\r\n' > "$T/g.csv"
check_exit 1 "another day's name: rejected (exit 1)" "$PEPKIT" merge --map sims-long -o "$T/o" "$T/c" "$T/g.csv"
check_grep "the report names the date" "\"rejected\",\"[^\"]*g.csv\",\"2\",.*date 'Monday 3rd December 2025'" "$R"
done_testing
