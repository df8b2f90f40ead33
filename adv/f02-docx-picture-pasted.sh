#!/bin/sh
# Attack: a designated teacher pastes a picture (her reading chart) into a box, after a line of
# text, and returns the form. The text was imported and the picture dropped, with only
# "imported" said. Exits 1 while nothing names the picture.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
R=samples/ks2-initial.xml
./pepkit template --doc pep1 --from $R --term 2025-autumn -o "$t/f.docx" 2>/dev/null || exit 2
/usr/bin/python3 tests/data/docx/paste_picture.py "$t/f.docx" "$t/p.docx" term.semh.summary "Her reading chart:" || exit 2
./pepkit import --into $R --term 2025-autumn -o "$t/o.xml" "$t/p.docx" > "$t/out" 2>&1
grep -q "'Social, emotional and mental health': not imported: 1 picture" "$t/out" && exit 0
echo "DEFECT: a picture pasted into a box is dropped without a word:"; cat "$t/out"; exit 1
