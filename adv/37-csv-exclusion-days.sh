#!/bin/sh
# Attack: a behaviour export gives an exclusion of "0.25" days (a quarter day; or "500"). merge
# wrote it and the record failed validation (pep.xsd: days above 0, at most 366, one decimal
# place) though merge exited 0. Exits 1 while the merged record is invalid.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
printf 'UPN,Term,Type,Start,Days,Reason\r\nQ801200005002,Autumn 2025,Suspension,05/11/2025,0.25,\r\n' > "$t/ex.csv"
./pepkit merge --map tests/data/csv/exclusions.xml -o "$t/o" tests/data/csv/cohort "$t/ex.csv" >/dev/null 2>&1
./pepkit validate "$t/o/ks2-amara.xml" >/dev/null 2>"$t/err" && exit 0
echo "DEFECT: merge wrote an invalid record:"; cat "$t/err"; exit 1
