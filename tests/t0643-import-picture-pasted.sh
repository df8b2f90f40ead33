#!/bin/sh
# t0643: a picture pasted into a box of a returned form (a chart after a line of text; a
# picture alone in place of the text). The text was imported and the picture dropped, with
# only "imported" said. Each box holding pictures is now named as not imported, by its label,
# with how many; the text beside a picture is still imported. The unchanged form names none.
. tests/lib.sh
PY=/usr/bin/python3
PASTE=tests/data/docx/paste_picture.py
REC=$SAMPLES/ks2-initial.xml
check "make the PEP1 form" "$PEPKIT" template --doc pep1 --from "$REC" --term 2025-autumn -o "$T/f.docx"
$PY $PASTE "$T/f.docx" "$T/p.docx" term.semh.summary "Her reading chart:" || notok "paste after text"
check_grep "... the form holds an image part (python-docx wrote one)" 'word/media/' "$(unzip -l "$T/p.docx" > "$T/list"; echo "$T/list")"
check "a picture after text: the form imports" "$PEPKIT" import --into "$REC" --term 2025-autumn -o "$T/o.xml" "$T/p.docx"
check_grep "... the picture is named by the box's label" "'Social, emotional and mental health': not imported: 1 picture, symbol or object put into the box" "$T/err"
is "... the text beside it is imported" "$T/o.xml" "//term[@id='2025-autumn']/semh/summary" "Her reading chart:"
$PY $PASTE "$T/f.docx" "$T/q.docx" term.send-update || notok "paste alone"
check "a picture alone in an empty box: the form imports" "$PEPKIT" import --into "$REC" --term 2025-autumn -o "$T/o2.xml" "$T/q.docx"
check_grep "... named" "'SEND update[^']*': not imported: 1 picture" "$T/err"
check "the unchanged form imports" "$PEPKIT" import --into "$REC" --term 2025-autumn -o "$T/o3.xml" "$T/f.docx"
check_nogrep "... naming no picture" "picture" "$T/err"
done_testing
