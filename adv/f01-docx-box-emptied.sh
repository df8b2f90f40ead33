#!/bin/sh
# Attack: a designated teacher deletes the text pepkit prefilled in a box (the attendance notes)
# and returns the form. The record kept the old text and import said only "imported": the
# deletion vanished without a word. Exits 1 while nothing names the emptied box.
cd "$(dirname "$0")/.." || exit 2
t=$(mktemp -d) || exit 2
trap 'rm -rf "$t"' EXIT
R=samples/ks2-initial.xml
./pepkit template --doc pep1 --from $R --term 2025-autumn -o "$t/f.docx" 2>/dev/null || exit 2
/usr/bin/python3 tests/data/docx/fill_form.py "$t/f.docx" "$t/e.docx" set term.attendance.notes "" || exit 2
./pepkit import --into $R --term 2025-autumn -o "$t/o.xml" "$t/e.docx" > "$t/out" 2>&1
grep -q "'Attendance notes': not imported: emptied" "$t/out" && exit 0
echo "DEFECT: an emptied box is not named:"; cat "$t/out"; exit 1
