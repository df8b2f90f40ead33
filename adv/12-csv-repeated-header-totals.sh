#!/bin/sh
# Attack: an export with its header row again further down (two exports joined; an MIS report
# with the header on every page) and a totals row ("Total" in the UPN column). Each was a
# rejected row ("bad upn 'UPN'", "bad upn 'TOTAL'"), so a clean export exited 1 every term.
# Exits 1 while either is rejected.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && cp samples/ks2-initial.xml "$t/c/a.xml"
H='UPN,Surname,Forename,Subject,Aspect,Result,Term,Date'
printf '%s\r\n%s\r\nX803211421047,Yilmaz,Ayse,Maths,,GDS,Autumn 2025,05/12/2025\r\nTotal,,,,,1,,\r\n' "$H" "$H" > "$t/f.csv"
./pepkit merge -o "$t/o" "$t/c" "$t/f.csv" >/dev/null 2>"$t/err" && exit 0
echo "DEFECT:"; grep rejected "$t/err"; exit 1
