#!/bin/sh
# t0623: what people paste into a form's box is read as they see it: a table is one paragraph
# a row, its cells kept apart by " | " (before, every cell was a paragraph of its own, so
# "Maths" and "Needs support" no longer stood together), and a Word text box's text is read
# where it stands (before, it was dropped without a word).
. tests/lib.sh
K2=$SAMPLES/ks2-initial.xml
PY=/usr/bin/python3
check "a pre-filled form" "$PEPKIT" template --doc pep1 --from "$K2" -o "$T/k2.docx"
$PY tests/data/docx/paste.py "$T/k2.docx" "$T/table.docx" term.semh.summary table || notok "paste.py table"
check "a form with a table pasted into a box imports" "$PEPKIT" import --into "$K2" -o "$T/t.xml" "$T/table.docx"
S="//term[@id='2025-autumn']/semh/summary"
is "... its text first" "$T/t.xml" "$S/p[1]" "Progress this half term:"
is "... a row as one paragraph" "$T/t.xml" "$S/p[2]" "Reading | Reads every evening"
is "... a cell's two paragraphs in its row" "$T/t.xml" "$S/p[3]" "Maths | Needs support with fractions"
is "... and nothing more" "$T/t.xml" "count($S/p)" 3
$PY tests/data/docx/paste.py "$T/k2.docx" "$T/tbox.docx" term.semh.summary textbox || notok "paste.py textbox"
check "a form with a text box in a box imports" "$PEPKIT" import --into "$K2" -o "$T/b.xml" "$T/tbox.docx"
is "... its line" "$T/b.xml" "$S/p[1]" "Her own words:"
is "... and the text box's text, once" "$T/b.xml" "$S/p[2]" "Asked to join the choir"
is "... and nothing more" "$T/b.xml" "count($S/p)" 2
check "the record is valid" "$PEPKIT" validate "$T/t.xml" "$T/b.xml"
done_testing
