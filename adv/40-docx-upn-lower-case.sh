#!/bin/sh
# Attack: a designated teacher types the UPN in lower case in the Word form ("x803211421047").
# merge upper-cases a UPN from an export and takes it; import refused the same UPN ("is not a
# UPN") and wrote nothing. The two must agree: the form's UPN is read as merge reads it.
# Exits 1 while import refuses it (or keeps it in lower case).
cd "$(dirname "$0")/.." || exit 2
P=${PEPKIT:-./pepkit}
PY=/usr/bin/python3
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
"$P" template --doc pep1 --from samples/ks2-initial.xml --term 2025-autumn -o "$t/f.docx" 2>/dev/null || exit 2
$PY tests/data/docx/fill_form.py "$t/f.docx" "$t/g.docx" set child.upn x803211421047 || exit 2
if ! "$P" import --into samples/ks2-initial.xml --term 2025-autumn -o "$t/out.xml" "$t/g.docx" 2>/dev/null ||
   ! grep -q '<upn>X803211421047</upn>' "$t/out.xml"; then
	echo "DEFECT: a lower-case UPN in a form is refused, though merge takes it from an export"
	exit 1
fi
exit 0
