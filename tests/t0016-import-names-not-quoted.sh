#!/bin/sh
# t0016-import-names-not-quoted: a Word form's box holding the child's name where it does not
# belong (typed into a date, a percentage or a drop-down box) is reported by the box's label,
# but the value is not quoted: messages reach terminals, logs and email, where a child's name
# must never be. Other bad values are still quoted, so the person can find them.
. tests/lib.sh
REC=$SAMPLES/ks2-initial.xml
FILL="/usr/bin/python3 $SRCDIR/tests/data/docx/fill_form.py"
given=$(xmllint --xpath 'string(//child/legal-name/given)' "$REC")
family=$(xmllint --xpath 'string(//child/legal-name/family)' "$REC")

$PEPKIT template --doc pep1 --from "$REC" --term 2025-autumn -o "$T/f.docx" 2>/dev/null
$FILL "$T/f.docx" "$T/bad.docx" set target.1.due "$given" set term.attendance.percent "Yilmaz" \
	set term.attendance.notes 'ok' >"$T/fill.log" 2>&1 || { notok "python-docx fills the form"; cat "$T/fill.log"; }
check_exit 1 "import of a form with the child's name in a date box fails" $PEPKIT import --into "$REC" -o "$T/o.xml" "$T/bad.docx"
check_nogrep "... never quoting the given name ($given)" "$given" "$T/err"
check_nogrep "... nor the family name, folded (Yilmaz)" "(Yilmaz|$family)" "$T/err"
check_grep "... naming the date box and what is wrong" "^pepkit: error: '$T/bad.docx': 'Target 1: to be achieved by \(time-bound\)': \(a value holding the child's name, not shown\) is not a date" "$T/err"
check_grep "... and the attendance box" "'Attendance this term \(%\)': \(a value holding the child's name, not shown\) is not a percentage" "$T/err"

$FILL "$T/f.docx" "$T/bad2.docx" set target.1.due 'next week' >"$T/fill.log" 2>&1
check_exit 1 "a bad value that is no name" $PEPKIT import --into "$REC" -o "$T/o.xml" "$T/bad2.docx"
check_grep "... is still quoted" "'next week' is not a date" "$T/err"

# a blank form: the child's names are the ones typed into its own boxes
$PEPKIT template --doc pep1 -o "$T/blank.docx" 2>/dev/null
$FILL "$T/blank.docx" "$T/b.docx" set child.la-child-id LA-5551234 set child.legal-name.given Zainab \
	set child.legal-name.family Okonkwo set child.date-of-birth 2015-02-03 set child.legal-status 'Zainab Okonkwo' \
	set term.id 2026-spring set term.kind 'okonkwo' >"$T/fill.log" 2>&1 || { notok "python-docx fills the blank form"; cat "$T/fill.log"; }
check_exit 1 "a blank form with the child's name in drop-down boxes fails" $PEPKIT import -o "$T/n.xml" "$T/b.docx"
check_nogrep "... never quoting the names typed in the form" "Zainab|Okonkwo|okonkwo" "$T/err"
check_grep "... naming the legal status box" "'Legal status': \(a value holding the child's name, not shown\) is not one of" "$T/err"
done_testing
