#!/bin/sh
# Attack: a wide marksheet with two columns that are one profile column's aliases ("Maths"
# and "Mathematics", both in the SIMS wide profile's Maths column), holding different grades:
# only the first was read and the second column's values were dropped without a word ("1 rows
# (1 values) ... 1 merged"); likewise, once footnote marks are read (adv/45), "Subject" and
# "Subject*" in a long
# export. Exits 1 while the file merges as if the second column were not there.
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && cp samples/ks2-initial.xml "$t/c/a.xml"
printf 'UPN,Maths,Mathematics,Term,Date\r\nX803211421047,GDS,WTS,Autumn 2025,05/12/2025\r\n' > "$t/f.csv"
bad=0
"$P" merge --map templates/mapping-sims-marksheet-wide.xml -o "$t/o" "$t/c" "$t/f.csv" >/dev/null 2>&1 &&
	{ echo "DEFECT: 'Maths' and 'Mathematics' columns: one was dropped silently"; bad=1; }
printf 'UPN,Subject,Subject*,Result,Term\r\nX803211421047,Maths,English,GDS,Autumn 2025\r\n' > "$t/g.csv"
rm -rf "$t/o"
"$P" merge -o "$t/o" "$t/c" "$t/g.csv" >/dev/null 2>&1 &&
	{ echo "DEFECT: 'Subject' and 'Subject*' columns: one was dropped silently"; bad=1; }
exit $bad
