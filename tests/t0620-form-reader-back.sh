#!/bin/sh
# t0620-form-reader-back: a form made for one reader (template --audience; the form `send`
# delivers to the designated teacher) comes back filled in and is imported into the record.
# Left as sent, every box takes the record's own value: for every sample, form and audience,
# the unchanged reader's form imports to the byte-identical record the unchanged full form
# gives. Changed boxes keep what was typed, neutral ids (t3, review.t1) go back to the record's;
# lines withheld from the reader in a changed box are kept; a change to a withheld box, a
# neutral id the record does not have, a record that no longer lines up, and a reader's form
# without --into are refused with nothing written.
. tests/lib.sh
PY=/usr/bin/python3
FILL=tests/data/docx/fill_form.py

# 1. unchanged forms: reader's == full, for every sample x form x audience
n=0 bad=0
for r in "$SAMPLES"/*.xml; do
	b=$(basename "$r" .xml)
	for d in pep1 pep2 myvoice agenda; do
		$PEPKIT template --doc $d --from "$r" -o "$T/full.docx" >/dev/null 2>&1 &&
			$PEPKIT import --into "$r" -o "$T/full.xml" "$T/full.docx" >/dev/null 2>&1 ||
			{ notok "$b $d: the full form imports"; bad=$((bad + 1)); continue; }
		for a in school carer parent child health iro; do
			n=$((n + 1))
			if ! $PEPKIT template --doc $d --from "$r" --audience $a -o "$T/a.docx" >/dev/null 2>"$T/a.err"; then
				notok "$b $d $a: template"; bad=$((bad + 1)); continue
			fi
			if ! $PEPKIT import --into "$r" -o "$T/a.xml" "$T/a.docx" >/dev/null 2>"$T/a.err"; then
				notok "$b $d $a: import refused: $(head -n 1 "$T/a.err")"; bad=$((bad + 1))
			elif ! cmp -s "$T/a.xml" "$T/full.xml"; then
				notok "$b $d $a: not the record the full form gives"; bad=$((bad + 1))
			fi
		done
	done
done
[ $n -ge 150 ] && [ $bad -eq 0 ] && ok "$n unchanged reader's forms import to the same record as the full form" ||
	notok "unchanged reader's forms: $bad of $n wrong"

# 2. changes come back; withheld lines are kept; neutral ids go back to the record's
R="$SAMPLES/post16-college.xml"     # term.barriers has an item confidential from the school
$PEPKIT template --doc pep1 --from "$R" --audience school -o "$T/s.docx" >/dev/null 2>&1
$PY - "$T/s.docx" <<'PY' && ok "the school's form shows neutral ids and not the withheld item" || notok "form as sent"
import sys, docx
from docx.oxml.ns import qn
d = docx.Document(sys.argv[1]); t = {}
for s in d.element.body.iter(qn('w:sdt')):
    g = s.find(qn('w:sdtPr')).find(qn('w:tag'))
    if g is not None:
        t.setdefault(g.get(qn('w:val')), ''.join(x.text or '' for x in s.iter(qn('w:t'))))
assert t['target.1.id'] == 't3', t['target.1.id']
assert 'review.t2.status' in t
assert 'former friend' not in t['term.barriers'] and 'Travel to college' in t['term.barriers']
PY
$PY $FILL "$T/s.docx" "$T/s-filled.docx" set term.strengths 'Organised\nGood with younger students' \
	set term.barriers 'Dyslexia affects written assignments\nBus pass not yet arrived' \
	set review.t2.status 'Achieved' set target.2.what 'Hương will hand in two assignments on time each week.' >/dev/null
check_exit 0 "the school's filled form imports into the record" $PEPKIT import --into "$R" -o "$T/back.xml" "$T/s-filled.docx"
cp "$T/err" "$T/back.log"
N='/pep-record/terms/term[@id="2025-autumn"]'
is "a changed box: strengths as typed" "$T/back.xml" "count($N/strengths/item)" 2
is "a changed target keeps the record's id" "$T/back.xml" "$N/targets/target[2]/@id" T-25AU-2
is "the changed target's text" "$T/back.xml" "$N/targets/target[@id='T-25AU-2']/what" 'Hương will hand in two assignments on time each week.'
is "a review by neutral id (review.t2) lands on the record's target T-25SU-2" "$T/back.xml" "//target[@id='T-25SU-2']/@status" achieved
is "barriers: the typed lines, then the item withheld from the school" "$T/back.xml" "count($N/barriers/item)" 3
is "the withheld item is still confidential" "$T/back.xml" "$N/barriers/item[3]/@confidential" third-party
check_grep "import says it kept the withheld line" "kept 1 line withheld from 'school'" "$T/back.log"
is "targets unchanged by the reader keep their ids" "$T/back.xml" "$N/targets/target[3]/@id" T-25AU-3
check_nogrep "no neutral id reached the record" 'id="t[0-9]|targets="t[0-9]' "$T/back.xml"
xmllint --noout --schema schemas/pep.xsd "$T/back.xml" 2>/dev/null && ok "the record is schema-valid (xmllint)" || notok "xmllint"
# everything the form did not change is as it was: compare with the full form's import
$PEPKIT template --doc pep1 --from "$R" -o "$T/f.docx" >/dev/null 2>&1
$PY $FILL "$T/f.docx" "$T/f-filled.docx" set term.strengths 'Organised\nGood with younger students' \
	set term.barriers 'Dyslexia affects written assignments\nBus pass not yet arrived\nA former friend from school has been contacting her late at night asking for money' \
	set review.T-25SU-2.status 'Achieved' set target.2.what 'Hương will hand in two assignments on time each week.' >/dev/null
$PEPKIT import --into "$R" -o "$T/full-back.xml" "$T/f-filled.docx" >/dev/null 2>&1
check "the same changes through the full form give the same record" cmp "$T/back.xml" "$T/full-back.xml"
is "the full form's import keeps the item's confidential mark too (no box can show it)" "$T/full-back.xml" "$N/barriers/item[3]/@confidential" third-party
$PEPKIT import --into "$T/back.xml" -o "$T/back2.xml" "$T/s-filled.docx" >/dev/null 2>&1
is "a second import of the same form keeps three barriers (the withheld line not doubled)" "$T/back2.xml" "count($N/barriers/item)" 3

# 3. refusals: nothing written
U="$SAMPLES/uasc-pashto.xml"        # the school is withheld from the parent
$PEPKIT template --doc pep1 --from "$U" --audience parent -o "$T/p.docx" >/dev/null 2>&1
$PY $FILL "$T/p.docx" "$T/p-filled.docx" set child.school.name 'Some Other Academy' >/dev/null
check_exit 1 "typing into a box withheld from the reader is refused" $PEPKIT import --into "$U" -o "$T/no1.xml" "$T/p-filled.docx"
check_grep "the message names the box and why" "School or setting.*withheld from 'parent'" "$T/err"
[ ! -e "$T/no1.xml" ] && ok "nothing written" || notok "a record was written"
check_nogrep "the refusal does not print the withheld value" 'Ravensholme' "$T/err"

$PY $FILL "$T/s.docx" "$T/s-t9.docx" set ppp.1.targets 't9' >/dev/null 2>&1 ||
	$PY $FILL "$T/s.docx" "$T/s-t9.docx" set target.1.id 't9' >/dev/null
check_exit 1 "a neutral id the record does not have is refused" $PEPKIT import --into "$R" -o "$T/no2.xml" "$T/s-t9.docx"
check_grep "and named" "'t9' is a target of the copy" "$T/err"

# the record changed since the form was made: a target removed
$PY - "$R" "$T/changed.xml" <<'PY'
import sys, re
s = open(sys.argv[1], encoding='utf-8').read()
s2 = re.sub(r'<target id="T-25AU-3".*?</target>', '', s, count=1, flags=re.S)
assert s2 != s
open(sys.argv[2], 'w', encoding='utf-8').write(s2)
PY
check_exit 1 "a record that no longer lines up with the form is refused" $PEPKIT import --into "$T/changed.xml" -o "$T/no3.xml" "$T/s-filled.docx"
check_grep "with a reason" "no longer lines up with the record|the record does not have" "$T/err"
[ ! -e "$T/no3.xml" ] && ok "nothing written" || notok "a record was written"

check_exit 1 "a reader's form without --into is refused" $PEPKIT import -o "$T/no4.xml" "$T/s-filled.docx"
check_grep "saying to use --into" "import it with --into" "$T/err"

# the token typed by the reader into a box is still refused
$PY $FILL "$T/s.docx" "$T/s-tok.docx" set term.dt-summary 'Met with [REDACTED] on Monday.' >/dev/null
check_exit 1 "the token typed into a box is refused" $PEPKIT import --into "$R" -o "$T/no5.xml" "$T/s-tok.docx"
# the audience box is the form's own, so untrusted: a path or an unknown reader is refused
$PY $FILL "$T/s.docx" "$T/s-path.docx" set form.audience '/etc/passwd' >/dev/null
check_exit 1 "a form claiming a path as its reader is refused" $PEPKIT import --into "$R" -o "$T/no6.xml" "$T/s-path.docx"
check_grep "as not a reader's name" "is not a reader's name" "$T/err"
$PY $FILL "$T/s.docx" "$T/s-nosuch.docx" set form.audience 'nosuch' >/dev/null
check_exit 1 "a form claiming an unknown reader is refused" $PEPKIT import --into "$R" -o "$T/no7.xml" "$T/s-nosuch.docx"
check_grep "naming the form" "s-nosuch.docx': cannot make again the form as it was sent to 'nosuch'" "$T/err"
done_testing
