#!/bin/sh
# Attack: a SIMS "Marksheet" export (Legal Surname, Legal Forename, then aspect columns named
# as SIMS names them: "Yr6 Aut Maths Att") merged with the sims-marksheet-wide profile. With
# a column the profile knows (Reading) beside it, the file was read and "Yr6 Aut Maths Att"
# ignored without a word: the Maths grade lost, exit 0, every row "merged". Exits 1 while the
# Maths value is not read.
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && cp samples/ks2-initial.xml "$t/c/a.xml"
printf 'UPN,Legal Surname,Legal Forename,Reading,Yr6 Aut Maths Att,Date\r\nX803211421047,Yilmaz,Ayse,GDS,GDS,05/12/2025\r\n' > "$t/f.csv"
"$P" merge --map sims-marksheet-wide --term 2025-autumn -o "$t/o" "$t/c" "$t/f.csv" >/dev/null 2>&1
grep -q '"Maths","","GDS"' "$t/o/merge-report.csv" ||
	{ echo "DEFECT: SIMS aspect column 'Yr6 Aut Maths Att' ignored: the Maths grade is lost"; exit 1; }
exit 0
