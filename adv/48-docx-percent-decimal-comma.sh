#!/bin/sh
# Attack: attendance typed in a Word form with a decimal comma ("91,7%"), as people on a
# machine set to a comma locale type it: merge reads "91,7" in an export as 91.7, import
# refused it ("not a percentage"). Exits 1 while import refuses it.
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
"$P" template --doc pep1 --from samples/ks2-initial.xml --term 2025-autumn -o "$t/f.docx" 2>/dev/null || exit 2
/usr/bin/python3 tests/data/docx/fill_form.py "$t/f.docx" "$t/g.docx" set term.attendance.percent '91,7%' || exit 2
"$P" import --into samples/ks2-initial.xml --term 2025-autumn -o "$t/out.xml" "$t/g.docx" 2>/dev/null &&
	grep -q '<percent>91.7</percent>' "$t/out.xml" || { echo "DEFECT: '91,7%' refused by import, read by merge"; exit 1; }
exit 0
