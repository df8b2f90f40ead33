#!/bin/sh
# t0602-template: the fallback forms. The form stylesheets (run with xsltproc here, so they are
# tested whatever the state of the transform module) give schema-valid IR with a tagged input
# for every field, prefilled from a record or blank, a My Voice per key stage and the agenda in
# the guidance's order; `pepkit template` writes them as DOCX with tagged content controls.
. tests/lib.sh
PY=/usr/bin/python3
REC=$SAMPLES/ks4-ehcp-exclusions.xml
# the record with an empty next term, as form_template() prepares it
sed 's#</terms>#<term id="2026-spring"/></terms>#' "$REC" >"$T/rec.xml"

xform() { # SHEET OUT PARAMS...
	s=$1; o=$2; shift 2
	xsltproc "$@" "stylesheets/$s.xsl" "$T/rec.xml" >"$o" 2>"$T/xerr"
}
tags() { grep -o '<input [^>]*>[^<]*' "$1" | sed 's/<input tag="\([^"]*\)"[^>]*>/\1=/' ; }

for s in form-pep1 form-pep2 myvoice agenda; do
	if xform $s "$T/$s.xml" --stringparam form-term 2026-spring; then ok "$s runs on a record"; else notok "$s runs on a record"; sed 's/^/#   /' "$T/xerr"; fi
	check "$s IR is schema-valid (prefilled)" xmllint --noout --schema schemas/document.xsd "$T/$s.xml"
	xform $s "$T/$s-blank.xml" --stringparam blank 1
	check "$s IR is schema-valid (blank)" xmllint --noout --schema schemas/document.xsd "$T/$s-blank.xml"
	n=$(tags "$T/$s-blank.xml" | grep -vc '=$')
	[ "$n" -eq 0 ] && ok "$s blank form has nothing prefilled" || { notok "$s blank form has $n prefilled inputs"; tags "$T/$s-blank.xml" | grep -v '=$' | head -3; }
	dups=$(tags "$T/$s.xml" | sed 's/=.*//' | sort | uniq -d | head -3)
	[ -z "$dups" ] && ok "$s tags are unique" || notok "$s repeats tags: $dups"
done

tags "$T/form-pep1.xml" >"$T/p1.tags"
check_grep "pep1: child details prefilled" '^child.legal-name.given=Łukasz$' "$T/p1.tags"
check_grep "pep1: school prefilled" '^child.school.name=Oakfield Academy$' "$T/p1.tags"
check_grep "pep1: people prefilled" '^person.3.name=Siobhán Ó Briain$' "$T/p1.tags"
check_grep "pep1: empty people rows to add someone" '^person.8.name=$' "$T/p1.tags"
check_grep "pep1: term id prefilled" '^term.id=2026-spring$' "$T/p1.tags"
check_grep "pep1: latest attainment prefilled" '^attainment.3.subject=Science$' "$T/p1.tags"
check_grep "pep1: attainment target prefilled" '^attainment.1.target=5$' "$T/p1.tags"
check_grep "pep1: current result left to enter" '^attainment.1.current=$' "$T/p1.tags"
check_grep "pep1: last term's targets to evaluate (a choice shown by its words)" '^review.T-2025AU-3.status=In progress$' "$T/p1.tags"
check_grep "pep1: six empty target rows" '^target.6.due=$' "$T/p1.tags"
check_grep "pep1: attendance field tagged by record path" '^term.attendance.percent=$' "$T/p1.tags"
check_grep "pep1: guidance notes" '<p style="note">At least three targets' "$T/form-pep1.xml"
check_grep "pep1: number kind for attendance" 'tag="term.attendance.percent" label="[^"]*" kind="number"' "$T/form-pep1.xml"

# PEP2 for a term that has a meeting: attendees, discussion, actions prefilled
xform form-pep2 "$T/p2.xml" --stringparam form-term 2025-autumn
tags "$T/p2.xml" >"$T/p2.tags"
check_grep "pep2: attendees prefilled with names" '^attendee.4.person=Łukasz Wiśniewski$' "$T/p2.tags"
check_grep "pep2: attendance yes/no (shown as words)" '^attendee.5.present=No$' "$T/p2.tags"
check_grep "pep2: action owner shown by name" '^action.2.owner=Priya Raman$' "$T/p2.tags"
check_grep "pep2: discussion prefilled" '^discussion.achievements=Maths grade up' "$T/p2.tags"

# My Voice per key stage
for ks in EYFS KS1 KS2 KS3 KS4 post-16; do
	xform myvoice "$T/mv-$ks.xml" --stringparam blank 1 --stringparam keystage $ks
	check_grep "myvoice $ks: title names the key stage" "<title>My Voice \($ks\)</title>" "$T/mv-$ks.xml"
	grep -o 'tag="voice\.[0-9]*" label="[^"]*"' "$T/mv-$ks.xml" >"$T/q-$ks"
done
check_grep "EYFS wording is for young children" 'What do you like playing with' "$T/q-EYFS"
check_grep "KS4 asks about GCSEs and after Year 11" 'GCSEs' "$T/q-KS4"
check_grep "post-16 asks about course, training or job" 'course, training or job' "$T/q-post-16"
if cmp -s "$T/q-KS1" "$T/q-KS3"; then notok "key stages differ in wording"; else ok "key stages differ in wording"; fi
xform myvoice "$T/mv-rec.xml" --stringparam form-term 2026-spring
check_grep "myvoice: key stage from the record" '<title>My Voice \(KS4\)</title>' "$T/mv-rec.xml"

# agenda order: positive start, achievements before barriers, actions last
grep -o 'tag="[^"]*"' "$T/agenda.xml" | sed 's/tag="//; s/"//' | grep -n . >"$T/ag.order"
pos() { grep ":$1\$" "$T/ag.order" | cut -d: -f1; }
[ "$(pos discussion.positive-start)" -lt "$(pos discussion.achievements)" ] && \
[ "$(pos discussion.achievements)" -lt "$(pos discussion.barriers)" ] && \
[ "$(pos discussion.barriers)" -lt "$(pos action.1.what)" ] && \
	ok "agenda order: positive start, achievements, barriers, then actions" || notok "agenda order"
check_grep "agenda actions have a timescale" 'tag="action.1.due"' "$T/agenda.xml"

# rendered as Word: content controls with tags, labels and prompts
check "render the pep1 form IR as DOCX" $PEPKIT render --format docx -o "$T/p1.docx" "$T/form-pep1.xml"
cat >"$T/sdt.py" <<'PYEOF'
import sys, zipfile
from xml.etree import ElementTree as ET
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
root = ET.fromstring(zipfile.ZipFile(sys.argv[1]).read("word/document.xml"))
for sdt in root.iter(W + "sdt"):
    pr = sdt.find(W + "sdtPr")
    tag = pr.find(W + "tag").get(W + "val")
    alias = pr.find(W + "alias").get(W + "val")
    ph = pr.find(W + "showingPlcHdr") is not None
    kind = "date" if pr.find(W + "date") is not None else "choice" if pr.find(W + "dropDownList") is not None else "text" if pr.find(W + "text") is not None else "rich"
    text = "\\n".join("".join(t.text or "" for t in p.iter(W + "t")) for p in sdt.find(W + "sdtContent").iter(W + "p"))
    print("%s\t%s\t%s\t%s\t%s" % (tag, kind, "placeholder" if ph else "value", alias, text))
PYEOF
$PY "$T/sdt.py" "$T/p1.docx" >"$T/p1.sdt" 2>"$T/py.err" && ok "python reads the controls" || { notok "python reads the controls"; cat "$T/py.err"; }
n=$(grep -c . "$T/p1.sdt"); m=$(tags "$T/form-pep1.xml" | grep -c .)
[ "$n" -eq "$m" ] && ok "one content control per input ($n)" || notok "$n controls for $m inputs"
check_grep "prefilled control" '^child.upn	text	value	Unique pupil number \(UPN\)	B801200005001$' "$T/p1.sdt"
check_grep "empty control shows its prompt as placeholder" '^target.1.due	date	placeholder	Target 1: to be achieved by \(time-bound\)	yyyy-mm-dd$' "$T/p1.sdt"
check_grep "choice control" '^child.key-stage	choice	value	Key stage	KS4$' "$T/p1.sdt"
check_grep "multi-line control is rich text" '^target.1.what	rich	placeholder' "$T/p1.sdt"

# the command itself
check_exit 2 "template: unknown form is a usage error" $PEPKIT template --doc pep9 -o "$T/x.docx"
check_exit 2 "template: unknown key stage is a usage error" $PEPKIT template --doc myvoice --keystage KS9 -o "$T/x.docx"
check_exit 2 "template: --keystage with pep1 is a usage error" $PEPKIT template --doc pep1 --keystage KS2 -o "$T/x.docx"
check_exit 2 "template: -o is required" $PEPKIT template --doc pep1
$PEPKIT template --doc pep1 --from "$REC" --term 2026-spring -o "$T/cmd.docx" >"$T/out" 2>"$T/err"
rc=$?
	[ $rc -eq 0 ] && ok "template --from writes a form" || { notok "template --from (exit $rc)"; cat "$T/err"; }
	$PY "$T/sdt.py" "$T/cmd.docx" >"$T/cmd.sdt" 2>/dev/null
	check_grep "template --from: prefilled UPN" '^child.upn	text	value	.*B801200005001$' "$T/cmd.sdt"
	check_grep "template --from: last term's targets" '^review.T-2025AU-1.status	choice	value' "$T/cmd.sdt"
	for d in pep1 pep2 agenda; do
		check "template --doc $d (blank)" $PEPKIT template --doc $d -o "$T/blank-$d.docx"
	done
	for ks in EYFS KS1 KS2 KS3 KS4 post-16; do
		check "template --doc myvoice --keystage $ks" $PEPKIT template --doc myvoice --keystage $ks -o "$T/mv-$ks.docx"
	done
	$PEPKIT template --doc pep1 --from "$REC" --term 2026-spring -o "$T/cmd2.docx" 2>/dev/null
	check "template output is reproducible" cmp "$T/cmd.docx" "$T/cmd2.docx"
	if (cd "$T" && HOME="$T" soffice --headless --convert-to pdf --outdir "$T/pdf" cmd.docx blank-pep2.docx mv-EYFS.docx blank-agenda.docx) >"$T/so.log" 2>&1; then
		for f in cmd blank-pep2 mv-EYFS blank-agenda; do
			pg=$(pdfinfo "$T/pdf/$f.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
			[ -n "$pg" ] && [ "$pg" -ge 1 ] && [ "$pg" -le 40 ] && ok "LibreOffice opens $f ($pg pages)" || notok "LibreOffice: $f has '${pg}' pages"
		done
	else
		notok "LibreOffice converts the forms"
	fi
	check_fail "template: a missing --from file fails" $PEPKIT template --doc pep1 --from "$T/nope.xml" -o "$T/y.docx"
	[ ! -e "$T/y.docx" ] && ok "nothing written on failure" || notok "a file was written on failure"
done_testing
