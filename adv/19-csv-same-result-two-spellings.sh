#!/bin/sh
# Attack: two exports of the same date give one child's Maths as "GDS" and "Greater depth" (the
# same result, one as a code, one as the grade word the profile maps), or "110" and "110.0".
# They were a conflict: the child's record was not updated at all. Exits 1 while they are.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && cp samples/ks2-initial.xml "$t/c/a.xml"
H='UPN,Surname,Forename,Subject,Aspect,Result,Term,Date'
printf '%s\r\nX803211421047,Yilmaz,Ayse,Maths,,GDS,Autumn 2025,05/12/2025\r\n' "$H" > "$t/a.csv"
printf '%s\r\nX803211421047,Yilmaz,Ayse,Maths,,Greater depth,Autumn 2025,05/12/2025\r\n' "$H" > "$t/b.csv"
./pepkit merge -o "$t/o" "$t/c" "$t/a.csv" "$t/b.csv" >/dev/null 2>"$t/err" && exit 0
echo "DEFECT: one result spelled two ways is a conflict:"; grep conflict "$t/err"; exit 1
