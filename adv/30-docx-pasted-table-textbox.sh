#!/bin/sh
# Attack: a designated teacher pastes a small table ("Maths | Needs support") or a Word text box
# into a form's box. The table's cells each became a paragraph of their own, and the text box's
# text was dropped without a word. Exits 1 while either is so.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
./pepkit template --doc pep1 --from samples/ks2-initial.xml -o "$t/f.docx" 2>/dev/null || exit 2
python3 tests/data/docx/paste.py "$t/f.docx" "$t/t.docx" term.semh.summary table || exit 2
python3 tests/data/docx/paste.py "$t/f.docx" "$t/b.docx" term.semh.summary textbox || exit 2
./pepkit import --into samples/ks2-initial.xml -o "$t/t.xml" "$t/t.docx" 2>/dev/null || exit 2
./pepkit import --into samples/ks2-initial.xml -o "$t/b.xml" "$t/b.docx" 2>/dev/null || exit 2
rc=0
grep -q '<p>Maths | Needs support with fractions</p>' "$t/t.xml" || { echo "DEFECT: a pasted table's rows are not kept"; rc=1; }
grep -q 'Asked to join the choir' "$t/b.xml" || { echo "DEFECT: a text box's text is dropped"; rc=1; }
exit $rc
