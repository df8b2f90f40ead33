#!/bin/sh
# t0726: an export whose dates show it writes them month first (Excel for Mac in a US locale:
# "11/25/2025") has its dates that read both ways ("11/10/2025") read wrongly by a dd/mm/yyyy
# profile: before, they were silently merged as 11 October. Such a file is rejected as a whole,
# naming a line of each kind; a file whose dates are all day first (or only ambiguous) merges as
# before, and a profile with date-format="mm/dd/yyyy" reads the US file, rejecting it in turn
# when its dates show day-first order.
. tests/lib.sh
mkdir -p "$T/c"
cp "$SAMPLES/ks2-initial.xml" "$T/c/a.xml"
H='UPN,Surname,Forename,Subject,Aspect,Result,Term,Date'
R='X803211421047,Yilmaz,Ayse'
printf '%s\r\n%s,Maths,,GDS,Autumn 2025,11/10/2025\r\n%s,Science,,GDS,Autumn 2025,11/25/2025\r\n' "$H" "$R" "$R" > "$T/us.csv"
check_exit 1 "a month-first export is refused" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/us.csv"
check_grep "... saying its dates are month first, naming both lines" \
	"dates are written month first \(line 3: '11/25/2025'\), so a date such as '11/10/2025' \(line 2\)" "$T/err"
is "... the record keeps Maths WTS" "$T/o/a.xml" "//term[@id='2025-autumn']/attainment/result[@subject='Maths']/@current" WTS
is "... and its date" "$T/o/a.xml" "//term[@id='2025-autumn']/attainment/result[@subject='Maths']/@date" 2025-10-10
check_grep "... every row of it is rejected in the report" "^2 merged=0 duplicate=0 conflict=0 held=0 unmatched=0 rejected=2" \
	"$(report_sums "$T/o/merge-report.csv" > "$T/sums"; echo "$T/sums")"
# dates all day first, one only so: read day first as before
printf '%s\r\n%s,Maths,,GDS,Autumn 2025,11/10/2025\r\n%s,Science,,GDS,Autumn 2025,25/11/2025\r\n' "$H" "$R" "$R" > "$T/uk.csv"
rm -rf "$T/o"
check_exit 0 "a day-first export merges" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/uk.csv"
is "... 11/10/2025 is 11 October" "$T/o/a.xml" "//term[@id='2025-autumn']/attainment/result[@subject='Maths']/@date" 2025-10-11
printf '%s\r\n%s,Maths,,GDS,Autumn 2025,05/12/2025\r\n' "$H" "$R" > "$T/amb.csv"
rm -rf "$T/o"
check_exit 0 "an export of only ambiguous dates merges day first" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/amb.csv"
is "... 05/12/2025 is 5 December" "$T/o/a.xml" "//term[@id='2025-autumn']/attainment/result[@subject='Maths']/@date" 2025-12-05
# a month-first profile reads the US file, and refuses a day-first one
sed 's/date-format="dd\/mm\/yyyy"/date-format="mm\/dd\/yyyy"/' "$SRCDIR/templates/mapping-sims-long.xml" > "$T/us-profile.xml"
grep -q 'mm/dd/yyyy' "$T/us-profile.xml" || notok "the month-first profile was not made"
rm -rf "$T/o"
check_exit 0 "a month-first profile reads the US export" "$PEPKIT" merge --map "$T/us-profile.xml" -o "$T/o" "$T/c" "$T/us.csv"
is "... 11/10/2025 is 10 November" "$T/o/a.xml" "//term[@id='2025-autumn']/attainment/result[@subject='Maths']/@date" 2025-11-10
rm -rf "$T/o"
check_exit 1 "... and refuses a day-first export" "$PEPKIT" merge --map "$T/us-profile.xml" -o "$T/o" "$T/c" "$T/uk.csv"
check_grep "... saying its dates are day first" "dates are written day first \(line 3: '25/11/2025'\)" "$T/err"
is "... the record keeps Maths WTS" "$T/o/a.xml" "//term[@id='2025-autumn']/attainment/result[@subject='Maths']/@current" WTS
done_testing
