#!/bin/sh
# Attack: the same row twice in one export (lines 3 and 4). merge-report.csv's duplicate row
# gave line 3, the merged one's, and "the same value in further rows": line 4 was never named.
# Exits 1 while it is.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && cp samples/ks2-initial.xml "$t/c/a.xml"
printf 'UPN,Surname,Forename,Subject,Aspect,Result,Term,Date\r\nX803211421047,Yilmaz,Ayse,Maths,,EXS,Autumn 2025,05/12/2025\r\nX803211421047,Yilmaz,Ayse,Science,,GDS,Autumn 2025,05/12/2025\r\nX803211421047,Yilmaz,Ayse,Science,,GDS,Autumn 2025,05/12/2025\r\n' > "$t/f.csv"
./pepkit merge -o "$t/o" "$t/c" "$t/f.csv" >/dev/null 2>&1
grep -q '^"duplicate",.*,"4",.*line 3' "$t/o/merge-report.csv" && exit 0
echo "DEFECT: the duplicate does not name both lines:"; grep '^"duplicate"' "$t/o/merge-report.csv"; exit 1
