#!/bin/sh
# Attack: an Arbor export whose attendance column is headed "Attendance %" (as Arbor writes it),
# merged with the shipped arbor-long profile (column "Attendance"): the column was not
# recognised and ignored, the attendance figure lost while the report said every row merged.
# Exits 1 while the attendance is not read.
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && cp samples/ks2-initial.xml "$t/c/a.xml"
printf 'UPN,Subject,Assessment,Grade,Term,Assessment Date,Attendance %%\r\nX803211421047,Maths,,GDS,Autumn 2025,2025-12-05,95.5\r\n' > "$t/f.csv"
"$P" merge --map arbor-long -o "$t/o" "$t/c" "$t/f.csv" >/dev/null 2>&1
grep -q '95.5' "$t/o/merge-report.csv" ||
	{ echo "DEFECT: an 'Attendance %' column is ignored by the arbor-long profile: attendance lost"; exit 1; }
exit 0
