#!/bin/sh
# Attack (NOT FIXED, see the report): an export with no date column (a Bromcom wide marksheet)
# takes its file's modification time as the as-of date of every value. A copy of last term's
# file touched today (copied, re-saved, unzipped) then outranks a dated correction for the same
# term in the same run, and the merged value carries that date into the record, where it
# outranks every later dated correction of the term ("the record has a newer ..."), exit 0.
# Exits 1 while the correction dated 15/12/2025 loses to the undated file.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && cp samples/ks2-initial.xml "$t/c/a.xml"
printf 'UPN,Surname,Forename,Working At$Autumn 2 2025/26$Year 4$Maths\r\nX803211421047,Yilmaz,Ayse,GDS\r\n' > "$t/old-wide.csv"
printf 'UPN,Surname,Forename,Subject,Aspect,Result,Term,Date\r\nX803211421047,Yilmaz,Ayse,Maths,,EXS,Autumn 2025,15/12/2025\r\n' > "$t/correction.csv"
./pepkit merge -o "$t/o" "$t/c" "$t/old-wide.csv" "$t/correction.csv" >/dev/null 2>&1
if grep -q 'subject="Maths"[^>]*current="GDS"' "$t/o/a.xml"; then
	echo "DEFECT: the undated file (as of its modification time) beat the correction dated 15/12/2025:"
	grep 'subject="Maths"' "$t/o/a.xml" | head -1; exit 1
fi
exit 0
