#!/bin/sh
# t0724: an export's term with the academic year hyphenated or before the season, as MIS exports
# and people write it ("Autumn term 2025-26", "Autumn 2025-2026", "2025-26 Autumn 1", "2025/26
# Autumn 2") is autumn 2025, like "Autumn 1 2025/26"; before, the rows were rejected ("not
# recognised"). A year pair that is no academic year ("Autumn 2025/24", "Autumn 2025-27") is
# rejected as not recognised rather than taken as autumn 2025.
. tests/lib.sh
mkdir -p "$T/c"
cp "$SAMPLES/ks2-initial.xml" "$T/c/a.xml"
for term in 'Autumn term 2025-26' 'Autumn 2025-2026' '2025-26 Autumn 1' '2025/26 Autumn 2' 'Autumn 1 2025/26' 'Autumn 2025'; do
	printf 'UPN,Surname,Forename,Subject,Aspect,Result,Term,Date\r\nX803211421047,Yilmaz,Ayse,Maths,,GDS,%s,05/12/2025\r\n' "$term" > "$T/f.csv"
	rm -rf "$T/o"
	check_exit 0 "term '$term' merges" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/f.csv"
	is "... into 2025-autumn" "$T/o/a.xml" "//term[@id='2025-autumn']/attainment/result[@subject='Maths']/@current" GDS
done
printf 'UPN,Surname,Forename,Subject,Aspect,Result,Term,Date\r\nX803211421047,Yilmaz,Ayse,Maths,,GDS,Spring 2025-26,05/01/2026\r\n' > "$T/f.csv"
rm -rf "$T/o"
"$PEPKIT" merge -o "$T/o" "$T/c" "$T/f.csv" >/dev/null 2>&1
check_grep "'Spring 2025-26' is spring 2026" '"2026-spring"' "$T/o/merge-report.csv"
for term in 'Autumn 2025/24' 'Autumn 2025-27' 'Autumn 2025/2027'; do
	printf 'UPN,Surname,Forename,Subject,Aspect,Result,Term,Date\r\nX803211421047,Yilmaz,Ayse,Maths,,GDS,%s,05/12/2025\r\n' "$term" > "$T/f.csv"
	rm -rf "$T/o"
	check_exit 1 "term '$term' is refused" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/f.csv"
	check_grep "... as not recognised" "term '$term' is not recognised" "$T/o/merge-report.csv"
	is "... the record keeps WTS" "$T/o/a.xml" "//term[@id='2025-autumn']/attainment/result[@subject='Maths']/@current" WTS
done
done_testing
