#!/bin/sh
# Attack: a long export naming a subject by its MIS code ("MA" for Maths, as SIMS subject codes
# are written) that the profile does not map. It became a new subject "MA" in the record beside
# its "Maths", reported merged, exit 0: silent. Exits 1 while it is.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c" && cp samples/ks2-initial.xml "$t/c/a.xml"
printf 'UPN,Surname,Forename,Subject,Aspect,Result,Term,Date\r\nX803211421047,Yilmaz,Ayse,MA,,EXS,Autumn 2025,05/12/2025\r\n' > "$t/f.csv"
./pepkit merge -o "$t/o" "$t/c" "$t/f.csv" >/dev/null 2>&1
rc=$?
if grep -q 'subject="MA"' "$t/o/a.xml" 2>/dev/null || [ $rc -eq 0 ]; then
	echo "DEFECT: an unmapped subject code became a new subject (exit $rc):"; grep '"MA"' "$t/o/merge-report.csv"; exit 1
fi
grep -q '^"rejected",.*"2",.*"MA".*code' "$t/o/merge-report.csv" || { echo "DEFECT: not reported as a code"; exit 1; }
exit 0
