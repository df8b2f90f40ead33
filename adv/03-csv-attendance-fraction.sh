#!/bin/sh
# Attack: attendance written as a fraction (0.90 for 90%, as a spreadsheet cell formatted as a
# percentage holds it) is taken as 0.9 per cent and written to the record silently.
# Exits 1 while a fraction is merged as a percentage.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
mkdir "$t/c"
# a record with no attendance for the term, so nothing conflicts with the export
python3 - samples/ks2-initial.xml "$t/c/a.xml" <<'PY'
import sys, re
s = open(sys.argv[1], encoding="utf-8").read()
s = re.sub(r"\s*<attendance>.*?</attendance>", "", s, flags=re.S)
open(sys.argv[2], "w", encoding="utf-8").write(s)
PY
./pepkit validate "$t/c/a.xml" || exit 2
printf 'UPN,Surname,Forename,Attendance %%,Term,Date\r\nX803211421047,Yilmaz,Ayse,0.90,Autumn 2025,05/12/2025\r\n' > "$t/f.csv"
./pepkit merge -o "$t/o" "$t/c" "$t/f.csv" >/dev/null 2>"$t/err"
if grep -q '<percent>0.9</percent>' "$t/o/a.xml" 2>/dev/null; then
	echo "DEFECT: attendance 0.90 (90%) written as 0.9 per cent"; exit 1
fi
exit 0
