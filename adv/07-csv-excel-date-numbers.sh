#!/bin/sh
# Attack: a date column holding Excel date numbers (45996 for 5 December 2025: the cell was
# formatted as a number when the export was saved). Every such row was rejected, so the
# school's whole export was lost. Exits 1 while the row is not merged with its date.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && cp samples/ks2-initial.xml "$t/c/a.xml"
printf 'UPN,Surname,Forename,Subject,Aspect,Result,Term,Date\r\nX803211421047,Yilmaz,Ayse,Maths,,GDS,Autumn 2025,45996\r\n' > "$t/f.csv"
./pepkit merge -o "$t/o" "$t/c" "$t/f.csv" >/dev/null 2>"$t/err"
grep -q 'subject="Maths"[^>]*date="2025-12-05"' "$t/o/a.xml" 2>/dev/null && exit 0
echo "DEFECT: Excel date number not read:"; head -1 "$t/err"; exit 1
