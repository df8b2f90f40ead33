#!/bin/sh
# Attack: a designated teacher types the summary into its box and then removes the box's
# content control (Word's "Remove Content Control", or pasting over it): the text stays in the
# form, as paragraphs of the box's style, but no box holds it. `import` said "imported" (exit 0)
# and the text was silently not in the record. Exits 1 while that happens.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
./pepkit template --doc pep1 --from samples/ks2-initial.xml --term 2025-autumn -o "$t/f.docx" 2>/dev/null || exit 2
python3 tests/data/docx/unwrap_box.py "$t/f.docx" "$t/g.docx" term.dt-summary "Keep the reading support going." || exit 2
if ./pepkit import --into samples/ks2-initial.xml --term 2025-autumn -o "$t/out.xml" "$t/g.docx" 2>/dev/null &&
   ! grep -q 'Keep the reading support' "$t/out.xml"; then
	echo "DEFECT: text typed in a removed box was dropped and import said it imported the form"
	exit 1
fi
exit 0
