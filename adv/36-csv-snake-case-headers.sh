#!/bin/sh
# Attack: an export made from a database or an MIS API, its header in snake case ("upn",
# "last_name", "first_name", "date_assessed"). Its "last_name", "first_name" and
# "date_assessed" columns were silently not read: no check that the rows are the record
# child's (another pupil's names merged), and the file's modification time taken as every
# value's date instead of its assessment date ("Unique_Pupil_Number" rejected the whole file).
# Exits 1 while the date column is not read.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && cp samples/ks2-initial.xml "$t/c/a.xml"
printf 'upn,last_name,first_name,subject,aspect,result,term,date_assessed\r\nX803211421047,Yilmaz,Ayse,Maths,,GDS,Autumn 2025,05/12/2025\r\n' > "$t/f.csv"
./pepkit merge -o "$t/o" "$t/c" "$t/f.csv" >/dev/null 2>"$t/err"
grep -q 'subject="Maths"[^>]*date="2025-12-05"' "$t/o/a.xml" 2>/dev/null && exit 0
echo "DEFECT: the snake-case date column is not read:"; grep 'subject="Maths"' "$t/o/a.xml" | head -1; exit 1
