#!/bin/sh
# t0709: a date column holding Excel date numbers (a cell formatted as a number, not a date:
# "45996" is 5 December 2025, "45996.4375" the same day at 10:30) is read as that date, as
# Python's datetime computes it from Excel's 1900 system (days since 1899-12-30); a number
# outside 1990-2099 is a rejected row naming the value; a profile with date-format="iso" takes
# ISO only; a number in a title row is not the export's declared date.
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml
UPN=$(x "$REC" /pep-record/child/upn)
H='UPN,Surname,Forename,Subject,Aspect,Result,Term,Date'
mkdir -p "$T/c" && cp "$REC" "$T/c/a.xml"
excel() { /usr/bin/python3 -c 'import datetime, sys; print(datetime.date(1899, 12, 30) + datetime.timedelta(days=int(float(sys.argv[1]))))' "$1"; }

for n in 45996 45996.4375 45950; do
	printf '%s\r\n%s,Yilmaz,Ayse,Maths,,GDS,Autumn 2025,%s\r\n' "$H" "$UPN" "$n" > "$T/f.csv"
	check_exit 0 "date '$n' merges" "$PEPKIT" merge -o "$T/o" "$T/c" "$T/f.csv"
	is "... dated $(excel "$n") (Excel's day number)" "$T/o/a.xml" \
		"//term[@id='2025-autumn']/attainment/result[@subject='Maths']/@date" "$(excel "$n")"
done
printf '%s\r\n%s,Yilmaz,Ayse,Maths,,GDS,Autumn 2025,12345\r\n' "$H" "$UPN" > "$T/g.csv"
check_exit 1 "a number outside 1990-2099 in the date column" "$PEPKIT" merge -o "$T/o2" "$T/c" "$T/g.csv"
check_grep "... is a rejected row naming it" "g.csv' line 2: rejected: date '12345' is not" "$T/err"

sed 's/date-format="dd\/mm\/yyyy"/date-format="iso"/' templates/mapping-sims-long.xml > "$T/iso.xml"
grep -q 'date-format="iso"' "$T/iso.xml" || notok "an ISO profile made"
printf '%s\r\n%s,Yilmaz,Ayse,Maths,,GDS,Autumn 2025,45996\r\n' "$H" "$UPN" > "$T/f.csv"
check_exit 1 "with date-format=\"iso\", a date number" "$PEPKIT" merge --map "$T/iso.xml" -o "$T/o3" "$T/c" "$T/f.csv"
check_grep "... is rejected: the profile takes ISO only" "rejected: date '45996' is not YYYY-MM-DD" "$T/err"

printf 'Autumn marks 45996\r\n%s\r\n%s,Yilmaz,Ayse,Maths,,GDS,Autumn 2025,\r\n' "$H" "$UPN" > "$T/t.csv"
"$PEPKIT" merge -o "$T/o4" "$T/c" "$T/t.csv" >/dev/null 2>&1
check_nogrep "a number in a title row is not the export's declared date" "declared in line 1" "$T/o4/merge-report.csv"
done_testing
