#!/bin/sh
# Attack: a drop-down box holds words the person did not pick from its list ("Foster cares",
# as LibreOffice or a combo box lets one type). The error listed pepkit's internal codes
# ("foster-care,kinship-care,...") rather than the words the list shows ("Foster care,
# Kinship care (family or friends), ..."). Exits 1 while it lists codes.
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
PY=/usr/bin/python3
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
"$P" template --doc pep1 --from samples/ks2-initial.xml --term 2025-autumn -o "$t/f.docx" 2>/dev/null || exit 2
$PY tests/data/docx/fill_form.py "$t/f.docx" "$t/g.docx" set child.placement.type "Foster cares" || exit 2
"$P" import --into samples/ks2-initial.xml --term 2025-autumn -o "$t/out.xml" "$t/g.docx" 2>"$t/err" && exit 2
if grep -q 'foster-care' "$t/err" || ! grep -q 'Kinship care (family or friends)' "$t/err"; then
	echo "DEFECT: the drop-down error lists codes, not the words shown:"; cat "$t/err"
	exit 1
fi
exit 0
