#!/bin/sh
# Attack: two marksheet exports joined into one file (copy-pasted one under the other), the
# second with its columns in another order (Maths, Reading, Writing where the first had
# Reading, Writing, Maths). The repeated header row was skipped as blank and the rows under
# it read under the FIRST header's columns: Maths's grade written as Reading's, and so on,
# with "merged" in the report. Exits 1 while a value lands on the wrong subject.
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && cp samples/ks2-initial.xml "$t/c/a.xml"
printf 'UPN,Reading,Writing,Maths,Term,Date\r\nX803211421047,EXS,WTS,WTS,Autumn 2025,05/12/2025\r\nUPN,Maths,Reading,Writing,Term,Date\r\nX803211421047,GDS,HNM,PK6,Autumn 2025,06/12/2025\r\n' > "$t/f.csv"
"$P" merge --map templates/mapping-sims-marksheet-wide.xml -o "$t/o" "$t/c" "$t/f.csv" >/dev/null 2>&1
if grep -q 'aspect="Reading"[^>]*current="GDS"' "$t/o/a.xml" || grep -q 'subject="Maths"[^>]*current="PK6"' "$t/o/a.xml"; then
	echo "DEFECT: rows under a reordered header were read under the first header's columns"; exit 1
fi
exit 0
