#!/bin/sh
# t0603-import: `pepkit import` reads filled forms back. Round trip: record -> template --from
# -> filled with python-docx as a person would (Unicode, several paragraphs, a pasted extra
# target row, a new person, UK dates, £ amounts) -> import --into -> a valid record holding
# exactly the typed values, with nothing else changed. Unchanged forms give back the record
# as it was. Unreadable fields are reported by label and nothing is written. Hostile DOCX
# files (zip bombs, XXE, missing parts, wrong content types, truncated) fail cleanly.
. tests/lib.sh
PY=/usr/bin/python3
D=tests/data/docx
REC=$SAMPLES/ks4-ehcp-exclusions.xml
FILL="$PY $D/fill_form.py"

c14n() { xmllint --c14n "$1" | xmllint --format -; }
xp() { xmllint --xpath "$1" "$2" 2>/dev/null; }
# eq DESC XPATH FILE EXPECTED: the XPath string value must be exactly EXPECTED
eq() {
	got=$(xp "string($2)" "$3")
	if [ "$got" = "$4" ]; then ok "$1"; else notok "$1 (got '$got', expected '$4')"; fi
}

check "template for the next term" $PEPKIT template --doc pep1 --from "$REC" --term 2026-spring -o "$T/form.docx"

# 1. unchanged forms give the record back exactly (canonical XML)
for form in pep1 pep2 myvoice agenda; do
	$PEPKIT template --doc $form --from "$REC" --term 2025-autumn -o "$T/same-$form.docx" 2>/dev/null
	check "import an unchanged $form form" $PEPKIT import --into "$REC" -o "$T/same-$form.xml" "$T/same-$form.docx"
	c14n "$REC" >"$T/a.c14n"; c14n "$T/same-$form.xml" >"$T/b.c14n" 2>/dev/null
	check "unchanged $form form leaves the record as it was" cmp "$T/a.c14n" "$T/b.c14n"
done

# 2. the round trip
$FILL "$T/form.docx" "$T/filled.docx" \
	date term.start 2026-01-05 set term.end 27/03/2026 \
	set term.attendance.percent '93.5 %' \
	set term.attendance.notes 'Attendance is up — Łukasz arrives on time.\nSecond paragraph: 学校では元気です 😀.' \
	set review.T-2025AU-1.status achieved \
	set review.T-2025AU-1.evaluation 'Both timed responses reached grade 5.\nHe used a plan each time.' \
	set attainment.1.current 5 set attainment.2.current 4 set attainment.3.current 3 \
	set target.1.area English set target.1.what 'Write a comparative essay on two poems.\nUse two quotations per paragraph.' \
	set target.1.measure 'Grade 5 on the mock exam.' set target.1.owner 'gareth  llewellyn' set target.1.due 20/03/2026 \
	copyrow target 6 \
	set target.6.area Maths set target.6.what 'Solve simultaneous equations.' set target.6.measure '80% on the unit test.' \
	set target.6.owner 'Siobhán Ó Briain' set target.6.due 2026-03-20 \
	set target.6.area@1 Science set target.6.what@1 'Revise the cells topic with flash cards.' set target.6.measure@1 'Quiz 7/10.' \
	set target.6.owner@1 'Ms Adaeze Adebayo' set target.6.due@1 2026-03-13 \
	set person.6.name 'Ms Adaeze Adebayo' set person.6.role key-worker set person.6.organisation 'Oakfield Academy' \
	set term.ppp.status requested set ppp.1.what 'Maths tutoring, ten sessions' set ppp.1.amount '£1,200' set ppp.1.targets '1, 6' \
	set term.carer-section 'We read together on Sundays.' set term.next-meeting 2026-02-10 \
	>"$T/fill.log" 2>&1 && ok "python-docx fills the form" || { notok "python-docx fills the form"; cat "$T/fill.log"; }
check "import --into the record" $PEPKIT import --into "$REC" -o "$T/rt.xml" "$T/filled.docx"
check "the result validates (pepkit validate)" $PEPKIT validate "$T/rt.xml"
check "the result validates (xmllint --schema)" xmllint --noout --schema schemas/pep.xsd "$T/rt.xml"
N='/pep-record/terms/term[@id="2026-spring"]'
eq "new term added with its dates" "concat($N/@kind,' ',$N/@start,' ',$N/@end)" "$T/rt.xml" "review 2026-01-05 2026-03-27"
eq "new term is the last" '/pep-record/terms/term[last()]/@id' "$T/rt.xml" "2026-spring"
eq "percentage read" "$N/attendance/percent" "$T/rt.xml" "93.5"
eq "first paragraph, Unicode kept" "$N/attendance/notes/p[1]" "$T/rt.xml" "Attendance is up — Łukasz arrives on time."
eq "second paragraph, CJK and emoji kept" "$N/attendance/notes/p[2]" "$T/rt.xml" "Second paragraph: 学校では元気です 😀."
eq "attainment current results" "concat($N/attainment/result[1]/@current,$N/attainment/result[2]/@current,$N/attainment/result[3]/@current)" "$T/rt.xml" "543"
eq "attainment subject carried from last term" "$N/attainment/result[3]/@subject" "$T/rt.xml" "Science"
eq "three targets (one in a pasted row)" "count($N/targets/target)" "$T/rt.xml" "3"
eq "target owner found by name, any case and spacing" "$N/targets/target[1]/@owner" "$T/rt.xml" "dt1"
eq "UK date read" "$N/targets/target[1]/@due" "$T/rt.xml" "2026-03-20"
eq "blank date set = term start" "$N/targets/target[1]/@set" "$T/rt.xml" "2026-01-05"
eq "multi-paragraph target text" "$N/targets/target[1]/what" "$T/rt.xml" "Write a comparative essay on two poems.
Use two quotations per paragraph."
eq "target owner with diacritics" "$N/targets/target[2]/@owner" "$T/rt.xml" "c1"
eq "pasted row read as a new target" "$N/targets/target[3]/area" "$T/rt.xml" "Science"
newid=$(xp "string(/pep-record/people/person[name='Ms Adaeze Adebayo']/@id)" "$T/rt.xml")
[ -n "$newid" ] && ok "new person added ($newid)" || notok "new person added"
eq "new person's role" "/pep-record/people/person[name='Ms Adaeze Adebayo']/@role" "$T/rt.xml" "key-worker"
eq "pasted target owned by the new person" "$N/targets/target[3]/@owner" "$T/rt.xml" "$newid"
eq "£1,200 read as money" "$N/pupil-premium-plus/request/@amount" "$T/rt.xml" "1200.00"
t1=$(xp "string($N/targets/target[1]/@id)" "$T/rt.xml"); t2=$(xp "string($N/targets/target[2]/@id)" "$T/rt.xml")
eq "PP+ linked to form targets 1 and 6" "$N/pupil-premium-plus/request/@targets" "$T/rt.xml" "$t1 $t2"
eq "last term's target evaluated" '/pep-record/terms/term[@id="2025-autumn"]/targets/target[@id="T-2025AU-1"]/@status' "$T/rt.xml" "achieved"
eq "evaluation paragraphs" 'count(/pep-record/terms/term[@id="2025-autumn"]/targets/target[@id="T-2025AU-1"]/evaluation/p)' "$T/rt.xml" "2"
eq "carer section" "$N/carer-section/p" "$T/rt.xml" "We read together on Sundays."
eq "empty boxes add nothing" "count($N/exclusions | $N/transition | $N/meeting | $N/interventions)" "$T/rt.xml" "0"
# nothing else touched: the child, the other terms (but the evaluated target), people kept
for x in /pep-record/child '/pep-record/terms/term[@id="2025-summer"]' '/pep-record/people/person[@id="c1"]' \
	 '/pep-record/terms/term[@id="2025-autumn"]/attendance' '/pep-record/terms/term[@id="2025-autumn"]/meeting'; do
	a=$(xp "$x" "$REC" | md5sum); b=$(xp "$x" "$T/rt.xml" | md5sum)
	[ "$a" = "$b" ] && ok "untouched: $x" || notok "changed: $x"
done
check "import in place (OUT = --into) works" sh -c "cp '$REC' '$T/inplace.xml' && $PEPKIT import --into '$T/inplace.xml' -o '$T/inplace.xml' '$T/filled.docx'"
check "in-place result equals the separate one" cmp "$T/inplace.xml" "$T/rt.xml"

# 3. a new record from a blank form
check "blank PEP1 form" $PEPKIT template --doc pep1 --term 2026-spring -o "$T/blank.docx"
$FILL "$T/blank.docx" "$T/new.docx" \
	set child.la-child-id LA-777001 set child.legal-name.given 'Aaliyah' set child.legal-name.family 'Nwachukwu-Ørsted' \
	set child.date-of-birth 03/11/2016 set child.legal-status 'Care order' set child.entered-care 2024-06-01 \
	set child.placement.type foster-care set child.placement.start-date 2024-06-01 set child.school.name 'Brookvale Primary' \
	set child.school.start-date 2021-09-01 set child.year-group 4 set child.key-stage ks2 set child.send.status none \
	set person.1.name 'Tomasz Zieliński' set person.1.role designated-teacher \
	set term.kind initial set term.start 2026-01-05 set term.end 2026-03-27 set term.attendance.percent 97 \
	set target.1.area Reading set target.1.what 'Read a chapter book aloud.' set target.1.measure 'Two books finished.' \
	set target.1.owner 'Tomasz Zieliński' set target.1.due 2026-03-20 >"$T/fill.log" 2>&1
check "import a new record (no --into)" $PEPKIT import -o "$T/new.xml" "$T/new.docx"
check "the new record validates" xmllint --noout --schema schemas/pep.xsd "$T/new.xml"
eq "school id made from its name" '/pep-record/child/school/@id' "$T/new.xml" "brookvale-primary"
eq "choice typed loosely ('Care order')" '/pep-record/child/legal-status' "$T/new.xml" "care-order"
eq "target owner is the new person" '/pep-record/terms/term/targets/target/@owner' "$T/new.xml" "p1"

# attendance typed as a fraction of 1 (0.9 for 90%) is refused by label, never read as 0.9%
for v in 0.9 1.0; do
	$FILL "$T/form.docx" "$T/frac.docx" date term.start 2026-01-05 set term.end 2026-03-27 \
		set term.attendance.percent "$v" >/dev/null 2>&1
	check_exit 1 "attendance '$v' in a form is refused" $PEPKIT import --into "$REC" -o "$T/frac.xml" "$T/frac.docx"
	check_grep "... named by label, saying it looks like a fraction" "'Attendance this term \(%\)': '$v' looks like a fraction of 1" "$T/err"
	[ ! -e "$T/frac.xml" ] && ok "... nothing written" || notok "... nothing written"
done
$FILL "$T/form.docx" "$T/frac.docx" date term.start 2026-01-05 set term.end 2026-03-27 \
	set term.attendance.percent '0.9%' >/dev/null 2>&1
check "attendance '0.9%' (under one per cent, as written) is read" $PEPKIT import --into "$REC" -o "$T/frac.xml" "$T/frac.docx"
eq "... as 0.9" "/pep-record/terms/term[@id='2026-spring']/attendance/percent" "$T/frac.xml" "0.9"

# 4. fields that cannot be read: reported by label, nothing written
$FILL "$T/form.docx" "$T/bad.docx" date term.start 2026-01-05 set term.end 2026-03-27 \
	set term.attendance.percent 'ninety' set target.1.area Maths set target.1.what x set target.1.measure y \
	set target.1.owner 'Gareth Llewellyn' set target.1.due 31/02/2026 set ppp.1.amount 'lots' set ppp.1.what z \
	set term.ppp.status requested set exclusion.1.type expelled >/dev/null 2>&1
echo old >"$T/keep.xml"
check_exit 1 "a form with bad fields fails" $PEPKIT import --into "$REC" -o "$T/keep.xml" "$T/bad.docx"
check_grep "text in a number field, named by label" "'Attendance this term \(%\)': 'ninety' is not a percentage" "$T/err"
check_grep "impossible date, named by label" "'Target 1: to be achieved by \(time-bound\)': '31/02/2026' is not a date" "$T/err"
check_grep "bad amount" "'PP\+ request 1: amount \(£\)': 'lots' is not an amount" "$T/err"
check_grep "unknown choice, named by the words the list shows" "'Exclusion 1: type': 'expelled' is not one of the choices: Suspension, Permanent exclusion, Internal exclusion" "$T/err"
check_grep "missing required box in a used row" "'Exclusion 1: first day': required" "$T/err"
check_grep "summary: nothing written" "nothing was written" "$T/err"
[ "$(cat "$T/keep.xml")" = old ] && ok "existing OUT untouched" || notok "OUT was overwritten"
$FILL "$T/blank.docx" "$T/badks.docx" set child.la-child-id LA-1 set child.key-stage KS9 >/dev/null 2>&1
check_exit 1 "unknown key stage fails" $PEPKIT import -o "$T/ks.xml" "$T/badks.docx"
check_grep "unknown key stage, named by label" "'Key stage': 'KS9' is not one of the choices: EYFS, KS1, KS2, KS3, KS4, post-16" "$T/err"
[ ! -e "$T/ks.xml" ] && ok "nothing written for a bad key stage" || notok "file written"
$FILL "$T/form.docx" "$T/who.docx" date term.start 2026-01-05 set term.end 2026-03-27 set target.1.area Maths \
	set target.1.what x set target.1.measure y set target.1.owner 'Nobody Known' set target.1.due 2026-03-01 >/dev/null 2>&1
check_exit 1 "an unknown owner fails" $PEPKIT import --into "$REC" -o "$T/who.xml" "$T/who.docx"
check_grep "unknown person, named by label" "'Target 1: owner \(a name from People involved\)': 'Nobody Known' is not one of the people" "$T/err"
sed 's#<la-child-id>LA-204817</la-child-id>#<la-child-id>LA-999999</la-child-id>#' "$REC" >"$T/other.xml"
check_exit 1 "a form for another child is refused" $PEPKIT import --into "$T/other.xml" -o "$T/other-out.xml" "$T/filled.docx"
check_grep "wrong child named" "the form is for child 'LA-204817' but the record is for 'LA-999999'" "$T/err"
check_exit 1 "--term must agree with the form" $PEPKIT import --into "$REC" --term 2026-summer -o "$T/t.xml" "$T/filled.docx"
check_exit 1 "a form without child details needs --into" $PEPKIT import -o "$T/t.xml" "$T/same-myvoice.docx"
check_exit 2 "import: -o is required" $PEPKIT import "$T/filled.docx"

# 5. hostile and broken files
$PY $D/hostile.py "$T/form.docx" "$T/h" >"$T/h.log" 2>&1 || { notok "make hostile files"; cat "$T/h.log"; }
while IFS="|" read -r name expect_msg; do
	check_exit 1 "hostile $name: fails with status 1" $PEPKIT import --into "$REC" -o "$T/h/out-$name.xml" "$T/h/$name.docx"
	check_grep "hostile $name: clear error" "pepkit: error: .*$expect_msg" "$T/err"
	[ ! -e "$T/h/out-$name.xml" ] && ok "hostile $name: nothing written" || notok "hostile $name: a file was written"
done <<'EOT'
bomb-total|zip bomb
bomb-part|over the limit
many-entries|zip entries, over the limit
xxe|DOCTYPE declarations are not allowed
laughs|Content_Types
no-document|part 'word/document.xml' is missing
no-content-types|part '\[Content_Types\].xml' is missing
no-rels|part '_rels/.rels' is missing
wrong-type|has content type
escape-rels|bad main part name
truncated|not a readable zip
not-a-zip|not a readable zip
empty|not a Word document
bad-xml|word/document.xml' line
EOT
left=$(ls -a "$T/h" | grep -c '^\.pepkit-tmp' || true)
[ "$left" -eq 0 ] && ok "no temp files left" || notok "$left temp files left"
# Forms as Word and people leave them: a box pasted twice with different text, a child-id box
# nested inside another box, a run Word wrapped in mc:AlternateContent, and the redaction
# token disguised with a zero-width space or full-width brackets.
K2=$SAMPLES/ks2-initial.xml
$PEPKIT template --doc pep1 --from "$K2" -o "$T/k2.docx" 2>/dev/null
for c in dupbox nested-id altcontent redacted-zwsp redacted-fw; do
	$PY tests/data/forms/tamper.py "$T/k2.docx" "$T/k2-$c.docx" $c || notok "tamper.py $c"
done
check_exit 1 "a box pasted twice with different text is refused" $PEPKIT import --into "$K2" -o "$T/k2-dup.xml" "$T/k2-dupbox.docx"
check_grep "... naming the box" "'Social, emotional and mental health': this box is in the form twice with different text" "$T/err"
[ ! -e "$T/k2-dup.xml" ] && ok "... and nothing is written" || notok "a record was written"
check_exit 1 "another child's id nested in a box is refused" $PEPKIT import --into "$K2" -o "$T/k2-nest.xml" "$T/k2-nested-id.docx"
check_grep "... naming the child-id box" "child.la-child-id.*twice with different text" "$T/err"
check "text Word wrapped in mc:AlternateContent imports" $PEPKIT import --into "$K2" -o "$T/k2-alt.xml" "$T/k2-altcontent.docx"
grep -q 'FALLBACK Ay' "$T/k2-alt.xml" && ok "... its Fallback text is kept" || notok "AlternateContent text lost"
grep -q 'CHOICE' "$T/k2-alt.xml" && notok "... and the Choice text is read as well (twice)" || ok "... and the Choice text is not read twice"
for c in redacted-zwsp redacted-fw; do
	check_exit 1 "a disguised redaction token ($c) is refused" $PEPKIT import --into "$K2" -o "$T/k2-$c.xml" "$T/k2-$c.docx"
	check_grep "... as a form made from a redacted copy" "made from a redacted copy" "$T/err"
done
done_testing
