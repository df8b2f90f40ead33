#!/bin/sh
# t0644: a returned form's boxes as Word writes them when people edit: tracked changes left on
# (the deleted text is not read, the inserted text is), a hyperlink, a simple field and a
# complex field (their shown result, not the field code), a comment on the text, a grade
# typed in runs of different formatting; and a symbol inserted with Insert Symbol (w:sym,
# Wingdings' tick), which has no text: it is named as not imported (it vanished).
. tests/lib.sh
PY=/usr/bin/python3
MK=tests/data/docx/box_markup.py
REC=$SAMPLES/ks2-initial.xml
S=term.semh.summary
check "make the PEP1 form" "$PEPKIT" template --doc pep1 --from "$REC" --term 2025-autumn -o "$T/f.docx"
imp() {   # imp NAME TAG INNER: the form with box TAG holding INNER, imported into $T/NAME.xml
	$PY $MK "$T/f.docx" "$T/$1.docx" "$2" "$3" || notok "make $1"
	check "$1: imports" "$PEPKIT" import --into "$REC" --term 2025-autumn -o "$T/$1.xml" "$T/$1.docx"
	cp "$T/err" "$T/$1.err"
}
D='w:author="Ms Okafor" w:date="2025-12-01T10:00:00Z"'
imp track $S "<w:del w:id=\"1\" $D><w:r><w:delText xml:space=\"preserve\">DELETEDWORDS </w:delText></w:r></w:del><w:ins w:id=\"2\" $D><w:r><w:t>Settled well since half term.</w:t></w:r></w:ins>"
is "track: the inserted text is read, the deleted not" "$T/track.xml" "//term[@id='2025-autumn']/semh/summary" "Settled well since half term."
imp link $S '<w:r><w:t xml:space="preserve">See </w:t></w:r><w:hyperlink w:anchor="plan"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t>the ELSA plan</w:t></w:r></w:hyperlink><w:r><w:t xml:space="preserve"> for details.</w:t></w:r>'
is "link: the hyperlink's text is read in place" "$T/link.xml" "//term[@id='2025-autumn']/semh/summary" "See the ELSA plan for details."
imp fld $S '<w:r><w:t xml:space="preserve">Reviewed on </w:t></w:r><w:fldSimple w:instr=" DATE \@ &quot;d MMMM yyyy&quot; "><w:r><w:t>1 December 2025</w:t></w:r></w:fldSimple>'
is "fld: a simple field's result is read" "$T/fld.xml" "//term[@id='2025-autumn']/semh/summary" "Reviewed on 1 December 2025"
imp cfld term.next-meeting '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> DATE \@ "yyyy-MM-dd" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2026-02-04</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
is "cfld: a complex field's result is the date, not its code" "$T/cfld.xml" "//term[@id='2025-autumn']/next-meeting" "2026-02-04"
imp comment $S '<w:commentRangeStart w:id="5"/><w:r><w:t>Commented text stays.</w:t></w:r><w:commentRangeEnd w:id="5"/><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="5"/></w:r>'
is "comment: the commented text is read" "$T/comment.xml" "//term[@id='2025-autumn']/semh/summary" "Commented text stays."
imp runs attainment.1.current '<w:r><w:rPr><w:b/></w:rPr><w:t>G</w:t></w:r><w:r><w:t>D</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>S</w:t></w:r>'
is "runs: a grade in three runs is one grade" "$T/runs.xml" "string(//term[@id='2025-autumn']//result[@subject='English' and @aspect='Reading']/@current)" GDS
for n in track link fld cfld comment runs; do
	check_nogrep "$n: nothing named as not imported" "not imported" "$T/$n.err"
done
imp sym $S '<w:r><w:t xml:space="preserve">Target met </w:t></w:r><w:r><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>'
check_grep "sym: the symbol is named as not imported" "'Social, emotional and mental health': not imported: 1 picture, symbol or object" "$T/sym.err"
is "sym: the text beside it is read" "$T/sym.xml" "//term[@id='2025-autumn']/semh/summary" "Target met"
done_testing
