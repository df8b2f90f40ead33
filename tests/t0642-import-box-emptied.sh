#!/bin/sh
# t0642: a box pepkit prefilled, emptied by the designated teacher (the text deleted) and
# returned. An empty box changes nothing, so the record kept the old text, and import said
# only "imported": the deletion vanished without a word. Each such box is now named as not
# imported, by its label, saying the record keeps its value; the record is as before, exit 0.
# A box that was empty when the form was made and is still empty is not named.
. tests/lib.sh
PY=/usr/bin/python3
FILL=tests/data/docx/fill_form.py
REC=$SAMPLES/ks2-initial.xml
check "make the PEP1 form" "$PEPKIT" template --doc pep1 --from "$REC" --term 2025-autumn -o "$T/f.docx"
$PY $FILL "$T/f.docx" "$T/e.docx" set term.attendance.notes "" set attainment.1.current "" \
	set term.dt-summary "" || notok "empty three boxes"
check "the form with emptied boxes imports" "$PEPKIT" import --into "$REC" --term 2025-autumn -o "$T/o.xml" "$T/e.docx"
check_grep "... 'Attendance notes' named as not imported, emptied" "^pepkit: '.*e.docx': 'Attendance notes': not imported: emptied in the form.*the record keeps its value" "$T/err"
check_grep "... 'Attainment 1: current result' named" "'Attainment 1: current result': not imported: emptied" "$T/err"
check_grep "... 'Designated teacher summary' named" "'Designated teacher summary': not imported: emptied" "$T/err"
is "... the record keeps the notes" "$T/o.xml" "//term[@id='2025-autumn']/attendance/notes" \
	"$(x "$REC" "//term[@id='2025-autumn']/attendance/notes")"
is "... and the grade" "$T/o.xml" "string(//term[@id='2025-autumn']//result[@subject='English' and @aspect='Reading']/@current)" EXS
check_nogrep "... a box empty when made is not named" "'Progress against SEND|SEND update'" "$T/err"
check "the unchanged form imports" "$PEPKIT" import --into "$REC" --term 2025-autumn -o "$T/o2.xml" "$T/f.docx"
check_nogrep "... naming nothing emptied" "emptied" "$T/err"
done_testing
