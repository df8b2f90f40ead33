#!/bin/sh
# Attack: cells as Excel leaves them when a formula fails ("#N/A", "#VALUE!") or when a long id
# was typed into a number cell ("1.23457E+12", its digits lost). Rows were rejected as "not on
# the ks-ta scale" / "not 13 characters" / "no record has this key", which sends a school
# looking for a grade or pupil problem instead of the spreadsheet's. Exits 1 while the report
# does not say what the spreadsheet did.
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && cp samples/ks2-initial.xml "$t/c/a.xml"
printf 'UPN,Subject,Result,Term\r\nX803211421047,Maths,#N/A,Autumn 2025\r\n1.00E+13,Maths,GDS,Autumn 2025\r\n' > "$t/f.csv"
"$P" merge -o "$t/o" "$t/c" "$t/f.csv" >/dev/null 2>&1
bad=0
grep -q "#N/A.*Excel error value" "$t/o/merge-report.csv" || { echo "DEFECT: '#N/A' not named as an Excel error"; bad=1; }
grep -q "1.00E+13.*scientific notation" "$t/o/merge-report.csv" || { echo "DEFECT: '1.00E+13' not named as a number Excel shortened"; bad=1; }
exit $bad
