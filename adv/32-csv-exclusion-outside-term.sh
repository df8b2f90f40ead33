#!/bin/sh
# Attack: a behaviour export row for "Autumn 2025" whose exclusion starts 05/01/2026 (the spring
# term) was written into the autumn term, making the merged record invalid ("exclusion starting
# 2026-01-05 is outside its term") while merge exited 0. Exits 1 while the merged record is
# invalid.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
printf 'UPN,Term,Type,Start,Days,Reason\r\nQ801200005002,Autumn 2025,Suspension,05/01/2026,1,\r\n' > "$t/ex.csv"
./pepkit merge --map tests/data/csv/exclusions.xml -o "$t/o" tests/data/csv/cohort "$t/ex.csv" >/dev/null 2>&1
./pepkit validate "$t/o/ks2-amara.xml" >/dev/null 2>"$t/err" && exit 0
echo "DEFECT: merge wrote an invalid record:"; cat "$t/err"; exit 1
