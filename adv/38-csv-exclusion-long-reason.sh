#!/bin/sh
# Attack: a behaviour export whose exclusion reason is 26,400 characters (notes pasted into the
# cell). merge wrote it and the record failed validation (a paragraph holds 20,000) though merge
# exited 0. Exits 1 while the merged record is invalid.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
R=$(python3 -c "print('Reason word ' * 2200)")
printf 'UPN,Term,Type,Start,Days,Reason\r\nQ801200005002,Autumn 2025,Suspension,05/11/2025,1,"%s"\r\n' "$R" > "$t/ex.csv"
./pepkit merge --map tests/data/csv/exclusions.xml -o "$t/o" tests/data/csv/cohort "$t/ex.csv" >/dev/null 2>&1
./pepkit validate "$t/o/ks2-amara.xml" >/dev/null 2>"$t/err" && exit 0
echo "DEFECT: merge wrote an invalid record:"; cat "$t/err"; exit 1
