#!/bin/sh
# t0606-form-roundtrip: forms never lose a typed value (issue 9 items 13-15). For every form
# type (pep1, pep2, myvoice, agenda), prefilled from a record and blank, python-docx fills EVERY
# empty box as a person types (tests/data/forms/fill_all.py: dates "5/1/2026", "12 Mar 26";
# drop-downs by the words they show; owners "ms siobhan o briain"; "Target 1"; "£1,250";
# ticked boxes; grades " exp "), import reads it, and each typed value must be in the record
# or its box named in import's output (check_all.py). Importing the same form twice gives
# byte-identical records (stable target ids).
. tests/lib.sh
PY=/usr/bin/python3
F=tests/data/forms
REC=$SAMPLES/ks4-ehcp-exclusions.xml

roundtrip() {   # roundtrip NAME FORM.docx [--into RECORD]
	rn=$1 rf=$2
	shift 2
	# owners are people of the record imported into, or of the form's own people rows
	$PY $F/fill_all.py "$rf" "$T/$rn-filled.docx" "$T/$rn.tsv" ${2:+"$2"} >"$T/fill.log" 2>&1 &&
		ok "$rn: every empty box filled ($(wc -l <"$T/$rn.tsv") boxes)" ||
		{ notok "$rn: fill_all.py"; cat "$T/fill.log"; return; }
	$PEPKIT import "$@" -o "$T/$rn.xml" "$T/$rn-filled.docx" >"$T/$rn.log" 2>&1
	rc=$?
	[ $rc -eq 0 ] && ok "$rn: import succeeds" || { notok "$rn: import exit $rc"; sed 's/^/#   /' "$T/$rn.log"; return; }
	grep -q 'error' "$T/$rn.log" && notok "$rn: errors in the output" || ok "$rn: no errors"
	xmllint --noout --schema schemas/pep.xsd "$T/$rn.xml" 2>/dev/null && ok "$rn: the record is schema-valid (xmllint)" || notok "$rn: xmllint"
	$PY $F/check_all.py "$T/$rn.tsv" "$T/$rn.xml" "$T/$rn.log" "$rn"
	# the same form again: into the result (a re-import), and afresh
	$PEPKIT import --into "$T/$rn.xml" -o "$T/$rn-again.xml" "$T/$rn-filled.docx" >/dev/null 2>&1
	check "$rn: importing the same form again gives a byte-identical record" cmp "$T/$rn.xml" "$T/$rn-again.xml"
	$PEPKIT import "$@" -o "$T/$rn-twice.xml" "$T/$rn-filled.docx" >/dev/null 2>&1
	check "$rn: importing it twice gives byte-identical records" cmp "$T/$rn.xml" "$T/$rn-twice.xml"
}

for form in pep1 pep2 myvoice agenda; do
	check "template $form from the record" $PEPKIT template --doc $form --from "$REC" --term 2026-spring -o "$T/$form.docx"
	roundtrip "$form-from-record" "$T/$form.docx" --into "$REC"
	check "blank $form" $PEPKIT template --doc $form --term 2026-spring -o "$T/blank-$form.docx"
	if [ $form = pep1 ]; then
		roundtrip "blank-$form (a new record)" "$T/blank-$form.docx"
	else
		roundtrip "blank-$form" "$T/blank-$form.docx" --into "$REC"
	fi
done

# what the fill did, checked by hand on one form: codes from words, corrections listed
P1="$T/pep1-from-record.xml"
x() { xmllint --xpath "string($1)" "$2" 2>/dev/null; }
N='/pep-record/terms/term[@id="2026-spring"]'
[ "$(x "$N/pupil-premium-plus/request[1]/@targets" "$P1")" = "T-2026-spring-1" ] && ok "'Target 1' links the form's first target" || notok "PP+ link: $(x "$N/pupil-premium-plus/request[1]/@targets" "$P1")"
[ "$(x "$N/attendance/part-time-timetable" "$P1")" = false ] && ok "'No' picked in a Yes/No list" || notok "Yes/No list"
grep -q "'Person 3: organisation': added to the record" "$T/pep1-from-record.log" && ok "a person's organisation added, and listed" || notok "organisation not listed"
NB='/pep-record'
B="$T/blank-pep1 (a new record).xml"
[ "$(x "$NB/child/legal-status" "$B")" = section-20 ] && ok "'Accommodated (s20)' picked: section-20 in the record" || notok "legal status: $(x "$NB/child/legal-status" "$B")"
[ "$(x "$NB/child/date-of-birth" "$B")" = 2016-11-03 ] && ok "'3/11/2016' read as 2016-11-03" || notok "date of birth"
unzip -p "$T/blank-pep1.docx" word/document.xml | grep -q 'w:displayText="Accommodated (s20)" w:value="section-20"' && ok "the drop-down shows words, keeps the code" || notok "drop-down words"

# corrections to the child's details, listed; a box pepkit has no place for, listed
$PEPKIT template --doc pep1 --from "$REC" --term 2025-autumn -o "$T/pep1-au.docx" 2>/dev/null
$PY tests/data/docx/fill_form.py "$T/pep1-au.docx" "$T/corr.docx" set child.preferred-name 'Luka' set child.send.primary-need 'Dyslexia' >/dev/null 2>&1
check "import child corrections" sh -c "$PEPKIT import --into '$REC' -o '$T/corr.xml' '$T/corr.docx' 2>'$T/corr.log'"
check_grep "a correction is listed with its box" "'Preferred name': corrected in the record" "$T/corr.log"
check_nogrep "the child's name is not printed (messages go to logs)" "Luka" "$T/corr.log"
check_grep "a correction that does not identify the child shows its value" "'Primary SEND need': corrected in the record: 'Dyslexia'" "$T/corr.log"
[ "$(x /pep-record/child/preferred-name "$T/corr.xml")" = Luka ] && ok "the correction is in the record" || notok "correction missing"

# a box pepkit has no place for (added to the form by someone) is listed, not dropped silently
$PY - "$T/corr.docx" "$T/extra.docx" <<'PYEOF'
import sys, zipfile
box = ('<w:sdt><w:sdtPr><w:alias w:val="Notes for the Virtual School"/><w:tag w:val="custom.vs-notes"/>'
       '</w:sdtPr><w:sdtContent><w:p><w:r><w:t>Please call the carer</w:t></w:r></w:p></w:sdtContent></w:sdt>')
with zipfile.ZipFile(sys.argv[1]) as zin, zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as zout:
    for i in zin.infolist():
        data = zin.read(i.filename)
        if i.filename == "word/document.xml":
            data = data.replace(b"<w:sectPr", box.encode() + b"<w:sectPr", 1)
        zout.writestr(i, data)
PYEOF
check "a form with an extra box imports" sh -c "$PEPKIT import --into '$REC' -o '$T/extra.xml' '$T/extra.docx' 2>'$T/extra.log'"
check_grep "the extra box is listed as not imported" "'Notes for the Virtual School': not imported" "$T/extra.log"

# people typed as people do: titles, case, accents; near misses get "did you mean"
$PY tests/data/docx/fill_form.py "$T/pep1.docx" "$T/who.docx" date term.start 2026-01-05 set term.end 2026-03-27 set term.kind review \
	set target.1.area Maths set target.1.what x set target.1.measure y set target.1.owner 'Mr Llewellyn' set target.1.due 20/3/26 \
	set target.2.area Maths set target.2.what x set target.2.measure y set target.2.owner 'DR SIOBHAN O BRIAIN' set target.2.due 20/3/26 \
	set target.3.area English set target.3.what x set target.3.measure y set target.3.owner 'Gareth Llewelyn' set target.3.due 'yesterday' \
	set attainment.1.current 'excellent' set ppp.1.what z set ppp.1.amount 100 set ppp.1.targets 'Target 9' >/dev/null 2>&1
check_exit 1 "a form with several problems fails" $PEPKIT import --into "$REC" -o "$T/who.xml" "$T/who.docx"
check_grep "a title and family name: did you mean" "'Target 1: owner .a name from People involved.': 'Mr Llewellyn' is not one of the people involved: did you mean 'Gareth Llewellyn'" "$T/err"
check_grep "a slip of a letter: did you mean" "'Target 3: owner .a name from People involved.': 'Gareth Llewelyn' .*did you mean 'Gareth Llewellyn'" "$T/err"
check_nogrep "title, case and accents ignored" "Target 2: owner" "$T/err"
check_grep "all problems in one run: the date" "'Target 3: to be achieved by .time-bound.': 'yesterday' is not a date" "$T/err"
check_grep "all problems in one run: the grade" "'Attainment 1: current result': 'excellent' is not a result" "$T/err"
check_grep "all problems in one run: the PP+ link" "'PP. request 1: targets it supports': there is no target 9" "$T/err"
check_nogrep "no record paths in the messages" "terms/term\\[" "$T/err"
[ ! -e "$T/who.xml" ] && ok "nothing written" || notok "a record was written"
# a problem only the whole record shows is named by its box too
$PY tests/data/docx/fill_form.py "$T/pep1.docx" "$T/due.docx" date term.start 2026-01-05 set term.end 2026-03-27 set term.kind review \
	set target.1.area Maths set target.1.what x set target.1.measure y set target.1.owner 'Gareth Llewellyn' set target.1.set 10/2/26 set target.1.due 1/2/26 >/dev/null 2>&1
check_exit 1 "a target due before it is set fails" $PEPKIT import --into "$REC" -o "$T/due.xml" "$T/due.docx"
check_grep "the record's rule named by the box" "'Target 1: to be achieved by .time-bound.': target due 2026-02-01, not after it was set 2026-02-10" "$T/err"

# a form whose boxes were stripped by the editor that saved it
$PY - "$T/pep1-from-record-filled.docx" "$T/stripped.docx" <<'PYEOF'
import re, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as zin, zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as zout:
    for i in zin.infolist():
        data = zin.read(i.filename)
        if i.filename == "word/document.xml":
            data = re.sub(rb'<w:tag w:val="[^"]*"/>', b"", data)
        if i.filename == "docProps/app.xml":
            data = re.sub(rb"<Application>[^<]*</Application>", b"<Application>LibreOffice/7.4.7.2$Linux_X86_64 LibreOffice_project/40$Build-2</Application>", data)
        zout.writestr(i, data)
PYEOF
check_exit 1 "a form with stripped boxes is refused" $PEPKIT import --into "$REC" -o "$T/s.xml" "$T/stripped.docx"
check_grep "it says the boxes lost their names, and who did it" "boxes have lost their names: it was last saved by 'LibreOffice'" "$T/err"
check_grep "it says what to do" "Microsoft Word .* or make a new one with .pepkit template." "$T/err"
if command -v soffice >/dev/null 2>&1; then
	mkdir -p "$T/lo"
	timeout 300 soffice --headless --norestore "-env:UserInstallation=file://$T/lo/profile" \
		--convert-to 'docx:MS Word 2007 XML' --outdir "$T/lo" "$T/pep1-from-record-filled.docx" >"$T/lo.log" 2>&1
	check_exit 1 "a form saved by LibreOffice itself is refused" $PEPKIT import --into "$REC" -o "$T/s.xml" "$T/lo/pep1-from-record-filled.docx"
	check_grep "... and says so" "last saved by 'LibreOffice'" "$T/err"
else
	notok "soffice (LibreOffice) is not installed (scripts/install-deps.sh)"
fi
# A pre-filled form's attainment results keep the assessment date and source of the export they
# came from when the form leaves them as they were; a result the teacher changed is undated.
K2=$SAMPLES/ks2-initial.xml
$PEPKIT template --doc pep1 --from "$K2" -o "$T/k2.docx" 2>/dev/null
check "an unchanged pre-filled form imports" $PEPKIT import --into "$K2" -o "$T/k2-same.xml" "$T/k2.docx"
xp() { xmllint --xpath "string($2)" "$1" 2>/dev/null; }   # xp FILE XPATH (x above is the other way round)
n0=$(xp "$K2" "count(//result[@date='2025-10-10'])")
n1=$(xp "$T/k2-same.xml" "count(//result[@date='2025-10-10'])")
[ "$n0" -gt 0 ] && [ "$n1" = "$n0" ] && ok "unchanged results keep their dates ($n1 of $n0)" || notok "unchanged results keep their dates ($n1 of $n0)"
cur=$(xp "$T/k2-same.xml" "//result[@subject='Maths']/@current")
new=EXS; [ "$cur" = EXS ] && new=GDS
$PY tests/data/docx/fill_form.py "$T/k2.docx" "$T/k2-changed.docx" set attainment.3.current "$new" >"$T/k2.log" 2>&1 || cat "$T/k2.log"
$PEPKIT import --into "$K2" -o "$T/k2-changed.xml" "$T/k2-changed.docx" >"$T/k2.log" 2>&1 || cat "$T/k2.log"
[ "$(xp "$T/k2-changed.xml" "//result[@subject='Maths']/@current")" = "$new" ] && ok "a changed result takes the typed grade" || notok "a changed result takes the typed grade"
[ "$(xp "$T/k2-changed.xml" "count(//result[@subject='Maths']/@date)")" = 0 ] && ok "... and is undated" || notok "... and is undated"
[ "$(xp "$T/k2-changed.xml" "count(//result[@date='2025-10-10'])")" = "$((n0 - 1))" ] && ok "the others keep their dates" || notok "the others keep their dates"
# a blank form (no child id) filled in by hand for another child is refused: two or more of the
# child's given name, family name and date of birth are not the record's (adversarial finding);
# one differing is a correction
$PEPKIT template --doc pep1 --term 2025-autumn -o "$T/blank.docx" 2>/dev/null
$PY tests/data/docx/fill_form.py "$T/blank.docx" "$T/other.docx" set child.legal-name.given Chidi \
	set child.legal-name.family Okafor set child.date-of-birth 2012-05-01 set term.id 2025-autumn >/dev/null 2>&1
check_exit 1 "a blank form filled in for another child is refused" "$PEPKIT" import --into "$REC" -o "$T/other.xml" "$T/other.docx"
check_grep "the refusal says the form is about another child" "child id box is empty and 3 of" "$T/err"
check_nogrep "the refusal prints no name" "Chidi|Okafor" "$T/err"
[ ! -e "$T/other.xml" ] && ok "nothing written" || notok "nothing written"
given=$(x /pep-record/child/legal-name/given "$REC"); family=$(x /pep-record/child/legal-name/family "$REC")
dob=$(x /pep-record/child/date-of-birth "$REC")
$PY tests/data/docx/fill_form.py "$T/blank.docx" "$T/same.docx" set child.legal-name.given "$given" \
	set child.legal-name.family "$family" set child.date-of-birth "$dob" set term.id 2025-autumn >/dev/null 2>&1
check_exit 0 "the same blank form filled in for the record's child is imported" "$PEPKIT" import --into "$REC" -o "$T/same.xml" "$T/same.docx"
# text typed into a box whose placeholder flag the editor did not clear (python-docx scripts,
# some editors) is read as typed, not dropped; a box still showing pepkit's prompt is not
$PEPKIT template --doc pep1 --from "$SAMPLES/ks2-initial.xml" --term 2025-autumn -o "$T/ph.docx" 2>/dev/null
$PY - "$T/ph.docx" "$T/ph-filled.docx" <<'PYEOF'
import sys, docx
from docx.oxml.ns import qn
d = docx.Document(sys.argv[1])
for sdt in d.element.body.iter(qn('w:sdt')):
    pr = sdt.find(qn('w:sdtPr')); t = pr.find(qn('w:tag'))
    if t is not None and t.get(qn('w:val')) == 'term.send-update':
        assert pr.find(qn('w:showingPlcHdr')) is not None
        ts = list(sdt.find(qn('w:sdtContent')).iter(qn('w:t')))
        ts[0].text = 'Reads every evening with her carer'
        for x in ts[1:]: x.text = ''
d.save(sys.argv[2])
PYEOF
check "import a form whose typed box kept its placeholder flag" "$PEPKIT" import --into "$SAMPLES/ks2-initial.xml" -o "$T/ph.xml" "$T/ph-filled.docx"
check_grep "the typed text is in the record" "Reads every evening with her carer" "$T/ph.xml"
check "import the same form untouched" "$PEPKIT" import --into "$SAMPLES/ks2-initial.xml" -o "$T/ph0.xml" "$T/ph.docx"
check_nogrep "no prompt text reaches the record" "Enter text|Click or tap|yyyy-mm-dd|e\.g\. " "$T/ph0.xml"
done_testing
