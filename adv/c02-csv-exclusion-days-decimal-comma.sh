#!/bin/sh
# Attack: a behaviour export saved where the comma is the decimal sign (LibreOffice or Excel
# with a European locale, ';' as the delimiter) gives an exclusion of "1,5" days. Attendance's
# "95,2" is read as 95.2, but the exclusion row was rejected ("'1,5' is not a number of
# days"). Exits 1 while the row is refused.
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
printf 'UPN;Term;Type;Start;Days;Reason\r\nQ801200005002;Spring 2026;Suspension;05/02/2026;1,5;\r\n' > "$t/ex.csv"
"$P" merge --map tests/data/csv/exclusions.xml -o "$t/o" tests/data/csv/cohort "$t/ex.csv" >/dev/null 2>&1 ||
	{ echo "DEFECT: exclusion days '1,5' (decimal comma) refused"; exit 1; }
exit 0
