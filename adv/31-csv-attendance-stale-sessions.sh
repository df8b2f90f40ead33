#!/bin/sh
# Attack: a record whose term attendance is 91.7% as of 7 November with its session counts (88
# of 96); the school's December export says 95.5%. merge wrote 95.5 beside "88 of 96", so the
# merged record no longer validated ("95.5% does not match 88 of 96 sessions") though merge
# exited 0. Exits 1 while the merged record is invalid.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && sed 's|<attendance>|<attendance as-of="2025-11-07">|' samples/ks2-initial.xml > "$t/c/a.xml"
printf 'UPN,Surname,Forename,Subject,Aspect,Result,Term,Date,Attendance %%\r\nX803211421047,Yilmaz,Ayse,,,,Autumn 2025,05/12/2025,95.5\r\n' > "$t/f.csv"
./pepkit merge -o "$t/o" "$t/c" "$t/f.csv" >/dev/null 2>&1 || { echo "merge failed"; exit 2; }
./pepkit validate "$t/o/a.xml" >/dev/null 2>"$t/err" && exit 0
echo "DEFECT: merge wrote an invalid record:"; cat "$t/err"; exit 1
