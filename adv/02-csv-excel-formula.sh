#!/bin/sh
# Attack: Excel's text-forcing formula ="X803211421047" (how exports keep a UPN's leading
# zeros or a grade from becoming a date) is read literally, so every row is rejected as a bad
# UPN and the child's results are lost. Exits 1 while the row is not merged.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && cp samples/ks2-initial.xml "$t/c/a.xml"
printf 'UPN,Surname,Forename,Subject,Aspect,Result,Term,Date\r\n="X803211421047",Yilmaz,Ayse,="Maths",,="GDS",Autumn 2025,="05/12/2025"\r\n' > "$t/f.csv"
./pepkit merge -o "$t/o" "$t/c" "$t/f.csv" >/dev/null 2>"$t/err"
if grep -q 'subject="Maths"[^>]*current="GDS"' "$t/o/a.xml" 2>/dev/null; then exit 0; fi
echo "DEFECT: =\"...\" cells not read:"; cat "$t/err"; exit 1
