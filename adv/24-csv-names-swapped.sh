#!/bin/sh
# Attack: an export whose name columns hold the child's own names the other way round (Surname
# "Ayse", Forename "Yilmaz": a clerk's swap, or a family-name-first order). Both differ from the
# record's, so every row of the UPN was rejected as "another pupil's names" and the child's
# results lost. Exits 1 while they are.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && cp samples/ks2-initial.xml "$t/c/a.xml"
printf 'UPN,Surname,Forename,Subject,Aspect,Result,Term,Date\r\nX803211421047,Ayse,Yilmaz,Maths,,GDS,Autumn 2025,05/12/2025\r\n' > "$t/f.csv"
./pepkit merge -o "$t/o" "$t/c" "$t/f.csv" >/dev/null 2>"$t/err" && exit 0
echo "DEFECT: the child's own names swapped reject the rows:"; head -1 "$t/err"; exit 1
