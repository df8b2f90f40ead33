#!/bin/sh
# t0711: an export whose header row comes again further down (two exports joined, an MIS
# report with its header on every page) and one with a totals row ("Total" or "Average" where
# a pupil's UPN would be, or in a row with no UPN) merges: those rows hold no pupil's data and
# count as blank, not rejected (exit 0, no "bad upn 'UPN'"). A row with no UPN that is not a
# totals row is still rejected, and a wrong UPN still is.
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml
UPN=$(x "$REC" /pep-record/child/upn)
H='UPN,Surname,Forename,Subject,Aspect,Result,Term,Date'
mkdir -p "$T/c" && cp "$REC" "$T/c/a.xml"
printf '%s\r\n%s,Yilmaz,Ayse,Maths,,GDS,Autumn 2025,05/12/2025\r\n\r\n%s\r\n%s,Yilmaz,Ayse,Science,,GDS,Autumn 2025,05/12/2025\r\n' \
	"$H" "$UPN" "$H" "$UPN" > "$T/joined.csv"
check_exit 0 "the header again in the middle" "$PEPKIT" merge -o "$T/o1" "$T/c" "$T/joined.csv"
check_grep "... counts as blank" "2 merged, .* 0 rejected, 0 superseded, 2 blank" "$T/err"
is "... and the rows after it merge" "$T/o1/a.xml" "//term[@id='2025-autumn']/attainment/result[@subject='Science']/@current" GDS
printf '%s\r\n%s,Yilmaz,Ayse,Maths,,GDS,Autumn 2025,05/12/2025\r\nTotal,,,,,1,,\r\n,,,Average,,,,\r\n' "$H" "$UPN" > "$T/totals.csv"
check_exit 0 "totals rows" "$PEPKIT" merge -o "$T/o2" "$T/c" "$T/totals.csv"
check_grep "... count as blank" "1 merged, .* 0 rejected, 0 superseded, 2 blank" "$T/err"
printf '%s\r\n,Yilmaz,Ayse,Maths,,GDS,Autumn 2025,05/12/2025\r\nX80321142104,Yilmaz,Ayse,Maths,,GDS,Autumn 2025,05/12/2025\r\n' "$H" > "$T/bad.csv"
check_exit 1 "a row with no UPN that is no totals row" "$PEPKIT" merge -o "$T/o3" "$T/c" "$T/bad.csv"
check_grep "... is rejected" "bad.csv' line 2: rejected: no key in column 'UPN" "$T/err"
check_grep "... and a wrong UPN still is" "bad.csv' line 3: rejected: bad upn" "$T/err"
done_testing
