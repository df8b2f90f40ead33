#!/bin/sh
# Attack: a long export (SIMS, Arbor, ScholarPack) names the aspect in the subject cell
# ("English Reading", "English Writing", no aspect), as the wide profile's columns do. merge
# added new subjects "English Reading" and "English Writing" to the record beside its English
# Reading and Writing, which kept their old grades; the report said "merged". Exits 1 while the
# value does not land on English / Reading.
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && cp samples/ks2-initial.xml "$t/c/a.xml"
printf 'UPN,Subject,Result,Term,Date\r\nX803211421047,English Reading,GDS,Autumn 2025,05/12/2025\r\n' > "$t/f.csv"
"$P" merge --map sims-long -o "$t/o" "$t/c" "$t/f.csv" >/dev/null 2>&1
grep -q 'subject="English" aspect="Reading"[^>]*current="GDS"' "$t/o/a.xml" ||
	{ echo "DEFECT: 'English Reading' in a long export is a new subject, not English / Reading"; exit 1; }
exit 0
